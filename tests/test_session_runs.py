"""TFM201 runs: fetched expressions, ``eval`` forms, objects that are no tensors, and refusals.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. A refusal lists every use that blocks it, in one run.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

PAIRS = [
    pair(
        "fetched-expression-over-a-placeholder",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None])
        W = tf.Variable([2.])
        b = tf.Variable([1.])
        y = W * x + b
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(W * x + b, feed_dict={x: [1., 2.]}))
        print(sess.run(tf.argmax(y, 0), feed_dict={x: [1., 2.]}))
        """,
        """
        import tensorflow as tf
        W = tf.Variable([2.])
        b = tf.Variable([1.])
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return W * x + b
        print((W * tf.convert_to_tensor([1., 2.], tf.float32) + b).numpy())
        print(tf.argmax(y(x=[1., 2.]), 0).numpy())
        """,
        "6:1 TFM201",
    ),
    pair(
        "eval-with-positional-feeds-and-session",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        y = tf.placeholder(tf.float32)
        hit = tf.reduce_mean(tf.cast(tf.equal(x, y), tf.float32))
        with tf.Session() as sess:
            print(hit.eval({x: [1., 2.], y: [1., 3.]}))
            print(hit.eval(feed_dict={x: [1.], y: [1.]}, session=sess))
        """,
        """
        import tensorflow as tf
        def hit(x, y):
            x = tf.convert_to_tensor(x, tf.float32)
            y = tf.convert_to_tensor(y, tf.float32)
            return tf.reduce_mean(tf.cast(tf.equal(x, y), tf.float32))
        print(hit(x=[1., 2.], y=[1., 3.]).numpy())
        print(hit(x=[1.], y=[1.]).numpy())
        """,
        "5:1 TFM201",
    ),
    pair(
        "eval-of-a-keras-loss-object-fails-on-both-sides",
        """
        import tensorflow as tf
        scce = tf.keras.losses.SparseCategoricalCrossentropy()
        sess = tf.Session()
        print(scce.eval(session=sess))
        """,
        """
        import tensorflow as tf
        scce = tf.keras.losses.SparseCategoricalCrossentropy()
        print(scce.numpy())
        """,
        "3:1 TFM201", "4:7 TFM201",
    ),
    pair(
        "fetched-array-bound-to-the-tensor-name",
        """
        import tensorflow as tf
        y = tf.square(tf.constant([1., 2.]))
        z = tf.sqrt(tf.constant(9.))
        sess = tf.Session()
        y, z = sess.run([y, z])
        print(y, z)
        """,
        """
        import tensorflow as tf
        y = tf.square(tf.constant([1., 2.]))
        z = tf.sqrt(tf.constant(9.))
        y, z = [y.numpy(), z.numpy()]
        print(y, z)
        """,
        "4:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "impure-feed-read-twice",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        sess = tf.Session()
        print(sess.run(x * x, feed_dict={x: next_batch()}))
        """,
        None,
        "2:5 TFM405", "4:37 TFM201",
    ),
]

NO_OPS += [
    pair(
        "eval-without-a-default-session-fails-in-tf1-too",
        """
        import tensorflow as tf
        x = tf.constant(2.)
        sess = tf.Session()
        print(sess.run(x), x.eval())
        """,
        None,
        "4:20 TFM201",
    ),
    pair(
        "fetched-array-bound-to-the-tensor-name-in-a-loop",
        """
        import tensorflow as tf
        y = tf.constant(1.)
        sess = tf.Session()
        for _ in range(2):
            y = sess.run(y)
        """,
        None,
        "5:18 TFM201",
    ),
]

RUNNABLE = ("fetched-expression-over-a-placeholder", "eval-with-positional-feeds-and-session",
            "fetched-array-bound-to-the-tensor-name")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_run_pair(item: Pair) -> None:
    assert_pair(item)


def test_not_a_tensor_finding_says_the_original_fails_too() -> None:
    (_, finding) = migrate_source(PAIRS[2].before, path="pair.py").findings
    assert finding.kind is Kind.MANUAL
    assert "Keras loss object, not a tensor" in finding.message and "original fails here too" in finding.message


def test_a_refusal_reports_every_blocking_use_at_once() -> None:
    source = (
        "import tensorflow as tf\n"
        "x = tf.placeholder(tf.float32)\n"                    # 2
        "w = tf.Variable(1.)\n"
        "loss = tf.square(w * x)\n"
        "opt = tf.train.GradientDescentOptimizer(0.1)\n"      # 5
        "train = opt.minimize(loss)\n"
        "slot_names = opt.get_slot_names()\n"                # 7: optimizer used beyond minimize()
        "sess = tf.Session()\n"
        "print(loss.name)\n"                                  # 9: graph-only attribute
        "report(sess)\n"                                      # 10: session passed on
        "sess.run(train, feed_dict=feeds)\n"                  # 11: feeds not a dict literal bound here
        "sess.run(loss, {x: 1.}, options)\n"                  # 12: run options
    )
    result = migrate_source(source, path="m.py")
    assert result.code == source
    blocking = sorted((f.line, f.message.split(";")[0]) for f in result.findings if f.code == "TFM201")
    assert blocking == [
        (7, "optimizer 'opt' is used for more than minimize()"),
        (9, "loss is used outside the graph and its runs"),
        (9, "loss.name exists only for graph tensors"),
        (10, "session 'sess' is passed or stored"),
        (11, "the feeds feeds are not one dict literal bound once"),
        (12, "run with options or run_metadata"),
    ]
    assert all(f.action for f in result.findings if f.kind is Kind.MANUAL)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=4)
