"""Uses tf.contrib, which exists nowhere in TF 2."""
import tensorflow as tf

init = tf.contrib.layers.variance_scaling_initializer()
weights = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)
