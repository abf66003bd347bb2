"""Value comparison in units in the last place (ulps), dtype-aware.

numpy only: the comparison never needs TensorFlow.
"""

from __future__ import annotations

import dataclasses

import numpy as np

_INT_FOR_FLOAT = {2: np.int16, 4: np.int32, 8: np.int64}


@dataclasses.dataclass(frozen=True)
class Diff:
    """How far apart two arrays are."""

    shape_ok: bool
    dtype_ok: bool
    max_abs: float
    max_ulp: int
    nan_mismatch: bool = False

    def within(self, ulp_bound: int, abs_bound: float = 0.0) -> bool:
        if not (self.shape_ok and self.dtype_ok) or self.nan_mismatch:
            return False
        return self.max_ulp <= ulp_bound or self.max_abs <= abs_bound


def _ordered_ints(values: np.ndarray) -> np.ndarray:
    """Map floats to integers whose order and spacing follow the float line."""
    bits = 8 * values.dtype.itemsize
    as_int = values.view(_INT_FOR_FLOAT[values.dtype.itemsize]).astype(np.int64)
    # Negative floats are sign-magnitude; fold them so that -0.0 == +0.0 and
    # adjacent floats are exactly one apart.
    int_min = -(1 << (bits - 1))
    return np.where(as_int < 0, np.int64(int_min) - as_int, as_int)


def ulp_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Elementwise distance in ulps between two float arrays of one dtype."""
    oa = _ordered_ints(np.ascontiguousarray(a))
    ob = _ordered_ints(np.ascontiguousarray(b))
    if a.dtype.itemsize < 8:
        return np.abs(oa - ob)
    # float64 distances can exceed int64; saturate instead of wrapping. (Going
    # through float64 would round away small distances between large ordered
    # integers: 5 ulps at 3.0 came out as 0.)
    top = np.iinfo(np.int64).max
    with np.errstate(over="ignore"):
        diff = oa - ob
    overflow = ((oa < 0) != (ob < 0)) & ((diff < 0) != (oa < 0))
    saturate = overflow | (diff == np.iinfo(np.int64).min)
    return np.where(saturate, top, np.abs(np.where(saturate, 0, diff)))


def compare(expected: object, actual: object) -> Diff:
    """Compare two numeric values; NaN equals NaN, shape and dtype must agree."""
    exp = np.asarray(expected)
    act = np.asarray(actual)
    shape_ok = exp.shape == act.shape
    dtype_ok = exp.dtype == act.dtype
    if not shape_ok:
        return Diff(False, dtype_ok, float("inf"), np.iinfo(np.int64).max)
    if exp.size == 0:
        return Diff(True, dtype_ok, 0.0, 0)
    if exp.dtype.kind == "f" and act.dtype.kind == "f":
        return _compare_floats(exp, act.astype(exp.dtype), dtype_ok)
    if exp.dtype.kind in "iub" and act.dtype.kind in "iub":
        diff = np.abs(exp.astype(np.int64) - act.astype(np.int64))
        top = int(diff.max())
        return Diff(True, dtype_ok, float(top), top)
    if exp.dtype.kind == "c" or act.dtype.kind == "c":
        real = _compare_floats(exp.real.copy(), act.real.astype(exp.real.dtype), dtype_ok)
        imag = _compare_floats(exp.imag.copy(), act.imag.astype(exp.real.dtype), dtype_ok)
        return Diff(True, dtype_ok, max(real.max_abs, imag.max_abs), max(real.max_ulp, imag.max_ulp),
                    real.nan_mismatch or imag.nan_mismatch)
    equal = bool(np.array_equal(exp, act))
    return Diff(True, dtype_ok, 0.0 if equal else float("inf"), 0 if equal else np.iinfo(np.int64).max)


def _compare_floats(exp: np.ndarray, act: np.ndarray, dtype_ok: bool) -> Diff:
    exp_nan = np.isnan(exp)
    act_nan = np.isnan(act)
    nan_mismatch = bool(np.any(exp_nan != act_nan))
    both = ~(exp_nan | act_nan)
    if not np.any(both):
        return Diff(True, dtype_ok, 0.0, 0, nan_mismatch)
    e, a = exp[both], act[both]
    with np.errstate(invalid="ignore", over="ignore"):
        abs_diff = np.abs(e.astype(np.float64) - a.astype(np.float64))
    same_inf = np.isinf(e) & (e == a)
    abs_diff = np.where(same_inf, 0.0, abs_diff)
    ulps = ulp_distance(e, a)
    return Diff(True, dtype_ok, float(abs_diff.max()), int(ulps.max()), nan_mismatch)
