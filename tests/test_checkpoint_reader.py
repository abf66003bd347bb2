"""tf.train.NewCheckpointReader(path) -> tf.train.load_checkpoint(path) (TFM101, api.TF2_SPELLINGS).

A checkpoint written by a TF1 graph-mode Saver is read through both names;
the readers must list the same variables with the same values. A directory,
the one argument load_checkpoint reads differently, is shown to be rejected
by TF1's reader, so no TF1 program that ran passed one.
"""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

from tfmigrate.engine import migrate_source

SOURCE = "import tensorflow as tf\nreader = tf.train.NewCheckpointReader(path)\n"


def test_rewritten() -> None:
    result = migrate_source(SOURCE)
    assert result.code == "import tensorflow as tf\nreader = tf.train.load_checkpoint(path)\n"
    assert [f.code for f in result.findings] == ["TFM101"]


def test_same_reader_values(tmp_path: pathlib.Path) -> None:
    tf = pytest.importorskip("tensorflow")
    graph = tf.Graph()
    with graph.as_default():
        w = tf.compat.v1.get_variable("w", initializer=np.arange(6, dtype=np.float32).reshape(2, 3))
        b = tf.compat.v1.get_variable("b", initializer=np.array([0.5, -1.5], dtype=np.float64))
        saver = tf.compat.v1.train.Saver([w, b])
        with tf.compat.v1.Session(graph=graph) as session:
            session.run(tf.compat.v1.global_variables_initializer())
            prefix = saver.save(session, str(tmp_path / "model.ckpt"), global_step=3)

    tf1_reader = tf.compat.v1.train.NewCheckpointReader(prefix)
    namespace: dict[str, object] = {"path": prefix}
    exec(migrate_source(SOURCE).code, namespace)  # noqa: S102 - the codemod's output of our own literal
    tf2_reader = namespace["reader"]
    shapes = tf1_reader.get_variable_to_shape_map()
    assert shapes == tf2_reader.get_variable_to_shape_map() == {"w": [2, 3], "b": [2]}
    for name in shapes:
        np.testing.assert_array_equal(tf1_reader.get_tensor(name), tf2_reader.get_tensor(name))
    assert tf1_reader.get_variable_to_dtype_map() == tf2_reader.get_variable_to_dtype_map()

    with pytest.raises(Exception):  # noqa: B017, PT011 - TF raises its own error types here
        tf.compat.v1.train.NewCheckpointReader(str(tmp_path))
