# TF1: save a variable with tf.train.Saver into a temporary directory and restore it.
import os
import tempfile

import tensorflow as tf

v = tf.Variable([1.0, 2.0, 3.0], name='v')
bump = tf.assign_add(v, [1.0, 1.0, 1.0])
saver = tf.train.Saver()

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, 'model.ckpt')
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(bump)
        saver.save(sess, path)
    with tf.Session() as sess:
        saver.restore(sess, path)
        restored = sess.run(v)
print(restored)
