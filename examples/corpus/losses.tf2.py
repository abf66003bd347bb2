# Hand-written TF2 migration of losses.py: the verifier's known-good pair
# (written by hand, not produced by tfmigrate migrate).
import tensorflow as tf

y_pred = tf.linspace(-1., 1., 100)
y_target = tf.constant(0.)
l1 = tf.abs(y_pred - y_target).numpy()
l2 = tf.square(y_pred - y_target).numpy()
mse = tf.reduce_mean(tf.square(y_pred - y_target)).numpy()

delta = tf.constant(0.25)
pseudo_huber = tf.multiply(tf.square(delta), tf.sqrt(1. + tf.square((y_target - y_pred) / delta)) - 1.).numpy()

x_vals = tf.linspace(-3., 5., 500)
target = tf.constant(1.)
targets = tf.fill([500], 1.)
hinge = tf.maximum(0., 1. - tf.multiply(target, x_vals)).numpy()
sigmoid_ce = tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=x_vals).numpy()
weighted_ce = tf.nn.weighted_cross_entropy_with_logits(targets, x_vals, 0.5).numpy()

logits = tf.constant([[1., -3., 10.], [0.2, 0.3, 0.5]])
labels = tf.constant([[0.1, 0.02, 0.88], [0., 1., 0.]])
softmax_ce = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits).numpy()
