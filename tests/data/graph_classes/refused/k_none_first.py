import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self):
        self.loss = None
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.W = tf.Variable(tf.ones([2, 1]))
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.W)))
        self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


net = Net()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
_, l = sess.run([net.train, net.loss], {net.x: [[1., 3.]]})
print(l)
