# Hand-written TF2 migration of mlp_adam.py with Keras's Adam (written by
# hand, not produced by tfmigrate migrate). TF1's Adam used epsilon=1e-8;
# Keras defaults to 1e-7, so it is set explicitly. Even so, this is not TF1's
# arithmetic: TF1 keeps beta1^t and beta2^t as variables multiplied once per
# step and updates in one fused kernel, Keras computes the powers with pow()
# and updates op by op. The rounding differs in the last bits from the first
# steps on and grows through training: tfmigrate verify reports about 140 ulps
# (4e-6) on the loss after 60 steps, beyond its default 4-ulp bound.
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


optimizer = tf.keras.optimizers.Adam(learning_rate=0.01, epsilon=1e-8)
history = []
for step in range(60):
    with tf.GradientTape() as tape:
        loss = compute_loss(inputs, onehot)
    optimizer.apply_gradients(zip(tape.gradient(loss, params), params))
    value = loss.numpy()
    history.append(value)
predicted = tf.argmax(compute_logits(inputs), 1).numpy()
