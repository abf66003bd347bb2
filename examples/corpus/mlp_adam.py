# TF1: a two-layer perceptron trained with Adam on a fixed synthetic batch.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
inputs = rng.uniform(-1., 1., size=(64, 4)).astype(np.float32)
classes = (inputs[:, 0] * inputs[:, 1] > 0).astype(np.int64)
onehot = np.eye(2, dtype=np.float32)[classes]

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 2])
W1 = tf.Variable(tf.truncated_normal([4, 16], stddev=0.5))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.truncated_normal([16, 2], stddev=0.5))
b2 = tf.Variable(tf.zeros([2]))
hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
logits = tf.matmul(hidden, W2) + b2
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.AdamOptimizer(0.01).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
history = []
for step in range(60):
    _, value = sess.run([train, loss], feed_dict={x: inputs, y: onehot})
    history.append(value)
predicted = sess.run(tf.argmax(logits, 1), feed_dict={x: inputs})
