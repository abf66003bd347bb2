import numpy as np
import tensorflow as tf

offset = np.array([1., 2.], np.float32)
shift = 3.0


class Net(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = self.x + offset + shift


net = Net()
offset *= 10
shift += 100.0
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.y, {net.x: [[1., 1.]]}))
