# TF1: fit a line to numpy constants (no placeholders) until the loss is nearly zero.
import numpy as np
import tensorflow as tf

x_np = np.linspace(0, 1, 16).astype(np.float32)
y_np = 3.0 * x_np + 1.0
w = tf.Variable(0.0)
b = tf.Variable(0.0)
loss = tf.reduce_mean(tf.square(w * x_np + b - y_np))
train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(20):
        sess.run(train)
    trained_loss = sess.run(loss)
print(trained_loss)
