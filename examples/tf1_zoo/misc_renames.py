# TF1 grab-bag of renamed ops: arg_max, squared_difference, expand_dims(dim=),
# softmax(dim=), count_nonzero(keep_dims=), log_sigmoid, floordiv, string casts.
import numpy as np
import tensorflow as tf

a = tf.constant(np.array([[1., 5., 3.], [4., 2., 6.]], dtype=np.float32))
b = tf.constant(np.array([[2., 2., 2.], [1., 1., 1.]], dtype=np.float32))
idx = tf.arg_max(a, 1)
sqd = tf.squared_difference(a, b)
expanded = tf.expand_dims(a, dim=0)
probs = tf.nn.softmax(a, dim=0)
nonzero = tf.count_nonzero(a - 2.0, axis=1, keep_dims=True)
logsig = tf.log_sigmoid(a - 3.0)
fdiv = tf.floordiv(a, b)
lgam = tf.lgamma(a)
sqrt_rec = tf.rsqrt(a)
diag = tf.diag_part(tf.matmul(a, a, transpose_b=True))

with tf.Session() as sess:
    outputs = sess.run([idx, sqd, expanded, probs, nonzero, logsig, fdiv, lgam, sqrt_rec, diag])
    for value in outputs:
        print(value)
