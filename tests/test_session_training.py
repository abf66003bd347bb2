"""TFM201 training steps: a training op fetched with any other values, and the tf.train optimizers.

Before/after pairs and a no-op table, pyupgrade style. The expected outputs
were written by hand from TF1's meaning: in one run, the loss and the tensors
it is computed from hold their values from before the update, and a variable
fetched in the same run holds its value after it (a TF1 graph-mode run shows
it: W = 0.5, one step of 0.01 on the data below, fetched W = 0.72). The
runnable pairs are also run on both sides and compared value by value.
"""

from __future__ import annotations

import pathlib
import textwrap

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source

GRAPH = """
import numpy as np
import tensorflow as tf
xs = np.array([1., 2., 3., 4.], np.float32)
ys = np.array([2., 4., 6., 8.], np.float32)
x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
W = tf.Variable(0.5)
b = tf.Variable(0.1)
h = W * x + b
cost = tf.reduce_mean(tf.square(h - y))
"""
GRAPH_TF2 = """
import numpy as np
import tensorflow as tf
xs = np.array([1., 2., 3., 4.], np.float32)
ys = np.array([2., 4., 6., 8.], np.float32)
W = tf.Variable(0.5)
b = tf.Variable(0.1)
def h(x):
    x = tf.convert_to_tensor(x, tf.float32)
    return W * x + b
def cost(x, y):
    y = tf.convert_to_tensor(y, tf.float32)
    return tf.reduce_mean(tf.square(h(x) - y))
"""
SGD_STEP = """
train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.01)
def train(x, y):
    with tf.GradientTape() as tape:
        loss_value = cost(x, y)
    train_vars = tape.watched_variables()
    train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
    return loss_value
"""
TRAIN = "train = tf.train.GradientDescentOptimizer(0.01).minimize(cost)\nsess = tf.Session()\n" \
        "sess.run(tf.global_variables_initializer())\n"


def training_pair(id: str, loop: str, loop_tf2: str, *findings: str) -> Pair:
    """A pair on the shared linear-regression graph (lines 1-10), its step (11) and session (12-13)."""
    return pair(id, GRAPH + TRAIN + textwrap.dedent(loop), GRAPH_TF2 + SGD_STEP.lstrip("\n") + textwrap.dedent(loop_tf2),
                "11:9 TFM201", "12:1 TFM201", *findings)


PAIRS = [
    training_pair(
        "train-loss-and-variables",
        """
        for step in range(3):
            _, c, w, bias = sess.run([train, cost, W, b], feed_dict={x: xs, y: ys})
        """,
        """
        for step in range(3):
            c = train(x=xs, y=ys).numpy()
            w, bias = W.numpy(), b.numpy()
        """,
    ),
    training_pair(
        "loss-and-hypothesis-then-train",
        """
        for step in range(3):
            c, p, _ = sess.run([cost, h, train], feed_dict={x: xs, y: ys})
        """,
        """
        for step in range(3):
            c, p = cost(x=xs, y=ys).numpy(), h(x=xs).numpy()
            train(x=xs, y=ys)
        """,
    ),
    training_pair(
        "hypothesis-loss-train-variable",
        """
        for step in range(3):
            p, c, _, w = sess.run([h, cost, train, W], {x: xs, y: ys})
        """,
        """
        for step in range(3):
            p = h(x=xs).numpy()
            c = train(x=xs, y=ys).numpy()
            w = W.numpy()
        """,
    ),
    training_pair(
        "train-and-loss-printed",
        """
        print(sess.run([train, cost], feed_dict={x: xs, y: ys}))
        """,
        """
        print([None, train(x=xs, y=ys).numpy()])
        """,
    ),
    training_pair(
        "train-and-loss-as-a-statement",
        """
        sess.run([train, cost], feed_dict={x: xs, y: ys})
        print(sess.run(W))
        """,
        """
        train(x=xs, y=ys).numpy()
        print(W.numpy())
        """,
    ),
    pair(
        "momentum-nesterov",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        opt = tf.train.MomentumOptimizer(0.1, momentum=0.9, use_nesterov=True)
        step = opt.minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(step)
        print(sess.run(w))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss():
            return tf.square(w - 3.)
        opt = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)
        def step():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            opt.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(5):
            step()
        print(w.numpy())
        """,
        "4:7 TFM201", "4:7 TFM201", "6:1 TFM201",
    ),
]

PAIRS += [
    pair(
        "compute-clip-apply-gradients",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32)
        w = tf.Variable(1.)
        loss = tf.square(w * x - 5.)
        opt = tf.train.GradientDescentOptimizer(0.1)
        grads_and_vars = opt.compute_gradients(loss, var_list=[w])
        clipped = [(tf.clip_by_value(g, -1., 1.), v) for g, v in grads_and_vars]
        train = opt.apply_gradients(clipped)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            _, l = sess.run([train, loss], feed_dict={x: 2.})
        print(sess.run(w), l)
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.square(w * x - 5.)
        opt = tf.keras.optimizers.SGD(learning_rate=0.1)
        def grads_and_vars(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = [w]
            return list(zip(tape.gradient(loss_value, train_vars), train_vars))
        def clipped(x):
            return [(tf.clip_by_value(g, -1., 1.), v) for g, v in grads_and_vars(x)]
        def train(x):
            opt.apply_gradients(clipped(x))
        for _ in range(4):
            l = loss(x=2.).numpy()
            train(x=2.)
        print(w.numpy(), l)
        """,
        "5:7 TFM201", "8:9 TFM201", "9:1 TFM201",
    ),
    pair(
        "adagrad-adadelta-ftrl-with-tf1-defaults",
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        loss = tf.square(w - 3.)
        a = tf.train.AdagradOptimizer(0.5).minimize(loss)
        d = tf.train.AdadeltaOptimizer(rho=0.9).minimize(loss)
        f = tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(a)
            sess.run(d)
            sess.run(f)
        print(sess.run(w))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(1.)
        def loss():
            return tf.square(w - 3.)
        a_optimizer = tf.keras.optimizers.Adagrad(learning_rate=0.5, initial_accumulator_value=0.1, epsilon=0.0)
        def a():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            a_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        d_optimizer = tf.keras.optimizers.Adadelta(rho=0.9, learning_rate=0.001, epsilon=1e-08)
        def d():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            d_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        f_optimizer = tf.keras.optimizers.Ftrl(learning_rate=0.5, l1_regularization_strength=0.01)
        def f():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            f_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(3):
            a()
            d()
            f()
        print(w.numpy())
        """,
        "4:5 TFM201", "4:5 TFM201", "5:5 TFM201", "5:5 TFM201", "6:5 TFM201", "6:5 TFM201", "7:1 TFM201",
    ),
]

PAIRS += [
    pair(
        "initializer-run-again-resets-constant-variables",
        """
        import tensorflow as tf
        w = tf.Variable(5.)
        b = tf.Variable(tf.zeros([2]))
        loss = tf.reduce_sum(tf.square(w - b - 1.))
        init = tf.global_variables_initializer()
        step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(init)
        sess.run(step)
        before = sess.run(w)
        sess.run(init)
        print(before, sess.run(w), sess.run(b))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(5.)
        b = tf.Variable(tf.zeros([2]))
        def loss():
            return tf.reduce_sum(tf.square(w - b - 1.))
        step_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def step():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            step_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        step()
        before = w.numpy()
        w.assign(5.)
        b.assign(tf.zeros([2]))
        print(before, w.numpy(), b.numpy())
        """,
        "6:8 TFM201", "7:1 TFM201", "11:1 TFM201",
    ),
]

# Runs TF1 could answer in two ways, or that would need a value twice: left as written.
NO_OPS = [
    pair(
        "variable-fetched-before-the-loss",
        GRAPH + TRAIN + "w, c, _ = sess.run([W, cost, train], feed_dict={x: xs, y: ys})\n",
        None,
        "5:5 TFM405", "6:5 TFM405", "11:9 TFM411", "13:10 TFM407", "14:20 TFM201",
    ),
    pair(
        "expression-over-variables-fetched-with-train",
        GRAPH + TRAIN + "p, _ = sess.run([W * x, train], feed_dict={x: xs, y: ys})\n",
        None,
        "5:5 TFM405", "6:5 TFM405", "11:9 TFM411", "13:10 TFM407", "14:18 TFM201",
    ),
    pair(
        "two-training-ops-in-one-run",
        GRAPH + TRAIN + "other = tf.train.GradientDescentOptimizer(0.1).minimize(cost)\n"
        "sess.run([train, other], feed_dict={x: xs, y: ys})\n",
        None,
        "5:5 TFM405", "6:5 TFM405", "11:9 TFM411", "13:10 TFM407", "14:9 TFM411", "15:10 TFM201",
    ),
]

NO_OPS += [
    pair(
        "initializer-run-again-with-adam-stays",
        """
        import tensorflow as tf
        w = tf.Variable(5.)
        loss = tf.square(w - 1.)
        step = tf.train.AdamOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        sess.run(tf.global_variables_initializer())
        """,
        None,
        "4:8 TFM411", "6:10 TFM407", "8:1 TFM201", "8:10 TFM407",
    ),
]

RUNNABLE = ("train-loss-and-variables", "loss-and-hypothesis-then-train", "hypothesis-loss-train-variable",
            "train-and-loss-printed", "train-and-loss-as-a-statement", "momentum-nesterov",
            "compute-clip-apply-gradients", "adagrad-adadelta-ftrl-with-tf1-defaults",
            "initializer-run-again-resets-constant-variables")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_training_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=30)


def test_a_train_op_called_optimizer_does_not_name_its_optimizer_optimizer_optimizer() -> None:
    source = (
        "import numpy as np\nimport tensorflow as tf\nx = tf.placeholder(tf.float32, [None])\nw = tf.Variable(1.0)\n"
        "loss = tf.reduce_mean(tf.square(w * x - 2.0))\n"
        "optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
        "sess = tf.Session()\nsess.run(tf.global_variables_initializer())\ndata = np.ones(3)\n"
        "_, c = sess.run([optimizer, loss], feed_dict={x: data})\n"
    )
    code = migrate_source(source).code
    assert "keras_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)" in code
    assert "optimizer_optimizer" not in code
