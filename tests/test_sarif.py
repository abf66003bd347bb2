"""`--output-format sarif` is a valid SARIF 2.1.0 log.

tests/data/sarif/sarif-schema-2.1.0.json is the OASIS schema, unmodified (see
NOTICE.md there); jsonschema validates the log against it.
"""

from __future__ import annotations

import json
import pathlib

import jsonschema
import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, run, write

SCHEMA = pathlib.Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"


def _validate(log: dict[str, object]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0]


def test_schema_rejects_a_broken_log() -> None:
    # The validator is live: a result without a message is not SARIF.
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "X"}]}]}
    with pytest.raises(AssertionError):
        _validate(bad)


def test_sarif_log_validates_and_locates_findings(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "src" / "a mul.py", TF1_MUL)
    write(tmp_path / "src" / "manual.py", TF1_MANUAL)
    write(tmp_path / "src" / "broken.py", "import tensorflow as tf\nz = (\n")
    status, out, _ = run(capsys, "migrate", "--check", "--output-format", "sarif", "src")
    assert status == 2
    log = json.loads(out)
    _validate(log)
    (sarif_run,) = log["runs"]
    results = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
         r["locations"][0]["physicalLocation"]["region"]) for r in sarif_run["results"]
    ]
    assert results == [
        ("TFM101", "warning", "src/a%20mul.py", {"startLine": 2, "startColumn": 5}),
        ("TFM402", "error", "src/manual.py", {"startLine": 2, "startColumn": 5}),
    ]
    rules = sarif_run["tool"]["driver"]["rules"]
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    (notification,) = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"].startswith("src/broken.py: error: syntax error")
    assert sarif_run["invocations"][0]["executionSuccessful"] is False


def test_an_empty_run_is_valid_sarif(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "plain.py", "print(1)\n")
    status, out, _ = run(capsys, "migrate", "--output-format", "sarif", str(tmp_path))
    assert status == 0
    log = json.loads(out)
    _validate(log)
    assert log["runs"][0]["results"] == []


def test_a_noqa_finding_is_a_suppressed_result(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "m.py", "import tensorflow as tf\nw = tf.get_collection('w')  # noqa: TFM402\n")
    status, out, _ = run(capsys, "migrate", "--check", "--output-format", "sarif", str(tmp_path))
    assert status == 0
    log = json.loads(out)
    _validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource"}]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (tmp_path / "m.py").as_uri()


def test_every_rule_code_is_described(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tfmigrate.rules import CODES_BY_NAME

    write(tmp_path / "plain.py", "print(1)\n")
    _, out, _ = run(capsys, "migrate", "--output-format", "sarif", str(tmp_path))
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["name"]: rule["id"] for rule in rules} == CODES_BY_NAME
    assert all(rule["shortDescription"]["text"] for rule in rules)


def test_a_notebook_finding_names_its_cell(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# title"]},
                  {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": ["import tensorflow as tf\n", "w = tf.get_collection('weights')"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    path = write(tmp_path / "nb.ipynb", json.dumps(notebook))
    _, out, _ = run(capsys, "migrate", "--check", "--output-format", "sarif", str(path))
    log = json.loads(out)
    _validate(log)
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": path.as_uri()}}  # no region: the file's lines are JSON
    assert result["message"]["text"].startswith("cell ")
    assert ", line 2, column 5: tf.get_collection" in result["message"]["text"]
