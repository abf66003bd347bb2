"""The readiness oracle (scripts/tf2_chain_oracle.py) on small files judged by hand."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "scripts" / "tf2_chain_oracle.py"


@pytest.fixture(scope="module")
def oracle():  # noqa: ANN201 - the script's module
    spec = importlib.util.spec_from_file_location("tf2_chain_oracle", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = [
    # (source, missing names a reader finds by hand)
    ("import tensorflow as tf\nx = tf.Session\n", ["tensorflow.Session"]),
    ("import tensorflow as tf\nx = tf.compat.v1.Session\n", []),
    # A parameter or local named like an import is not that import.
    ("import tensorflow as tf\nfrom absl import flags\ndef f(flags):\n    return flags.num_units\n", []),
    ("import tensorflow as tf\ndef f():\n    tf = None\n    return tf.Session\n", []),
    ("import tensorflow as tf\nf = lambda tf: tf.Session\n", []),
    # ... but a global declaration, or a function that only reads it, reaches the import.
    ("import tensorflow as tf\ndef f():\n    global tf\n    tf = tf\n    return tf.Session\n", ["tensorflow.Session"]),
    ("import tensorflow as tf\nfrom absl import flags\ndef f():\n    return flags.no_such_function\n", ["absl.flags.no_such_function"]),
    # TF1's tf.layers in tf-keras, and the support package, are checked like TensorFlow's names.
    ("import tensorflow as tf\nfrom tf_keras.api._v1.keras.__internal__.legacy import layers as L\ny = L.dense\nz = L.no_such_layer\n",
     ["tf_keras.api._v1.keras.__internal__.legacy.layers.no_such_layer"]),
    ("import tensorflow as tf\nfrom tfmigrate.support.hparams import HParams\nfrom tfmigrate.support.hparams import NoSuchName\n",
     ["tfmigrate.support.hparams.NoSuchName"]),
]


@pytest.mark.parametrize(("source", "missing"), CASES)
def test_missing_names(oracle, tmp_path: pathlib.Path, source: str, missing: list[str]) -> None:  # noqa: ANN001
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    result = oracle.check_file(path)
    assert result is not None
    assert result["missing"] == missing


def test_tf1_layers_through_tf_keras_count_as_compat(oracle, tmp_path: pathlib.Path) -> None:  # noqa: ANN001
    path = tmp_path / "m.py"
    path.write_text("import tensorflow as tf\nfrom tf_keras.api._v1.keras.__internal__.legacy import layers as L\n"
                    "y = L.dense\nz = tf.nn.relu\n", encoding="utf-8")
    result = oracle.check_file(path)
    assert result is not None and result["missing"] == [] and result["compat"] is True
