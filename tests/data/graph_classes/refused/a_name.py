import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self, n_in, name="net"):
        self.name = name
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.W = tf.Variable(tf.ones([n_in, 1]))
        self.y = tf.matmul(self.x, self.W)
        self.loss = tf.reduce_mean(tf.square(self.y - 1.0))
        self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


xs = np.array([[1., 2.], [3., 4.]], np.float32)
net = Net(2)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for _ in range(3):
    _, l = sess.run([net.train, net.loss], {net.x: xs})
print(l, net.name, sess.run(net.y, {net.x: xs}))
