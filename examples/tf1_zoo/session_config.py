# TF1: a session configured with tf.ConfigProto (thread counts, soft placement).
import tensorflow as tf

config = tf.ConfigProto(allow_soft_placement=True, intra_op_parallelism_threads=1,
                        inter_op_parallelism_threads=1)
config.gpu_options.allow_growth = True
a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
b = tf.transpose(a)
with tf.Session(config=config) as sess:
    ab = sess.run(tf.matmul(a, b))
    print(ab)
