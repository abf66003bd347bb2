# TF1: a softmax classifier trained on minibatches that numpy samples.
import numpy as np
import tensorflow as tf

np.random.seed(11)
centers = np.array([[0., 0.], [3., 3.], [0., 4.]], dtype=np.float32)
points = np.concatenate([c + np.random.randn(100, 2).astype(np.float32) for c in centers])
targets = np.repeat(np.arange(3), 100)

x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.int64, [None])
W = tf.Variable(tf.random_uniform([2, 3], minval=-0.1, maxval=0.1))
b = tf.Variable(tf.zeros([3]))
logits = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
step = tf.train.GradientDescentOptimizer(0.05).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(120):
    batch = np.random.choice(len(points), 32, replace=False)
    sess.run(step, feed_dict={x: points[batch], y: targets[batch]})
    if i % 30 == 0:
        print(i, sess.run(loss, feed_dict={x: points, y: targets}))
W_out, b_out = sess.run([W, b])
full_loss = sess.run(loss, feed_dict={x: points, y: targets})
