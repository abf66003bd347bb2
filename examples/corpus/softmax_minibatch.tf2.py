# Hand-written TF2 migration of softmax_minibatch.py: the verifier's
# known-good pair (written by hand, not produced by tfmigrate migrate).
import numpy as np
import tensorflow as tf

np.random.seed(11)
centers = np.array([[0., 0.], [3., 3.], [0., 4.]], dtype=np.float32)
points = np.concatenate([c + np.random.randn(100, 2).astype(np.float32) for c in centers])
targets = np.repeat(np.arange(3), 100)

W = tf.Variable(tf.random.uniform([2, 3], minval=-0.1, maxval=0.1))
b = tf.Variable(tf.zeros([3]))


def compute_loss(x, y):
    logits = tf.matmul(x, W) + b
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))


optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)
for i in range(120):
    batch = np.random.choice(len(points), 32, replace=False)
    with tf.GradientTape() as tape:
        loss = compute_loss(points[batch], targets[batch])
    optimizer.apply_gradients(zip(tape.gradient(loss, [W, b]), [W, b]))
    if i % 30 == 0:
        print(i, compute_loss(points, targets).numpy())
W_out, b_out = W.numpy(), b.numpy()
full_loss = compute_loss(points, targets).numpy()
