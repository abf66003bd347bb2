# TF1 tutorial shape (aymericdamien/TensorFlow-Examples tensorflow_v1/examples/2_BasicModels/
# nearest_neighbor.py): L1 distance with tf.negative and reduction_indices, tf.arg_min, one run
# per test point, accuracy counted in Python.
import numpy as np
import tensorflow as tf

data_rng = np.random.RandomState(9)
centers = data_rng.randn(3, 5) * 3
tr_cls = data_rng.randint(0, 3, size=60)
te_cls = data_rng.randint(0, 3, size=12)
Xtr = (centers[tr_cls] + data_rng.randn(60, 5)).astype(np.float32)
Ytr = np.eye(3)[tr_cls]
Xte = (centers[te_cls] + data_rng.randn(12, 5)).astype(np.float32)
Yte = np.eye(3)[te_cls]

xtr = tf.placeholder("float", [None, 5])
xte = tf.placeholder("float", [5])
distance = tf.reduce_sum(tf.abs(tf.add(xtr, tf.negative(xte))), reduction_indices=1)
pred = tf.arg_min(distance, 0)

accuracy = 0.
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    for i in range(len(Xte)):
        nn_index = sess.run(pred, feed_dict={xtr: Xtr, xte: Xte[i, :]})
        print("Test", i, "Prediction:", np.argmax(Ytr[nn_index]), "True Class:", np.argmax(Yte[i]))
        if np.argmax(Ytr[nn_index]) == np.argmax(Yte[i]):
            accuracy += 1. / len(Xte)
    print("Accuracy:", accuracy)
