"""A session whose graph code is not converted (it reads a tensor's op)."""
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None])
y = tf.reduce_sum(2.0 * x)
print(y.op.name)
with tf.Session() as sess:
    print(sess.run(y, feed_dict={x: np.ones(3)}))
