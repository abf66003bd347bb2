import numpy as np
import tensorflow as tf


class Embedder(object):
    def __init__(self):
        self.ids = tf.placeholder(tf.int32, [None])
        self.table = tf.Variable(tf.reshape(tf.range(8, dtype=tf.float32), [4, 2]) / 8.0)
        rows = tf.gather(indices=self.ids, params=self.table)
        self.loss = tf.reduce_sum(tf.square(rows - 1.0))
        self.train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(self.loss)


model = Embedder()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for ids in ([0, 1], [2, 3], [0, 1], [0, 1]):
    _, l = sess.run([model.train, model.loss], {model.ids: ids})
print(l, sess.run(model.table))
