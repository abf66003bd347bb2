"""TFM201 unpacked results: ``a, b = call(...)`` of a TF call that returns several tensors, then fetched.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. In a graph that runs once, each unpacked name is one
tensor computed once, so a run reads it with ``.numpy()``. A name unpacked
from something else (a loop variable that is a list, a starred target)
stays unknown, and in a graph whose values change per run an unpacked
result would be computed once, so both are refused.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

PAIRS = [
    pair(
        "while-loop-results-unpacked-and-fetched-together",
        """
        import tensorflow as tf
        i0 = tf.constant(0)
        acc0 = tf.constant(1.0)
        i_final, acc = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a * 2.0), [i0, acc0])
        sess = tf.Session()
        print(sess.run([i_final, acc]))
        """,
        """
        import tensorflow as tf
        i0 = tf.constant(0)
        acc0 = tf.constant(1.0)
        i_final, acc = tf.while_loop(cond=lambda i, a: i < 4, body=lambda i, a: (i + 1, a * 2.0), loop_vars=[i0, acc0])
        print([i_final.numpy(), acc.numpy()])
        """,
        "4:16 TFM101", "5:1 TFM201",
    ),
    pair(
        "while-loop-with-loop-vars-by-keyword-and-a-tuple-target",
        """
        import tensorflow as tf
        (_, total) = tf.while_loop(lambda k, s: k < 3, lambda k, s: (k + 1, s + 0.5), loop_vars=(tf.constant(0), tf.constant(0.0)))
        with tf.Session() as sess:
            print(sess.run(total))
        """,
        """
        import tensorflow as tf
        (_, total) = tf.while_loop(cond=lambda k, s: k < 3, body=lambda k, s: (k + 1, s + 0.5), loop_vars=(tf.constant(0), tf.constant(0.0)))
        print(total.numpy())
        """,
        "2:14 TFM101", "3:1 TFM201",
    ),
    pair(
        "moments-and-top-k-unpacked",
        """
        import tensorflow as tf
        mean, var = tf.nn.moments(tf.constant([1., 2., 3., 4.]), [0])
        values, indices = tf.nn.top_k(tf.constant([3., 1., 4., 1., 5.]), k=2)
        with tf.Session() as sess:
            print(sess.run(var), sess.run({'v': values, 'i': indices}))
        """,
        """
        import tensorflow as tf
        mean, var = tf.nn.moments(tf.constant([1., 2., 3., 4.]), [0])
        values, indices = tf.nn.top_k(tf.constant([3., 1., 4., 1., 5.]), k=2)
        print(var.numpy(), {'v': values.numpy(), 'i': indices.numpy()})
        """,
        "4:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "while-loop-variable-that-is-a-list",
        """
        import tensorflow as tf
        i, pair = tf.while_loop(lambda i, p: i < 2, lambda i, p: (i + 1, p), [tf.constant(0), [tf.constant(1.), tf.constant(2.)]])
        sess = tf.Session()
        print(sess.run(pair))
        """,
        """
        import tensorflow as tf
        i, pair = tf.while_loop(cond=lambda i, p: i < 2, body=lambda i, p: (i + 1, p), loop_vars=[tf.constant(0), [tf.constant(1.), tf.constant(2.)]])
        sess = tf.Session()
        print(sess.run(pair))
        """,
        "2:11 TFM101", "4:16 TFM201",
    ),
    pair(
        "starred-target",
        """
        import tensorflow as tf
        first, *rest = tf.unstack(tf.constant([1., 2., 3.]))
        sess = tf.Session()
        print(sess.run(rest))
        """,
        None,
        "4:16 TFM201",
    ),
    pair(
        "unpacked-from-a-variable-that-training-changes",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [4])
        w = tf.Variable([1., 2., 3., 4.])
        loss = tf.reduce_sum(w * x)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        a, b = tf.split(w, 2)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: [1., 1., 1., 1.]})
        print(sess.run(a))
        """,
        None,
        "2:5 TFM405", "5:9 TFM411", "6:1 TFM201", "8:10 TFM407",
    ),
]

RUNNABLE = ("while-loop-results-unpacked-and-fetched-together", "while-loop-with-loop-vars-by-keyword-and-a-tuple-target",
            "moments-and-top-k-unpacked")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_unpacked_pair(item: Pair) -> None:
    assert_pair(item)


def test_refusal_of_an_unpacked_changing_value_says_what_to_write() -> None:
    findings = migrate_source(NO_OPS[-1].before, path="pair.py").findings
    (refusal,) = [f for f in findings if f.code == "TFM201"]
    assert refusal.kind is Kind.MANUAL
    assert refusal.message.startswith("a, b are unpacked from values a run can change")
    assert "a = parts[0]" in refusal.action


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=4)
