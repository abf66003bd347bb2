# TF1: scalar summaries merged and written with tf.summary.FileWriter into a temp dir.
import tempfile

import tensorflow as tf

w = tf.Variable(2.0)
loss = tf.square(w - 5.0)
tf.summary.scalar('loss', loss)
merged = tf.summary.merge_all()
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

with tempfile.TemporaryDirectory() as logdir:
    with tf.Session() as sess:
        writer = tf.summary.FileWriter(logdir, sess.graph)
        sess.run(tf.global_variables_initializer())
        for step in range(5):
            summary, _ = sess.run([merged, train])
            writer.add_summary(summary, step)
        writer.close()
        final_loss = sess.run(loss)
print(final_loss)
