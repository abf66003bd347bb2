# TF1: sparse softmax cross-entropy with integer class labels (the usual MNIST loss).
import tensorflow as tf

labels = tf.constant([2, 0, 1])
logits = tf.constant([[1., -3., 10.], [0.5, 0.2, 0.1], [0., 2., 1.]])
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
mean_xent = tf.reduce_mean(xent)
with tf.Session() as sess:
    per_example, mean_value = sess.run([xent, mean_xent])
    print(per_example, mean_value)
