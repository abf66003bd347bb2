# TF1 "naming your ops" tutorial: tf.name_scope, named ops, and printing tensor names.
import numpy as np
import tensorflow as tf

x = tf.constant(np.ones((2, 3), np.float32), name='x')
with tf.name_scope('hidden'):
    w = tf.Variable(tf.fill([3, 2], 0.5), name='weights')
    h = tf.nn.relu(tf.matmul(x, w), name='activation')
print(h.name, h.op.type)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    h_value = sess.run(h)
    print(h_value)
