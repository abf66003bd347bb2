# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 302_simple_classification.py): two Gaussian
# blobs, tf.layers.dense, sparse softmax loss, the streaming tf.metrics.accuracy update op, and
# local variables initialised with tf.group.
import numpy as np
import tensorflow as tf

tf.set_random_seed(4)
np.random.seed(4)
base = np.ones((30, 2))
pts0 = np.random.normal(2 * base, 1)
lab0 = np.zeros(30)
pts1 = np.random.normal(-2 * base, 1)
lab1 = np.ones(30)
pts = np.vstack((pts0, pts1))
labs = np.hstack((lab0, lab1))

tf_x = tf.placeholder(tf.float32, pts.shape)
tf_y = tf.placeholder(tf.int32, labs.shape)
hidden = tf.layers.dense(tf_x, 5, tf.nn.relu)
output = tf.layers.dense(hidden, 2)
loss = tf.losses.sparse_softmax_cross_entropy(labels=tf_y, logits=output)
accuracy = tf.metrics.accuracy(
    labels=tf.squeeze(tf_y), predictions=tf.argmax(output, axis=1),)[1]
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.05)
train_op = optimizer.minimize(loss)

sess = tf.Session()
init_op = tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
sess.run(init_op)
for step in range(20):
    _, acc, pred = sess.run([train_op, accuracy, output], {tf_x: pts, tf_y: labs})
    if step % 5 == 0:
        print(step, acc)
