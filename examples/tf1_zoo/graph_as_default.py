# TF1: an explicit tf.Graph with as_default(), and a session bound to it.
import tensorflow as tf

graph = tf.Graph()
with graph.as_default():
    x = tf.constant([1.0, 4.0, 9.0])
    roots = tf.sqrt(x)
    total = tf.reduce_sum(roots)

with tf.Session(graph=graph) as sess:
    roots_value, total_value = sess.run([roots, total])
    print(roots_value, total_value)
