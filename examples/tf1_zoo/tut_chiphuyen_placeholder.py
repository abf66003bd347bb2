# TF1 tutorial shape (chiphuyen/stanford-tensorflow-tutorials examples/02_placeholder.py): a
# placeholder added to a constant, then a value fed to a tensor that is not a placeholder
# (feed_dict overriding an intermediate result).
import tensorflow as tf

a = tf.placeholder(tf.float32, shape=[3])
b = tf.constant([4, 4, 4], tf.float32)
c = a + b

with tf.Session() as sess:
    print(sess.run(c, {a: [2, 0, 1]}))

a = tf.add(3, 4)
b = tf.multiply(a, 5)

with tf.Session() as sess:
    print(sess.run(b))
    print(sess.run(b, feed_dict={a: 10}))
