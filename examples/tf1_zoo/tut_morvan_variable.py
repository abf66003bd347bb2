# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 203_variable.py): a variable counter
# advanced by a tf.assign op run in a loop, read back after each run.
import tensorflow as tf

counter = tf.Variable(0)
plus_two = tf.add(counter, 2)
step = tf.assign(counter, plus_two)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(4):
        sess.run(step)
        print(sess.run(counter))
