import numpy as np
import tensorflow as tf


class Net(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.keep = tf.placeholder(tf.float32)
        self.y = tf.reduce_sum(self.x * 2.0)
        self.z = tf.reduce_sum(self.x * self.keep)


def batches():
    for i in range(10):
        yield np.full([3, 2], i, np.float32)


net = Net()
stream = batches()
sess = tf.Session()
print(sess.run(net.y, {net.x: [[1., 1.]], net.keep: next(stream)[0, 0]}))
print(sess.run(net.z, {net.x: [[1., 1.]], net.keep: next(stream)[0, 0]}))
