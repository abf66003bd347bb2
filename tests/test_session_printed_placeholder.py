"""TFM201: ``print(x)`` of a placeholder prints the ``tf.TensorSpec`` that describes the same input.

TF1 printed the symbolic tensor (``Tensor("x:0", shape=(?, 3), dtype=float32)``),
never a value, so the eager code prints the spec of that input: shape, dtype
and name as the placeholder gave them. Before/after pairs and a no-op table,
pyupgrade style; expected outputs written by hand.
"""

from __future__ import annotations

import pytest
from test_migrate_pairs import Pair, assert_pair, pair

PAIRS = [
    pair(
        "placeholder-printed-before-its-run",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 3])
        print(x)
        y = tf.reduce_sum(x)
        with tf.Session() as sess:
            print(sess.run(y, feed_dict={x: [[1., 2., 3.]]}))
        """,
        """
        import tensorflow as tf
        print(tf.TensorSpec(shape=[None, 3], dtype=tf.float32))
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.reduce_sum(x)
        print(y(x=[[1., 2., 3.]]).numpy())
        """,
        "3:7 TFM201", "5:1 TFM201",
    ),
    pair(
        "keywords-and-name-kept",
        """
        import tensorflow as tf
        X = tf.placeholder(dtype=tf.float32, name="X")
        print(X)
        sess = tf.Session()
        print(sess.run(X * 2., {X: 1.}))
        """,
        """
        import tensorflow as tf
        print(tf.TensorSpec(shape=None, dtype=tf.float32, name="X"))
        print((tf.convert_to_tensor(1., tf.float32) * 2.).numpy())
        """,
        "3:7 TFM201", "4:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "printed-with-other-values",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        print("input", x)
        sess = tf.Session()
        print(sess.run(x + 1., {x: 1.}))
        """,
        None,
        "2:5 TFM405", "3:16 TFM201",
    ),
    pair(
        "printed-in-a-loop",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        for _ in range(2):
            print(x)
        sess = tf.Session()
        print(sess.run(x + 1., {x: 1.}))
        """,
        None,
        "2:5 TFM405", "4:11 TFM201",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_printed_placeholder_pair(item: Pair) -> None:
    assert_pair(item)
