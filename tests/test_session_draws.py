"""TFM201 random draws: TF1 drew each random op once per run, however many tensors of the run read it.

A recomputed tensor is a function, and each call draws anew, so a tensor
(or a fetched expression) that reaches one draw along two paths would draw
twice where TF1 drew once: ``c = a - 2. * b`` over ``a = r * 2.`` and
``b = r + 1.`` was -2 in every TF1 run. Before/after pairs and a no-op
table, pyupgrade style; expected outputs written by hand.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "a-draw-read-along-one-path",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random_normal([2]) * x
        a = r * 2.
        c = a - 2.
        sess = tf.Session()
        print(sess.run(c, {x: 1.}))
        """,
        """
        import tensorflow as tf
        def r(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.random.normal([2]) * x
        def a(x):
            return r(x) * 2.
        def c(x):
            return a(x) - 2.
        print(c(x=1.).numpy())
        """,
        "3:5 TFM101", "6:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "a-draw-read-along-two-paths",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random_normal([2]) * x
        a = r * 2.
        b = r + 1.
        c = a - 2. * b
        sess = tf.Session()
        print(sess.run(c, {x: 1.}))
        """,
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random.normal([2]) * x
        a = r * 2.
        b = r + 1.
        c = a - 2. * b
        sess = tf.Session()
        print(sess.run(c, {x: 1.}))
        """,
        "2:5 TFM405", "3:5 TFM101", "6:1 TFM201",
    ),
    pair(
        "a-draw-read-twice-by-a-fetched-expression",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random_normal([2]) * x
        sess = tf.Session()
        print(sess.run(r - r, {x: 1.}))
        """,
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random.normal([2]) * x
        sess = tf.Session()
        print(sess.run(r - r, {x: 1.}))
        """,
        "2:5 TFM405", "3:5 TFM101", "5:16 TFM201",
    ),
    pair(
        "a-tensor-built-in-steps-reads-the-draw-in-each",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random_uniform([3]) + x
        h = r * 2.
        h = h - r
        sess = tf.Session()
        print(sess.run(h, {x: 0.}))
        """,
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        r = tf.random.uniform([3]) + x
        h = r * 2.
        h = h - r
        sess = tf.Session()
        print(sess.run(h, {x: 0.}))
        """,
        "2:5 TFM405", "3:5 TFM101", "5:1 TFM201",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_draw_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before', TF 2 eager on its 'after': the verifier replays the draws."""
    assert_pairs_compute_the_same(PAIRS, ("a-draw-read-along-one-path",), tmp_path, minimum_values=1)
