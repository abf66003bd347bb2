"""Check computed arrays against the arrays the article printed.

The fixtures (``fixtures/article_arrays.json``, installed as the package
``tfmigrate.fixtures``) hold each printed array as numpy showed it: tokens
such as ``"0.97979796"`` or ``"9.60004032e-01"``. A token is not always the
exact float32 (numpy prints at most 8 fractional digits), so a fixture passes
on printed form, not on bit equality.

Tolerances
----------
``printed``
    Every token must be reproduced character for character when our float32
    array is printed with numpy's defaults. Used for L1 and L2: a subtraction
    and an abs or a square are correctly rounded in every IEEE 754
    implementation, so TensorFlow 1 and 2 must agree bit for bit.

``softplus``
    For the sigmoid cross-entropies. Both compute ``A + W * S`` where
    ``S = log1p(E) (+ max(-x, 0))``, ``E = exp(-|x|)`` and the weight ``W``
    is 1, or ``1 + (q - 1) z`` for the weighted form. ``A`` and ``W`` come from
    subtractions and products, which IEEE 754 rounds correctly everywhere, so
    TensorFlow 1 and 2 agree on them bit for bit. ``exp`` and ``log1p`` are
    not correctly rounded: a library kernel is only faithful (error below one
    ulp), and different builds (Eigen versions, SIMD widths) round differently.
    One kernel's error in ``log1p(E)`` is therefore below::

        ulp(E) / (1 + E)     the exp error, through d log1p(E) / dE = 1 / (1 + E)
        + ulp(log1p(E))      log1p's own error

    and two kernels can disagree by twice that. Scaled by ``|W|``, and with
    one ulp for each later rounding that the difference can flip (the sum
    with ``max(-x, 0)``, the product ``W * S``, the final sum), plus half a
    unit in the token's last printed digit, this is the per-element bound.
    At the article's logits (x = 1) it comes to about 3.5 ulp of ``S``.

    Measured: TensorFlow 2 computes ``log1p(exp(-1)) = 0.3132617`` where the
    article's TensorFlow 1 had ``0.31326172``, one ulp higher; with that one
    value nudged, every printed token is reproduced. The bound is in units of
    the term that differs, not of the result: near a zero crossing the
    result's own ulp is tiny, so the table's "max ulp" reads 18 while the
    error is one ulp of ``S``.

numpy only: the caller computes the arrays (with TensorFlow) and passes them in.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from tfmigrate.verify.compare import compare
from tfmigrate.verify.printed import (
    TokenMatch,
    format_like_numpy,
    half_unit_in_last_digit,
    match_tokens,
    nearest_float,
    parse_number,
)

FIXTURE_FILE = "article_arrays.json"
FIXTURE_PACKAGE = "tfmigrate.fixtures"
# Two faithful kernels can sit on opposite sides of the exact value.
KERNELS_THAT_MAY_DISAGREE = 2

PRINTED = "printed"
SOFTPLUS = "softplus"
TOLERANCE_BY_FIXTURE: dict[str, str] = {
    "l1_loss": PRINTED,
    "l2_loss": PRINTED,
    "sigmoid_cross_entropy": SOFTPLUS,
    "weighted_cross_entropy": SOFTPLUS,
}
TOLERANCE_LABELS: dict[str, str] = {
    PRINTED: "every printed digit",
    SOFTPLUS: "softplus kernel bound",
}


class FixtureError(Exception):
    """The fixture file is missing or malformed."""


@dataclasses.dataclass(frozen=True)
class Fixture:
    """One printed array from the article, with where it came from."""

    name: str
    tokens: tuple[str, ...]
    dtype: str
    shape: tuple[int, ...]
    provenance: Mapping[str, Any]

    def values(self) -> np.ndarray:
        """Each token as the nearest float of the fixture's dtype."""
        flat = np.array([nearest_float(t, self.dtype) for t in self.tokens], dtype=self.dtype)
        return flat.reshape(self.shape)


@dataclasses.dataclass(frozen=True)
class FixtureRow:
    """The outcome of checking one fixture: one row of the verify table."""

    fixture: str
    values: int
    max_abs: float
    max_ulp: int
    tokens: TokenMatch
    tolerance: str
    bound_used: float | None
    passed: bool
    problem: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "fixture": self.fixture,
            "values": self.values,
            # JSON has no infinity: an unmeasurable distance is null.
            "max_abs_diff": self.max_abs if np.isfinite(self.max_abs) else None,
            "max_ulp_diff": self.max_ulp if self.max_ulp < np.iinfo(np.int64).max else None,
            "tokens_identical": self.tokens.identical,
            "tokens_total": self.tokens.total,
            "tolerance": self.tolerance,
            "bound_used": self.bound_used,
            "passed": self.passed,
            "problem": self.problem,
            "mismatches": [{"index": i, "printed": p, "ours": o}
                           for i, p, o in self.tokens.mismatches],
        }


def fixture_text() -> str:
    """The fixture JSON, from the installed package or else the repository."""
    try:
        resource = importlib.resources.files(FIXTURE_PACKAGE).joinpath(FIXTURE_FILE)
        return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    repo_copy = Path(__file__).resolve().parents[2] / "fixtures" / FIXTURE_FILE
    try:
        return repo_copy.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FixtureError(f"{FIXTURE_FILE}: error: not found in package {FIXTURE_PACKAGE} "
                           f"nor at {repo_copy}") from None


def load_fixtures(text: str | None = None) -> dict[str, Fixture]:
    """Every fixture by name, parsed from *text* (default: the shipped file)."""
    try:
        document = json.loads(fixture_text() if text is None else text)
        entries = document["fixtures"]
        return {name: _fixture_from_entry(name, entry) for name, entry in entries.items()}
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise FixtureError(f"{FIXTURE_FILE}: error: malformed fixture file ({error})") from None


def _fixture_from_entry(name: str, entry: Mapping[str, Any]) -> Fixture:
    tokens = tuple(str(t) for t in entry["tokens"])
    shape = tuple(int(n) for n in entry["shape"])
    if int(np.prod(shape)) != len(tokens):
        raise ValueError(f"{name}: shape {shape} does not hold {len(tokens)} tokens")
    for token in tokens:
        parse_number(token)
    provenance = {k: v for k, v in entry.items() if k not in ("tokens", "values")}
    return Fixture(name, tokens, str(entry["dtype"]), shape, provenance)


def check_fixtures(computed: Mapping[str, np.ndarray],
                   arguments: Mapping[str, Mapping[str, np.ndarray]],
                   fixtures: Mapping[str, Fixture] | None = None) -> list[FixtureRow]:
    """One row per fixture; a fixture with nothing computed for it fails."""
    fixtures = load_fixtures() if fixtures is None else fixtures
    rows = []
    for name, fixture in fixtures.items():
        if name not in computed:
            rows.append(_missing_row(fixture))
        else:
            rows.append(check_fixture(fixture, np.asarray(computed[name]), arguments.get(name, {})))
    return rows


def _missing_row(fixture: Fixture) -> FixtureRow:
    tokens = TokenMatch(len(fixture.tokens), 0, ())
    return FixtureRow(fixture.name, len(fixture.tokens), float("inf"), np.iinfo(np.int64).max,
                      tokens, TOLERANCE_LABELS.get(TOLERANCE_BY_FIXTURE.get(fixture.name, PRINTED)),
                      None, False, "nothing computed for this fixture")


def check_fixture(fixture: Fixture, ours: np.ndarray,
                  arguments: Mapping[str, np.ndarray]) -> FixtureRow:
    """Compare *ours* with *fixture* under the fixture's tolerance."""
    tolerance = TOLERANCE_BY_FIXTURE.get(fixture.name, PRINTED)
    label = TOLERANCE_LABELS[tolerance]
    printed_values = fixture.values()
    diff = compare(printed_values, ours)
    if not (diff.shape_ok and diff.dtype_ok):
        problem = f"expected {fixture.dtype}{list(fixture.shape)}, got {ours.dtype}{list(ours.shape)}"
        return FixtureRow(fixture.name, len(fixture.tokens), diff.max_abs, diff.max_ulp,
                          TokenMatch(len(fixture.tokens), 0, ()), label, None, False, problem)
    tokens = match_tokens(fixture.tokens, format_like_numpy(ours))
    if tolerance == PRINTED:
        return FixtureRow(fixture.name, len(fixture.tokens), diff.max_abs, diff.max_ulp,
                          tokens, label, None, tokens.all_identical and not diff.nan_mismatch)
    bound = softplus_kernel_bound(arguments, ours, fixture.tokens)
    used = _bound_used(fixture.tokens, ours, bound)
    return FixtureRow(fixture.name, len(fixture.tokens), diff.max_abs, diff.max_ulp, tokens,
                      label, used, used <= 1.0 and not diff.nan_mismatch)


def softplus_kernel_bound(arguments: Mapping[str, np.ndarray], ours: np.ndarray,
                          tokens: tuple[str, ...]) -> np.ndarray:
    """Per-element allowance for a sigmoid cross-entropy (see module docstring).

    *arguments* are what the computation received: ``labels``, ``logits`` and,
    for the weighted form, ``pos_weight``.
    """
    try:
        z = np.broadcast_to(np.asarray(arguments["labels"], np.float64), ours.shape)
        x = np.broadcast_to(np.asarray(arguments["logits"], np.float64), ours.shape)
    except KeyError as missing:
        raise ValueError(f"softplus tolerance needs the computation's {missing} argument") from None
    dtype = ours.dtype
    exp_term = np.exp(-np.abs(x))
    log_term = np.log1p(exp_term)
    one_kernel = _ulp(exp_term, dtype) / (1.0 + exp_term) + _ulp(log_term, dtype)
    softplus_error = KERNELS_THAT_MAY_DISAGREE * one_kernel
    if "pos_weight" in arguments:
        q = float(np.asarray(arguments["pos_weight"]))
        weight = 1.0 + (q - 1.0) * z
        shift = np.maximum(-x, 0.0)
        softplus = log_term + shift
        softplus_error = softplus_error + np.where(shift > 0.0, _ulp(softplus, dtype), 0.0)
    else:
        weight = np.ones_like(z)
        softplus = log_term
    kernel = softplus_error * np.abs(weight)
    product_rounding = np.where(weight == 1.0, 0.0, _ulp(weight * softplus, dtype))
    sum_rounding = _ulp(ours.astype(np.float64), dtype)
    printing = np.array([half_unit_in_last_digit(t) for t in tokens]).reshape(ours.shape)
    return kernel + product_rounding + sum_rounding + printing


def _ulp(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    return np.spacing(np.abs(values).astype(dtype)).astype(np.float64)


def _bound_used(tokens: tuple[str, ...], ours: np.ndarray, bound: np.ndarray) -> float:
    """Largest ``|ours - printed| / bound``: at most 1 means within tolerance."""
    printed = np.array([parse_number(t) for t in tokens]).reshape(ours.shape)
    distance = np.abs(ours.astype(np.float64) - printed)
    return float(np.max(distance / bound))
