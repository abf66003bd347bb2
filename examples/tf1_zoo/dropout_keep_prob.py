# TF1: dropout with a keep_prob placeholder; evaluation feeds keep_prob=1.0.
import numpy as np
import tensorflow as tf

x_np = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
x = tf.placeholder(tf.float32, [None, 4])
keep_prob = tf.placeholder(tf.float32)
W = tf.Variable(tf.ones([4, 2]))
h = tf.nn.relu(tf.matmul(x, W))
h_drop = tf.nn.dropout(h, keep_prob)
out = tf.reduce_sum(h_drop, 1)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    eval_out = sess.run(out, feed_dict={x: x_np, keep_prob: 1.0})
    print(eval_out)
