# TF1: tf.layers.dense classifier trained with tf.losses.sparse_softmax_cross_entropy.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(2)
x_np = rng.randn(40, 3).astype(np.float32)
y_np = (x_np.sum(axis=1) > 0).astype(np.int32)

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.int32, [None])
hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, kernel_initializer=tf.ones_initializer())
logits = tf.layers.dense(hidden, 2, kernel_initializer=tf.ones_initializer())
loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(10):
        _, loss_value = sess.run([train_op, loss], feed_dict={x: x_np, y: y_np})
    print(loss_value)
