# TF1: variables initialised from tf.random_normal / tf.random_uniform with a graph seed.
import tensorflow as tf

tf.set_random_seed(42)
weights = tf.Variable(tf.random_normal([3, 4], stddev=0.35), name='weights')
biases = tf.Variable(tf.random_uniform([4], minval=-0.1, maxval=0.1), name='biases')
w2 = tf.Variable(weights.initialized_value() * 2.0, name='w2')

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    w_val, b_val, w2_val = sess.run([weights, biases, w2])
    print(w_val.shape, b_val, w2_val.sum())
