"""TFM201: graph code written inside ``with tf.Session() as sess:`` converts like module-level graph code.

The session block is unwrapped when its section converts, so a tensor built
at the top of the block (an accuracy after training, say) is recomputed like
one built above it. Before/after pairs and a no-op table, pyupgrade style;
expected outputs written by hand, the runnable one checked against TF1
graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "accuracy-built-after-training-and-evaluated",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        y = tf.placeholder(tf.float32, [None, 2])
        W = tf.Variable([[0.5, -0.5], [-1., 1.]])
        pred = tf.nn.softmax(tf.matmul(x, W))
        cost = tf.reduce_mean(-tf.reduce_sum(y * tf.log(pred), axis=1))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                _, c = sess.run([step, cost], feed_dict={x: [[1., 0.], [0., 1.]], y: [[1., 0.], [0., 1.]]})
            hits = tf.equal(tf.argmax(pred, 1), tf.argmax(y, 1))
            accuracy = tf.reduce_mean(tf.cast(hits, tf.float32))
            print(c, accuracy.eval({x: [[2., 1.], [1., 3.]], y: [[1., 0.], [1., 0.]]}))
        """,
        """
        import tensorflow as tf
        W = tf.Variable([[0.5, -0.5], [-1., 1.]])
        def pred(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.nn.softmax(tf.matmul(x, W))
        def cost(x, y):
            y = tf.convert_to_tensor(y, tf.float32)
            return tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(pred(x)), axis=1))
        step_optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
        def step(x, y):
            with tf.GradientTape() as tape:
                loss_value = cost(x, y)
            train_vars = tape.watched_variables()
            step_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(3):
            c = step(x=[[1., 0.], [0., 1.]], y=[[1., 0.], [0., 1.]]).numpy()
        def hits(x, y):
            y = tf.convert_to_tensor(y, tf.float32)
            return tf.equal(tf.argmax(pred(x), 1), tf.argmax(y, 1))
        def accuracy(x, y):
            return tf.reduce_mean(tf.cast(hits(x, y), tf.float32))
        print(c, accuracy(x=[[2., 1.], [1., 3.]], y=[[1., 0.], [1., 0.]]).numpy())
        """,
        "6:42 TFM101", "7:8 TFM201", "8:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "graph-built-in-a-loop-inside-the-block",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        with tf.Session() as sess:
            for i in range(2):
                y = x * i
                print(sess.run(y, feed_dict={x: 1.}))
        """,
        None,
        "2:5 TFM405", "5:13 TFM201",
    ),
]

RUNNABLE = ("accuracy-built-after-training-and-evaluated",)


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_session_block_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before', TF 2 eager on its 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=4)
