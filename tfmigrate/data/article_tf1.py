# The loss-function article's TensorFlow 1 code, gathered into one script.
#
# It is kept exactly as the article ran it, bugs included: tf.mul (removed in
# TF 1.0), the tf.reduce.mean typo, and labels/logits swapped in the sigmoid,
# weighted and softmax cross-entropy calls. Its printed arrays were computed
# with those swaps, so a faithful migration must reproduce them.
import tensorflow as tf

sess = tf.Session()

# Regression: predictions from -1 to 1, target 0.
y_pred = tf.linspace(-1., 1., 100)
y_target = tf.constant(0.)

loss_l1_vals = tf.abs(y_pred - y_target)
loss_l1_out = sess.run(loss_l1_vals)

loss_l2_vals = tf.square(y_pred - y_target)
loss_l2_out = sess.run(loss_l2_vals)

loss_mse_vals = tf.reduce.mean(tf.square(y_pred - y_target))
loss_mse_out = sess.run(loss_mse_vals)

# Classification: predictions from -3 to 5, target 1.
y_pred = tf.linspace(-3., 5., 100)
y_target = tf.constant(1.)
y_targets = tf.fill([100], 1.)

loss_hinge_vals = tf.maximum(0., 1. - tf.mul(y_target, y_pred))
loss_hinge_out = sess.run(loss_hinge_vals)

loss_sce_vals = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_targets)
loss_sce_out = sess.run(loss_sce_vals)

weight = tf.constant(0.5)
loss_wce_vals = tf.nn.weighted_cross_entropy_with_logits(y_pred, y_targets, weight)
loss_wce_out = sess.run(loss_wce_vals)

# Softmax cross-entropy on one sample of unnormalised outputs.
y_pred = tf.constant([[1., -3., 10.]])
y_target = tf.constant([[0.1, 0.02, 0.88]])
loss_softmax_vals = tf.nn.softmax_cross_entropy_with_logits(labels=y_pred, logits=y_target)
loss_softmax_out = sess.run(loss_softmax_vals)

# Sparse categorical cross-entropy on integer labels.
y_true = tf.constant([1, 2])
y_pred = tf.constant([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred))
loss_scce_out = sess.run(loss)
