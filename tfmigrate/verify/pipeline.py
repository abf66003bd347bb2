"""``tfmigrate verify`` with no arguments: the whole pipeline on the article.

1. migrate the shipped TF1 article script (``tfmigrate/data/article_tf1.py``);
2. run the original (TF1 graph mode) and the migration (TF2 eager), each in
   its own limited subprocess;
3. compare them with each other, value by value, and each with the arrays the
   article printed (``fixtures/``);
4. show the migration's findings beside the table.

This executes the shipped article script and the code tfmigrate generated
from it, in subprocesses.
"""

from __future__ import annotations

import importlib.resources
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from tfmigrate.verify import runner
from tfmigrate.verify.report import MATCH, MISMATCH, ValueRow, VerifyReport

ARTICLE_SCRIPT = "article_tf1.py"
MIGRATED_NAME = "article_tf2.py"

# Which module-level name of the article script holds each printed array.
FIXTURE_SOURCES: dict[str, str] = {
    "l1_loss": "loss_l1_out",
    "l2_loss": "loss_l2_out",
    "sigmoid_cross_entropy": "loss_sce_out",
    "weighted_cross_entropy": "loss_wce_out",
}

TITLE = "tfmigrate verify: the loss-function article (tfmigrate/data/article_tf1.py)"
INTRO = ("Migrated the article's TF1 script with tfmigrate, ran the original (TF1 graph mode) and the\n"
         "migration (TF2 eager) side by side, and compared every value they computed with each other\n"
         "and with the arrays the article printed.")


class PipelineError(Exception):
    """A step before the comparison could not be done (no engine, bad fixtures)."""


def article_source() -> str:
    return importlib.resources.files("tfmigrate.data").joinpath(ARTICLE_SCRIPT).read_text(encoding="utf-8")


def migrate_article(source: str) -> tuple[str, list[str]]:
    """The migrated code and the findings, each formatted on one line."""
    try:
        from tfmigrate.engine import migrate_source  # noqa: PLC0415 - only when verifying
    except ImportError as error:
        raise PipelineError(f"the migration engine cannot be loaded ({error})") from None
    result = migrate_source(source, path=ARTICLE_SCRIPT)
    return result.code, [finding.format() for finding in result.findings]


def verify_article(*, timeout: float = runner.DEFAULT_TIMEOUT, memory_gib: float = runner.DEFAULT_MEMORY_GIB,
                   ulp_bound: int = runner.ULP_BOUND, migrated_code: str | None = None) -> VerifyReport:
    """Run the pipeline; ``migrated_code`` replaces step 1 (tests use it to inject a migration)."""
    source = article_source()
    if migrated_code is None:
        migrated_code, findings = migrate_article(source)
    else:
        findings = ["(migration supplied by the caller; the engine was not run)"]
    with tempfile.TemporaryDirectory(prefix="tfmigrate-article-") as tmp:
        folder = Path(tmp)
        original_path, migrated_path = folder / ARTICLE_SCRIPT, folder / MIGRATED_NAME
        original_path.write_text(source, encoding="utf-8")
        migrated_path.write_text(migrated_code, encoding="utf-8")
        launches = runner.start_sides(
            [("original", original_path, "graph", None), ("migrated", migrated_path, "eager", None)],
            timeout=timeout, memory_gib=memory_gib, seed=None, workdir=folder)
        original, migrated = runner.finish_all(launches)
    arguments = _fixture_arguments()
    report = runner.compare_sides(original, migrated, title=TITLE, ulp_bound=ulp_bound)
    report.intro = INTRO
    report.findings = findings
    if original.status.ok and migrated.status.ok:
        report.rows += fixture_rows(original, arguments) + fixture_rows(migrated, arguments)
    return report


def _fixture_arguments() -> dict[str, dict[str, np.ndarray]]:
    """What the article's two printed cross-entropy calls received, for their tolerance.

    ``article_tf1.py`` passes ``labels=y_pred`` (``tf.linspace(-3., 5., 100)``)
    and ``logits=y_targets`` (``tf.fill([100], 1.)``), swapped as the article
    had them, and ``pos_weight`` 0.5. The tolerance only scales with these
    values, so numpy's linspace (within an ulp of TensorFlow's) serves.
    """
    y_pred = np.linspace(-3.0, 5.0, 100, dtype=np.float32)
    y_targets = np.ones(100, dtype=np.float32)
    return {
        "sigmoid_cross_entropy": {"labels": y_pred, "logits": y_targets},
        "weighted_cross_entropy": {"labels": y_pred, "logits": y_targets, "pos_weight": np.float32(0.5)},
    }


def fixture_rows(side: runner.SideRun, arguments: Mapping[str, Mapping[str, np.ndarray]]) -> list[ValueRow]:
    """Each printed array of the article against the value ``side`` computed for it."""
    from tfmigrate.verify.fixtures import FixtureError, check_fixtures, load_fixtures  # noqa: PLC0415

    try:
        fixtures = load_fixtures()
    except FixtureError as error:
        raise PipelineError(str(error)) from None
    names = side.names
    computed = {fixture: names[name] for fixture, name in FIXTURE_SOURCES.items() if name in names}
    rows = []
    for checked in check_fixtures(computed, arguments, fixtures):
        fixture = fixtures[checked.fixture]
        rows.append(ValueRow(
            label=f"{checked.fixture} vs {side.status.side}", kind="fixture", shape=fixture.shape,
            dtype=fixture.dtype, max_abs=_finite_or_none(checked.max_abs),
            max_ulp=checked.max_ulp if checked.max_ulp < 2**62 else None,
            verdict=MATCH if checked.passed else MISMATCH, detail=_fixture_detail(checked)))
    return rows


def _fixture_detail(checked: Any) -> str:
    text = f"{checked.tokens.summary()} printed tokens identical ({checked.tolerance})"
    return text if checked.passed else f"{checked.problem or 'outside tolerance'}; {text}"


def _finite_or_none(value: float) -> float | None:
    return value if np.isfinite(value) else None
