"""TFM201 explicit graphs: ``graph = tf.Graph()``, ``with graph.as_default():`` and ``tf.Session(graph=graph)``.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. A graph used only through its ``as_default()`` blocks and
``graph=`` is the graph of its section: the blocks are unwrapped and the
graph goes. Any other use, a session of another graph or a TF call built in
the default graph leaves the section as written, each use reported.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

PAIRS = [
    pair(
        "named-graph-and-a-session-of-it",
        """
        import tensorflow as tf
        graph = tf.Graph()
        with graph.as_default():
            x = tf.constant([1.0, 4.0, 9.0])
            roots = tf.sqrt(x)
        with tf.Session(graph=graph) as sess:
            print(sess.run(roots))
        """,
        """
        import tensorflow as tf
        x = tf.constant([1.0, 4.0, 9.0])
        roots = tf.sqrt(x)
        print(roots.numpy())
        """,
        "3:1 TFM201", "6:1 TFM201",
    ),
    pair(
        "anonymous-graph-with-placeholders-and-the-session-inside",
        """
        import tensorflow as tf
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32)
            w = tf.Variable(2.)
            y = x * w
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                print(sess.run(y, {x: 3.}))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(2.)
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return x * w
        print(y(x=3.).numpy())
        """,
        "2:1 TFM201", "6:5 TFM201",
    ),
    pair(
        "initializer-built-in-the-block-and-a-bound-session",
        """
        import tensorflow as tf
        g = tf.Graph()
        with g.as_default():
            x = tf.placeholder(tf.float32, [2])
            w = tf.Variable([1., -1.])
            y = tf.reduce_sum(x * w)
            init = tf.global_variables_initializer()
        sess = tf.Session(graph=g)
        sess.run(init)
        print(sess.run(y, feed_dict={x: [3., 4.]}))
        """,
        """
        import tensorflow as tf
        w = tf.Variable([1., -1.])
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.reduce_sum(x * w)
        print(y(x=[3., 4.]).numpy())
        """,
        "3:1 TFM201", "8:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "graph-object-used-otherwise-and-default-graph-code",
        """
        import tensorflow as tf
        g = tf.Graph()
        c = tf.constant(1.)
        with g.as_default():
            y = tf.constant(2.) * 3.
        print(g.get_operations())
        sess = tf.Session(graph=g)
        other = tf.Session()
        print(sess.run(y))
        """,
        None,
        "3:5 TFM201", "6:7 TFM201", "8:9 TFM201",
    ),
    pair(
        "two-explicit-graphs-in-one-section",
        """
        import tensorflow as tf
        g = tf.Graph()
        with g.as_default():
            a = tf.constant(2.)
        h = tf.Graph()
        with h.as_default():
            b = tf.constant(3.)
        with tf.Session(graph=g) as sess:
            print(sess.run(a))
        """,
        None,
        "6:1 TFM201",
    ),
    pair(
        "session-of-a-graph-with-no-block",
        """
        import tensorflow as tf
        g = tf.Graph()
        a = tf.constant(2.)
        with tf.Session(graph=g) as sess:
            print(sess.run(a))
        """,
        None,
        "4:6 TFM201",
    ),
]

RUNNABLE = ("named-graph-and-a-session-of-it", "anonymous-graph-with-placeholders-and-the-session-inside",
            "initializer-built-in-the-block-and-a-bound-session")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_graph_pair(item: Pair) -> None:
    assert_pair(item)


def test_a_refusal_names_every_use_outside_the_graph() -> None:
    findings = migrate_source(NO_OPS[0].before, path="pair.py").findings
    blocking = [(f.line, f.message.split(";")[0]) for f in findings if f.code == "TFM201"]
    assert blocking == [
        (3, "tf.constant() builds in the default graph, outside `with g.as_default():`"),
        (6, "graph 'g' is used beyond `with g.as_default():` and `tf.Session(graph=g)`: eager code has no graph object"),
        (8, "this session runs the default graph, not the graph of `with g.as_default():`"),
    ]
    assert all(f.kind is Kind.MANUAL and f.action for f in findings if f.code == "TFM201")


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=3)
