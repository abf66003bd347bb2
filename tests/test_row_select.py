"""TFM107: TF1's tf.where(condition, x, y) / tf.select -> TF 2 tf.where where the ranks prove the same selection.

Before/after and no-op tables, then values: each snippet run as TF1 graph code (tf.compat.v1.where, which
TF 1.0 made of TF 0.x's tf.select, in a session) and as its migration (eager) must select the same
elements; the row pick is also checked against values worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from tf1_values import eager_values, tf1_values

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind

HEAD = "import tensorflow as tf\n"
ROWS = "c = tf.constant([True, False])\na = tf.constant([[1., 2.], [3., 4.]])\nb = tf.constant([[10., 20.], [30., 40.]])\n"

CONVERTED = [
    (ROWS + "z = tf.select(c, a, b)\n", ROWS + "z = tf.where(tf.reshape(c, [-1, 1]), a, b)\n"),
    ("c = tf.Variable([False, True, True])\nx = tf.ones([3, 2, 2])\ny = tf.zeros([3, 2, 2])\n"
     "z = tf.select(c, x, y)\n", None),
    ("c = tf.constant([True, False, True])\nz = tf.select(c, [1, 2, 3], [4, 5, 6])\n",
     "c = tf.constant([True, False, True])\nz = tf.where(c, [1, 2, 3], [4, 5, 6])\n"),
    ("c = tf.constant(False)\nz = tf.select(c, [[1, 2]], [[3, 4]])\n", "c = tf.constant(False)\nz = tf.where(c, [[1, 2]], [[3, 4]])\n"),
    ("c = tf.constant([[True, False]])\nz = tf.select(condition=c, x=[[1, 2]], y=[[3, 4]])\n",
     "c = tf.constant([[True, False]])\nz = tf.where(condition=c, x=[[1, 2]], y=[[3, 4]])\n"),
]

# TF1 code (a placeholder) whose tf.where keeps its meaning in TF 2: no change, no finding of TFM107.
SAME_IN_TF2 = [
    "m = tf.placeholder(tf.bool, [None, 3])\nx = tf.placeholder(tf.float32, [None, 3])\nz = tf.where(m, x, -x)\n",
    "x = tf.placeholder(tf.float32, [None])\nz = tf.where(x > 0, x, tf.zeros_like(x))\n",
    "m = tf.placeholder(tf.bool)\ni = tf.where(m)\n",
]

LEFT = [
    "c = tf.placeholder(tf.bool)\nz = tf.where(c, x, y)\n",
    "z = tf.select(c, x, y)\n",
    "c = tf.constant([True])\nx = tf.placeholder(tf.float32)\nz = tf.select(c, x, x)\n",
    "c = tf.constant([[True]])\nz = tf.select(c, [1], [2])\n",
]

NO_OP = [
    "z = tf.where(c, x, y)\n",  # TF 2 code: its tf.where is TF 2's
    "i = tf.where(c)\n",
]


def _expected(case: tuple[str, str | None]) -> str:
    before, after = case
    return after if after is not None else before.replace("tf.select(c, x, y)", "tf.where(tf.reshape(c, [-1, 1, 1]), x, y)")


@pytest.mark.parametrize("case", CONVERTED)
def test_converted(case: tuple[str, str | None]) -> None:
    result = migrate_source(HEAD + case[0])
    assert result.code == HEAD + _expected(case)
    assert [(f.code, f.kind) for f in result.findings if f.code == "TFM107"] == [("TFM107", Kind.FIXED)]


@pytest.mark.parametrize("before", SAME_IN_TF2)
def test_same_meaning_in_tf2_is_not_touched(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + before
    assert not [f for f in result.findings if f.code in ("TFM107", "TFM401")]


@pytest.mark.parametrize("before", LEFT)
def test_left_with_a_finding(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + before
    found = [f for f in result.findings if f.code == "TFM107"]
    assert len(found) == 1 and found[0].kind is Kind.MANUAL and "tf.reshape(condition" in found[0].action
    assert not any(f.code == "TFM401" for f in result.findings)


@pytest.mark.parametrize("before", NO_OP)
def test_no_op(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + before and not result.findings


@pytest.mark.parametrize("case", CONVERTED)
def test_same_values_as_tf1(case: tuple[str, str | None]) -> None:
    pytest.importorskip("tensorflow")
    # TF 1.0 renamed tf.select to tf.where (same op): the TF1 side runs it under that name.
    (tf1,) = tf1_values(HEAD + case[0].replace("tf.select(", "tf.where("), ["z"])
    (tf2,) = eager_values(HEAD + _expected(case), ["z"])
    assert tf2.dtype == tf1.dtype
    np.testing.assert_array_equal(tf2, tf1)


def test_rows_picked_as_worked_out_by_hand() -> None:
    pytest.importorskip("tensorflow")
    (tf2,) = eager_values(HEAD + _expected(CONVERTED[0]), ["z"])
    np.testing.assert_array_equal(tf2, np.array([[1., 2.], [30., 40.]], np.float32))
