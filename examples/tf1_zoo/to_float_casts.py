# TF1: the tf.to_float / tf.to_int32 family and integer arithmetic.
import tensorflow as tf

ints = tf.constant([1, 2, 3, 4])
floats = tf.to_float(ints) / 3.0
rounded = tf.to_int32(tf.round(floats * 10))
as64 = tf.to_int64(ints) * 1000000000
doubled = tf.to_double(floats)
count = tf.reduce_sum(tf.to_float(tf.greater(ints, 2)))

with tf.Session() as sess:
    print(sess.run(floats))
    r, a, d, c = sess.run([rounded, as64, doubled, count])
