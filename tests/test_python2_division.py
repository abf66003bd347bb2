"""TFM109: tf.div -> tf.math.floordiv / tf.math.truediv where the module states the operands' dtype.

Before/after and no-op tables, then values: each converted snippet run as TF1 graph code (tf.compat.v1.div
in a session) and as its migration (eager) must give the same array, dtype included.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from tf1_values import eager_values, tf1_values

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

HEAD = "import tensorflow as tf\n"

CONVERTED = [
    ("a = tf.constant([2, 3])\nb = tf.constant([[-7, 7], [4, -9]])\nq = tf.div(b, a)\n",
     "a = tf.constant([2, 3])\nb = tf.constant([[-7, 7], [4, -9]])\nq = tf.math.floordiv(b, a)\n"),
    ("n = tf.constant([-7, 7, -1], dtype=tf.int64)\nq = tf.div(n, 2)\n",
     "n = tf.constant([-7, 7, -1], dtype=tf.int64)\nq = tf.math.floordiv(n, 2)\n"),
    ("x = tf.constant([-7., 7., 1.])\nq = tf.div(x, 2)\n",
     "x = tf.constant([-7., 7., 1.])\nq = tf.math.truediv(x, 2)\n"),
    ("x = tf.constant([1.5, -2.25], tf.float64)\ny = tf.constant([0.5, 4.0], tf.float64)\nq = tf.div(x=x, y=y)\n",
     "x = tf.constant([1.5, -2.25], tf.float64)\ny = tf.constant([0.5, 4.0], tf.float64)\nq = tf.math.truediv(x=x, y=y)\n"),
    ("q = tf.div(-7, 2)\n", "q = tf.math.floordiv(-7, 2)\n"),
    ("v = tf.Variable([9, -9])\nq = tf.div(v * 3, 4)\n", "v = tf.Variable([9, -9])\nq = tf.math.floordiv(v * 3, 4)\n"),
    # Proven floating by tf.maximum(..., 0.) alone (tf.sin's dtype is not tracked), as in an IoU:
    # the second operand a float tensor, a float64 numpy array and a list, each converted to float32.
    ("a = tf.sin(tf.constant([[0.5, 1.5], [2.0, -1.0]]))\nh = tf.maximum(a - 0.25, 0.)\n"
     "w = tf.minimum(1.25, a)\nq = tf.div(h * w, h + w + 0.5)\n",
     "a = tf.sin(tf.constant([[0.5, 1.5], [2.0, -1.0]]))\nh = tf.maximum(a - 0.25, 0.)\n"
     "w = tf.minimum(1.25, a)\nq = tf.math.truediv(h * w, h + w + 0.5)\n"),
    ("import numpy as np\na = tf.sin(tf.constant([0.5, 1.5, 3.0]))\nh = tf.maximum(a, 0.)\n"
     "q = tf.div(h, np.array([0.3, 7.0, 1.1]))\n",
     "import numpy as np\na = tf.sin(tf.constant([0.5, 1.5, 3.0]))\nh = tf.maximum(a, 0.)\n"
     "q = tf.math.truediv(h, np.array([0.3, 7.0, 1.1]))\n"),
    ("a = tf.cos(tf.constant([0.5, 1.5, 3.0], tf.float64))\nq = tf.div(tf.multiply(a, 2.), [3, 7, 9])\n",
     "a = tf.cos(tf.constant([0.5, 1.5, 3.0], tf.float64))\nq = tf.math.truediv(tf.multiply(a, 2.), [3, 7, 9])\n"),
]

# Left with a TFM109 finding: the dtype is not stated, or not one dtype.
LEFT = [
    "q = tf.div(x, y)\n",
    "x = tf.placeholder(tf.float32)\nn = tf.placeholder(tf.int32)\nq = tf.div(x, n)\n",
    "a = tf.constant(3)\na = tf.constant(3.0)\nq = tf.div(a, 2)\n",
    "n = tf.constant([1, 2])\nq = tf.div(n, 2.5)\n",
    "def f(x):\n    return tf.div(x, 2)\n",
    "def f(x):\n    h = tf.maximum(x, 0)\n    return tf.div(h, 2)\n",
    "def f(x, y):\n    h = tf.maximum(x, 0.)\n    return tf.div(h * y, 2)\n",
    "def f(x):\n    h = tf.maximum(x, 0.)\n    h = x\n    return tf.div(h, 2)\n",
    "def f(x):\n    return tf.div(tf.sin(x), 2.0)\n",
]

NO_OP = [
    "q = tf.math.floordiv(a, b)\n",
    "q = tf.divide(a, b)\n",
    "q = a / b\n",
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted(before: str, after: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + after
    assert [(f.code, f.kind) for f in result.findings if f.code == "TFM109"] == [("TFM109", Kind.FIXED)]


@pytest.mark.parametrize("before", LEFT)
def test_left_with_a_finding(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert "tf.div(" in result.code
    found = [f for f in result.findings if f.code == "TFM109"]
    assert len(found) == 1 and found[0].kind is Kind.MANUAL and "floordiv" in found[0].action
    assert not any(f.code == "TFM401" for f in result.findings)


@pytest.mark.parametrize("before", NO_OP)
def test_no_op(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + before and not result.findings


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_same_values_as_tf1(before: str, after: str) -> None:
    pytest.importorskip("tensorflow")
    (tf1,) = tf1_values(HEAD + before, ["q"])
    (tf2,) = eager_values(HEAD + after, ["q"])
    assert tf2.dtype == tf1.dtype
    np.testing.assert_array_equal(tf2, tf1)


def test_tf1_floor_divides_negative_integers() -> None:
    """The golden side itself, against Python 2's integer division worked by hand: -7 div 2 is -4."""
    pytest.importorskip("tensorflow")
    (tf1,) = tf1_values(HEAD + textwrap.dedent(CONVERTED[0][0]), ["q"])
    np.testing.assert_array_equal(tf1, np.array([[-4, 2], [2, -3]], np.int32))
