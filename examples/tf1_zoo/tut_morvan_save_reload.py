# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 303_save_reload.py): a save() function that
# builds, trains and saves a tf.layers model, tf.reset_default_graph(), and a reload() function
# that rebuilds the same graph and restores it.
import os
import tempfile

import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
np.random.seed(5)
xs = np.linspace(-1, 1, 30)[:, np.newaxis]
ys = np.power(xs, 2) + np.random.normal(0, 0.1, size=xs.shape)
ckpt_dir = tempfile.mkdtemp()


def save():
    tf_x = tf.placeholder(tf.float32, xs.shape)
    tf_y = tf.placeholder(tf.float32, ys.shape)
    l = tf.layers.dense(tf_x, 5, tf.nn.relu)
    o = tf.layers.dense(l, 1)
    loss = tf.losses.mean_squared_error(tf_y, o)
    train_op = tf.train.GradientDescentOptimizer(learning_rate=0.3).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    for step in range(20):
        sess.run(train_op, {tf_x: xs, tf_y: ys})
    saver.save(sess, os.path.join(ckpt_dir, 'params'), write_meta_graph=False)
    pred, l = sess.run([o, loss], {tf_x: xs, tf_y: ys})
    print('saved', l)


def reload():
    tf_x = tf.placeholder(tf.float32, xs.shape)
    tf_y = tf.placeholder(tf.float32, ys.shape)
    l_ = tf.layers.dense(tf_x, 5, tf.nn.relu)
    o_ = tf.layers.dense(l_, 1)
    loss_ = tf.losses.mean_squared_error(tf_y, o_)
    sess = tf.Session()
    saver = tf.train.Saver()
    saver.restore(sess, os.path.join(ckpt_dir, 'params'))
    pred, l = sess.run([o_, loss_], {tf_x: xs, tf_y: ys})
    print('reloaded', l)


save()
tf.reset_default_graph()
reload()
