import numpy as np
import tensorflow as tf


class Embedder(object):
    def __init__(self):
        self.ids = tf.placeholder(tf.int32, [None])
        self.table = tf.Variable(tf.reshape(tf.range(8, dtype=tf.float32), [4, 2]) / 8.0)
        rows = tf.nn.embedding_lookup(ids=self.ids, params=self.table)
        self.loss = tf.reduce_sum(tf.square(rows - 1.0))
        self.train = tf.train.AdagradOptimizer(0.5).minimize(self.loss)


model = Embedder()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for _ in range(5):
    _, l = sess.run([model.train, model.loss], {model.ids: [0, 1, 1, 3, 3, 3]})
print(l, sess.run(model.table))
