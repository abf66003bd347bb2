# TF1 tutorial shape (pkmital/tensorflow_tutorials python/04_logistic_regression.py): softmax
# regression with a summed cross-entropy, a session outside any with block, and validation and
# test accuracy fetched after each epoch (small synthetic classes instead of MNIST).
import numpy as np
import tensorflow as tf

data_rng = np.random.RandomState(13)
n_input = 8
n_output = 4
centers = data_rng.randn(n_output, n_input).astype(np.float32) * 2


def make_split(n):
    cls = data_rng.randint(0, n_output, size=n)
    feats = (centers[cls] + data_rng.randn(n, n_input)).astype(np.float32)
    return feats, np.eye(n_output, dtype=np.float32)[cls]


train_x, train_y = make_split(120)
valid_x, valid_y = make_split(40)
test_x, test_y = make_split(40)

net_input = tf.placeholder(tf.float32, [None, n_input])
W = tf.Variable(tf.zeros([n_input, n_output]))
b = tf.Variable(tf.zeros([n_output]))
net_output = tf.nn.softmax(tf.matmul(net_input, W) + b)
y_true = tf.placeholder(tf.float32, [None, n_output])
cross_entropy = -tf.reduce_sum(y_true * tf.log(net_output))
correct_prediction = tf.equal(tf.argmax(net_output, 1), tf.argmax(y_true, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float"))
optimizer = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
batch_size = 20
n_epochs = 3
for epoch_i in range(n_epochs):
    for batch_i in range(len(train_x) // batch_size):
        batch_xs = train_x[batch_i * batch_size:(batch_i + 1) * batch_size]
        batch_ys = train_y[batch_i * batch_size:(batch_i + 1) * batch_size]
        sess.run(optimizer, feed_dict={
            net_input: batch_xs,
            y_true: batch_ys
        })
    print(sess.run(accuracy,
                   feed_dict={
                       net_input: valid_x,
                       y_true: valid_y
                   }))
print(sess.run(accuracy,
               feed_dict={
                   net_input: test_x,
                   y_true: test_y
               }))
