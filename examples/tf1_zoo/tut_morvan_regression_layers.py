# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 301_simple_regression.py): a tf.layers.dense
# regressor, tf.losses.mean_squared_error, and a step fetching [train_op, loss, output].
import numpy as np
import tensorflow as tf

tf.set_random_seed(3)
np.random.seed(3)
xs = np.linspace(-1, 1, 40)[:, np.newaxis]
ys = np.power(xs, 2) + np.random.normal(0, 0.1, size=xs.shape)

tf_x = tf.placeholder(tf.float32, xs.shape)
tf_y = tf.placeholder(tf.float32, ys.shape)
hidden = tf.layers.dense(tf_x, 6, tf.nn.relu)
output = tf.layers.dense(hidden, 1)
loss = tf.losses.mean_squared_error(tf_y, output)
optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.3)
train_op = optimizer.minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(30):
    _, l, pred = sess.run([train_op, loss, output], {tf_x: xs, tf_y: ys})
    if step % 10 == 0:
        print(step, l)
