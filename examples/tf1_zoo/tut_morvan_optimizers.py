# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 304_optimizer.py): one small tf.layers net
# per optimizer (SGD, Momentum, RMSProp, Adam) built by a class, trained side by side on the
# same minibatches with `_, l = sess.run([net.train, net.loss], ...)`.
import numpy as np
import tensorflow as tf

tf.set_random_seed(6)
np.random.seed(6)
LR = 0.01
BATCH_SIZE = 16
xs = np.linspace(-1, 1, 60)[:, np.newaxis]
ys = np.power(xs, 2) + np.random.normal(0, 0.1, size=xs.shape)


class Net:
    def __init__(self, opt, **kwargs):
        self.x = tf.placeholder(tf.float32, [None, 1])
        self.y = tf.placeholder(tf.float32, [None, 1])
        l = tf.layers.dense(self.x, 8, tf.nn.relu)
        out = tf.layers.dense(l, 1)
        self.loss = tf.losses.mean_squared_error(self.y, out)
        self.train = opt(LR, **kwargs).minimize(self.loss)


net_SGD = Net(tf.train.GradientDescentOptimizer)
net_Momentum = Net(tf.train.MomentumOptimizer, momentum=0.9)
net_RMSprop = Net(tf.train.RMSPropOptimizer)
net_Adam = Net(tf.train.AdamOptimizer)
nets = [net_SGD, net_Momentum, net_RMSprop, net_Adam]

sess = tf.Session()
sess.run(tf.global_variables_initializer())
losses_his = [[], [], [], []]
for step in range(20):
    index = np.random.randint(0, xs.shape[0], BATCH_SIZE)
    b_x = xs[index]
    b_y = ys[index]
    for net, l_his in zip(nets, losses_his):
        _, l = sess.run([net.train, net.loss], {net.x: b_x, net.y: b_y})
        l_his.append(l)
print([h[-1] for h in losses_his])
