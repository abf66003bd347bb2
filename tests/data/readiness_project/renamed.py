"""Becomes TF 2 code: a pre-1.0 name and a static session run."""
import tensorflow as tf

x = tf.mul(tf.constant([1.0, 2.0]), 3.0)
sess = tf.Session()
print(sess.run(x))
