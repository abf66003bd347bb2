"""TFM201: a module-level ``for`` loop that makes variables and rebuilds one tensor converts pass by pass.

The loop stays, so the variables are made once and in order; each pass is
recorded, and the tensor becomes a function that replays the passes from
the value its name held before the loop. Any other loop that builds graph
code is refused, with a finding at each blocking use. Before/after pairs
and refusals, pyupgrade style; expected outputs written by hand, the
runnable ones checked against TF1 graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "weights-made-per-pass-and-a-tensor-carried-through",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        y = tf.placeholder(tf.float32)
        pred = tf.Variable(0.25, name="bias")
        for power in range(1, 3):
            w = tf.Variable(0.5 / power)
            pred = pred + w * tf.pow(x, power)
        loss = tf.reduce_mean(tf.square(pred - y))
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train, feed_dict={x: [0., 1., 2.], y: [1., 2., 5.]})
            fitted = sess.run(pred, feed_dict={x: [0.5, 1.5]})
            last_w = sess.run(w)
        """,
        """
        import tensorflow as tf
        pred = tf.Variable(0.25, name="bias")
        pred_passes = []
        for power in range(1, 3):
            w = tf.Variable(0.5 / power)
            pred_passes.append((power, w))
        def pred(x, pred=pred):
            x = tf.convert_to_tensor(x, tf.float32)
            for power, w in pred_passes:
                pred = pred + w * tf.pow(x, power)
            return pred
        def loss(x, y):
            y = tf.convert_to_tensor(y, tf.float32)
            return tf.reduce_mean(tf.square(pred(x) - y))
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)
        def train(x, y):
            with tf.GradientTape() as tape:
                loss_value = loss(x, y)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(3):
            train(x=[0., 1., 2.], y=[1., 2., 5.])
        fitted = pred(x=[0.5, 1.5]).numpy()
        last_w = w.numpy()
        """,
        "5:1 TFM201", "9:9 TFM201", "10:1 TFM201",
    ),
    pair(  # each pass builds the tensor afresh: the last pass's tensor is the one the name holds
        "tensor-rebuilt-afresh-on-each-pass",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        for k in range(2):
            scale = tf.Variable(2.0 + k)
            out = scale * x
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            result = sess.run(out, feed_dict={x: 3.0})
        """,
        """
        import tensorflow as tf
        out_passes = []
        for k in range(2):
            scale = tf.Variable(2.0 + k)
            out_passes.append(scale)
        def out(x):
            x = tf.convert_to_tensor(x, tf.float32)
            for scale in out_passes:
                out = scale * x
            return out
        result = out(x=3.0).numpy()
        """,
        "3:1 TFM201", "6:1 TFM201",
    ),
]

# Refused loops: left as written, one finding per blocking use.
REFUSALS = [
    pair(  # two tensors rebuilt per pass: g of one pass reads h of the same pass
        "two-tensors-rebuilt-in-one-loop",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        h = tf.Variable(1.0)
        for k in range(2):
            w = tf.Variable(2.0)
            h = h * w + x
            g = h * 2.
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(g, feed_dict={x: 3.0}))
        """,
        None,
        "2:5 TFM405", "6:17 TFM201", "7:5 TFM201", "9:14 TFM407",
    ),
    pair(  # carried from a recomputed tensor, with a random draw on each pass
        "random-draw-carried-from-a-tensor",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        h = x * 2.
        for k in range(2):
            h = h + tf.random_normal([]) * x
        with tf.Session() as sess:
            print(sess.run(h, feed_dict={x: 3.0}))
        """,
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        h = x * 2.
        for k in range(2):
            h = h + tf.random.normal([]) * x
        with tf.Session() as sess:
            print(sess.run(h, feed_dict={x: 3.0}))
        """,
        "2:5 TFM405", "3:1 TFM201", "5:5 TFM201", "5:9 TFM201", "5:9 TFM201", "5:13 TFM101", "5:13 TFM201",
        "5:36 TFM201",
    ),
    pair(  # Python work in the loop: not a loop of graph lines
        "python-work-in-the-loop",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        h = tf.Variable(1.0)
        for k in range(2):
            print(k)
            h = h * x
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(h, feed_dict={x: 3.0}))
        """,
        None,
        "2:5 TFM405", "6:13 TFM201", "8:14 TFM407",
    ),
]

RUNNABLE = ("weights-made-per-pass-and-a-tensor-carried-through", "tensor-rebuilt-afresh-on-each-pass")


@pytest.mark.parametrize("item", PAIRS + REFUSALS, ids=lambda item: item.id)
def test_graph_loop_pair(item: Pair) -> None:
    assert_pair(item)


def test_refusal_names_the_loop_and_each_blocking_use() -> None:
    from tfmigrate.engine import migrate_source

    findings = migrate_source(REFUSALS[1].before, path="pair.py").findings
    messages = [f.message.split(";")[0] for f in findings if f.code == "TFM201"]
    assert "'h' is rebuilt in a module-level for loop from a value that is not a variable" in messages
    assert "tf.random_normal draws random values in the tensor 'h' rebuilt by a module-level for loop" in messages
    assert "x is read by a tensor built inside a module-level for loop" in messages


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before's, TF 2 eager on their 'after's, compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=3)
