# TF1: the graph is built at module level and each helper opens its own session.
import numpy as np
import tensorflow as tf

a = tf.constant(np.array([[1., 2.], [3., 4.]], dtype=np.float32))
inverse = tf.matrix_inverse(a)
det = tf.matrix_determinant(a)


def compute_inverse():
    with tf.Session() as sess:
        return sess.run(inverse)


def compute_det():
    sess = tf.Session()
    value = sess.run(det)
    sess.close()
    return value


inv_value = compute_inverse()
det_value = compute_det()
print(inv_value, det_value)
