# TF1 tutorial shape (aymericdamien/TensorFlow-Examples tensorflow_v1/examples/2_BasicModels/
# logistic_regression.py): softmax regression on minibatches with `_, c = sess.run([optimizer,
# cost], ...)`, an accuracy built inside the session block and read with accuracy.eval({...}).
import numpy as np
import tensorflow as tf

data_rng = np.random.RandomState(8)
n_train, n_test, n_in, n_classes = 96, 32, 6, 3
centers = data_rng.randn(n_classes, n_in).astype(np.float32) * 2
train_labels = data_rng.randint(0, n_classes, size=n_train)
test_labels = data_rng.randint(0, n_classes, size=n_test)
train_images = (centers[train_labels] + data_rng.randn(n_train, n_in)).astype(np.float32)
test_images = (centers[test_labels] + data_rng.randn(n_test, n_in)).astype(np.float32)
train_onehot = np.eye(n_classes, dtype=np.float32)[train_labels]
test_onehot = np.eye(n_classes, dtype=np.float32)[test_labels]

learning_rate = 0.05
training_epochs = 4
batch_size = 16
display_step = 1

x = tf.placeholder(tf.float32, [None, n_in])
y = tf.placeholder(tf.float32, [None, n_classes])
W = tf.Variable(tf.zeros([n_in, n_classes]))
b = tf.Variable(tf.zeros([n_classes]))
pred = tf.nn.softmax(tf.matmul(x, W) + b)
cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), reduction_indices=1))
optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)

init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(training_epochs):
        avg_cost = 0.
        total_batch = int(n_train / batch_size)
        for i in range(total_batch):
            batch_xs = train_images[i * batch_size:(i + 1) * batch_size]
            batch_ys = train_onehot[i * batch_size:(i + 1) * batch_size]
            _, c = sess.run([optimizer, cost], feed_dict={x: batch_xs, y: batch_ys})
            avg_cost += c / total_batch
        if (epoch + 1) % display_step == 0:
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))

    correct_prediction = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
    print("Accuracy:", accuracy.eval({x: test_images, y: test_onehot}))
