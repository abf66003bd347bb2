"""TFM201 training steps on rows read sparsely (tf.gather, embedding lookups).

The gradient of such a read is a ``tf.IndexedSlices``. TF1's optimizers summed
repeated rows and then ran their sparse kernel: for Adam and Adagrad that is
the update of the dense (summed) gradient, while Keras applies each repeat on
its own (measured on ids ``[0, 1, 1, 3, 3, 3]``: a loss 1.6 away from TF1's after
five Adam steps). So the step hands those optimizers dense gradients. Momentum,
Adadelta and FTRL updated only the rows read; no Keras optimizer does, so such a
step is refused. The runnable pairs are checked against TF1 graph mode.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "adagrad-on-an-embedding-lookup-with-repeated-ids",
        """
        import numpy as np
        import tensorflow as tf

        table = tf.Variable(np.linspace(-1, 1, 12).reshape(4, 3).astype(np.float32))
        ids = tf.placeholder(tf.int32, [None])
        loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, ids)))
        train = tf.train.AdagradOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            _, l = sess.run([train, loss], {ids: [0, 1, 1, 3, 3, 3]})
        print(l, sess.run(table))
        """,
        """
        import numpy as np
        import tensorflow as tf

        table = tf.Variable(np.linspace(-1, 1, 12).reshape(4, 3).astype(np.float32))
        def loss(ids):
            ids = tf.convert_to_tensor(ids, tf.int32)
            return tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, ids)))
        train_optimizer = tf.keras.optimizers.Adagrad(learning_rate=0.1, initial_accumulator_value=0.1, epsilon=0.0)
        def train(ids):
            with tf.GradientTape() as tape:
                loss_value = loss(ids)
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip([g if g is None else tf.convert_to_tensor(g) for g in tape.gradient(loss_value, train_vars)], train_vars))
            return loss_value
        for _ in range(5):
            l = train(ids=[0, 1, 1, 3, 3, 3]).numpy()
        print(l, table.numpy())
        """,
        "7:9 TFM201", "7:9 TFM201", "7:9 TFM201", "8:1 TFM201",
    ),
    pair(
        "adagrad-in-a-graph-class",
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
                self.train = tf.train.AdagradOptimizer(0.1).minimize(self.loss)


        model = Embedder(6, 3)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for ids in ([0, 1, 1, 1], [2, 5]):
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
                self.train_optimizer = tf.keras.optimizers.Adagrad(learning_rate=0.1, initial_accumulator_value=0.1, epsilon=0.0)

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
                self.train_optimizer.apply_gradients(zip([g if g is None else tf.convert_to_tensor(g) for g in tape.gradient(loss_value, train_vars)], train_vars))
                return loss_value


        model = Embedder(6, 3)
        for ids in ([0, 1, 1, 1], [2, 5]):
            feed = {"ids": np.array(ids)}
            loss = model.train(ids=feed["ids"]).numpy()
            print(loss, model.rows(ids=feed["ids"]).numpy())
        """,
        "5:1 TFM201", "10:38 TFM101", "15:9 TFM201", "15:22 TFM201", "15:22 TFM201", "19:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "momentum-updated-only-the-rows-read",
        """
        import numpy as np
        import tensorflow as tf

        table = tf.Variable(np.linspace(-1, 1, 12).reshape(4, 3).astype(np.float32))
        ids = tf.placeholder(tf.int32, [None])
        loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, ids)))
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            _, l = sess.run([train, loss], {ids: [0, 1, 1, 3, 3, 3]})
        print(l, sess.run(table))
        """,
        None,
        "5:7 TFM405", "7:9 TFM201", "7:9 TFM411", "9:10 TFM407",
    ),
]

RUNNABLE = ("adagrad-on-an-embedding-lookup-with-repeated-ids", "adagrad-in-a-graph-class")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_sparse_step_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=8)
