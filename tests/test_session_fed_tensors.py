"""TFM201: a run that feeds a tensor which is not a placeholder (``sess.run(b, {a: 10})``, ``a = tf.add(3, 4)``).

TF1 let a feed override any tensor for one run. A tensor computed once
from no placeholder, variable or random draw keeps its line and becomes a
parameter, with itself as default, of the functions that recompute what
reads it; a run that feeds it passes the fed value converted to its dtype,
as TF1 did. Fetching it in the run that feeds it, and steps or loops that
read it, are refused. Before/after pairs and refusals, pyupgrade style;
expected outputs written by hand, the runnable ones checked against TF1
graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "constant-graph-run-plain-and-overridden",
        """
        import tensorflow as tf
        a = tf.add(3, 4)
        b = tf.multiply(a, 5)
        with tf.Session() as sess:
            plain = sess.run(b)
            overridden = sess.run(b, feed_dict={a: 10})
        """,
        """
        import tensorflow as tf
        a = tf.add(3, 4)
        def b(a=a):
            return tf.multiply(a, 5)
        plain = b().numpy()
        overridden = b(a=tf.convert_to_tensor(10, a.dtype)).numpy()
        """,
        "2:1 TFM201", "4:1 TFM201",
    ),
    pair(  # beside a placeholder: the fed tensor's parameter comes after the placeholders'
        "fed-tensor-beside-a-placeholder",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        s = tf.constant(2.0)
        c = x * s
        d = c + 1.
        with tf.Session() as sess:
            both = sess.run(d, {x: 1., s: 3.})
            one = sess.run(d, {x: 1.})
            expr = sess.run(c * s, {x: 2., s: 0.5})
        """,
        """
        import tensorflow as tf
        s = tf.constant(2.0)
        def c(x, s=s):
            x = tf.convert_to_tensor(x, tf.float32)
            return x * s
        def d(x, s=s):
            return c(x, s) + 1.
        both = d(x=1., s=tf.convert_to_tensor(3., s.dtype)).numpy()
        one = d(x=1.).numpy()
        expr = (c(x=2., s=tf.convert_to_tensor(0.5, s.dtype)) * tf.convert_to_tensor(0.5, s.dtype)).numpy()
        """,
        "3:1 TFM201", "6:1 TFM201",
    ),
]

REFUSALS = [
    pair(  # TF1 returned the fed value for the fed tensor itself
        "fed-tensor-fetched-in-its-run",
        """
        import tensorflow as tf
        a = tf.add(3, 4)
        b = a * 2
        with tf.Session() as sess:
            print(sess.run([a, b], feed_dict={a: 10}))
        """,
        None,
        "5:21 TFM201",
    ),
    pair(  # a training step has no default parameters; a fed variable is no tensor computed once
        "fed-tensor-in-a-loss-and-a-fed-variable",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        w = tf.Variable(1.0)
        s = tf.constant(2.0)
        loss = tf.square(w * x - s)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        v = tf.Variable(3.0)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(train, {x: 1., s: 4.})
            print(sess.run(v * 2., {v: 1.}))
        """,
        None,
        "2:5 TFM405", "6:1 TFM201", "6:9 TFM411", "9:14 TFM407", "11:29 TFM201",
    ),
]

RUNNABLE = ("constant-graph-run-plain-and-overridden", "fed-tensor-beside-a-placeholder")


@pytest.mark.parametrize("item", PAIRS + REFUSALS, ids=lambda item: item.id)
def test_fed_tensor_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before's, TF 2 eager on their 'after's, compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=5)
