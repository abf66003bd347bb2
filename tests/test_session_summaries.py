"""TFM201 summaries: ``tf.summary.*`` + ``merge_all`` + ``FileWriter.add_summary`` as TF 2 summary writes.

Before/after pairs and a no-op table, pyupgrade style; expected outputs
written by hand. The runnable pairs are also run on both sides (the values
the scripts compute), and the event files both sides write are read back
and compared (the values the summaries hold).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from test_migrate_pairs import Pair, assert_pair, assert_pairs_compute_the_same, pair

PAIRS = [
    pair(
        "merged-scalar-with-a-training-step",
        """
        import tempfile
        import tensorflow as tf
        w = tf.Variable(2.0)
        loss = tf.square(w - 5.0)
        tf.summary.scalar('loss', loss)
        merged = tf.summary.merge_all()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        logdir = tempfile.mkdtemp()
        with tf.Session() as sess:
            writer = tf.summary.FileWriter(logdir, sess.graph)
            sess.run(tf.global_variables_initializer())
            for step in range(3):
                summary, _ = sess.run([merged, train])
                writer.add_summary(summary, step)
            writer.close()
            print(sess.run(loss))
        """,
        """
        import tempfile
        import tensorflow as tf
        w = tf.Variable(2.0)
        def loss():
            return tf.square(w - 5.0)
        train_optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
        def train():
            with tf.GradientTape() as tape:
                loss_value = loss()
            train_vars = tape.watched_variables()
            train_optimizer.apply_gradients(zip(tape.gradient(loss_value, train_vars), train_vars))
            return loss_value
        logdir = tempfile.mkdtemp()
        writer = tf.summary.create_file_writer(logdir)
        for step in range(3):
            with writer.as_default():
                tf.summary.scalar('loss', loss(), step=step)
            train()
        writer.close()
        print(loss().numpy())
        """,
        "7:9 TFM201", "9:1 TFM201", "10:14 TFM201", "13:22 TFM201",
    ),
    pair(
        "fed-summaries-and-another-fetch",
        """
        import tempfile
        import numpy as np
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None])
        mean = tf.reduce_mean(x)
        tf.summary.scalar('mean', mean)
        tf.summary.histogram('x', x)
        merged = tf.summary.merge_all()
        writer = tf.summary.FileWriter(tempfile.mkdtemp(), flush_secs=10)
        with tf.Session() as sess:
            for i in range(2):
                batch = np.arange(4, dtype=np.float32) + i
                summary, m = sess.run([merged, mean], feed_dict={x: batch})
                writer.add_summary(summary, global_step=i)
                print(m)
        writer.flush()
        """,
        """
        import tempfile
        import numpy as np
        import tensorflow as tf
        def mean(x):
            x = tf.convert_to_tensor(x, tf.float32)
            return tf.reduce_mean(x)
        writer = tf.summary.create_file_writer(tempfile.mkdtemp(), flush_millis=10 * 1000)
        for i in range(2):
            batch = np.arange(4, dtype=np.float32) + i
            with writer.as_default():
                tf.summary.scalar('mean', mean(x=batch), step=i)
                tf.summary.histogram('x', tf.convert_to_tensor(batch, tf.float32), step=i)
            m = mean(x=batch).numpy()
            print(m)
        writer.flush()
        """,
        "9:10 TFM201", "10:1 TFM201", "13:22 TFM201",
    ),
    pair(
        "static-graph-summary-run-alone",
        """
        import tempfile
        import tensorflow as tf
        a = tf.constant([1., 2., 3.])
        tf.summary.scalar('total', tf.reduce_sum(a))
        merged = tf.summary.merge_all()
        writer = tf.summary.FileWriter(tempfile.mkdtemp())
        with tf.Session() as sess:
            s = sess.run(merged)
            writer.add_summary(s, 0)
            print(sess.run(a))
        writer.close()
        """,
        """
        import tempfile
        import tensorflow as tf
        a = tf.constant([1., 2., 3.])
        writer = tf.summary.create_file_writer(tempfile.mkdtemp())
        with writer.as_default():
            tf.summary.scalar('total', tf.reduce_sum(a), step=0)
        print(a.numpy())
        writer.close()
        """,
        "6:10 TFM201", "7:1 TFM201", "8:9 TFM201",
    ),
]

NO_OPS = [
    pair(
        "every-summary-use-that-cannot-convert-is-reported",
        """
        import tensorflow as tf
        w = tf.Variable(2.0)
        loss = tf.square(w - 5.0)
        loss_summary = tf.summary.scalar('loss', loss)
        tf.summary.histogram('w', w)
        merged = tf.summary.merge_all()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        writer = tf.summary.FileWriter('logs')
        with tf.Session() as sess:
            writer.add_graph(sess.graph)
            sess.run(tf.global_variables_initializer())
            s, _ = sess.run([merged, train])
            print(sess.run(loss_summary))
            writer.add_summary(s, 1)
        """,
        None,
        "4:16 TFM201", "4:16 TFM409", "5:1 TFM409", "5:27 TFM201", "6:10 TFM409", "7:9 TFM411", "8:10 TFM409",
        "10:5 TFM201", "10:22 TFM201", "11:14 TFM407",
    ),
]


@pytest.mark.parametrize("item", PAIRS + NO_OPS, ids=lambda item: item.id)
def test_summary_pair(item: Pair) -> None:
    assert_pair(item)


def test_expected_outputs_compute_what_tf1_computed(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("tensorboard", reason="TF 2's summary ops come with the tensorboard package")
    # One run per pair: merge_all() gathers every summary of the default graph, so the pairs cannot share one.
    for item, fetched in zip(PAIRS, (1, 2, 1)):
        (tmp_path / item.id).mkdir()
        assert_pairs_compute_the_same(PAIRS, (item.id,), tmp_path / item.id, minimum_values=fetched)


# Reads every scalar an event directory holds: (tag, step, value), in order.
READ_EVENTS = textwrap.dedent("""
    import glob, sys
    import tensorflow as tf
    from tensorflow.python.framework import tensor_util
    for path in sorted(glob.glob(sys.argv[1] + '/events.out.tfevents.*')):
        for event in tf.compat.v1.train.summary_iterator(path):
            for value in event.summary.value:
                number = value.simple_value if value.HasField('simple_value') else \\
                    float(tensor_util.MakeNdarray(value.tensor))
                print(value.tag, event.step, repr(number))
""")


def test_migrated_summaries_hold_what_tf1_wrote(tmp_path: pathlib.Path) -> None:
    """The first pair, logging into a given directory: TF1 (graph mode) and the migration write the same scalars."""
    pytest.importorskip("tensorboard", reason="TF 2's summary ops come with the tensorboard package")
    item = PAIRS[0]
    scripts = {"tf1": item.before.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf\n"
                                          "tf.disable_v2_behavior()"),
               "tf2": item.expected}
    written: dict[str, str] = {}
    for side, code in scripts.items():
        logdir = tmp_path / side
        logdir.mkdir()
        script = tmp_path / f"{side}.py"
        script.write_text(code.replace("tempfile.mkdtemp()", repr(str(logdir))), encoding="utf-8")
        subprocess.run([sys.executable, str(script)], check=True, capture_output=True, timeout=300)
        reader = tmp_path / "read_events.py"
        reader.write_text(READ_EVENTS, encoding="utf-8")
        written[side] = subprocess.run([sys.executable, str(reader), str(logdir)], check=True, capture_output=True,
                                       text=True, timeout=300).stdout
    # Hand calculation: w starts at 2, loss = (w - 5)^2, w += 0.1 * 2 * (5 - w) each step.
    tf1 = [line.split() for line in written["tf1"].splitlines()]
    assert [(tag, int(step)) for tag, step, _ in tf1] == [("loss", 0), ("loss", 1), ("loss", 2)]
    np.testing.assert_allclose([float(value) for _, _, value in tf1], [9.0, 5.76, 3.6864], rtol=1e-6)
    assert written["tf2"] == written["tf1"]
