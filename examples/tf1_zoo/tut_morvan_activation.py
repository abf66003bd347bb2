# TF1 tutorial shape (MorvanZhou/Tensorflow-Tutorial 204_activation.py): activations applied
# to a numpy array, all four fetched at once into the names that held the tensors.
import numpy as np
import tensorflow as tf

grid = np.linspace(-4, 4, 50)
a_relu = tf.nn.relu(grid)
a_sigmoid = tf.nn.sigmoid(grid)
a_tanh = tf.nn.tanh(grid)
a_softplus = tf.nn.softplus(grid)

sess = tf.Session()
a_relu, a_sigmoid, a_tanh, a_softplus = sess.run([a_relu, a_sigmoid, a_tanh, a_softplus])
print(a_relu[:3], a_softplus[-3:])
