"""Has no TF 2 form, but every name has a tf.compat.v1 form."""
import tensorflow as tf

queue = tf.FIFOQueue(3, tf.float32)
tf.add_to_collection("queues", queue)
print(len(tf.get_collection("queues")), tf.GraphKeys.LOSSES)
