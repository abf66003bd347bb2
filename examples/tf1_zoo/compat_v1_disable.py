# TF1 code kept alive in TF 2 the usual way: compat.v1 and disable_v2_behavior().
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()

x = tf.placeholder(tf.float32, [None, 2])
w = tf.Variable([[0.5], [-1.0]])
y = tf.matmul(x, w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    result = sess.run(y, feed_dict={x: np.ones((3, 2), np.float32)})
    print(result)
