"""TFM201 dataset iterators: a one-shot iterator's ``get_next()`` run per step, as eager iteration.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. The iterator becomes ``iter(dataset)`` and the element a
function returning ``get_next()``, only when the dataset's order is
provably TF1's (a tensor that reads the element twice calls get_next()
once, into a local); a shuffle, a draw in a dataset function and any other
use of the iterator are reported, each where it is.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

from tfmigrate.engine import migrate_source

PAIRS = [
    pair(
        "method-form-read-until-out-of-range",
        """
        import tensorflow as tf
        dataset = tf.data.Dataset.from_tensor_slices([1., 2., 3., 4., 5.]).map(lambda v: v * 2.0).batch(2)
        iterator = dataset.make_one_shot_iterator()
        next_batch = iterator.get_next()
        total = 0.0
        with tf.Session() as sess:
            while True:
                try:
                    total += sess.run(next_batch).sum()
                except tf.errors.OutOfRangeError:
                    break
        """,
        """
        import tensorflow as tf
        dataset = tf.data.Dataset.from_tensor_slices([1., 2., 3., 4., 5.]).map(lambda v: v * 2.0).batch(2)
        iterator = iter(dataset)
        def next_batch():
            return iterator.get_next()
        total = 0.0
        while True:
            try:
                total += next_batch().numpy().sum()
            except tf.errors.OutOfRangeError:
                break
        """,
        "3:12 TFM201", "6:1 TFM201",
    ),
    pair(
        "training-steps-read-the-next-batch",
        """
        import tensorflow as tf
        w = tf.Variable(0.)
        ds = tf.data.Dataset.from_tensor_slices([1., 2., 3., 4.]).repeat().batch(2)
        it = tf.data.make_one_shot_iterator(ds)
        x = it.get_next()
        loss = tf.reduce_mean(tf.square(w * x - 3.))
        train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        print(sess.run(w))
        """,
        """
        import tensorflow as tf
        w = tf.Variable(0.)
        ds = tf.data.Dataset.from_tensor_slices([1., 2., 3., 4.]).repeat().batch(2)
        it = iter(ds)
        def x():
            return it.get_next()
        def loss():
            return tf.reduce_mean(tf.square(w * x() - 3.))
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)
        def train():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        for _ in range(3):
            train()
        print(w.numpy())
        """,
        "4:6 TFM201", "7:9 TFM201", "8:1 TFM201",
    ),
    pair(
        "the-element-read-twice-in-one-run",
        """
        import tensorflow as tf
        it = tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices([[1., 2.], [3., 4.]]))
        pair = it.get_next()
        diff = pair[0] - pair[1]
        sess = tf.Session()
        print(sess.run(diff))
        """,
        """
        import tensorflow as tf
        it = iter(tf.data.Dataset.from_tensor_slices([[1., 2.], [3., 4.]]))
        def pair():
            return it.get_next()
        def diff():
            pair_value = pair()
            return pair_value[0] - pair_value[1]
        print(diff().numpy())
        """,
        "2:6 TFM201", "5:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "an-iterator-not-bound-to-a-name",
        """
        import tensorflow as tf
        ds = tf.data.Dataset.range(10).filter(lambda v: v % 3 > 0).map(lambda v: v * 10).batch(3).take(2)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        sess = tf.Session()
        first = sess.run(nxt)
        second = sess.run(nxt)
        """,
        None,
        "3:7 TFM201", "3:7 TFM401",
    ),
    pair(
        "shuffled-dataset-and-other-uses-of-the-iterator",
        """
        import tensorflow as tf
        dataset = tf.data.Dataset.range(8).shuffle(4).batch(2)
        iterator = tf.data.make_one_shot_iterator(dataset)
        c = iterator.get_next()
        d = iterator.get_next()
        sess = tf.Session()
        print(sess.run(c), iterator.output_types)
        """,
        None,
        "2:11 TFM201", "3:12 TFM401", "5:5 TFM201", "7:20 TFM201",
    ),
    pair(
        "a-draw-in-the-dataset-function",
        """
        import tensorflow as tf
        noisy = tf.data.Dataset.range(4).map(lambda v: tf.cast(v, tf.float32) + tf.random_uniform([]))
        it = tf.data.make_one_shot_iterator(noisy)
        x = it.get_next()
        sess = tf.Session()
        print(sess.run(x))
        """,
        """
        import tensorflow as tf
        noisy = tf.data.Dataset.range(4).map(lambda v: tf.cast(v, tf.float32) + tf.random.uniform([]))
        it = tf.data.make_one_shot_iterator(noisy)
        x = it.get_next()
        sess = tf.Session()
        print(sess.run(x))
        """,
        "2:73 TFM101", "2:73 TFM201", "3:6 TFM401",
    ),
]

RUNNABLE = ("method-form-read-until-out-of-range", "training-steps-read-the-next-batch", "the-element-read-twice-in-one-run")


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_dataset_pair(item: Pair) -> None:
    assert_pair(item)


def test_every_cause_is_named() -> None:
    findings = migrate_source(NO_OPS[1].before, path="pair.py").findings
    messages = [f.message.split(";")[0] for f in findings if f.code == "TFM201"]
    assert messages == [
        "dataset shuffle() may give other elements or another order eagerly than in TF1",
        "iterator 'iterator' is used other than by one `x = iterator.get_next()` line",
        "iterator 'iterator' is used other than by one `x = iterator.get_next()` line",
    ]


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    """TF1 graph mode on every runnable 'before', TF 2 eager on every 'after', compared value by value."""
    assert_pairs_compute_the_same(PAIRS, RUNNABLE, tmp_path, minimum_values=4)
