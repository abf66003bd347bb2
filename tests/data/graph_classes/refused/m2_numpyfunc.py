import numpy as np
import tensorflow as tf

calls = []


def tick(v):
    calls.append(1)
    return (v + len(calls)).astype(np.float32)


class Net(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [2])
        self.ticked = tf.numpy_function(tick, [self.x], tf.float32)
        self.total = tf.reduce_sum(self.ticked)


net = Net()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
t, s = sess.run([net.ticked, net.total], {net.x: [1., 2.]})
print(t, s, sess.run(net.total, {net.x: [0., 0.]}))
