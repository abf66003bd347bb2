"""Warm harness servers (``migrate --verify`` on trees) give what fresh processes give, run by run.

TensorFlow is imported once per server; each script still runs in a process
of its own with the same limits. These tests run TensorFlow (a few seconds each).
"""

from __future__ import annotations

import dataclasses
import pathlib

from tfmigrate.verify import runner
from tfmigrate.verify.warm import warm_workers

REPO = pathlib.Path(__file__).resolve().parent.parent
LEAKS = "import tensorflow as tf\nimport numpy as np\ntf.leaked_marker = 1\nnp.leaked_marker = 1\ny = tf.constant(3.0) * 2\n"
CHECKS = ("import tensorflow as tf\nimport numpy as np\n"
          "assert not hasattr(tf, 'leaked_marker') and not hasattr(np, 'leaked_marker')\n"
          "z = tf.reduce_sum(tf.random.normal([4]))\n")
SPINS = "import tensorflow as tf\nwhile True:\n    pass\n"


def _rows(report: runner.VerifyReport) -> list[tuple]:
    return [dataclasses.astuple(row) for row in report.rows]


def test_warm_runs_report_what_fresh_processes_report() -> None:
    original = (REPO / "examples" / "tf1_zoo" / "linear_regression_gd.py").read_text(encoding="utf-8")
    from tfmigrate.engine import migrate_source

    migrated = migrate_source(original).code
    path = REPO / "examples" / "tf1_zoo" / "linear_regression_gd.py"
    cold = runner.verify_sources(original, migrated, path=path)
    with warm_workers():
        warm = [runner.verify_sources(original, migrated, path=path) for _ in range(2)]
    assert cold.passed and all(report.passed for report in warm)
    assert _rows(warm[0]) == _rows(cold) == _rows(warm[1])


def test_a_script_cannot_leave_state_for_the_next_one(tmp_path: pathlib.Path) -> None:
    (tmp_path / "leaks.py").write_text(LEAKS, encoding="utf-8")
    (tmp_path / "checks.py").write_text(CHECKS, encoding="utf-8")
    with warm_workers():
        first = runner.run_side(tmp_path / "leaks.py", "migrated")
        second = runner.run_side(tmp_path / "checks.py", "migrated")
    assert first.status.problem == ""
    assert second.status.problem == ""


def test_time_limit_holds_and_the_server_serves_again(tmp_path: pathlib.Path) -> None:
    (tmp_path / "spins.py").write_text(SPINS, encoding="utf-8")
    (tmp_path / "checks.py").write_text(CHECKS, encoding="utf-8")
    with warm_workers():
        spun = runner.run_side(tmp_path / "spins.py", "migrated", timeout=5)
        after = runner.run_side(tmp_path / "checks.py", "migrated")
    assert spun.status.problem == "timed out after 5 s"
    assert after.status.problem == ""
