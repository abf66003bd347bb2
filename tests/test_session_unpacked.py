"""TFM201 unpacked results: ``a, b = call(...)`` of a TF call that returns several tensors, then fetched.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. In a graph that runs once, each unpacked name is one
tensor computed once, so a run reads it with ``.numpy()``; in a graph whose
values change per run, each becomes a function that returns its position
of the call's result. A name unpacked from something else (a loop variable
that is a list, a starred target) stays unknown, and one unpacked from a
draw would draw once per name where TF1 drew once per run: both are refused.
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

PAIRS += [
    pair(
        "moments-of-a-placeholder-recomputed-per-feed",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None])
        mean, var = tf.nn.moments(x, [0])
        normalized = (x - mean) / tf.sqrt(var + 1e-3)
        sess = tf.Session()
        print(sess.run([mean, normalized], {x: [1., 2., 4.]}))
        """,
        """
        import tensorflow as tf
        def mean(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.nn.moments(x, [0])[0]
        def var(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.nn.moments(x, [0])[1]
        def normalized(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return (x - mean(x)) / tf.sqrt(var(x) + 1e-3)
        print([mean(x=[1., 2., 4.]).numpy(), normalized(x=[1., 2., 4.]).numpy()])
        """,
        "5:1 TFM201",
    ),
    pair(
        "unpacked-from-a-variable-that-training-changes",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [4])
        w = tf.Variable([1., 2., 3., 4.])
        loss = tf.reduce_sum(w * x)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        a, _ = tf.split(w, 2)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: [1., 1., 1., 1.]})
        print(sess.run(a))
        """,
        """
        import tensorflow as tf
        w = tf.Variable([1., 2., 3., 4.])
        def loss(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.reduce_sum(w * x)
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        def a():
            return tf.split(w, 2)[0]
        train(x=[1., 1., 1., 1.])
        print(a().numpy())
        """,
        "5:9 TFM201", "7:1 TFM201",
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
        "unpacked-from-a-draw-in-a-graph-that-runs-per-feed",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [4])
        a, b = tf.split(tf.random_normal([4]) * x, 2)
        sess = tf.Session()
        print(sess.run(a, {x: [1., 1., 1., 1.]}))
        """,
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [4])
        a, b = tf.split(tf.random.normal([4]) * x, 2)
        sess = tf.Session()
        print(sess.run(a, {x: [1., 1., 1., 1.]}))
        """,
        "2:5 TFM405", "3:1 TFM201", "3:17 TFM101",
    ),
]

RUNNABLE = ("while-loop-results-unpacked-and-fetched-together", "while-loop-with-loop-vars-by-keyword-and-a-tuple-target",
            "moments-and-top-k-unpacked", "moments-of-a-placeholder-recomputed-per-feed",
            "unpacked-from-a-variable-that-training-changes")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_unpacked_pair(item: Pair) -> None:
    assert_pair(item)


def test_refusal_of_an_unpacked_draw_says_what_to_write() -> None:
    findings = migrate_source(NO_OPS[-1].before, path="pair.py").findings
    (refusal,) = [f for f in findings if f.code == "TFM201"]
    assert refusal.kind is Kind.MANUAL
    assert refusal.message.startswith("a, b are unpacked from a draw (a random op or get_next())")
    assert "one tensor holding the whole result" in refusal.action


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=4)
