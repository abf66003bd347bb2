# TF1: placeholders fed through feed_dict.
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, shape=[None, 3], name='x')
scale = tf.placeholder(tf.float32, name='scale')
y = tf.reduce_sum(x * scale, axis=1)

data = np.array([[1., 2., 3.], [4., 5., 6.]], dtype=np.float32)
with tf.Session() as sess:
    out = sess.run(y, feed_dict={x: data, scale: 2.0})
    print(out)
    out_half = sess.run(y, feed_dict={x: data, scale: 0.5})
