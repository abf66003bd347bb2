# TF1: weight sharing with tf.variable_scope / tf.get_variable and reuse=True.
import numpy as np
import tensorflow as tf


def dense(inputs, units, scope, reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        w = tf.get_variable('w', [inputs.shape[1], units], initializer=tf.constant_initializer(0.1))
        b = tf.get_variable('b', [units], initializer=tf.zeros_initializer())
        return tf.matmul(inputs, w) + b


left = tf.constant(np.ones((2, 3), np.float32))
right = tf.constant(np.full((2, 3), 2.0, np.float32))
out_left = dense(left, 4, 'shared')
out_right = dense(right, 4, 'shared', reuse=True)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    l, r = sess.run([out_left, out_right])
    n_vars = len(tf.trainable_variables())
    print(l, r, n_vars)
