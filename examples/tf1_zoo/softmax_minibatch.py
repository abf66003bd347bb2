# TF1 "MNIST for beginners" shape: softmax regression trained on minibatches.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
n, d, k = 256, 8, 3
centers = rng.randn(k, d).astype(np.float32) * 2
labels_int = rng.randint(0, k, size=n)
images = (centers[labels_int] + rng.randn(n, d)).astype(np.float32)
onehot = np.eye(k, dtype=np.float32)[labels_int]

x = tf.placeholder(tf.float32, [None, d])
y_ = tf.placeholder(tf.float32, [None, k])
W = tf.Variable(tf.zeros([d, k]))
b = tf.Variable(tf.zeros([k]))
y = tf.nn.softmax(tf.matmul(x, W) + b)
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
batch_size = 32
for epoch in range(3):
    for start in range(0, n, batch_size):
        batch_xs = images[start:start + batch_size]
        batch_ys = onehot[start:start + batch_size]
        sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
final_accuracy = sess.run(accuracy, feed_dict={x: images, y_: onehot})
print(final_accuracy)
