# TF1: fit y = w*x + b by gradient descent, feeding constant data through
# placeholders and fetching the loss every 20 steps.
import numpy as np
import tensorflow as tf

x_data = np.linspace(0., 1., 50).astype(np.float32)
y_data = (2.5 * x_data + 0.75).astype(np.float32)

x = tf.placeholder(tf.float32, shape=[None])
y = tf.placeholder(tf.float32, shape=[None])
w = tf.Variable(0.1)
b = tf.Variable(0.)
prediction = w * x + b
loss = tf.reduce_mean(tf.square(prediction - y))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

sess = tf.Session()
sess.run(tf.initialize_all_variables())
losses = []
for step in range(200):
    sess.run(train, feed_dict={x: x_data, y: y_data})
    if step % 20 == 0:
        losses.append(sess.run(loss, feed_dict={x: x_data, y: y_data}))
w_final, b_final = sess.run([w, b])
