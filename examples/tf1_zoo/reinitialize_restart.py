# TF1: run the global initializer again to restart training from scratch with a new rate.
import tensorflow as tf

w = tf.Variable(5.0)
loss = tf.square(w - 1.0)
lr = tf.placeholder(tf.float32, [])
init = tf.global_variables_initializer()
step_small = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
step_big = tf.train.GradientDescentOptimizer(0.4).minimize(loss)

with tf.Session() as sess:
    sess.run(init)
    for _ in range(10):
        sess.run(step_small)
    loss_small = sess.run(loss)
    sess.run(init)
    for _ in range(10):
        sess.run(step_big)
    loss_big = sess.run(loss)
print(loss_small, loss_big)
