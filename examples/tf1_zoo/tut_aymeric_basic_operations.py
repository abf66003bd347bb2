# TF1 tutorial shape (aymericdamien/TensorFlow-Examples tensorflow_v1/examples/1_Introduction/
# basic_operations.py): expressions fetched from constants, then the names a and b rebound to
# int16 placeholders in a second session, then a matmul in a third.
import tensorflow as tf

a = tf.constant(4)
b = tf.constant(6)

with tf.Session() as sess:
    print("sum: %i" % sess.run(a + b))
    print("product: %i" % sess.run(a * b))

a = tf.placeholder(tf.int16)
b = tf.placeholder(tf.int16)
add = tf.add(a, b)
mul = tf.multiply(a, b)

with tf.Session() as sess:
    print("sum fed: %i" % sess.run(add, feed_dict={a: 4, b: 6}))
    print("product fed: %i" % sess.run(mul, feed_dict={a: 4, b: 6}))

matrix1 = tf.constant([[1., 5.]])
matrix2 = tf.constant([[3.], [2.]])
product = tf.matmul(matrix1, matrix2)

with tf.Session() as sess:
    result = sess.run(product)
    print(result)
