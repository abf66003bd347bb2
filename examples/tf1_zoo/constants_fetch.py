# TF1 "hello world": constants, arithmetic, and sess.run of a list and a dict.
import tensorflow as tf

a = tf.constant(3.0)
b = tf.constant(4.0, dtype=tf.float32)
total = a + b
product = tf.multiply(a, b)
matrix = tf.constant([[1., 2.], [3., 4.]])
squared = tf.matmul(matrix, matrix)

sess = tf.Session()
print(sess.run(total))
sum_value, product_value = sess.run([total, product])
fetched = sess.run({'sum': total, 'matrix': squared})
print(fetched['sum'], fetched['matrix'])
sess.close()
