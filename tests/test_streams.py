"""One stream rule: stdout carries the run's product.

When the product is code (--diff, or - without --check) the report goes to
stderr; otherwise the report is the product and goes to stdout. Input errors
always go to stderr.
"""

from __future__ import annotations

import pathlib

import pytest
from cli_helpers import TF1_MUL, feed_stdin, run, write

FINDING = "TFM101 "

# (arguments, stdin?, where the findings go)
MODES = [
    ([], False, "stdout"),
    (["--check"], False, "stdout"),
    (["--out-dir", "{out}"], False, "stdout"),
    (["--diff"], False, "stderr"),
    (["--check", "--diff"], False, "stderr"),
    ([], True, "stderr"),
    (["--diff"], True, "stderr"),
    (["--check"], True, "stdout"),
]


@pytest.mark.parametrize(("args", "stdin", "report_on"), MODES)
def test_findings_and_summary_go_where_the_rule_says(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    args: list[str], stdin: bool, report_on: str,
) -> None:
    args = [arg.replace("{out}", str(tmp_path / "out")) for arg in args]
    if stdin:
        feed_stdin(monkeypatch, TF1_MUL)
        target = "-"
    else:
        target = str(write(tmp_path / "mul.py", TF1_MUL))
    _, out, err = run(capsys, "migrate", *args, target)
    streams = {"stdout": out, "stderr": err}
    report, other = streams.pop(report_on), next(iter(streams.values()))
    assert FINDING in report and "1 file(s): " in report.splitlines()[-1]
    assert FINDING not in other and "file(s): " not in other

