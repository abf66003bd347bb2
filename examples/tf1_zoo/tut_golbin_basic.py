# TF1 tutorial shape (golbin/TensorFlow-Tutorials "03 - TensorFlow Basic/01 - Basic.py"): a string
# constant and integer constants, printed as tensors and then fetched alone and as a list.
import tensorflow as tf

greeting = tf.constant('Hi there, graph')
print(greeting)

a = tf.constant(7)
b = tf.constant(35)
c = tf.add(a, b)
print(c)

sess = tf.Session()
print(sess.run(greeting))
print(sess.run([a, b, c]))
sess.close()
