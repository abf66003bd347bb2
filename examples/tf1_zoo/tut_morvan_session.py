# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 201_session.py): one matmul run by a
# session closed by hand, then again by a session in a with block.
import tensorflow as tf

row = tf.constant([[4, 1]])
col = tf.constant([[2],
                   [5]])
product = tf.matmul(row, col)
print(product)

sess = tf.Session()
first = sess.run(product)
print(first)
sess.close()

with tf.Session() as sess:
    second = sess.run(product)
    print(second)
