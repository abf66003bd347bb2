# TF1 tutorial: fit y = 3x + 2 with GradientDescentOptimizer on a squared loss.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
x_train = rng.rand(100).astype(np.float32)
y_train = 3.0 * x_train + 2.0 + 0.05 * rng.randn(100).astype(np.float32)

X = tf.placeholder(tf.float32)
Y = tf.placeholder(tf.float32)
W = tf.Variable(0.0, name='weight')
b = tf.Variable(0.0, name='bias')
pred = W * X + b
cost = tf.reduce_mean(tf.square(pred - Y))
optimizer = tf.train.GradientDescentOptimizer(0.5).minimize(cost)

init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    for step in range(100):
        sess.run(optimizer, feed_dict={X: x_train, Y: y_train})
        if step % 20 == 0:
            c = sess.run(cost, feed_dict={X: x_train, Y: y_train})
            print(step, c, sess.run(W), sess.run(b))
    final_cost = sess.run(cost, feed_dict={X: x_train, Y: y_train})
    w_fit, b_fit = sess.run([W, b])
