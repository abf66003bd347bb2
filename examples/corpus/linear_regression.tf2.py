# Hand-written TF2 migration of linear_regression.py: the verifier's
# known-good pair (written by hand, not produced by tfmigrate migrate).
import numpy as np
import tensorflow as tf

x_data = np.linspace(0., 1., 50).astype(np.float32)
y_data = (2.5 * x_data + 0.75).astype(np.float32)

w = tf.Variable(0.1)
b = tf.Variable(0.)


def compute_loss(x, y):
    prediction = w * x + b
    return tf.reduce_mean(tf.square(prediction - y))


optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
losses = []
for step in range(200):
    with tf.GradientTape() as tape:
        loss = compute_loss(x_data, y_data)
    optimizer.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    if step % 20 == 0:
        losses.append(compute_loss(x_data, y_data).numpy())
w_final, b_final = w.numpy(), b.numpy()
