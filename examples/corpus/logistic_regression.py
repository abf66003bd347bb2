# TF1: logistic regression on synthetic numpy data; weights start from
# tf.random_normal, and the loss is sigmoid cross-entropy.
import numpy as np
import tensorflow as tf

np.random.seed(7)
n = 200
features = np.random.randn(n, 3).astype(np.float32)
true_w = np.array([[1.5], [-2.0], [0.5]], dtype=np.float32)
labels_np = (features.dot(true_w) + 0.3 * np.random.randn(n, 1) > 0).astype(np.float32)

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.random_normal([3, 1], stddev=0.1))
b = tf.Variable(tf.zeros([1]))
logits = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.cast(logits > 0, tf.float32), y), tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    initial_W = sess.run(W)
    for epoch in range(150):
        _, epoch_loss = sess.run([train_op, loss], feed_dict={x: features, y: labels_np})
    final_W, final_b = sess.run([W, b])
    final_accuracy = sess.run(accuracy, feed_dict={x: features, y: labels_np})
