import tensorflow as tf


class Net(object):
    temperature = 2.0

    def __init__(self):
        self.scale = 3.0
        self.x = tf.placeholder(tf.float32, [None, 2])
        self.y = self.x * self.scale / self.temperature

    def sharpen(self):
        self.scale = self.scale * 10


net = Net()
net.sharpen()
Net.temperature = 4.0
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(net.y, {net.x: [[1., 1.]]}))
