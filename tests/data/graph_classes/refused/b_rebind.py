import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self, n_in, scale):
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.W = tf.Variable(tf.ones([n_in, 1]))
        self.y = tf.matmul(self.x, self.W) * scale
        scale = scale * 10


xs = np.array([[1., 2.], [3., 4.]], np.float32)
net = Net(2, 0.5)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.y, {net.x: xs}))
