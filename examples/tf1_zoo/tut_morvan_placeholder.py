# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 202_placeholder.py): shapeless scalar
# placeholders and matrix placeholders, one fetched alone and then two fetched together.
import tensorflow as tf

p1 = tf.placeholder(dtype=tf.float32, shape=None)
q1 = tf.placeholder(dtype=tf.float32, shape=None)
total = p1 + q1

p2 = tf.placeholder(dtype=tf.float32, shape=[2, 1])
q2 = tf.placeholder(dtype=tf.float32, shape=[1, 2])
outer = tf.matmul(p2, q2)

with tf.Session() as sess:
    total_value = sess.run(total, feed_dict={p1: 3, q1: 4})
    total_value, outer_value = sess.run(
        [total, outer],
        feed_dict={
            p1: 1.5, q1: 2,
            p2: [[1], [3]], q2: [[2, 5]]
        })
    print(total_value)
    print(outer_value)
