"""`--output-format text|json|github`: one vocabulary, 1-based columns, on stdout.

The expected lines are written by hand from the inputs: tf.mul sits at line 2,
column 5 (1-based) of TF1_MUL; the contrib call of TF1_MANUAL at 2:5.
"""

from __future__ import annotations

import json
import pathlib

import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, read, run, write


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    write(tmp_path / "a_mul.py", TF1_MUL)
    write(tmp_path / "b_manual.py", TF1_MANUAL)
    return tmp_path


def test_json_on_stdout_is_the_report_file(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tree.parent / "report.json"
    status, out, _ = run(capsys, "migrate", "--check", "--output-format", "json", "--report", str(report), str(tree))
    assert status == 1
    data = json.loads(out)
    assert data == json.loads(read(report))
    findings = [f for entry in data["files"] for f in entry["findings"]]
    assert [(f["code"], f["line"], f["col"], f["kind"]) for f in findings] == [
        ("TFM101", 2, 5, "fixed"), ("TFM402", 2, 5, "manual")
    ]
    assert data["summary"] == {"files": 2, "changed": 1, "unchanged": 1, "errors": 0, "fixed": 1, "manual": 1,
                               "swaps": 0, "suppressed": 0}


def test_text_and_json_agree(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, text, _ = run(capsys, "migrate", "--check", str(tree))
    _, out, _ = run(capsys, "migrate", "--check", "--output-format", "json", str(tree))
    data = json.loads(out)
    findings = [f for entry in data["files"] for f in entry["findings"]]
    expected = [f"{f['path']}:{f['line']}:{f['col']}: {f['code']} {f['message']}" for f in findings]
    assert [line.split(" [")[0] for line in text.splitlines()[:-1]] == expected
    summary = data["summary"]
    assert text.splitlines()[-1].endswith(
        f"findings: {summary['fixed']} fixable, {summary['manual']} manual, {summary['swaps']} swap(s)"
    )


def test_github_annotations(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "migrate", "--check", "--output-format", "github", str(tree))
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"::warning file={tree / 'a_mul.py'},line=2,col=5,title=TFM101::"
        "would rename tf.mul to tf.multiply (removed in TF 1.0)"
    )
    assert lines[1].startswith(f"::error file={tree / 'b_manual.py'},line=2,col=5,title=TFM402::"
                               "tf.get_collection left as written")


def test_github_escapes_workflow_command_syntax() -> None:
    from tfmigrate.findings import Finding, Kind
    from tfmigrate.output.github import annotation

    finding = Finding("TFM401", "a%b\nc", 3, 1, Kind.MANUAL, "", "dir,x/a:b.py")
    assert annotation(finding) == "::error file=dir%2Cx/a%3Ab.py,line=3,col=1,title=TFM401::a%25b%0Ac"


def test_an_unreadable_file_is_reported_in_json(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "broken.py", "import tensorflow as tf\nz = (\n")
    status, out, err = run(capsys, "migrate", "--output-format", "json", str(tmp_path))
    assert status == 2
    (entry,) = json.loads(out)["files"]
    assert entry["error"].startswith(f"{tmp_path / 'broken.py'}: error: syntax error")
    assert err.startswith(f"{tmp_path / 'broken.py'}: error: syntax error")


def test_github_annotation_of_a_notebook_cell_names_the_notebook() -> None:
    from tfmigrate.findings import Finding, Kind
    from tfmigrate.output.github import annotation

    finding = Finding("TFM405", "tf.placeholder left as written", 2, 5, Kind.MANUAL, "", "nb.ipynb[cell 3]")
    assert annotation(finding) == "::error file=nb.ipynb,title=TFM405::cell 3, line 2, column 5: tf.placeholder left as written"
