import tensorflow as tf


class Net(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.stats = [tf.reduce_sum(self.x), tf.reduce_max(self.x)]


net = Net()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.stats, {net.x: [[1., 3.]]}))
