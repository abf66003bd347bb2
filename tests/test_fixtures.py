"""The article's printed arrays, and the check behind ``tfmigrate verify``.

The golden values are the article's printed tokens; the spot checks below were
typed by hand from the article, independently of the transcription.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from tfmigrate.reference import article
from tfmigrate.commands.verify import fixture_rows, format_table, run_fixture_check
from tfmigrate.verify.fixtures import (
    FixtureError,
    check_fixture,
    check_fixtures,
    load_fixtures,
)
from tfmigrate.verify.printed import format_like_numpy, match_tokens

REPO = Path(__file__).resolve().parents[1]
FIXTURE_NAMES = ["l1_loss", "l2_loss", "sigmoid_cross_entropy", "weighted_cross_entropy"]
CROSS_ENTROPIES = ["sigmoid_cross_entropy", "weighted_cross_entropy"]


@pytest.fixture(scope="module")
def fixtures():
    return load_fixtures()


@pytest.fixture(scope="module")
def rows():
    return {row.fixture: row for row in fixture_rows()}


@pytest.fixture(scope="module")
def computed():
    return article.printed_arrays()


@pytest.fixture(scope="module")
def arguments():
    return article.printed_arguments()


# --- the fixture file ---------------------------------------------------------


def test_fixture_file_holds_four_arrays_of_100_float32_tokens(fixtures):
    assert list(fixtures) == FIXTURE_NAMES
    assert sum(len(f.tokens) for f in fixtures.values()) == 400
    for fixture in fixtures.values():
        assert len(fixture.tokens) == 100
        assert fixture.shape == (100,)
        assert fixture.dtype == "float32"
        assert fixture.values().dtype == np.float32


def test_parsed_values_in_the_file_are_its_tokens():
    document = json.loads((REPO / "fixtures" / "article_arrays.json").read_text(encoding="utf-8"))
    assert document["printing"]["precision"] == 8
    assert document["printing"]["floatmode"] == "maxprec"
    for entry in document["fixtures"].values():
        assert entry["values"] == [float(token) for token in entry["tokens"]]


def test_spot_tokens_typed_from_the_article(fixtures):
    spots = {
        "l1_loss": {0: "1.", 1: "0.97979796", 49: "0.01010102", 50: "0.01010096", 99: "1."},
        "l2_loss": {1: "9.60004032e-01", 49: "1.02030615e-04", 50: "1.02029408e-04",
                    99: "1.00000000e+00"},
        "sigmoid_cross_entropy": {0: "4.3132615", 42: "0.91932225", 54: "-0.05037478",
                                  99: "-3.6867383"},
        "weighted_cross_entropy": {0: "4.7831545", 2: "4.5962243", 51: "0.01643331",
                                   99: "-4.4698925"},
    }
    for name, expected in spots.items():
        for index, token in expected.items():
            assert fixtures[name].tokens[index] == token, (name, index)


def test_tokens_follow_numpys_print_rules(fixtures):
    # Scientific notation pads every mantissa to the longest one (8 digits);
    # positional notation never prints more than 8 fractional digits.
    assert all(t.endswith(("e+00", "e-01", "e-02", "e-03", "e-04")) and len(t.split("e")[0]) == 10
               for t in fixtures["l2_loss"].tokens)
    for name in ("l1_loss", *CROSS_ENTROPIES):
        assert all(len(t.split(".")[1]) <= 8 for t in fixtures[name].tokens)


def test_provenance_names_what_each_argument_received(fixtures):
    sigmoid = fixtures["sigmoid_cross_entropy"].provenance
    assert sigmoid["call_as_written"] == \
        "tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_targets)"
    assert sigmoid["arguments"] == {"labels": "y_pred", "logits": "y_targets"}
    assert sigmoid["swapped_arguments"] is True
    weighted = fixtures["weighted_cross_entropy"].provenance
    assert weighted["arguments"] == {"targets": "y_pred", "logits": "y_targets", "pos_weight": "weight"}
    assert weighted["inputs"]["y_pred"] == "tf.linspace(-3., 5., 100)"
    assert fixtures["l1_loss"].provenance["swapped_arguments"] is False


def test_fixture_calls_agree_with_the_reference_metadata(fixtures):
    for name, fixture in fixtures.items():
        computation = article.BY_NAME[name]
        assert computation.printed
        assert computation.swapped == fixture.provenance["swapped_arguments"]
        assert computation.call_as_written.replace(" ", "").endswith(
            fixture.provenance["call_as_written"].replace(" ", ""))


# --- the check ----------------------------------------------------------------


def test_every_fixture_passes(rows):
    assert sorted(rows) == sorted(FIXTURE_NAMES)
    assert all(row.passed for row in rows.values()), format_table(list(rows.values()))


@pytest.mark.parametrize("name", ["l1_loss", "l2_loss"])
def test_l1_and_l2_reproduce_every_printed_token(rows, name):
    assert rows[name].tokens.summary() == "100/100"
    assert rows[name].max_ulp <= 1


@pytest.mark.parametrize("name", CROSS_ENTROPIES)
def test_cross_entropy_residual_is_reported_not_hidden(rows, name):
    row = rows[name]
    assert 50 < row.tokens.identical < 100
    assert row.max_abs > 0
    assert 0.0 < row.bound_used <= 1.0


def _softplus_minus_one_tf2() -> np.float32:
    return np.float32(tf.math.log1p(tf.exp(tf.constant(-1.0))).numpy())


def _cross_entropies_with_softplus(softplus: np.float32) -> dict[str, np.ndarray]:
    """The two swapped cross-entropies in float32, one rounding per operation."""
    x = article.classification_predictions().numpy()  # went in as labels/targets
    one = np.float32(1.0)
    sigmoid = (one - x) + softplus  # relu(1) - 1 * x + softplus
    log_weight = one + (np.float32(0.5) - one) * x
    weighted = (one - x) * one + log_weight * (softplus + np.float32(0.0))
    return {"sigmoid_cross_entropy": sigmoid, "weighted_cross_entropy": weighted}


def test_whole_residual_is_one_ulp_of_log1p_exp_minus_one(fixtures):
    """The tolerance's premise: TF1 and TF2 differ only in softplus(-1).

    TF2 gives log(1 + e^-1) = 0.3132617; one float32 step up (0.31326172)
    reproduces every printed token of both cross-entropies.
    """
    tf2 = _softplus_minus_one_tf2()
    assert format_like_numpy(tf2, scalar=True) == ("0.3132617",)
    tf1 = np.nextafter(tf2, np.float32(1.0))
    assert format_like_numpy(tf1, scalar=True) == ("0.31326172",)
    for name, values in _cross_entropies_with_softplus(tf1).items():
        assert match_tokens(fixtures[name].tokens, format_like_numpy(values)).all_identical, name
    for name, values in _cross_entropies_with_softplus(tf2).items():
        assert not match_tokens(fixtures[name].tokens, format_like_numpy(values)).all_identical


@pytest.mark.parametrize("steps", [-6, 8])
def test_softplus_several_ulps_off_fails(fixtures, arguments, steps):
    # The bound is about 3.5 ulps of log1p(exp(-1)) around the article's value
    # (one step above TF2's), so 6 steps below or 8 above TF2's must fail.
    off = _softplus_minus_one_tf2()
    toward = np.float32(1.0 if steps > 0 else 0.0)
    for _ in range(abs(steps)):
        off = np.nextafter(off, toward)
    for name, values in _cross_entropies_with_softplus(off).items():
        row = check_fixture(fixtures[name], values.astype(np.float32), arguments[name])
        assert not row.passed, name
        assert row.bound_used > 1.0


def test_one_ulp_change_in_l1_fails(fixtures, computed, arguments):
    changed = computed["l1_loss"].copy()
    changed[1] = np.nextafter(changed[1], np.float32(2.0))
    row = check_fixture(fixtures["l1_loss"], changed, arguments["l1_loss"])
    assert not row.passed
    assert row.tokens.summary() == "99/100"
    assert row.tokens.mismatches[0][:2] == (1, "0.97979796")


def test_corrected_cross_entropy_is_far_outside_the_bound(fixtures, arguments):
    corrected = article.BY_NAME["sigmoid_cross_entropy"].corrected().numpy()
    row = check_fixture(fixtures["sigmoid_cross_entropy"], corrected, arguments["sigmoid_cross_entropy"])
    assert not row.passed
    assert row.bound_used > 1e5


def test_wrong_dtype_or_shape_fails_with_a_reason(fixtures, computed, arguments):
    as_float64 = computed["l2_loss"].astype(np.float64)
    row = check_fixture(fixtures["l2_loss"], as_float64, arguments["l2_loss"])
    assert not row.passed and "float64" in row.problem
    row = check_fixture(fixtures["l2_loss"], computed["l2_loss"][:99], arguments["l2_loss"])
    assert not row.passed and "99" in row.problem


def test_a_fixture_with_nothing_computed_fails(fixtures, computed, arguments):
    partial = {k: v for k, v in computed.items() if k != "weighted_cross_entropy"}
    by_name = {row.fixture: row for row in check_fixtures(partial, arguments, fixtures)}
    assert not by_name["weighted_cross_entropy"].passed
    assert by_name["l1_loss"].passed
    as_json = json.dumps(by_name["weighted_cross_entropy"].to_json(), allow_nan=False)
    assert json.loads(as_json)["max_abs_diff"] is None


def test_malformed_fixture_file_is_a_one_line_error():
    bad = '{"fixtures": {"x": {"tokens": ["1."], "shape": [2], "dtype": "float32"}}}'
    with pytest.raises(FixtureError) as caught:
        load_fixtures(bad)
    message = str(caught.value)
    assert message.startswith("article_arrays.json: error:") and "\n" not in message
    with pytest.raises(FixtureError):
        load_fixtures("{not json")


# --- output ---------------------------------------------------------------------


def test_table_has_a_row_per_fixture_and_a_verdict(rows):
    table = format_table(list(rows.values()))
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["fixture", "values"]
    for name in FIXTURE_NAMES:
        (line,) = [line for line in lines if line.startswith(name + " ")]
        assert "PASS" in line and " 100 " in line
    assert "4/4 fixtures pass (400 values)" in table


def test_a_failing_table_counts_what_failed(rows):
    import dataclasses

    failing = [dataclasses.replace(row, passed=row.fixture != FIXTURE_NAMES[1]) for row in rows.values()]
    lines = format_table(failing).splitlines()
    assert f"FAILED: 1 of 4 fixtures differ (400 values): {FIXTURE_NAMES[1]}" in lines


def test_json_output_and_exit_status():
    out = io.StringIO()
    assert run_fixture_check(as_json=True, out=out) == 0
    document = json.loads(out.getvalue())
    assert document["passed"] is True
    assert [row["fixture"] for row in document["fixtures"]] == FIXTURE_NAMES
    sigmoid = document["fixtures"][2]
    assert sigmoid["tokens_total"] == 100
    assert len(sigmoid["mismatches"]) == 100 - sigmoid["tokens_identical"]


def test_installed_copy_verifies_from_another_directory(tmp_path):
    """``pip install`` (non-editable) puts fixtures/ at tfmigrate/fixtures."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("tfmigrate", "reference", "fixtures"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, source / name)
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(site), str(source)],
                   check=True, capture_output=True, cwd=tmp_path)
    assert (site / "tfmigrate" / "fixtures" / "article_arrays.json").is_file()
    assert (site / "tfmigrate" / "reference" / "losses.py").is_file()
    assert not (site / "reference").exists(), "no generic top-level package in site-packages"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([sys.executable, "-m", "tfmigrate", "verify", "--fixtures", "--json"],
                            capture_output=True, text=True, cwd=elsewhere, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    document = json.loads(result.stdout)
    assert document["passed"] is True
    assert len(document["fixtures"]) == 4
