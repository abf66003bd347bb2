# TF1: the whole model is built and trained inside a function, with placeholders.
import numpy as np
import tensorflow as tf


def train(x_data, y_data, steps=50, lr=0.2):
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.float32, [None])
    w = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(w * x - y))
    step = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(step, feed_dict={x: x_data, y: y_data})
        return sess.run([w, loss], feed_dict={x: x_data, y: y_data})


xs = np.linspace(0, 1, 20).astype(np.float32)
w_final, loss_final = train(xs, 4.0 * xs)
print(w_final, loss_final)
