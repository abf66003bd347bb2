"""TFM201: a tensor built in steps (``h = f(x)`` then ``h = g(h)``) recomputed as one function.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand, and the runnable ones checked against TF1 graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "two-steps-then-trained",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        W = tf.Variable([[1., -1.], [0.5, 2.]])
        h = tf.matmul(x, W)
        h = tf.nn.relu(h)
        loss = tf.reduce_sum(tf.square(h - 1.))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, feed_dict={x: [[1., 2.], [3., -1.]]})
            print(sess.run(h, feed_dict={x: [[1., 2.]]}))
        """,
        """
        import tensorflow as tf
        W = tf.Variable([[1., -1.], [0.5, 2.]])
        def h(x):
            x = tf.convert_to_tensor(x, tf.float32)
            h = tf.matmul(x, W)
            return tf.nn.relu(h)
        def loss(x):
            return tf.reduce_sum(tf.square(h(x) - 1.))
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(3):
            train(x=[[1., 2.], [3., -1.]])
        print(h(x=[[1., 2.]]).numpy())
        """,
        "7:9 TFM201", "8:1 TFM201",
    ),
    pair(
        "three-steps-reading-another-recomputed-tensor",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        w = tf.Variable(3.)
        s = x * w
        z = s + 1.
        z = tf.square(z)
        z = z - s
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(z, feed_dict={x: 2.}))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(3.)
        def s(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return x * w
        def z(x):
            z = s(x) + 1.
            z = tf.square(z)
            return z - s(x)
        print(z(x=2.).numpy())
        """,
        "8:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "earlier-step-read-by-another-tensor",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        h = x * 2.
        g = h + 1.
        h = tf.square(h)
        sess = tf.Session()
        print(sess.run([g, h], feed_dict={x: 1.}))
        """,
        None,
        "2:5 TFM405", "5:1 TFM201",
    ),
    pair(
        "rebinding-that-does-not-read-the-name",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        h = x * 2.
        h = x * 3.
        sess = tf.Session()
        print(sess.run(h, feed_dict={x: 1.}))
        """,
        None,
        "2:5 TFM405", "4:1 TFM201",
    ),
]

RUNNABLE = ("two-steps-then-trained", "three-steps-reading-another-recomputed-tensor")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_steps_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=2)
