# TF1: an MLP regressor trained with MomentumOptimizer.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(11)
x_np = rng.uniform(-1, 1, size=(50, 1)).astype(np.float32)
y_np = np.sin(3 * x_np).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 1])
y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.truncated_normal([1, 10], stddev=0.5))
b1 = tf.Variable(tf.constant(0.1, shape=[10]))
W2 = tf.Variable(tf.truncated_normal([10, 1], stddev=0.5))
b2 = tf.Variable(tf.constant(0.1, shape=[1]))
h = tf.tanh(tf.matmul(x, W1) + b1)
out = tf.matmul(h, W2) + b2
mse = tf.reduce_mean(tf.square(out - y))
train = tf.train.MomentumOptimizer(learning_rate=0.1, momentum=0.9).minimize(mse)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(40):
    sess.run(train, feed_dict={x: x_np, y: y_np})
final_mse = sess.run(mse, feed_dict={x: x_np, y: y_np})
print(final_mse)
