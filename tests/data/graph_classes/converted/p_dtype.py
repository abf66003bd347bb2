import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self, n_in, dtype=tf.float64):
        self.x = tf.placeholder(dtype, [None, n_in])
        self.total = tf.reduce_sum(self.x * 2)


net = Net(2)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.total, {net.x: [[1., 3.]]}))
