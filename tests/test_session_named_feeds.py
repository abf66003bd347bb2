"""TFM201 feeds bound to a name: ``feed = {x: ...}`` then ``sess.run(t, feed_dict=feed)``.

Tutorials build the feeds once and pass them by name, often to several runs.
When the dict literal is bound once and only runs read it, its keys become
the placeholders' names (``feed = {"x": ...}``) and each run passes
``x=feed["x"]``: the values are computed once, where TF1's script computed
them. A dict read any other way stays as written, with a finding. Expected
outputs written out by hand; the runnable pairs are checked against TF1
graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "feeds-rebuilt-each-pass-and-read-by-two-runs",
        """
        import numpy as np
        import tensorflow as tf

        x = tf.placeholder(tf.float32, [None, 2])
        y = tf.placeholder(tf.float32, [None])
        w = tf.Variable([0.5, -0.5])
        loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) - y))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        xs = np.array([[1., 2.], [2., 1.]], np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(3):
                feed_dict = {x: xs * step, y: np.array([1., 0.], np.float32)}
                _, l = sess.run([train, loss], feed_dict=feed_dict)
                print(l, sess.run(loss, feed_dict))
        """,
        """
        import numpy as np
        import tensorflow as tf

        w = tf.Variable([0.5, -0.5])
        def loss(x, y):
            x = tf.convert_to_tensor(x, tf.float32)
            y = tf.convert_to_tensor(y, tf.float32)
            return tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) - y))
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x, y):
            with tf.GradientTape() as tape:
                loss_value = loss(x, y)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        xs = np.array([[1., 2.], [2., 1.]], np.float32)
        for step in range(3):
            feed_dict = {"x": xs * step, "y": np.array([1., 0.], np.float32)}
            l = train(x=feed_dict["x"], y=feed_dict["y"]).numpy()
            print(l, loss(x=feed_dict["x"], y=feed_dict["y"]).numpy())
        """,
        "8:9 TFM201", "10:1 TFM201",
    ),
    pair(
        "feeds-bound-at-module-level",
        """
        import tensorflow as tf

        x = tf.placeholder(tf.float32)
        y = x * 3.0
        feed = {x: 2.0}
        with tf.Session() as sess:
            print(sess.run(y, feed_dict=feed))
        """,
        """
        import tensorflow as tf

        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return x * 3.0
        feed = {"x": 2.0}
        print(y(x=feed["x"]).numpy())
        """,
        "6:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "feeds-also-printed",
        """
        import tensorflow as tf

        x = tf.placeholder(tf.float32)
        y = x * 3.0
        feed = {x: 2.0}
        with tf.Session() as sess:
            print(sess.run(y, feed_dict=feed), feed)
        """,
        None,
        "3:5 TFM405", "7:40 TFM201", "7:40 TFM201",
    ),
    pair(
        "a-dict-of-placeholders-no-run-reads",
        """
        import tensorflow as tf

        x = tf.placeholder(tf.float32)
        y = x * 3.0
        feed = {x: 2.0}
        other = {x: 5.0}
        with tf.Session() as sess:
            print(sess.run(y, feed_dict=feed))
            print(len(other))
        """,
        None,
        "3:5 TFM405", "9:15 TFM201",
    ),
]

RUNNABLE = ("feeds-rebuilt-each-pass-and-read-by-two-runs", "feeds-bound-at-module-level")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_named_feeds_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=6)
