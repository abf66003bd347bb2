# TF1: an L2 penalty weight held in a Python float and "annealed" with l2 *= 0.5
# between epochs; TF1 baked 0.5 into the graph when the loss was built, so the
# annealing never reached the graph (a classic TF1 surprise the values record).
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(8)
x_np = rng.randn(32, 2).astype(np.float32)
y_np = x_np.dot(np.array([[2.0], [-1.0]], np.float32))

l2 = 0.5
x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y)) + l2 * tf.reduce_sum(tf.square(w))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        for _ in range(10):
            sess.run(train, feed_dict={x: x_np, y: y_np})
        l2 *= 0.5
    final_loss = sess.run(loss, feed_dict={x: x_np, y: y_np})
    final_w = sess.run(w)
print(final_loss, final_w.ravel())
