# TF1: reductions with keep_dims and reduction_indices (names removed in TF 2).
import numpy as np
import tensorflow as tf

x = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
row_sum = tf.reduce_sum(x, reduction_indices=1, keep_dims=True)
col_max = tf.reduce_max(x, reduction_indices=[0])
mean_all = tf.reduce_mean(x)
normalised = x / row_sum
any_big = tf.reduce_any(x > 10, keep_dims=False)
prod = tf.reduce_prod(x + 1, axis=1, keep_dims=True)

with tf.Session() as sess:
    rs, cm, m, nrm, big, p = sess.run([row_sum, col_max, mean_all, normalised, any_big, prod])
    print(rs, cm, m, big)
