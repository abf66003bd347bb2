"""Uses tf.contrib.tpu, which exists nowhere in TF 2."""
import tensorflow as tf

spec = tf.contrib.tpu.TPUEstimatorSpec(mode=None)
weights = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)
