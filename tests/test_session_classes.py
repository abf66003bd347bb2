"""TFM201 graph classes: a class whose ``__init__`` builds a graph becomes a ``tf.Module``.

Before/after pairs and a refusal table, pyupgrade style. The expected outputs
were written out and read line by line; the runnable pairs are checked by
running each 'before' in TF1 graph mode and each 'after' eagerly. A tensor
attribute becomes a method of the placeholders it reads (one call is one TF1
run), ``minimize()`` a GradientTape step, variables stay in ``__init__``; any
use the feature cannot follow leaves the module as written, reported where it is.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

PAIRS = [
    pair(
        "regression-class-trained-then-fetched",
        """
        import numpy as np
        import tensorflow as tf


        class Regression(object):
            def __init__(self, n_in, lr):
                self.x = tf.placeholder(tf.float32, [None, n_in])
                self.y = tf.placeholder(tf.float32, [None, 1])
                self.W = tf.Variable(tf.ones([n_in, 1]))
                self.pred = tf.matmul(self.x, self.W)
                self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
                self.train = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)


        xs = np.array([[1., 2.], [3., 4.]], np.float32)
        ys = np.array([[1.], [2.]], np.float32)
        model = Regression(2, 0.05)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            _, cost = sess.run([model.train, model.loss], {model.x: xs, model.y: ys})
        print(cost, sess.run(model.pred, feed_dict={model.x: xs}))
        """,
        """
        import numpy as np
        import tensorflow as tf


        class Regression(tf.Module):
            def __init__(self, n_in, lr):
                super().__init__()
                self.W = tf.Variable(tf.ones([n_in, 1]))
                self.train_optimizer = tf.keras.optimizers.SGD(learning_rate=lr)

            def pred(self, x):
                x = tf.convert_to_tensor(x, tf.float32)
                return tf.matmul(x, self.W)

            def loss(self, x, y):
                x = tf.convert_to_tensor(x, tf.float32)
                y = tf.convert_to_tensor(y, tf.float32)
                pred = tf.matmul(x, self.W)
                return tf.reduce_mean(tf.square(pred - y))

            def train(self, x, y):
                with tf.GradientTape() as tape:
                    loss_value = self.loss(x, y)
                train_vars = tape.watched_variables()
                self.train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                return loss_value


        xs = np.array([[1., 2.], [3., 4.]], np.float32)
        ys = np.array([[1.], [2.]], np.float32)
        model = Regression(2, 0.05)
        for _ in range(5):
            cost = model.train(x=xs, y=ys).numpy()
        print(cost, model.pred(x=xs).numpy())
        """,
        "5:1 TFM201", "12:22 TFM201", "18:1 TFM201",
    ),
    pair(
        "docstring-local-variable-and-a-parameter-the-tensors-read",
        """
        import tensorflow as tf


        class Scaler:
            "Scales its input by a learned factor."

            def __init__(self, width, init=2.0):
                self.inputs = tf.placeholder(tf.float32, [None, width], name="inputs")
                scale = tf.Variable(init, name="scale")
                flat = tf.reshape(self.inputs, [-1, width * 2])
                self.scaled = flat * scale
                self.total = tf.reduce_sum(self.scaled)

            def describe(self):
                return "scaler"


        net = Scaler(4)
        init = tf.global_variables_initializer()
        with tf.Session() as sess:
            sess.run(init)
            batch = [[1., 2., 3., 4.], [5., 6., 7., 8.]]
            scaled, total = sess.run([net.scaled, net.total], feed_dict={net.inputs: batch})
            print(scaled, total, net.describe())
        """,
        """
        import tensorflow as tf


        class Scaler(tf.Module):
            "Scales its input by a learned factor."

            def __init__(self, width, init=2.0):
                super().__init__()
                self.scale = tf.Variable(init, name="scale")
                self.width = width

            def scaled(self, inputs):
                inputs = tf.convert_to_tensor(inputs, tf.float32)
                flat = tf.reshape(inputs, [-1, self.width * 2])
                return flat * self.scale

            def total(self, inputs):
                inputs = tf.convert_to_tensor(inputs, tf.float32)
                flat = tf.reshape(inputs, [-1, self.width * 2])
                scaled = flat * self.scale
                return tf.reduce_sum(scaled)

            def describe(self):
                return "scaler"


        net = Scaler(4)
        batch = [[1., 2., 3., 4.], [5., 6., 7., 8.]]
        scaled, total = [net.scaled(inputs=batch).numpy(), net.total(inputs=batch).numpy()]
        print(scaled, total, net.describe())
        """,
        "4:1 TFM201", "20:1 TFM201",
    ),
    pair(
        "two-instances-and-dropout-in-the-step",
        """
        import numpy as np
        import tensorflow as tf


        class Classifier:
            def __init__(self, n_in, n_out, keep, lr):
                self.x = tf.placeholder(tf.float32, [None, n_in])
                self.labels = tf.placeholder(tf.float32, [None, n_out])
                self.W = tf.Variable(tf.random_normal([n_in, n_out], stddev=0.5))
                self.b = tf.Variable(tf.zeros([n_out]))
                logits = tf.matmul(tf.nn.dropout(self.x, keep), self.W) + self.b
                self.loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.labels, logits=logits))
                self.train = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)


        np.random.seed(1)
        data = np.random.rand(6, 3).astype(np.float32)
        onehot = np.eye(2, dtype=np.float32)[[0, 1, 0, 1, 1, 0]]
        first = Classifier(3, 2, 0.8, 0.01)
        second = Classifier(3, 2, 1.0, 0.1)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(3):
                _, a = sess.run([first.train, first.loss], {first.x: data, first.labels: onehot})
                l, _ = sess.run([second.loss, second.train], feed_dict={second.x: data, second.labels: onehot})
                print(a, l)
            print(sess.run(first.W), sess.run(second.b))
        """,
        """
        import numpy as np
        import tensorflow as tf


        class Classifier(tf.Module):
            def __init__(self, n_in, n_out, keep, lr):
                super().__init__()
                self.W = tf.Variable(tf.random.normal([n_in, n_out], stddev=0.5))
                self.b = tf.Variable(tf.zeros([n_out]))
                self.train_optimizer = tf.keras.optimizers.SGD(learning_rate=lr)
                self.keep = keep

            def loss(self, x, labels):
                x = tf.convert_to_tensor(x, tf.float32)
                labels = tf.convert_to_tensor(labels, tf.float32)
                logits = tf.matmul(tf.nn.dropout(x, rate=1 - self.keep), self.W) + self.b
                return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))

            def train(self, x, labels):
                with tf.GradientTape() as tape:
                    loss_value = self.loss(x, labels)
                train_vars = tape.watched_variables()
                self.train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                return loss_value


        np.random.seed(1)
        data = np.random.rand(6, 3).astype(np.float32)
        onehot = np.eye(2, dtype=np.float32)[[0, 1, 0, 1, 1, 0]]
        first = Classifier(3, 2, 0.8, 0.01)
        second = Classifier(3, 2, 1.0, 0.1)
        for step in range(3):
            a = first.train(x=data, labels=onehot).numpy()
            l = second.train(x=data, labels=onehot).numpy()
            print(a, l)
        print(first.W.numpy(), second.b.numpy())
        """,
        "5:1 TFM201", "9:30 TFM101", "11:28 TFM101", "12:36 TFM301", "13:22 TFM201", "21:1 TFM201",
    ),
    pair(
        "name-scopes-kept-for-the-variables-and-feeds-bound-to-a-name",
        """
        import numpy as np
        import tensorflow as tf


        class Embedder:
            def __init__(self, vocab, width):
                # token ids
                self.ids = tf.placeholder(tf.int32, [None])
                with tf.name_scope("embedding"):
                    self.table = tf.Variable(tf.random_uniform([vocab, width], -1.0, 1.0), name="table")
                    # one row per id
                    self.rows = tf.nn.embedding_lookup(self.table, self.ids)
                with tf.name_scope("loss"):
                    self.loss = tf.reduce_sum(tf.square(self.rows))
                self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


        model = Embedder(6, 3)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for ids in ([0, 1, 1], [2, 5]):
            feed = {model.ids: np.array(ids)}
            _, loss = sess.run([model.train, model.loss], feed)
            print(loss, sess.run(model.rows, feed_dict=feed))
        """,
        """
        import numpy as np
        import tensorflow as tf


        class Embedder(tf.Module):
            def __init__(self, vocab, width):
                super().__init__()
                # token ids
                with tf.name_scope("embedding"):
                    self.table = tf.Variable(tf.random.uniform([vocab, width], -1.0, 1.0), name="table")
                self.train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

            def rows(self, ids):
                ids = tf.convert_to_tensor(ids, tf.int32)
                # one row per id
                return tf.nn.embedding_lookup(self.table, ids)

            def loss(self, ids):
                ids = tf.convert_to_tensor(ids, tf.int32)
                rows = tf.nn.embedding_lookup(self.table, ids)
                return tf.reduce_sum(tf.square(rows))

            def train(self, ids):
                with tf.GradientTape() as tape:
                    loss_value = self.loss(ids)
                train_vars = tape.watched_variables()
                self.train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                return loss_value


        model = Embedder(6, 3)
        for ids in ([0, 1, 1], [2, 5]):
            feed = {"ids": np.array(ids)}
            loss = model.train(ids=feed["ids"]).numpy()
            print(loss, model.rows(ids=feed["ids"]).numpy())
        """,
        "5:1 TFM201", "10:38 TFM101", "15:22 TFM201", "19:1 TFM201",
    ),
    pair(
        "an-optimizer-bound-to-a-local-and-a-global-step",
        """
        import numpy as np
        import tensorflow as tf


        class Model:
            def __init__(self, lr):
                self.x = tf.placeholder(tf.float32, [None, 2])
                self.y = tf.placeholder(tf.float32, [None])
                self.global_step = tf.Variable(0, trainable=False, name="global_step")
                w = tf.Variable([0.5, -0.5])
                self.loss = tf.reduce_mean(tf.square(tf.reduce_sum(self.x * w, 1) - self.y))
                # a named optimizer, used by minimize() on the next line
                optimizer = tf.train.MomentumOptimizer(lr, 0.9)
                self.train_op = optimizer.minimize(self.loss, global_step=self.global_step)


        model = Model(0.1)
        xs = np.array([[1., 2.], [2., 1.], [0., 1.]], np.float32)
        ys = np.array([1., 0., 2.], np.float32)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(4):
                _, loss = sess.run([model.train_op, model.loss], {model.x: xs, model.y: ys})
                print(loss, sess.run(model.global_step))
        """,
        """
        import numpy as np
        import tensorflow as tf


        class Model(tf.Module):
            def __init__(self, lr):
                super().__init__()
                self.global_step = tf.Variable(0, trainable=False, name="global_step")
                self.w = tf.Variable([0.5, -0.5])
                # a named optimizer, used by minimize() on the next line
                self.optimizer = tf.keras.optimizers.SGD(learning_rate=lr, momentum=0.9)

            def loss(self, x, y):
                x = tf.convert_to_tensor(x, tf.float32)
                y = tf.convert_to_tensor(y, tf.float32)
                return tf.reduce_mean(tf.square(tf.reduce_sum(x * self.w, 1) - y))

            def train_op(self, x, y):
                with tf.GradientTape() as tape:
                    loss_value = self.loss(x, y)
                train_vars = tape.watched_variables()
                self.optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                self.global_step.assign_add(1)
                return loss_value


        model = Model(0.1)
        xs = np.array([[1., 2.], [2., 1.], [0., 1.]], np.float32)
        ys = np.array([1., 0., 2.], np.float32)
        for _ in range(4):
            loss = model.train_op(x=xs, y=ys).numpy()
            print(loss, model.global_step.numpy())
        """,
        "5:1 TFM201", "13:21 TFM201", "13:21 TFM201", "20:1 TFM201",
    ),
    pair(
        "get-variable-in-a-name-scope",
        """
        import numpy as np
        import tensorflow as tf


        class Linear:
            def __init__(self, n_in):
                self.x = tf.placeholder(tf.float32, [None, n_in])
                self.y = tf.placeholder(tf.float32, [None, 1])
                with tf.name_scope("output"):
                    W = tf.get_variable("W", shape=[n_in, 1], initializer=tf.glorot_uniform_initializer())
                    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
                    self.pred = tf.matmul(self.x, W) + b
                self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
                self.train = tf.train.GradientDescentOptimizer(0.1).minimize(self.loss)


        model = Linear(3)
        xs = np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0
        ys = xs.sum(axis=1, keepdims=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                _, loss = sess.run([model.train, model.loss], {model.x: xs, model.y: ys})
            print(loss, sess.run(model.pred, {model.x: xs}))
        """,
        """
        import numpy as np
        import tensorflow as tf


        class Linear(tf.Module):
            def __init__(self, n_in):
                super().__init__()
                with tf.name_scope("output"):
                    self.W = tf.Variable(tf.keras.initializers.GlorotUniform()(shape=[n_in, 1]), name="W")
                    self.b = tf.Variable(tf.zeros_initializer()(shape=[1]), name="b")
                self.train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

            def pred(self, x):
                x = tf.convert_to_tensor(x, tf.float32)
                return tf.matmul(x, self.W) + self.b

            def loss(self, x, y):
                x = tf.convert_to_tensor(x, tf.float32)
                y = tf.convert_to_tensor(y, tf.float32)
                pred = tf.matmul(x, self.W) + self.b
                return tf.reduce_mean(tf.square(pred - y))

            def train(self, x, y):
                with tf.GradientTape() as tape:
                    loss_value = self.loss(x, y)
                train_vars = tape.watched_variables()
                self.train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                return loss_value


        model = Linear(3)
        xs = np.arange(12, dtype=np.float32).reshape(4, 3) / 10.0
        ys = xs.sum(axis=1, keepdims=True)
        for _ in range(3):
            loss = model.train(x=xs, y=ys).numpy()
        print(loss, model.pred(x=xs).numpy())
        """,
        "5:1 TFM201", "10:17 TFM201", "10:67 TFM503", "11:17 TFM201", "14:22 TFM201", "20:1 TFM201",
    ),
    pair(
        "dense-layers-built-in-init-two-instances",
        """
        import numpy as np
        import tensorflow as tf

        tf.set_random_seed(1)
        np.random.seed(1)


        class Net:
            def __init__(self, n_in, lr):
                self.x = tf.placeholder(tf.float32, [None, n_in])
                self.y = tf.placeholder(tf.float32, [None, 1])
                hidden = tf.layers.dense(self.x, 8, tf.nn.relu)
                self.out = tf.layers.dense(hidden, 1)
                self.loss = tf.reduce_mean(tf.square(self.out - self.y))
                self.train = tf.train.GradientDescentOptimizer(lr).minimize(self.loss)


        xs = np.linspace(-1, 1, 20, dtype=np.float32)[:, None]
        ys = xs ** 2
        first = Net(1, 0.1)
        second = Net(1, 0.05)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for step in range(10):
            _, a = sess.run([first.train, first.loss], {first.x: xs, first.y: ys})
            _, b = sess.run([second.train, second.loss], {second.x: xs, second.y: ys})
        print(a, b, sess.run(second.out, {second.x: xs[:3]}))
        """,
        """
        import numpy as np
        import tensorflow as tf

        tf.random.set_seed(1)
        np.random.seed(1)


        class Net(tf.Module):
            def __init__(self, n_in, lr):
                super().__init__()
                self.hidden_layer = tf.keras.layers.Dense(8, activation=tf.nn.relu)
                self.hidden_layer.build((None, n_in))
                self.out_layer = tf.keras.layers.Dense(1)
                self.out_layer.build((None, 8))
                self.train_optimizer = tf.keras.optimizers.SGD(learning_rate=lr)

            def out(self, x):
                x = tf.convert_to_tensor(x, tf.float32)
                hidden = self.hidden_layer(x)
                return self.out_layer(hidden)

            def loss(self, x, y):
                x = tf.convert_to_tensor(x, tf.float32)
                y = tf.convert_to_tensor(y, tf.float32)
                hidden = self.hidden_layer(x)
                out = self.out_layer(hidden)
                return tf.reduce_mean(tf.square(out - y))

            def train(self, x, y):
                with tf.GradientTape() as tape:
                    loss_value = self.loss(x, y)
                train_vars = tape.watched_variables()
                self.train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
                return loss_value


        xs = np.linspace(-1, 1, 20, dtype=np.float32)[:, None]
        ys = xs ** 2
        first = Net(1, 0.1)
        second = Net(1, 0.05)
        for step in range(10):
            a = first.train(x=xs, y=ys).numpy()
            b = second.train(x=xs, y=ys).numpy()
        print(a, b, second.out(x=xs[:3]).numpy())
        """,
        "4:1 TFM101", "8:1 TFM201", "12:18 TFM201", "13:20 TFM201", "15:22 TFM201", "22:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "layer-call-instance-as-value-shared-draw-missing-feed",
        """
        import tensorflow as tf


        class Net:
            def __init__(self):
                self.x = tf.placeholder(tf.float32, [None, 2])
                self.keep = tf.placeholder(tf.float32)
                hidden = tf.layers.dense(self.x * 2.0, 3)
                self.out = tf.nn.dropout(hidden, rate=self.keep)
                self.total = tf.reduce_sum(self.out)


        net = Net()
        nets = [net]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run([net.out, net.total], {net.x: [[1., 2.]], net.keep: 0.5}))
            print(sess.run(net.total, {net.x: [[1., 2.]]}))
        """,
        None,
        "6:18 TFM405", "7:21 TFM405", "8:18 TFM201", "8:18 TFM412", "14:9 TFM201", "16:14 TFM407",
        "17:11 TFM201", "18:11 TFM201",
    ),
    pair(
        "training-op-value-kept-and-a-draw-fetched-twice",
        """
        import tensorflow as tf


        class Net:
            def __init__(self):
                self.x = tf.placeholder(tf.float32, [None, 2])
                self.keep = tf.placeholder(tf.float32)
                self.w = tf.Variable(tf.ones([2]))
                self.out = tf.nn.dropout(self.x * self.w, rate=self.keep)
                self.total = tf.reduce_sum(self.out)
                self.train = tf.train.AdamOptimizer(0.1).minimize(self.total)


        net = Net()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run([net.out, net.total], {net.x: [[1., 2.]], net.keep: 0.5}))
            print(sess.run(net.total, {net.x: [[1., 2.]]}))
            step = sess.run(net.train, {net.x: [[1., 2.]], net.keep: 1.0})
        """,
        None,
        "6:18 TFM405", "7:21 TFM405", "11:22 TFM411", "16:14 TFM407", "17:11 TFM201",
        "18:11 TFM201", "19:12 TFM201",
    ),
    pair(
        "feeds-bound-to-a-name-and-read-elsewhere",
        PAIRS[3].before.replace("tf.random_uniform", "tf.random.uniform").replace(
            "feed_dict=feed))", "feed_dict=feed), feed)"),
        None,
        "8:20 TFM405", "15:22 TFM411", "20:10 TFM407", "24:55 TFM201",
    ),
    pair(
        "an-optimizer-used-beyond-minimize",
        PAIRS[4].before.replace("        self.train_op = optimizer.minimize(self.loss, global_step=self.global_step)\n",
                                "        self.pairs = optimizer.compute_gradients(self.loss)\n"
                                "        self.train_op = optimizer.apply_gradients(self.pairs)\n"),
        None,
        "7:18 TFM405", "8:18 TFM405", "13:21 TFM411", "14:22 TFM201", "15:25 TFM201", "22:14 TFM407",
        "24:19 TFM201",
    ),
    pair(
        "an-attribute-the-graph-read-changed-later",
        """
        import tensorflow as tf


        class Scaler:
            def __init__(self, width):
                self.width = width
                self.inputs = tf.placeholder(tf.float32, [None, width])
                self.total = tf.reduce_sum(tf.reshape(self.inputs, [-1, width]))

            def widen(self):
                self.width = self.width + 1


        net = Scaler(2)
        net.width = 3
        with tf.Session() as sess:
            print(sess.run(net.total, {net.inputs: [[1., 2.]]}))
        """,
        None,
        "7:23 TFM405", "11:9 TFM201", "15:1 TFM201",
    ),
    pair(
        "a-class-no-module-code-instantiates",
        """
        import tensorflow as tf


        class Net:
            def __init__(self):
                self.x = tf.placeholder(tf.float32, [None, 2])
                self.total = tf.reduce_sum(self.x)
        """,
        None,
        "6:18 TFM405",
    ),
]

RUNNABLE = ("regression-class-trained-then-fetched", "docstring-local-variable-and-a-parameter-the-tensors-read",
            "two-instances-and-dropout-in-the-step", "name-scopes-kept-for-the-variables-and-feeds-bound-to-a-name",
            "an-optimizer-bound-to-a-local-and-a-global-step", "get-variable-in-a-name-scope",
            "dense-layers-built-in-init-two-instances")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_graph_class_pair(item: Pair) -> None:
    assert_pair(item)


def test_a_refusal_names_each_use_it_cannot_follow() -> None:
    findings = migrate_source(NO_OPS[1].before, path="pair.py").findings
    blocking = [(f.line, f.message.split(";")[0]) for f in findings if f.code == "TFM201"]
    assert blocking == [
        (17, "a run fetching several tensors of net that draw random numbers: TF1 drew once for the run, one method "
             "call per tensor draws once each"),
        (18, "net.total reads placeholder keep, which this run does not feed: TF1 raised here"),
        (19, "the training op's value (None in TF1) is assigned to a name"),
    ]
    assert all(f.kind is Kind.MANUAL and f.action for f in findings if f.code == "TFM201")


RMSPROP_CLASS = PAIRS[2].before.replace("GradientDescentOptimizer", "RMSPropOptimizer")


def test_a_tf1_rmsprop_step_in_a_class_keeps_tf1s_update(tmp_path: pathlib.Path) -> None:
    """RMSProp has no Keras equivalent: the module defines TF1's update once, and the trained values match TF1's."""
    from tfmigrate.verify.runner import format_report, verify_pair

    migrated = migrate_source(RMSPROP_CLASS, path="pair.py").code
    assert migrated.count("class RMSPropTF1") == 1
    assert "self.train_optimizer = RMSPropTF1(learning_rate=lr)" in migrated
    original, after = tmp_path / "original.py", tmp_path / "migrated.py"
    original.write_text(RMSPROP_CLASS, encoding="utf-8")
    after.write_text(migrated, encoding="utf-8")
    report = verify_pair(original, after)
    assert report.passed, format_report(report)
    assert report.counts()[0] >= 8


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=10)


# Cases an independent review wrote to break the feature (tests/data/graph_classes/): each one
# converted and then computed something else, or crashed. Now each is refused, with the cause ...
DATA = pathlib.Path(__file__).parent / "data" / "graph_classes"
REFUSED = {
    "a_name.py": (5, "self.name is a member tf.Module defines itself"),
    "b_rebind.py": (6, "scale is bound again after a tensor read it"),
    "c_augassign.py": (11, "offset is bound more than once at module level"),
    "list_mutated.py": (9, "weights is bound more than once at module level"),
    "q_attr_rebind.py": (5, "self.keep is set again after a tensor read it"),
    "o_feeddup.py": (24, "the value fed to net.x would be computed 2 times"),
    "o2_dropped_feed.py": (21, "the value fed to net.keep would be computed 0 times"),
    "m2_numpyfunc.py": (22, "a run fetching several tensors of net that draw random numbers"),
    "r_momentum.py": (11, "tf.train.MomentumOptimizer on a loss that reads some rows of a variable"),
    "g_list.py": (7, "stats holds several tensors"),
    "k_none_first.py": (10, "loss is bound twice in __init__"),
    "f_shadow.py": (11, "bias is a module name here, and a tensor or placeholder of the class has the same name"),
    "d_classattr.py": (10, "self.temperature is not set once in __init__ above the tensor that reads it"),
    "e_stored.py": (6, "self.width is changed here, but the graph read it when __init__ built it"),
}
# ... or converts and computes what TF1 computed (checked below against TF1 graph mode).
CONVERTED = ("h_unpack.py", "h2_unpack_global.py", "p_dtype.py", "dense_only.py", "l_sparse.py")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_reviewed_break_is_refused_with_its_cause(name: str) -> None:
    source = (DATA / "refused" / name).read_text(encoding="utf-8")
    result = migrate_source(source, path=name)
    assert "tf.Module" not in result.code
    line, cause = REFUSED[name]
    refusals = [(f.line, f.message) for f in result.findings if f.code == "TFM201" and f.kind is Kind.MANUAL]
    assert any(at == line and message.startswith(cause) for at, message in refusals), refusals


def test_reviewed_cases_that_convert_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    from tfmigrate.verify.runner import format_report, verify_pair

    sources = [(DATA / "converted" / name).read_text(encoding="utf-8") for name in CONVERTED]
    migrated = [migrate_source(source, path=name).code for source, name in zip(sources, CONVERTED)]
    assert all("tf.Module" in code for code in migrated)
    original, after = tmp_path / "original.py", tmp_path / "migrated.py"
    original.write_text("\n".join(sources), encoding="utf-8")
    after.write_text("\n".join(migrated), encoding="utf-8")
    report = verify_pair(original, after)
    assert report.passed, format_report(report)
    assert report.counts()[0] >= 10
