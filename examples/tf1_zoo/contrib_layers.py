# TF1: tf.contrib initialiser and fully_connected layer (tf.contrib is gone in TF 2).
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4])
W = tf.get_variable('W', [4, 3], initializer=tf.contrib.layers.xavier_initializer(seed=1))
h = tf.contrib.layers.fully_connected(tf.matmul(x, W), 2)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out = sess.run(h, feed_dict={x: np.ones((2, 4), np.float32)})
    print(out.shape)
