"""TFM201 variables, layers and scopes: created once where TF1 created them, applied per run.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. The ``tf.get_variable`` pair is also run on both sides and
compared value by value, and so are the glorot-uniform default and the
``tf.layers`` pair: the verifier replays initializer draws on both sides, and
runs ``tf.layers`` through the tf-keras package (TF 2.21 with Keras 3 has no
``tf.compat.v1.layers``). The pair with ``tf.contrib`` has no TF1 run.
"""

from __future__ import annotations

import importlib.util
import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "get-variable-under-a-label-scope",
        """
        import numpy as np
        import tensorflow as tf
        xs = np.linspace(-1., 1., 8).reshape(4, 2).astype(np.float32)
        x = tf.placeholder(tf.float32, [None, 2])
        with tf.variable_scope("layer1"):
            W = tf.get_variable("W", [2, 3], initializer=tf.constant_initializer(0.1))
            b = tf.get_variable("b", initializer=tf.zeros([3]))
            h = tf.nn.relu(tf.matmul(x, W) + b)
        loss = tf.reduce_mean(tf.square(tf.reduce_sum(h, 1) - 1.))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for i in range(3):
            _, l = sess.run([train, loss], {x: xs})
        print(l, sess.run(W))
        """,
        """
        import numpy as np
        import tensorflow as tf
        xs = np.linspace(-1., 1., 8).reshape(4, 2).astype(np.float32)
        W = tf.Variable(tf.constant_initializer(0.1)(shape=[2, 3]), name="W")
        b = tf.Variable(tf.zeros([3]), name="b")
        def h(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.nn.relu(tf.matmul(x, W) + b)
        def loss(x):
            return tf.reduce_mean(tf.square(tf.reduce_sum(h(x), 1) - 1.))
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train(x):
            with tf.GradientTape() as tape:
                loss_value = loss(x)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for i in range(3):
            l = train(x=xs).numpy()
        print(l, W.numpy())
        """,
        "5:1 TFM201", "6:9 TFM201", "7:9 TFM201", "10:9 TFM201", "11:1 TFM201",
    ),
    pair(
        "get-variable-default-initializer-is-glorot-uniform",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 3])
        w = tf.get_variable("w", shape=[3, 2])
        y = tf.matmul(x, w)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(y, {x: [[1., 2., 3.]]}))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(tf.keras.initializers.GlorotUniform()(shape=[3, 2]), name="w")
        def y(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.matmul(x, w)
        print(y(x=[[1., 2., 3.]]).numpy())
        """,
        "3:5 TFM201", "5:1 TFM201",
    ),
    pair(
        "dense-layers-draw-their-kernels-as-tf1-did",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 3])
        h = tf.layers.dense(x, 4, activation=tf.nn.relu)
        out = tf.layers.dense(inputs=h, units=2, use_bias=False)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(out, {x: [[1., 2., 3.]]}))
        """,
        """
        import tensorflow as tf
        h_layer = tf.keras.layers.Dense(4, activation=tf.nn.relu)
        def h(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return h_layer(x)
        out_layer = tf.keras.layers.Dense(2, use_bias=False)
        def out(x):
            return out_layer(h(x))
        print(out(x=[[1., 2., 3.]]).numpy())
        """,
        "3:5 TFM201", "4:7 TFM201", "5:1 TFM201",
    ),
    pair(
        "dense-and-fully-connected-layers-created-once",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 4])
        h = tf.layers.dense(x, 8, activation=tf.nn.relu)
        g = tf.contrib.layers.fully_connected(h, 4)
        out = tf.layers.dense(inputs=g, units=1, use_bias=False)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        print(sess.run(out, {x: [[1., 2., 3., 4.]]}))
        """,
        """
        import tensorflow as tf
        h_layer = tf.keras.layers.Dense(8, activation=tf.nn.relu)
        def h(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return h_layer(x)
        g_layer = tf.keras.layers.Dense(4, activation=tf.nn.relu)
        def g(x):
            return g_layer(h(x))
        out_layer = tf.keras.layers.Dense(1, use_bias=False)
        def out(x):
            return out_layer(g(x))
        print(out(x=[[1., 2., 3., 4.]]).numpy())
        """,
        "3:5 TFM201", "4:5 TFM201", "5:7 TFM201", "6:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "variable-scope-with-reuse-stays",
        """
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 2])
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            w = tf.get_variable("w", [2, 2])
        sess = tf.Session()
        print(sess.run(tf.matmul(x, w), {x: [[1., 2.]]}))
        """,
        None,
        "2:5 TFM405", "3:6 TFM404", "3:40 TFM404", "4:9 TFM201", "4:9 TFM404",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_variables_pair(item: Pair) -> None:
    assert_pair(item)


# The originals' tf.layers run only with the tf-keras package (the test extra installs it).
TF_KERAS_MISSING = importlib.util.find_spec("tf_keras") is None
COMPUTED = ("get-variable-under-a-label-scope", "get-variable-default-initializer-is-glorot-uniform")
COMPUTED_WITH_TF_KERAS = ("dense-layers-draw-their-kernels-as-tf1-did",)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    names = COMPUTED if TF_KERAS_MISSING else COMPUTED + COMPUTED_WITH_TF_KERAS
    assert_pairs_compute_the_same(PAIRS, names, tmp_path, minimum_values=3 + len(names))
