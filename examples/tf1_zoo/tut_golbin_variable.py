# TF1 tutorial shape (golbin/TensorFlow-Tutorials "03 - TensorFlow Basic/02 - Variable.py"):
# random_normal variables, and a matmul expression fetched with a Python list fed.
import tensorflow as tf

X = tf.placeholder(tf.float32, [None, 3])
print(X)

x_data = [[1, 0, 2], [3, 1, 1]]
W = tf.Variable(tf.random_normal([3, 2]))
b = tf.Variable(tf.random_normal([2, 1]))
expr = tf.matmul(X, W) + b

sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(x_data)
print(sess.run(W))
print(sess.run(b))
print(sess.run(expr, feed_dict={X: x_data}))
sess.close()
