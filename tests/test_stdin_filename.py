"""`--stdin-filename NAME`: findings and diffs of code read from - name the file."""

from __future__ import annotations

import json

import pytest
from cli_helpers import TF1_MUL, TF2_MUL, feed_stdin, run


def test_findings_name_the_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, TF1_MUL)
    status, out, err = run(capsys, "migrate", "--stdin-filename", "pkg/model.py", "-")
    assert status == 0
    assert out == TF2_MUL
    assert err.splitlines()[0] == "pkg/model.py:2:5: TFM101 renamed tf.mul to tf.multiply (removed in TF 1.0)"


def test_diff_headers_name_the_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, TF1_MUL)
    _, out, _ = run(capsys, "migrate", "--diff", "--stdin-filename", "model.py", "-")
    assert out.splitlines()[:2] == ["--- a/model.py", "+++ b/model.py"]


def test_json_report_names_the_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, TF1_MUL)
    status, out, _ = run(capsys, "migrate", "--check", "--output-format", "json", "--stdin-filename", "m.py", "-")
    assert status == 1
    (entry,) = json.loads(out)["files"]
    assert entry["path"] == "m.py" and entry["findings"][0]["path"] == "m.py"


def test_errors_name_the_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, "import tensorflow as tf\nz = (\n")
    status, out, err = run(capsys, "migrate", "--stdin-filename", "broken.py", "-")
    assert (status, out) == (2, "")
    assert err.startswith("broken.py: error: syntax error")


def test_without_it_stdin_is_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    feed_stdin(monkeypatch, TF1_MUL)
    _, _, err = run(capsys, "migrate", "-")
    assert err.startswith("-:2:5: TFM101 ")


def test_a_notebook_name_reads_a_notebook(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                   "source": ["import tensorflow as tf\n", "z = tf.mul(x, y)"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    feed_stdin(monkeypatch, json.dumps(notebook))
    status, out, err = run(capsys, "migrate", "--stdin-filename", "nb.ipynb", "-")
    assert status == 0
    assert json.loads(out)["cells"][0]["source"] == ["import tensorflow as tf\n", "z = tf.multiply(x, y)"]
    assert err.startswith("nb.ipynb[cell ")
