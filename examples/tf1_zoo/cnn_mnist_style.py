# TF1 "Deep MNIST for experts" in miniature: conv2d + max_pool + dense, softmax loss,
# weights from tf.truncated_normal, biases tf.constant(0.1), trained by gradient descent.
import numpy as np
import tensorflow as tf


def weight_variable(shape):
    return tf.Variable(tf.truncated_normal(shape, stddev=0.1))


def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))


rng = np.random.RandomState(0)
images = rng.rand(16, 8, 8, 1).astype(np.float32)
labels = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 16)]

x = tf.placeholder(tf.float32, [None, 8, 8, 1])
y_ = tf.placeholder(tf.float32, [None, 3])
W_conv = weight_variable([3, 3, 1, 4])
b_conv = bias_variable([4])
h_conv = tf.nn.relu(tf.nn.conv2d(x, W_conv, strides=[1, 1, 1, 1], padding='SAME') + b_conv)
h_pool = tf.nn.max_pool(h_conv, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
h_flat = tf.reshape(h_pool, [-1, 4 * 4 * 4])
W_fc = weight_variable([64, 3])
b_fc = bias_variable([3])
y_conv = tf.matmul(h_flat, W_fc) + b_fc
cross_entropy = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(20):
        if i % 5 == 0:
            train_accuracy = accuracy.eval(feed_dict={x: images, y_: labels})
            print('step %d, training accuracy %g' % (i, train_accuracy))
        train_step.run(feed_dict={x: images, y_: labels})
    final_ce = cross_entropy.eval(feed_dict={x: images, y_: labels})
    print('final cross-entropy %g' % final_ce)
