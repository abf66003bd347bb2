import tensorflow as tf


class Net(object):
    def __init__(self, width):
        self.width = width * 2
        self.x = tf.placeholder(tf.float32, [None, width])
        self.y = tf.reduce_sum(self.x) * width + self.width


net = Net(2)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.y, {net.x: [[1., 1.]]}))
