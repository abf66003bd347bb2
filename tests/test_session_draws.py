"""TFM201 random draws: TF1 drew each random op once per run, however many tensors of the run read it.

A recomputed tensor is a function, and each call draws anew, so a tensor
(or a fetched expression) that reaches one draw along two paths would draw
twice where TF1 drew once: ``c = a - 2. * b`` over ``a = r * 2.`` and
``b = r + 1.`` was -2 in every TF1 run. A tensor that reads a draw itself
more than once (``h = r * 2.`` then ``h = h - r``) calls it once, into a
local. A loss fetched with its training
op is the step's own evaluation, so it reads the step's draw (dropout).
Before/after pairs and a no-op
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

PAIRS += [
    pair(
        "a-dropout-loss-fetched-with-its-training-op",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        keep = tf.placeholder(tf.float32)
        w = tf.Variable([[1.], [2.]])
        h = tf.nn.dropout(tf.matmul(x, w), keep)
        cost = tf.reduce_mean(tf.square(h - 1.))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            _, c = sess.run([train, cost], feed_dict={x: [[1., 2.], [3., 4.]], keep: 0.5})
            print(c)
        """,
        """
        import tensorflow as tf
        w = tf.Variable([[1.], [2.]])
        def h(x, keep):
            x = tf.convert_to_tensor(x, tf.float32)
            keep = tf.convert_to_tensor(keep, tf.float32)
            return tf.nn.dropout(tf.matmul(x, w), rate=1 - keep)
        def cost(x, keep):
            return tf.reduce_mean(tf.square(h(x, keep) - 1.))
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x, keep):
            with tf.GradientTape() as tape:
                loss_value = cost(x, keep)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(3):
            c = train(x=[[1., 2.], [3., 4.]], keep=0.5).numpy()
            print(c)
        """,
        "5:5 TFM101", "7:9 TFM201", "8:1 TFM201",
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
        def r(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.random.uniform([3]) + x
        def h(x):
            r_value = r(x)
            h = r_value * 2.
            return h - r_value
        print(h(x=0.).numpy())
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
        "a-dropout-tensor-fetched-with-the-step-and-its-loss",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        w = tf.Variable([[1.], [2.]])
        h = tf.nn.dropout(tf.matmul(x, w), 0.5)
        cost = tf.reduce_mean(tf.square(h - 1.))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
        sess = tf.Session()
        _, c, hv = sess.run([train, cost, h], feed_dict={x: [[1., 2.]]})
        """,
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        w = tf.Variable([[1.], [2.]])
        h = tf.nn.dropout(tf.matmul(x, w), rate=1 - 0.5)
        cost = tf.reduce_mean(tf.square(h - 1.))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
        sess = tf.Session()
        _, c, hv = sess.run([train, cost, h], feed_dict={x: [[1., 2.]]})
        """,
        "2:5 TFM405", "4:5 TFM101", "6:9 TFM411", "8:21 TFM201",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_draw_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on the runnable 'before', TF 2 eager on its 'after': the verifier replays the draws."""
    assert_pairs_compute_the_same(PAIRS, ("a-draw-read-along-one-path", "a-dropout-loss-fetched-with-its-training-op",
                                          "a-tensor-built-in-steps-reads-the-draw-in-each"),
                                  tmp_path, minimum_values=2)
