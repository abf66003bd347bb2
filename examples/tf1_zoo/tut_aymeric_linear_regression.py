# TF1 tutorial shape (aymericdamien/TensorFlow-Examples tensorflow_v1/examples/2_BasicModels/
# linear_regression.py): "float" placeholders, variables from numpy scalars, one step per sample,
# and a test cost fetched as an expression built inside the session block.
import numpy
import tensorflow as tf

rng = numpy.random
rng.seed(7)
learning_rate = 0.01
training_epochs = 20
display_step = 5

train_X = numpy.asarray([1.1, 2.3, 3.0, 4.2, 5.1, 6.3, 7.0, 8.4])
train_Y = numpy.asarray([0.9, 1.5, 1.8, 2.6, 2.9, 3.8, 4.1, 4.9])
n_samples = train_X.shape[0]

X = tf.placeholder("float")
Y = tf.placeholder("float")
W = tf.Variable(rng.randn(), name="weight")
b = tf.Variable(rng.randn(), name="bias")
pred = tf.add(tf.multiply(X, W), b)
cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * n_samples)
optimizer = tf.train.GradientDescentOptimizer(learning_rate).minimize(cost)

init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    for epoch in range(training_epochs):
        for (x, y) in zip(train_X, train_Y):
            sess.run(optimizer, feed_dict={X: x, Y: y})
        if (epoch + 1) % display_step == 0:
            c = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
            print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(c),
                  "W=", sess.run(W), "b=", sess.run(b))
    training_cost = sess.run(cost, feed_dict={X: train_X, Y: train_Y})
    print("Training cost=", training_cost, "W=", sess.run(W), "b=", sess.run(b))

    test_X = numpy.asarray([1.5, 3.5, 5.5, 7.5])
    test_Y = numpy.asarray([1.1, 2.2, 3.4, 4.5])
    testing_cost = sess.run(
        tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * test_X.shape[0]),
        feed_dict={X: test_X, Y: test_Y})
    print("Testing cost=", testing_cost)
    print("difference:", abs(training_cost - testing_cost))
