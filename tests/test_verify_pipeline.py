"""``tfmigrate verify`` with no arguments: the article, end to end.

The golden values are the article's own printed arrays (``fixtures/``) and
the TF1 graph-mode run of its script; neither comes from the migration.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tfmigrate.verify import pipeline
from tfmigrate.verify.report import MISMATCH, VerifyReport

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def default_run() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tfmigrate", "verify"], cwd=REPO, capture_output=True,
                          text=True, timeout=600)


def test_verify_with_no_arguments_passes_on_the_article(default_run: subprocess.CompletedProcess[str]) -> None:
    assert default_run.returncode == 0, default_run.stdout + default_run.stderr
    last = default_run.stdout.rstrip().splitlines()[-1]
    assert last.startswith("PASSED: all 24 values match")


def test_the_table_covers_every_fetch_name_and_printed_array(default_run: subprocess.CompletedProcess[str]) -> None:
    out = default_run.stdout
    for label in ("run #1 (line 16|", "run #8 (line 49|", "loss_mse_out", "loss_scce_out",
                  "l1_loss vs original", "weighted_cross_entropy vs migrated"):
        assert label in out, label
    assert "100/100 printed tokens identical" in out


def test_the_findings_and_the_repair_are_shown(default_run: subprocess.CompletedProcess[str]) -> None:
    findings = default_run.stdout.split("Findings of the migration:")[1].split("\n\n")[0].splitlines()
    assert sum("swapped" in line for line in findings) == 3
    assert any("tf.mul" in line for line in findings)
    assert any("tf.reduce.mean" in line for line in findings)
    assert "original repaired at run time: tf.reduce.mean -> tf.reduce_mean (line 21)" in default_run.stdout
    assert "original used pre-1.0 name: tf.mul -> tf.multiply (line 29)" in default_run.stdout


def test_a_migration_that_fixes_the_swaps_changes_values_and_fails() -> None:
    from tfmigrate.engine import migrate_source

    fixed = migrate_source(pipeline.article_source(), path="article_tf1.py", fix_swaps=True).code
    report = pipeline.verify_article(migrated_code=fixed)
    assert not report.passed
    differing = {row.label for row in report.rows if not row.ok}
    # The swapped calls compute other numbers once fixed; everything else stays.
    assert {"loss_sce_out", "loss_wce_out", "loss_softmax_out"} <= differing
    assert {"sigmoid_cross_entropy vs migrated", "weighted_cross_entropy vs migrated"} <= differing
    assert "sigmoid_cross_entropy vs original" not in differing
    assert {"loss_l1_out", "loss_l2_out", "loss_mse_out", "loss_hinge_out"}.isdisjoint(differing)
    data = json.loads(json.dumps(report.to_json()))
    assert data["passed"] is False and data["compared"] == 24


# --- tfmigrate's own migrations of the corpus ---------------------------------

CORPUS = REPO / "examples" / "corpus"
CORPUS_SCRIPTS = ("losses", "linear_regression", "logistic_regression", "mlp_adam", "softmax_minibatch")


# The scripts the engine migrates completely, read off the scripts by hand: mlp_adam.py fetches
# an expression over its placeholders' tensors, which the session rule leaves to the user.
COMPLETE = ("losses", "linear_regression", "logistic_regression", "softmax_minibatch")
LEFT_TO_THE_USER = ("mlp_adam",)


@dataclasses.dataclass
class CorpusRun:
    manual_lines: set[int]  # lines of the findings that leave code to the user
    report: VerifyReport
    migrated_error_line: int  # where the migrated side stopped with an error; 0 if it ran to the end


@pytest.fixture(scope="module")
def engine_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CorpusRun]:
    from tfmigrate.engine import migrate_source
    from tfmigrate.findings import Kind
    from tfmigrate.verify.runner import compare_sides, run_many

    folder = tmp_path_factory.mktemp("engine")
    manual = {}
    for name in CORPUS_SCRIPTS:
        result = migrate_source((CORPUS / f"{name}.py").read_text(encoding="utf-8"), path=f"{name}.py")
        (folder / f"{name}.py").write_text(result.code, encoding="utf-8")
        manual[name] = {f.line for f in result.findings if f.kind in (Kind.MANUAL, Kind.ERROR)}
    specs = [("original", CORPUS / f"{n}.py", "graph", None) for n in CORPUS_SCRIPTS]
    specs += [("migrated", folder / f"{n}.py", "eager", None) for n in CORPUS_SCRIPTS]
    runs = run_many(specs, jobs=2)
    half = len(CORPUS_SCRIPTS)
    return {
        name: CorpusRun(manual[name], compare_sides(runs[i], runs[half + i], title=name),
                        int((runs[half + i].meta.get("error") or {}).get("line") or 0))
        for i, name in enumerate(CORPUS_SCRIPTS)
    }


def test_the_corpus_is_split_by_hand_into_complete_and_left_to_the_user() -> None:
    assert sorted(COMPLETE + LEFT_TO_THE_USER) == sorted(CORPUS_SCRIPTS)


@pytest.mark.parametrize("name", COMPLETE)
def test_a_complete_migration_reports_nothing_to_do_and_verifies(engine_reports: dict[str, CorpusRun], name: str) -> None:
    run = engine_reports[name]
    assert not run.manual_lines, f"{name}.py was expected to migrate completely"
    assert run.report.passed, (run.report.summary(), [(r.label, r.detail) for r in run.report.rows if not r.ok][:3])


@pytest.mark.parametrize("name", LEFT_TO_THE_USER)
def test_an_incomplete_migration_stops_only_where_a_finding_says(engine_reports: dict[str, CorpusRun], name: str) -> None:
    """What is left as written may not run in TF 2, but only on a line that has a finding saying so."""
    run = engine_reports[name]
    assert run.manual_lines, f"{name}.py now migrates completely: move it to COMPLETE"
    assert run.report.sides[0].ok, run.report.sides[0].describe()
    assert not [row.label for row in run.report.rows if row.verdict == MISMATCH], "a value changed"
    if not run.report.passed:
        assert run.migrated_error_line in run.manual_lines, run.report.summary()
