"""TFM201 variable collections: ``tf.trainable_variables()`` / ``tf.global_variables()`` as a list of the variables.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. The runnable pairs are also run on both sides.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "trainable-and-global-variables-of-a-static-graph",
        """
        import tensorflow as tf
        w = tf.Variable([[1., 2.], [3., 4.]], name='w')
        b = tf.Variable([0.5, -0.5], name='b')
        count = tf.Variable(0, name='count', trainable=False)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run(tf.trainable_variables())
            for var, value in zip(tf.trainable_variables(), values):
                print(var.name, value)
            print(len(tf.global_variables()))
        """,
        """
        import tensorflow as tf
        w = tf.Variable([[1., 2.], [3., 4.]], name='w')
        b = tf.Variable([0.5, -0.5], name='b')
        count = tf.Variable(0, name='count', trainable=False)
        values = [w.numpy(), b.numpy()]
        for var, value in zip([w, b], values):
            print(var.name, value)
        print(len([w, b, count]))
        """,
        "5:1 TFM201", "7:23 TFM201", "8:27 TFM201", "10:15 TFM201",
    ),
    pair(
        "trainable-variables-after-training",
        """
        import tensorflow as tf
        w = tf.Variable(0., name='w')
        loss = tf.square(w - 3.)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        print(sess.run(tf.trainable_variables()))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(0., name='w')
        def loss():
            return tf.square(w - 3.)
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        train()
        print([w.numpy()])
        """,
        "4:9 TFM201", "5:1 TFM201", "8:16 TFM201",
    ),
]

NO_OPS = [
    pair(
        "names-tf1-would-make-unique-stay",
        """
        import tensorflow as tf
        a = tf.Variable(1., name='v')
        b = tf.Variable(2., name='v')
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print([v.name for v in tf.trainable_variables()])
        """,
        None,
        "5:14 TFM407", "6:28 TFM201", "6:28 TFM402",
    ),
    pair(
        "global-variables-with-optimizer-slots-stay",
        """
        import tensorflow as tf
        w = tf.Variable(0., name='w')
        loss = tf.square(w - 3.)
        train = tf.train.AdamOptimizer(0.1).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            print(len(tf.global_variables()))
        """,
        None,
        "4:9 TFM411", "6:14 TFM407", "8:15 TFM201", "8:15 TFM402",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_variable_list_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    # One run per pair: the collections hold every variable of the default graph, so the pairs cannot share one.
    for item, fetched in zip(PAIRS, (2, 1)):
        (tmp_path / item.id).mkdir()
        assert_pairs_compute_the_same(PAIRS, (item.id,), tmp_path / item.id, minimum_values=fetched)
