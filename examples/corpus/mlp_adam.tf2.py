# Hand-written TF2 migration of mlp_adam.py: the verifier's known-good pair
# (written by hand, not produced by tfmigrate migrate). It keeps TF1's Adam
# (tf.compat.v1.train.AdamOptimizer runs eagerly in TF2), which reproduces the
# original to the bit. Keras's Adam rounds differently: see mlp_adam.keras.tf2.py.
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
inputs = rng.uniform(-1., 1., size=(64, 4)).astype(np.float32)
classes = (inputs[:, 0] * inputs[:, 1] > 0).astype(np.int64)
onehot = np.eye(2, dtype=np.float32)[classes]

W1 = tf.Variable(tf.random.truncated_normal([4, 16], stddev=0.5))
b1 = tf.Variable(tf.zeros([16]))
W2 = tf.Variable(tf.random.truncated_normal([16, 2], stddev=0.5))
b2 = tf.Variable(tf.zeros([2]))
params = [W1, b1, W2, b2]


def compute_logits(x):
    hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
    return tf.matmul(hidden, W2) + b2


def compute_loss(x, y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=compute_logits(x)))


optimizer = tf.compat.v1.train.AdamOptimizer(learning_rate=0.01)
history = []
for step in range(60):
    with tf.GradientTape() as tape:
        loss = compute_loss(inputs, onehot)
    optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
    value = loss.numpy()
    history.append(value)
predicted = tf.argmax(compute_logits(inputs), 1).numpy()
