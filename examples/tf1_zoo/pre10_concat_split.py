# TF 0.x code: tf.concat(dim, values) and tf.split(dim, num, value) took the axis first,
# next to tf.mul and tf.pack (TF 1.0 moved the axis last).
import tensorflow as tf

a = tf.constant([[1., 2.], [3., 4.]])
b = tf.constant([[5., 6.], [7., 8.]])
joined = tf.concat(1, [a, b])
left, right = tf.split(1, 2, joined)
scaled = tf.mul(left, 2.0)
stacked = tf.pack([scaled, right])
with tf.Session() as sess:
    j, s = sess.run([joined, stacked])
    print(j, s)
