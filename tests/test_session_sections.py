"""TFM201 graph sections: a graph rebuilt under old names after a session block converts on its own.

TF1 scripts often run one graph in ``with tf.Session()``, then build the next
under the same names with no ``tf.reset_default_graph()``. When nothing after
the rebuild reads the earlier graph (no earlier name read before it is bound
again, no list of the graph's variables or collections), the two graphs are
separate sections. Before/after pairs and a no-op table, pyupgrade style;
expected outputs written by hand, the runnable one checked against TF1 graph
mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "constants-then-placeholders-under-the-same-names",
        """
        import tensorflow as tf
        a = tf.constant(2)
        b = tf.constant(3)
        with tf.Session() as sess:
            print(sess.run(a + b))
        a = tf.placeholder(tf.int16)
        b = tf.placeholder(tf.int16)
        product = tf.multiply(a, b)
        with tf.Session() as sess:
            print(sess.run(product, feed_dict={a: 4, b: 5}))
        """,
        """
        import tensorflow as tf
        a = tf.constant(2)
        b = tf.constant(3)
        print((a + b).numpy())
        def product(a, b):
            a = tf.convert_to_tensor(a, tf.int16)
            b = tf.convert_to_tensor(b, tf.int16)
            return tf.multiply(a, b)
        print(product(a=4, b=5).numpy())
        """,
        "4:1 TFM201", "9:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "rebuilt-graph-reads-an-earlier-tensor",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        y = x * 2.
        with tf.Session() as sess:
            print(sess.run(y, feed_dict={x: 1.}))
        x = tf.placeholder(tf.float32)
        z = x + y
        with tf.Session() as sess:
            print(sess.run(z, feed_dict={x: 1.}))
        """,
        None,
        "2:5 TFM405", "6:1 TFM201", "6:5 TFM405",
    ),
]

RUNNABLE = ("constants-then-placeholders-under-the-same-names",)


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_section_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before', TF 2 eager on its 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=2)
