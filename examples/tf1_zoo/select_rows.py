# TF 0.x: tf.select picks whole rows by a vector condition (TF 2's tf.where broadcasts instead).
import tensorflow as tf

cond = tf.constant([True, False])
a = tf.constant([[1., 2.], [3., 4.]])
b = tf.constant([[10., 20.], [30., 40.]])
chosen = tf.select(cond, a, b)
with tf.Session() as sess:
    print(sess.run(chosen))
