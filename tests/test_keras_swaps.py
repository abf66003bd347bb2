"""Keras losses take (y_true, y_pred): calls and compiled loss functions that look swapped are reported (TFM303).

Report only by default (kind SWAP, with an action); ``--fix-swaps`` swaps. The
before/after pairs below were written by hand; the no-op list holds the
calls that must raise no alarm: right order, symmetric losses, no evidence.
"""

from __future__ import annotations

import pathlib
import textwrap

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

HEAD = "import tensorflow as tf\n"
SPARSE_DATA = "y_true = tf.constant([1, 2])\ny_pred = tf.constant([[0.05, 0.95, 0.], [0.1, 0.8, 0.1]])\n"

FIXED = [
    pytest.param(
        HEAD + SPARSE_DATA + "l = tf.keras.losses.sparse_categorical_crossentropy(y_pred, y_true)\n",
        HEAD + SPARSE_DATA + "l = tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred)\n",
        "y_true takes values from 0 to 0.95, which are not class indices",
        id="sparse-function-integer-labels",
    ),
    pytest.param(
        HEAD + "from tensorflow.keras.losses import sparse_categorical_crossentropy as scce\n" + SPARSE_DATA
        + "l = scce(y_true=y_pred, y_pred=y_true, from_logits=True)\n",
        HEAD + "from tensorflow.keras.losses import sparse_categorical_crossentropy as scce\n" + SPARSE_DATA
        + "l = scce(y_true=y_true, y_pred=y_pred, from_logits=True)\n",
        "which are not class indices",
        id="alias-and-keywords",
    ),
    pytest.param(
        HEAD + "l = tf.keras.losses.SparseCategoricalCrossentropy()(y_pred, y_true)\n",
        HEAD + "l = tf.keras.losses.SparseCategoricalCrossentropy()(y_true, y_pred)\n",
        "'y_pred' names predictions, 'y_true' names targets",
        id="loss-object-called-at-once",
    ),
    pytest.param(
        HEAD + "import keras\nscce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\nl = scce(logits, labels)\n",
        HEAD + "import keras\nscce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)\nl = scce(labels, logits)\n",
        "'logits' names predictions, 'labels' names targets",
        id="loss-object-through-a-variable-keras-3",
    ),
    pytest.param(
        HEAD + "x = tf.linspace(-3., 5., 9)\nl = tf.keras.losses.binary_crossentropy(x, tf.ones([9]), from_logits=True)\n",
        HEAD + "x = tf.linspace(-3., 5., 9)\nl = tf.keras.losses.binary_crossentropy(tf.ones([9]), x, from_logits=True)\n",
        "y_true takes values from -3 to 5, outside [0, 1]",
        id="probabilities-outside-0-1",
    ),
    pytest.param(
        HEAD + "def my_loss(y_pred, y_true):\n    return tf.reduce_mean(y_true * tf.math.log(y_pred))\n"
        "model.compile(optimizer='adam', loss=my_loss)\n",
        HEAD + "def my_loss(y_true, y_pred):\n    return tf.reduce_mean(y_true * tf.math.log(y_pred))\n"
        "model.compile(optimizer='adam', loss=my_loss)\n",
        "my_loss's parameters are named (y_pred, y_true)",
        id="compiled-function",
    ),
    pytest.param(
        HEAD + "model.compile('adam', lambda pred, target: tf.reduce_mean(target - pred))\n",
        HEAD + "model.compile('adam', lambda target, pred: tf.reduce_mean(target - pred))\n",
        "the lambda's parameters are named (pred, target)",
        id="compiled-lambda-positional-loss",
    ),
]

NO_OPS = [
    pytest.param(HEAD + SPARSE_DATA + "l = tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred)\n", id="right-order"),
    pytest.param(HEAD + "l = tf.keras.losses.mean_squared_error(y_pred, y_true)\n", id="symmetric-function"),
    pytest.param(HEAD + "l = tf.keras.losses.MeanAbsoluteError()(y_pred, y_true)\n", id="symmetric-object"),
    pytest.param(HEAD + "l = tf.keras.losses.binary_crossentropy(a, b)\n", id="no-evidence"),
    pytest.param(HEAD + "l = tf.keras.losses.categorical_crossentropy(tf.constant([[0., 1.]]), p)\n", id="probabilities-in-range"),
    pytest.param(HEAD + "bce = tf.keras.losses.BinaryCrossentropy()\n", id="constructor-only"),
    pytest.param(HEAD + "def my_loss(y_true, y_pred):\n    return y_pred - y_true\nmodel.compile(loss=my_loss)\n",
                 id="compiled-function-right-order"),
    pytest.param(HEAD + "def f(y_pred, y_true):\n    return y_pred - y_true\nz = f(a, b)\n", id="not-compiled"),
    pytest.param(HEAD + "l = my_module.sparse_categorical_crossentropy(y_pred, y_true)\n", id="not-keras"),
]


@pytest.mark.parametrize(("before", "after", "evidence"), FIXED)
def test_reported_as_written_and_fixed_with_fix_swaps(before: str, after: str, evidence: str) -> None:
    reported = migrate_source(before)
    assert reported.code == before
    swaps = [f for f in reported.findings if f.code == "TFM303"]
    assert len(swaps) == 1 and swaps[0].kind is Kind.SWAP, reported.findings
    assert evidence in swaps[0].message and "--fix-swaps" in swaps[0].action
    fixed = migrate_source(before, fix_swaps=True)
    assert fixed.code == after
    assert [f.kind for f in fixed.findings if f.code == "TFM303"] == [Kind.SWAP]
    assert "the computed values change" in next(f for f in fixed.findings if f.code == "TFM303").message


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source, fix_swaps=True)
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM303"], result.findings


def test_a_compiled_loss_used_elsewhere_is_only_reported() -> None:
    source = textwrap.dedent("""\
        import tensorflow as tf
        def my_loss(y_pred, y_true):
            return y_pred - y_true
        model.compile(loss=my_loss)
        print(my_loss(a, b))
        """)
    result = migrate_source(source, fix_swaps=True)
    assert result.code == source  # renaming its parameters would change the direct call too
    finding = next(f for f in result.findings if f.code == "TFM303")
    assert finding.line == 2 and "line 5" in finding.action


def test_the_article_keras_call_is_in_the_right_order() -> None:
    article = pathlib.Path(__file__).resolve().parents[1] / "tfmigrate" / "data" / "article_tf1.py"
    result = migrate_source(article.read_text(encoding="utf-8"))
    assert not [f for f in result.findings if f.code == "TFM303"]
