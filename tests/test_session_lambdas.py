"""TFM201 lambdas: what a lambda passed to a TF op reads is read by the graph, each time it runs.

``tf.map_fn(lambda v: v * w, xs)`` read the variable ``w`` in every run, so
after a training step it saw the new ``w``: the tensor is recomputed per
run like any other tensor that reads ``w``. A lambda's own parameters are
its names, not the module's. Before/after pairs and a no-op table,
pyupgrade style; expected outputs written by hand.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "a-lambda-reads-a-variable-that-training-changes",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        w = tf.Variable(1.)
        loss = tf.square(w * x - 2.)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        doubled = tf.map_fn(lambda v: v * w, tf.constant([1., 2.]))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: 1.})
        print(sess.run(doubled))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.square(w * x - 2.)
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        def doubled():
            return tf.map_fn(lambda v: v * w, tf.constant([1., 2.]))
        train(x=1.)
        print(doubled().numpy())
        """,
        "5:9 TFM201", "7:1 TFM201",
    ),
    pair(
        "a-lambda-parameter-named-like-a-variable",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        w = tf.Variable(1.)
        loss = tf.square(w * x - 2.)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        scaled = tf.map_fn(lambda w: w * 2., tf.constant([1., 2.]))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: 1.})
        print(sess.run(scaled))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.square(w * x - 2.)
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        scaled = tf.map_fn(lambda w: w * 2., tf.constant([1., 2.]))
        train(x=1.)
        print(scaled.numpy())
        """,
        "5:9 TFM201", "7:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "a-lambda-reads-a-placeholder-the-run-does-not-feed",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        xs = tf.constant([1., 2.])
        sess = tf.Session()
        print(sess.run(tf.map_fn(lambda v: v * x, xs)))
        """,
        None,
        "2:5 TFM405", "5:16 TFM201",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_lambda_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, tuple(item.id for item in PAIRS), tmp_path, minimum_values=2)
