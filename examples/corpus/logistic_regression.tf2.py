# Hand-written TF2 migration of logistic_regression.py: the verifier's
# known-good pair (written by hand, not produced by tfmigrate migrate).
import numpy as np
import tensorflow as tf

np.random.seed(7)
n = 200
features = np.random.randn(n, 3).astype(np.float32)
true_w = np.array([[1.5], [-2.0], [0.5]], dtype=np.float32)
labels_np = (features.dot(true_w) + 0.3 * np.random.randn(n, 1) > 0).astype(np.float32)

W = tf.Variable(tf.random.normal([3, 1], stddev=0.1))
b = tf.Variable(tf.zeros([1]))


def compute_logits(x):
    return tf.matmul(x, W) + b


def compute_loss(x, y):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=compute_logits(x)))


def compute_accuracy(x, y):
    return tf.reduce_mean(tf.cast(tf.equal(tf.cast(compute_logits(x) > 0, tf.float32), y), tf.float32))


optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
initial_W = W.numpy()
for epoch in range(150):
    with tf.GradientTape() as tape:
        loss = compute_loss(features, labels_np)
    optimizer.apply_gradients(zip(tape.gradient(loss, [W, b]), [W, b]))
    epoch_loss = loss.numpy()
final_W, final_b = W.numpy(), b.numpy()
final_accuracy = compute_accuracy(features, labels_np).numpy()
