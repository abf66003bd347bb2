# TF1 tutorial shape (chiphuyen/stanford-tensorflow-tutorials examples/02_simple_tf.py): named
# constants, a FileWriter of the graph (in a temporary directory), division ops fetched as
# expressions, and zeros_like/ones_like on Python values.
import os
import tempfile

import tensorflow as tf

logdir = tempfile.mkdtemp()
a = tf.constant(3, name='a')
b = tf.constant(4, name='b')
x = tf.add(a, b, name='add')
writer = tf.summary.FileWriter(os.path.join(logdir, 'simple'), tf.get_default_graph())
with tf.Session() as sess:
    print(sess.run(x))
writer.close()

a = tf.constant([2, 3], name='a')
b = tf.constant([[1, 7], [4, 9]], name='b')
with tf.Session() as sess:
    print(sess.run(tf.div(b, a)))
    print(sess.run(tf.divide(b, a)))
    print(sess.run(tf.truediv(b, a)))
    print(sess.run(tf.floordiv(b, a)))
    print(sess.run(tf.truncatediv(b, a)))
    print(sess.run(tf.floor_div(b, a)))

a = tf.constant([5, 6], name='a')
b = tf.constant([3, 2], name='b')
with tf.Session() as sess:
    print(sess.run(tf.multiply(a, b)))
    print(sess.run(tf.tensordot(a, b, 1)))

t_0 = 7
zeros0 = tf.zeros_like(t_0)
ones0 = tf.ones_like(t_0)
t_2 = [[True, False], [False, True]]
zeros2 = tf.zeros_like(t_2)
print(tf.int32.as_numpy_dtype())
