"""The text report folds a file's repeated findings into one line per name; ``full`` and JSON list each."""

from __future__ import annotations

import json
import pathlib

import pytest

from tests.cli_helpers import run
from tfmigrate.findings import Finding, Kind
from tfmigrate.output.text import fold_repeats

PLACEHOLDER = "tf.placeholder left as written"


def _finding(line: int, subject: str = "tf.placeholder", message: str = PLACEHOLDER, path: str = "a.py") -> Finding:
    return Finding("TFM405", message, line, 5, Kind.MANUAL, "pass it as an argument", path, subject=subject)


FOLDS: list[tuple[str, list[Finding], list[tuple[int, str]]]] = [
    ("three uses become one line naming the other two",
     [_finding(2), _finding(7), _finding(9)],
     [(2, f"{PLACEHOLDER} (3 uses; also lines 7, 9)")]),
    ("two uses: the other line, singular",
     [_finding(2), _finding(7)],
     [(2, f"{PLACEHOLDER} (2 uses; also line 7)")]),
    ("more than eight others are counted",
     [_finding(n) for n in range(1, 12)],
     [(1, f"{PLACEHOLDER} (11 uses; also lines 2, 3, 4, 5, 6, 7, 8, 9 and 2 more)")]),
    ("another name stays apart, in first-seen order",
     [_finding(2), _finding(3, "tf.Session", "tf.Session left"), _finding(4)],
     [(2, f"{PLACEHOLDER} (2 uses; also line 4)"), (3, "tf.Session left")]),
]

NO_FOLD: list[tuple[str, list[Finding]]] = [
    ("one use", [_finding(2)]),
    ("no subject: each stays", [_finding(2, subject=""), _finding(3, subject="")]),
    ("other messages", [_finding(2, message="a"), _finding(3, message="b")]),
    ("other files", [_finding(2, path="a.py"), _finding(2, path="b.py")]),
]


@pytest.mark.parametrize(("name", "findings", "expected"), FOLDS, ids=[f[0] for f in FOLDS])
def test_fold(name: str, findings: list[Finding], expected: list[tuple[int, str]]) -> None:
    assert [(f.line, f.message) for f in fold_repeats(findings)] == expected


@pytest.mark.parametrize(("name", "findings"), NO_FOLD, ids=[n[0] for n in NO_FOLD])
def test_no_fold(name: str, findings: list[Finding]) -> None:
    assert fold_repeats(findings) == findings


SOURCE = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.placeholder(tf.float32)\nz = x + y\n"


def test_the_command_line_folds_by_default_and_lists_all_in_full_and_json(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.py"
    path.write_text(SOURCE)
    _, out, _ = run(capsys, "migrate", "--check", "--no-cache", str(path))
    placeholder_lines = [line for line in out.splitlines() if "TFM405" in line]
    assert len(placeholder_lines) == 1 and placeholder_lines[0].startswith(f"{path}:2:5:")
    assert "(2 uses; also line 3)" in placeholder_lines[0]
    _, out, _ = run(capsys, "migrate", "--check", "--no-cache", "--output-format", "full", str(path))
    assert [line.split(": TFM405")[0] for line in out.splitlines() if "TFM405" in line] == [f"{path}:2:5", f"{path}:3:5"]
    _, out, _ = run(capsys, "migrate", "--check", "--no-cache", "--output-format", "json", str(path))
    listed = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "TFM405"]
    assert [f["line"] for f in listed] == [2, 3]
