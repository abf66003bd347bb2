# TF1 blog style: logistic regression with tf.log and a hand-written cross-entropy.
import numpy as np
import tensorflow as tf

np.random.seed(1)
n = 120
x_np = np.random.randn(n, 2).astype(np.float32)
y_np = (x_np[:, :1] - x_np[:, 1:] > 0).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([2, 1]))
b = tf.Variable(tf.zeros([1]))
prob = tf.sigmoid(tf.matmul(x, W) + b)
cost = -tf.reduce_mean(y * tf.log(prob + 1e-7) + (1 - y) * tf.log(1 - prob + 1e-7))
train = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(cost)
correct = tf.equal(tf.to_float(prob > 0.5), y)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(60):
        _, c = sess.run([train, cost], feed_dict={x: x_np, y: y_np})
    acc = sess.run(accuracy, feed_dict={x: x_np, y: y_np})
    print('cost', c, 'accuracy', acc)
