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
    assert _checked(oracle, tmp_path, source)["missing"] == missing


def _checked(oracle, tmp_path: pathlib.Path, source: str) -> dict:  # noqa: ANN001
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    result = oracle.check_file(path)
    assert result is not None
    return result


def test_tf1_layers_through_tf_keras_count_as_compat(oracle, tmp_path: pathlib.Path) -> None:  # noqa: ANN001
    path = tmp_path / "m.py"
    path.write_text("import tensorflow as tf\nfrom tf_keras.api._v1.keras.__internal__.legacy import layers as L\n"
                    "y = L.dense\nz = tf.nn.relu\n", encoding="utf-8")
    result = oracle.check_file(path)
    assert result is not None and result["missing"] == [] and result["compat"] is True


CALLS = [
    # (source, calls a reader finds TF 2's signatures reject, by hand from TF 2's documented parameters)
    ("import tensorflow as tf\nwith tf.name_scope(scope, 'f', [x]):\n    pass\n",
     ["tensorflow.name_scope(3 positional arguments, at most 1)"]),
    ("import tensorflow as tf\ny = tf.reduce_sum(x, 1, keep_dims=True)\n", ["tensorflow.reduce_sum(keep_dims=)"]),
    ("import tensorflow as tf\ny = tf.nn.ctc_loss(l, x, n, ctc_merge_repeated=False)\n",
     ["tensorflow.nn.ctc_loss(ctc_merge_repeated=)"]),
    # TF 2's own calls, **kwargs, *args, and names the oracle cannot read bind or are not judged.
    ("import tensorflow as tf\ny = tf.reduce_sum(x, 1, keepdims=True)\nwith tf.name_scope('f'):\n    pass\n", []),
    ("import tensorflow as tf\nd = tf.keras.layers.Dense(3, activation='relu', unknown_option=1)\n", []),
    ("import tensorflow as tf\ny = tf.concat(*parts)\nz = tf.compat.v1.reduce_sum(x, 1, keep_dims=True)\n", []),
]


@pytest.mark.parametrize(("source", "rejected"), CALLS)
def test_rejected_calls(oracle, tmp_path: pathlib.Path, source: str, rejected: list[str]) -> None:  # noqa: ANN001
    result = _checked(oracle, tmp_path, source)
    assert result["rejected_calls"] == rejected
    assert result["ready"] is (not rejected)
