# TF1: print every trainable variable's value by fetching tf.trainable_variables().
import tensorflow as tf

w = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name='w')
b = tf.Variable([0.5, -0.5], name='b')
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = sess.run(tf.trainable_variables())
    for var, value in zip(tf.trainable_variables(), values):
        print(var.name, value)
