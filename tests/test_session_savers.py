"""TFM201 savers: ``tf.train.Saver`` with ``save``/``restore`` beside a session, as ``tf.train.Checkpoint``.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. The runnable pair is also run on both sides.
"""

from __future__ import annotations

import pathlib

import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "saver-save-and-restore-in-a-new-session",
        """
        import os
        import tempfile
        import tensorflow as tf
        v = tf.Variable([1., 2.], name="v")
        w = tf.Variable(3., name="w")
        saver = tf.train.Saver()
        only_v = tf.train.Saver([v])
        path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, path)
            only_v.save(sess, path + "-v")
        with tf.Session() as sess:
            saver.restore(sess, path)
            print(sess.run(v), sess.run(w))
        """,
        """
        import os
        import tempfile
        import tensorflow as tf
        v = tf.Variable([1., 2.], name="v")
        w = tf.Variable(3., name="w")
        saver = tf.train.Checkpoint(v=v, w=w)
        only_v = tf.train.Checkpoint(v=v)
        path = os.path.join(tempfile.mkdtemp(), "model.ckpt")
        saver.write(path)
        only_v.write(path + "-v")
        saver.restore(path)
        print(v.numpy(), w.numpy())
        """,
        "6:9 TFM201", "7:10 TFM201", "9:1 TFM201", "13:1 TFM201",
    ),
]

NO_OPS = [
    pair(
        "saver-with-global-step-stays",
        """
        import tensorflow as tf
        v = tf.Variable(1.)
        saver = tf.train.Saver(max_to_keep=2)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, "ckpt", global_step=3)
        """,
        None,
        "3:9 TFM201", "3:9 TFM410", "5:14 TFM407", "6:5 TFM201",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_saver_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    assert_pairs_compute_the_same(PAIRS, ("saver-save-and-restore-in-a-new-session",), tmp_path, minimum_values=2)
