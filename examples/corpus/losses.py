# TF1: regression and classification losses over linspace predictions,
# the way the loss-function article computes them (labels and logits in
# their correct places here).
import tensorflow as tf

sess = tf.Session()

y_pred = tf.linspace(-1., 1., 100)
y_target = tf.constant(0.)
l1 = sess.run(tf.abs(y_pred - y_target))
l2 = sess.run(tf.square(y_pred - y_target))
mse = sess.run(tf.reduce_mean(tf.square(y_pred - y_target)))

delta = tf.constant(0.25)
pseudo_huber = sess.run(tf.mul(tf.square(delta), tf.sqrt(1. + tf.square((y_target - y_pred) / delta)) - 1.))

x_vals = tf.linspace(-3., 5., 500)
target = tf.constant(1.)
targets = tf.fill([500], 1.)
hinge = sess.run(tf.maximum(0., 1. - tf.mul(target, x_vals)))
sigmoid_ce = sess.run(tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=x_vals))
weighted_ce = sess.run(tf.nn.weighted_cross_entropy_with_logits(targets, x_vals, 0.5))

logits = tf.constant([[1., -3., 10.], [0.2, 0.3, 0.5]])
labels = tf.constant([[0.1, 0.02, 0.88], [0., 1., 0.]])
softmax_ce = sess.run(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
