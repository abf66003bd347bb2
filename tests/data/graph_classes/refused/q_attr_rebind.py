import tensorflow as tf


class Net(object):
    def __init__(self):
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.keep = 0.5
        self.scaled = self.x * self.keep
        self.keep = 1.0


net = Net()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.scaled, {net.x: [[1., 3.]]}))
