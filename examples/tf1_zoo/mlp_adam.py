# TF1: a two-layer perceptron with AdamOptimizer and softmax_cross_entropy_with_logits.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(5)
x_np = rng.randn(64, 4).astype(np.float32)
labels = (x_np[:, 0] * x_np[:, 1] > 0).astype(np.int64)
y_np = np.eye(2, dtype=np.float32)[labels]

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 2])
W1 = tf.Variable(tf.random_normal([4, 16], stddev=0.5))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.random_normal([16, 2], stddev=0.5))
b2 = tf.Variable(tf.zeros([2]))
hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
logits = tf.matmul(hidden, W2) + b2
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = []
    for step in range(30):
        _, l = sess.run([train_op, loss], feed_dict={x: x_np, y: y_np})
        losses.append(l)
    print(losses[0], losses[-1])
