# TF1: L2 regularisation losses collected with tf.add_to_collection / tf.get_collection.
import tensorflow as tf

w1 = tf.Variable(tf.constant([[1.0, -2.0], [0.5, 3.0]]))
w2 = tf.Variable(tf.constant([0.25, -0.75]))
tf.add_to_collection('losses', tf.nn.l2_loss(w1) * 0.01)
tf.add_to_collection('losses', tf.nn.l2_loss(w2) * 0.01)
data_loss = tf.reduce_sum(tf.matmul(w1, tf.reshape(w2, [2, 1])))
total_loss = data_loss + tf.add_n(tf.get_collection('losses'))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(total_loss))
    n_trainable = len(tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES))
