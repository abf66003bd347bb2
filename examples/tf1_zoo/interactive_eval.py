# TF1 notebook style: an InteractiveSession and Tensor.eval().
import numpy as np
import tensorflow as tf

sess = tf.InteractiveSession()
x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
w = tf.Variable(tf.ones([3, 1]))
tf.global_variables_initializer().run()
y = tf.matmul(x, w)
print(y.eval())
col_mean = tf.reduce_mean(x, 0).eval()
w_value = w.eval()
sess.close()
