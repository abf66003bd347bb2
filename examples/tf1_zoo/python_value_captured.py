# TF1: a per-example loss scaled by a Python batch_size that is baked into the graph
# when it is built; the script later reuses the name for the full-data evaluation.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(4)
data = rng.randn(64, 2).astype(np.float32)
target = data.sum(axis=1, keepdims=True)

batch_size = 16
x = tf.placeholder(tf.float32, [None, 2])
t = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([2, 1]))
loss = tf.reduce_sum(tf.square(tf.matmul(x, w) - t)) / batch_size
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for start in range(0, 64, batch_size):
        sess.run(train, feed_dict={x: data[start:start + batch_size], t: target[start:start + batch_size]})
    batch_size = 64
    summed_loss = sess.run(loss, feed_dict={x: data, t: target})
print(summed_loss)
