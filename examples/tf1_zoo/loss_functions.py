# TF1 blog post on loss functions: L1, L2, Huber, hinge, sigmoid / weighted / softmax
# cross-entropy, computed over linspace predictions and fetched one by one.
import tensorflow as tf

sess = tf.Session()

x_vals = tf.linspace(-1., 1., 50)
target = tf.constant(0.)
l1_y_vals = tf.abs(target - x_vals)
l1_y_out = sess.run(l1_y_vals)
l2_y_vals = tf.square(target - x_vals)
l2_y_out = sess.run(l2_y_vals)
delta1 = tf.constant(0.25)
phuber1_y_vals = tf.mul(tf.square(delta1), tf.sqrt(1. + tf.square((target - x_vals) / delta1)) - 1.)
phuber1_y_out = sess.run(phuber1_y_vals)

x_vals = tf.linspace(-3., 5., 50)
target = tf.constant(1.)
targets = tf.fill([50, ], 1.)
hinge_y_vals = tf.maximum(0., 1. - tf.mul(target, x_vals))
hinge_y_out = sess.run(hinge_y_vals)
xentropy_y_vals = - tf.mul(target, tf.log(x_vals + 4.)) - tf.mul((1. - target), tf.log(1. - x_vals + 4.))
xentropy_y_out = sess.run(xentropy_y_vals)
xentropy_sigmoid_y_vals = tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=x_vals)
xentropy_sigmoid_y_out = sess.run(xentropy_sigmoid_y_vals)
weight = tf.constant(0.5)
xentropy_weighted_y_vals = tf.nn.weighted_cross_entropy_with_logits(targets, x_vals, weight)
xentropy_weighted_y_out = sess.run(xentropy_weighted_y_vals)

unscaled_logits = tf.constant([[1., -3., 10.]])
target_dist = tf.constant([[0.1, 0.02, 0.88]])
softmax_xentropy = tf.nn.softmax_cross_entropy_with_logits(labels=target_dist, logits=unscaled_logits)
print(sess.run(softmax_xentropy))
