"""TFM304: tf.losses.* with TF1's defaults -> tf.reduce_mean of the same per-element loss.

Before/after, refusal and no-op tables, then values: each converted snippet run as TF1 graph code
(tf.compat.v1.losses in a session) and as its migration (eager) must give the same number, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from tf1_values import eager_values, tf1_values

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

HEAD = "import tensorflow as tf\n"
DATA = (
    "y = tf.constant([[0.5], [-1.25], [3.0], [0.1]])\n"
    "p = tf.constant([[0.25], [-1.0], [2.5], [0.7]])\n"
    "x = tf.constant([[0.3, -1.2, 2.0], [1.5, 0.2, -0.7], [-2.2, 0.9, 0.4], [0.05, 0.6, -1.9]])\n"
    "ids = tf.constant([2, 0, 1, 2])\n"
    "bits = tf.constant([[1., 0., 1.], [0., 0., 1.], [1., 1., 0.], [0., 1., 0.]])\n"
)

CONVERTED = [
    ("loss = tf.losses.mean_squared_error(y, p)\n",
     "loss = tf.reduce_mean(tf.math.squared_difference(p, y))\n"),
    ("loss = tf.losses.mean_squared_error(labels=y, predictions=p, weights=1.0, scope='mse')\n",
     "loss = tf.reduce_mean(tf.math.squared_difference(p, y))\n"),
    ("loss = tf.losses.absolute_difference(y, p)\n",
     "loss = tf.reduce_mean(tf.abs(tf.subtract(p, y)))\n"),
    ("loss = tf.losses.mean_squared_error(tf.constant([[1], [2], [0], [5]]), p)\n",
     "loss = tf.reduce_mean(tf.math.squared_difference(p, tf.cast(tf.constant([[1], [2], [0], [5]]), tf.float32)))\n"),
    ("loss = tf.losses.sparse_softmax_cross_entropy(labels=ids, logits=x)\n",
     "loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=x))\n"),
    ("loss = tf.losses.sigmoid_cross_entropy(bits, x, label_smoothing=0)\n",
     "loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=bits, logits=x))\n"),
    ("loss = tf.losses.softmax_cross_entropy(bits, x)\n",
     "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(bits), logits=x))\n"),
    ("loss = tf.losses.softmax_cross_entropy(onehot_labels=tf.one_hot(ids, 3), logits=x, weights=1)\n",
     "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.cast(tf.one_hot(ids, 3), tf.float32)), logits=x))\n"),
    ("loss = tf.losses.sparse_softmax_cross_entropy(ids, tf.matmul(x, tf.ones([3, 3])), "
     "reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS)\n",
     "loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=tf.matmul(x, tf.ones([3, 3]))))\n"),
]

# Kept with a TFM304 finding naming the cause.
LEFT = [
    ("loss = tf.losses.mean_squared_error(y, p, weights=tf.constant([[1.], [0.], [2.], [1.]]))\n", "nonzero weights"),
    ("loss = tf.losses.mean_squared_error(y, p, weights=0.5)\n", "nonzero weights"),
    ("loss = tf.losses.mean_squared_error(y, p, reduction=tf.losses.Reduction.SUM)\n", "reduction"),
    ("loss = tf.losses.sigmoid_cross_entropy(bits, x, label_smoothing=0.1)\n", "smooths"),
    ("loss = tf.losses.softmax_cross_entropy(bits, x, label_smoothing=0.2)\n", "smooths"),
    ("loss = tf.losses.sparse_softmax_cross_entropy(labels=ids, logits=h)\n", "float32"),
    ("loss = tf.losses.sparse_softmax_cross_entropy(ids, tf.cast(x, tf.float64))\n", "float32"),
    ("loss = tf.losses.mean_squared_error(y, p)\ntotal = tf.losses.get_total_loss()\n", "LOSSES collection"),
    ("loss = tf.losses.mean_squared_error(y, p, *rest)\n", "cannot be read"),
]

NO_OP = [
    "loss = tf.reduce_mean(tf.math.squared_difference(p, y))\n",
    "loss = tf.keras.losses.MeanSquaredError()(y, p)\n",
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted(before: str, after: str) -> None:
    result = migrate_source(HEAD + DATA + before, layout=False)
    assert result.code == HEAD + DATA + after
    assert [(f.code, f.kind) for f in result.findings] == [("TFM304", Kind.FIXED)]


@pytest.mark.parametrize(("before", "cause"), LEFT)
def test_left_with_a_finding(before: str, cause: str) -> None:
    result = migrate_source(HEAD + DATA + before, layout=False)
    assert result.code == HEAD + DATA + before
    found = [f for f in result.findings if f.code == "TFM304"]
    assert len(found) == 1 and found[0].kind is Kind.MANUAL and found[0].action
    assert cause in found[0].message
    assert not any(f.code == "TFM412" and f.line == found[0].line for f in result.findings)


@pytest.mark.parametrize("before", NO_OP)
def test_no_op(before: str) -> None:
    result = migrate_source(HEAD + DATA + before, layout=False)
    assert result.code == HEAD + DATA + before and not result.findings


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_same_values_as_tf1(before: str, after: str) -> None:
    pytest.importorskip("tensorflow")
    (tf1,) = tf1_values(HEAD + DATA + before, ["loss"])
    (tf2,) = eager_values(HEAD + DATA + after, ["loss"])
    assert tf2.dtype == tf1.dtype == np.float32
    np.testing.assert_array_equal(tf2, tf1)


def test_tf1_mean_squared_error_is_the_mean_worked_out_by_hand() -> None:
    """The golden side itself: (0.25^2 + 0.25^2 + 0.5^2 + 0.6^2) / 4."""
    pytest.importorskip("tensorflow")
    (tf1,) = tf1_values(HEAD + DATA + CONVERTED[0][0], ["loss"])
    np.testing.assert_allclose(tf1, (0.0625 + 0.0625 + 0.25 + 0.36) / 4, rtol=1e-6)
