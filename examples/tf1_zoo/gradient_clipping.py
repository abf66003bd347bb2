# TF1: clip gradients between compute_gradients and apply_gradients (the usual RNN recipe).
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(6)
x_np = rng.randn(16, 2).astype(np.float32)
y_np = (3.0 * x_np[:, :1] - x_np[:, 1:]).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
opt = tf.train.GradientDescentOptimizer(0.1)
grads_and_vars = opt.compute_gradients(loss)
clipped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in grads_and_vars]
train = opt.apply_gradients(clipped)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(10):
        sess.run(train, feed_dict={x: x_np, y: y_np})
    final_w = sess.run(w)
    final_loss = sess.run(loss, feed_dict={x: x_np, y: y_np})
print(final_w.ravel(), final_loss)
