"""The verifier's pure parts: tolerance, table, JSON, the TF1 shim, the shared stream.

No TensorFlow and no subprocess: expected values are written out by hand
(float32 neighbours built with np.nextafter, table text read off the rows).
"""

from __future__ import annotations

import json
import types

import numpy as np
import pytest

from tfmigrate.verify import rng, tf1_shim
from tfmigrate.verify.report import MATCH, MISMATCH, MISSING, SideStatus, ValueRow, VerifyReport, format_report
from tfmigrate.verify.runner import ULP_BOUND, value_row


def _ulps_up(value: float, count: int, dtype: type = np.float32) -> np.floating:
    result = dtype(value)
    for _ in range(count):
        result = np.nextafter(result, dtype(np.inf))
    return result


# --- tolerance -------------------------------------------------------------


def test_the_bound_is_four_ulps() -> None:
    assert ULP_BOUND == 4


@pytest.mark.parametrize("ulps, verdict", [(0, MATCH), (4, MATCH), (5, MISMATCH)])
def test_float32_values_pass_up_to_the_bound(ulps: int, verdict: str) -> None:
    expected = np.array([1.5, 0.25], np.float32)
    actual = np.array([_ulps_up(1.5, ulps), 0.25], np.float32)
    row = value_row("v", "name", expected, actual)
    assert row.verdict == verdict
    assert row.max_ulp == ulps


def test_float64_bound_is_in_float64_ulps() -> None:
    expected = np.array([3.0])
    assert value_row("v", "name", expected, np.array([_ulps_up(3.0, 4, np.float64)])).ok
    assert not value_row("v", "name", expected, np.array([_ulps_up(3.0, 5, np.float64)])).ok


def test_cancellation_elements_are_judged_against_the_arrays_largest_magnitude() -> None:
    # 1e-9 next to 1.0: 1e-9 + 2e-16 is millions of its own ulps away, but
    # well within 4 ulps of the array's scale (4 * 2**-23 ~ 4.8e-7).
    expected = np.array([1.0, 1e-9], np.float32)
    close = np.array([1.0, 1e-9 + 1e-7], np.float32)
    far = np.array([1.0, 1e-9 + 1e-6], np.float32)
    assert value_row("v", "name", expected, close).ok
    assert not value_row("v", "name", expected, far).ok


def test_a_change_in_the_fourth_significant_digit_is_far_outside() -> None:
    row = value_row("v", "name", np.float32(0.25), np.float32(0.2501))
    assert row.verdict == MISMATCH
    assert row.max_ulp > 1000


def test_integers_and_booleans_must_be_equal() -> None:
    assert value_row("v", "name", np.array([1, 2]), np.array([1, 2])).ok
    assert not value_row("v", "name", np.array([1, 2]), np.array([1, 3])).ok
    assert not value_row("v", "name", np.array([True]), np.array([False])).ok


def test_nan_equals_nan_but_not_a_number() -> None:
    assert value_row("v", "name", np.array([np.nan, 1.0], np.float32), np.array([np.nan, 1.0], np.float32)).ok
    row = value_row("v", "name", np.array([np.nan], np.float32), np.array([0.0], np.float32))
    assert row.verdict == MISMATCH and "NaN" in row.detail


def test_shapes_and_dtypes_must_agree() -> None:
    shape = value_row("v", "name", np.zeros(3, np.float32), np.zeros(4, np.float32))
    assert shape.verdict == MISMATCH and shape.detail == "shape (3,) vs (4,)"
    dtype = value_row("v", "name", np.zeros(3, np.float32), np.zeros(3, np.float64))
    assert dtype.verdict == MISMATCH and dtype.detail == "dtype float32 vs float64"


# --- report ----------------------------------------------------------------


def _row(label: str, verdict: str = MATCH, kind: str = "run", line: int = 5) -> ValueRow:
    return ValueRow(label, kind, (2,), "float32", 0.0, 0, verdict, original_line=line, migrated_line=line + 1)


def _report(rows: list[ValueRow], problem: str = "") -> VerifyReport:
    sides = [SideStatus("original", "/x/a.py", seconds=1.0), SideStatus("migrated", "/x/b.py", problem, 1.0)]
    return VerifyReport("title", sides=sides, rows=rows)


def test_passes_only_with_values_all_matching_and_both_sides_ok() -> None:
    assert _report([_row("run #1")]).passed
    assert not _report([]).passed
    assert not _report([_row("run #1"), _row("run #2", MISMATCH)]).passed
    assert not _report([_row("run #1")], problem="timed out after 5 s").passed


def test_summary_line_names_what_failed() -> None:
    assert _report([]).summary() == "FAILED: no value was compared (the scripts fetched nothing numeric)"
    assert _report([_row("run #1")], "timed out after 5 s").summary() == "FAILED: migrated: timed out after 5 s"
    failing = _report([_row("run #1"), _row("x", MISSING, kind="name")])
    assert failing.summary() == "FAILED: 1 of 2 values differ (0 of 1 fetched values, 1 of 1 module-level names)"


def test_a_fetch_repeated_in_a_loop_is_one_table_row() -> None:
    rows = [_row(f"run #{i}") for i in range(1, 4)] + [_row("run #4", line=9)]
    text = format_report(_report(rows))
    assert "run #1..#3 (x3) (line 5|6)" in text
    assert "run #4 (line 9|10)" in text


def test_a_failing_row_in_a_group_is_counted() -> None:
    rows = [_row("run #1"), _row("run #2", MISMATCH), _row("run #3")]
    assert "MISMATCH (1/3)" in format_report(_report(rows))


def test_json_has_every_value_and_the_verdict() -> None:
    data = json.loads(json.dumps(_report([_row("run #1"), _row("run #2", MISMATCH)]).to_json()))
    assert data["passed"] is False
    assert [v["label"] for v in data["values"]] == ["run #1", "run #2"]
    assert data["sides"][1] == {"side": "migrated", "path": "/x/b.py", "problem": "", "seconds": 1.0,
                                "state": "", "ok": True}


# --- the TF1 shim, on a stand-in for tensorflow.compat.v1 -------------------


def _shim() -> tuple[tf1_shim.TF1Module, tf1_shim.SubstitutionLog]:
    v1 = types.SimpleNamespace(__version__="2.99.0", multiply="MULTIPLY", reduce_mean="REDUCE_MEAN", reduce_sum="REDUCE_SUM",
                               summary=types.SimpleNamespace(scalar="SCALAR"), Session="SESSION")
    log = tf1_shim.SubstitutionLog(lambda: 7)
    return tf1_shim.TF1Module(v1, log), log


def test_shim_passes_existing_names_through_unrecorded() -> None:
    shim, log = _shim()
    assert shim.Session == "SESSION"
    assert shim.__version__ == "2.99.0"
    assert log.entries == []


def test_shim_maps_pre_1_0_names_and_records_them() -> None:
    shim, log = _shim()
    assert shim.mul == "MULTIPLY"
    assert shim.scalar_summary == "SCALAR"
    assert [e.describe() for e in log.entries] == ["original used pre-1.0 name: tf.mul -> tf.multiply (line 7)",
                                                   "original used pre-1.0 name: tf.scalar_summary -> tf.summary.scalar (line 7)"]


def test_shim_repairs_an_attribute_chain_whose_joined_name_exists() -> None:
    shim, log = _shim()
    assert shim.reduce.mean == "REDUCE_MEAN"
    assert [(e.kind, e.written, e.resolved) for e in log.entries] == [("repair", "tf.reduce.mean", "tf.reduce_mean")]


def test_shim_keeps_real_errors() -> None:
    shim, _ = _shim()
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        shim.nonexistent  # noqa: B018
    with pytest.raises(AttributeError):
        shim.reduce.median  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'reduce'"):
        shim.reduce(1)


def test_shim_records_each_use_site_once() -> None:
    shim, log = _shim()
    for _ in range(3):
        shim.mul  # noqa: B018
    assert len(log.entries) == 1


# --- the shared random stream ----------------------------------------------


def test_same_seed_same_draws_in_call_order() -> None:
    first, second = rng.SharedRandom(5), rng.SharedRandom(5)
    a = [first.normal([3], 0.0, 1.0, np.dtype(np.float32)), first.uniform([2], -1.0, 1.0, np.dtype(np.float32))]
    b = [second.normal([3], 0.0, 1.0, np.dtype(np.float32)), second.uniform([2], -1.0, 1.0, np.dtype(np.float32))]
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a[0], rng.SharedRandom(6).normal([3], 0.0, 1.0, np.dtype(np.float32)))


def test_draws_respect_mean_stddev_bounds_and_dtype() -> None:
    shared = rng.SharedRandom(1)
    normal = shared.normal([20000], 3.0, 0.5, np.dtype(np.float64))
    assert abs(normal.mean() - 3.0) < 0.02 and abs(normal.std() - 0.5) < 0.02
    truncated = shared.truncated_normal([20000], 0.0, 2.0, np.dtype(np.float32))
    assert truncated.dtype == np.float32 and np.abs(truncated).max() <= 4.0
    uniform = shared.uniform([1000], -0.1, 0.1, np.dtype(np.float32))
    assert uniform.min() >= -0.1 and uniform.max() < 0.1
    integers = shared.uniform([1000], 0, 5, np.dtype(np.int32))
    assert integers.dtype == np.int32 and set(np.unique(integers)) == {0, 1, 2, 3, 4}
