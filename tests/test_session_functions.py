"""TFM201: a module-level helper that builds and runs a graph of its own converts as a graph section of its own.

Its placeholders become parameters of the functions, nested in the helper,
that recompute its tensors; its session runs eagerly. It converts only
when it is called once and shares nothing with the module's graph; the
refusals list every blocking use. Before/after pairs, a no-op table and
refusals, pyupgrade style; expected outputs written by hand, the runnable
one checked against TF1 graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "helper-builds-trains-and-returns",
        """
        import numpy as np
        import tensorflow as tf


        def fit(x_data, y_data, steps=3, lr=0.1):
            x = tf.placeholder(tf.float32, [None])
            y = tf.placeholder(tf.float32, [None])
            w = tf.Variable(0.5)
            b = tf.Variable(0.0)
            with tf.name_scope("model"):
                pred = w * x + b
            loss = tf.reduce_mean(tf.square(pred - y))
            step = tf.train.GradientDescentOptimizer(lr).minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                _, l = sess.run([step, loss], feed_dict={x: x_data, y: y_data})
            fitted = sess.run([w, b])
            sess.close()
            return l, fitted


        last_loss, (w_value, b_value) = fit(np.array([0., 1., 2.], np.float32), np.array([1., 3., 5.], np.float32))
        """,
        """
        import numpy as np
        import tensorflow as tf


        def fit(x_data, y_data, steps=3, lr=0.1):
            w = tf.Variable(0.5)
            b = tf.Variable(0.0)
            def pred(x):
                x = tf.convert_to_tensor(x, tf.float32)
                return w * x + b
            def loss(x, y):
                y = tf.convert_to_tensor(y, tf.float32)
                return tf.reduce_mean(tf.square(pred(x) - y))
            step_optimizer = tf.keras.optimizers.SGD(learning_rate=lr)
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss_value = loss(x, y)
                train_vars = tape.watched_variables()
                step_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                return loss_value
            for _ in range(steps):
                l = step(x=x_data, y=y_data).numpy()
            fitted = [w.numpy(), b.numpy()]
            return l, fitted


        last_loss, (w_value, b_value) = fit(np.array([0., 1., 2.], np.float32), np.array([1., 3., 5.], np.float32))
        """,
        "10:5 TFM201", "13:12 TFM201", "14:5 TFM201",
    ),
]

NO_OPS = [
    pair(  # no session inside: the helper only builds (part of) the module's graph
        "helper-without-session",
        """
        import tensorflow as tf


        def double(t):
            return t * 2.
        """,
        None,
    ),
]

# Refused helpers: left as written, one finding per blocking use (the helper's reason and each graph use inside it).
REFUSALS = [
    pair(  # a second call would add a second set of nodes to the same default graph
        "helper-called-twice",
        """
        import tensorflow as tf


        def fit(value):
            x = tf.placeholder(tf.float32)
            w = tf.Variable(1.0)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                return sess.run(w * x, feed_dict={x: value})


        first = fit(1.0)
        second = fit(2.0)
        """,
        None,
        "5:9 TFM201", "5:9 TFM405", "8:9 TFM201", "8:18 TFM407", "9:43 TFM201", "12:9 TFM201", "13:10 TFM201",
    ),
    pair(  # the helper's run reads a tensor of the module's graph
        "helper-reads-the-module-graph",
        """
        import tensorflow as tf

        scale = tf.constant(3.0)


        def fit(value):
            x = tf.placeholder(tf.float32)
            with tf.Session() as sess:
                return sess.run(scale * x, feed_dict={x: value})


        result = fit(2.0)
        """,
        None,
        "7:9 TFM201", "7:9 TFM405", "9:25 TFM201", "9:47 TFM201",
    ),
    pair(  # called in a loop: each call would add its nodes to the one default graph
        "helper-called-in-a-loop",
        """
        import tensorflow as tf


        def fit(value):
            x = tf.placeholder(tf.float32)
            with tf.Session() as sess:
                return sess.run(x * 2., feed_dict={x: value})


        results = [fit(v) for v in (1.0, 2.0)]
        """,
        None,
        "5:9 TFM201", "5:9 TFM405", "7:44 TFM201", "10:12 TFM201",
    ),
]

RUNNABLE = ("helper-builds-trains-and-returns",)


@pytest.mark.parametrize("item", PAIRS + NO_OPS + REFUSALS, ids=lambda item: item.id)
def test_helper_function_pair(item: Pair) -> None:
    assert_pair(item)


@pytest.mark.parametrize("item", REFUSALS, ids=lambda item: item.id)
def test_refusal_names_the_helper_at_each_blocking_use(item: Pair) -> None:
    from tfmigrate.engine import migrate_source

    messages = [f.message for f in migrate_source(item.before, path="pair.py").findings if f.code == "TFM201"]
    assert any(message.startswith("helper fit() ") for message in messages), messages


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before', TF 2 eager on its 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=3)
