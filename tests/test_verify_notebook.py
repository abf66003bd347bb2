"""Notebooks: re-execute the migration, compare with outputs a TF1 kernel recorded.

``tests/data/tf1_article.ipynb`` is the article's TF1 code in cells, with the
arrays the article printed as the recorded outputs (copied as printed), and
the AttributeError its last cell raised (``.eval`` on a Keras loss object;
TF1 graph mode through tf.compat.v1 raises the same). The
migrated code is either tfmigrate's own migration or cells written by hand
below; the expected values are always the recorded outputs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tfmigrate.verify.notebook_check import runnable, verify_notebook
from tfmigrate.verify.printed import find_printed_arrays

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "tests" / "data" / "tf1_article.ipynb"

# A TF2 migration of each code cell, written by hand.
HAND_MIGRATED: dict[int, str] = {
    1: "import tensorflow as tf\ny_pred=tf.linspace(-1., 1., 100)\ny_target=tf.constant(0.)",
    2: "loss_l1_vals=tf.abs(y_pred-y_target)\nloss_l1_out=loss_l1_vals.numpy()\nloss_l1_out",
    3: "loss_l2_vals=tf.square(y_pred - y_target)\nloss_l2_out=loss_l2_vals.numpy()\nloss_l2_out",
    4: "loss_mse_vals= tf.reduce_mean(tf.square(y_pred - y_target))\nloss_mse_out = loss_mse_vals.numpy()",
    5: "y_pred=tf.linspace(-3., 5., 100)\ny_target=tf.constant(1.)\ny_targets=tf.fill([100], 1.)\n"
       "loss_hinge_vals = tf.maximum(0., 1. -tf.multiply(y_target, y_pred))\n"
       "loss_hinge_out = loss_hinge_vals.numpy()",
    6: "loss_sce_vals=tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_targets)\n"
       "loss_sce_out=loss_sce_vals.numpy()\nloss_sce_out",
    7: "weight = tf.constant(0.5)\n"
       "loss_wce_vals = tf.nn.weighted_cross_entropy_with_logits(y_pred, y_targets, weight)\n"
       "loss_wce_out = loss_wce_vals.numpy()\nloss_wce_out",
    8: "scce = tf.keras.losses.SparseCategoricalCrossentropy()\nscce.numpy()",
}


def _notebook_with(folder: Path, name: str, cells: dict[int, str]) -> Path:
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for index, code in cells.items():
        document["cells"][index]["source"] = code.splitlines(keepends=True)
        document["cells"][index]["outputs"] = []
    path = folder / name
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def test_the_notebook_records_the_articles_four_printed_arrays() -> None:
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    recorded = {}
    errors = {}
    for index, cell in enumerate(document["cells"]):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                errors[index] = output["ename"]
            else:
                recorded[index] = find_printed_arrays("".join(output["data"]["text/plain"]))
    assert sorted(recorded) == [2, 3, 6, 7]
    assert errors == {8: "AttributeError"}
    first = {index: arrays[0] for index, arrays in recorded.items()}
    assert all(a.shape == (100,) and a.dtype == "float32" for a in first.values())
    assert first[2].tokens[:3] == ("1.", "0.97979796", "0.959596")
    assert first[3].tokens[1] == "9.60004032e-01"
    assert first[6].tokens[-1] == "-3.6867383"
    assert first[7].tokens[0] == "4.7831545"


def test_outputs_without_numbers_are_noted_not_skipped_silently() -> None:
    from tfmigrate.verify.notebook_check import RecordedCell, unparsed_outputs

    cells = [RecordedCell(1, "", "hello\n"), RecordedCell(2, "", "[1. 2.]\n"), RecordedCell(3, "", "")]
    assert unparsed_outputs(cells) == ["cell 2: recorded output has no printed array or number; not compared"]


def test_ipython_lines_become_pass() -> None:
    assert runnable("%matplotlib inline\nx = 1\n  !ls\nx?") == "pass\nx = 1\n  pass\npass"


def test_cli_migrates_reexecutes_and_verifies_the_notebook() -> None:
    result = subprocess.run([sys.executable, "-m", "tfmigrate", "verify", str(NOTEBOOK)], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    for label in ("cell 3", "cell 4", "cell 7", "cell 8"):
        assert f"  {label}  " in result.stdout
    assert "100/100 printed tokens identical" in result.stdout
    assert "raised AttributeError, as the notebook recorded" in result.stdout
    assert result.stdout.rstrip().endswith("PASSED: all 5 values match (4/4 notebook cells, 1/1 recorded errors)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("notebooks")


def test_a_hand_migrated_notebook_verifies_against_the_recorded_outputs(folder: Path) -> None:
    migrated = _notebook_with(folder, "hand.ipynb", HAND_MIGRATED)
    report = verify_notebook(NOTEBOOK, migrated)
    assert report.passed, [(row.label, row.detail) for row in report.rows]
    assert [row.label for row in report.rows] == ["cell 3", "cell 4", "cell 7", "cell 8", "cell 9"]
    assert report.rows[-1].detail == "raised AttributeError, as the notebook recorded"
    assert report.rows[0].detail == "100/100 printed tokens identical"


def test_a_changed_constant_is_caught_in_its_cell(folder: Path) -> None:
    cells = {**HAND_MIGRATED, 7: HAND_MIGRATED[7].replace("tf.constant(0.5)", "tf.constant(0.5001)")}
    report = verify_notebook(NOTEBOOK, _notebook_with(folder, "changed.ipynb", cells))
    assert [row.label for row in report.rows if not row.ok] == ["cell 8"]


def test_a_failing_cell_is_reported_with_its_index(folder: Path) -> None:
    cells = {**HAND_MIGRATED, 5: HAND_MIGRATED[5].replace("tf.multiply", "tf.mul")}
    report = verify_notebook(NOTEBOOK, _notebook_with(folder, "broken.ipynb", cells))
    assert report.summary() == ("FAILED: migrated: AttributeError: module 'tensorflow' has no attribute 'mul' "
                                "(cell 6, line 4)")


def test_notebook_texts_verify_without_files(folder: Path) -> None:
    from tfmigrate.verify.notebook_check import verify_notebook_texts

    migrated = _notebook_with(folder, "texts.ipynb", HAND_MIGRATED).read_text(encoding="utf-8")
    report = verify_notebook_texts(NOTEBOOK.read_text(encoding="utf-8"), migrated, path=NOTEBOOK)
    assert report.passed, report.summary()
    assert len(report.rows) == 5


# --- errors the notebook recorded -------------------------------------------------


def test_another_exception_type_than_the_recorded_one_fails(folder: Path) -> None:
    cells = {**HAND_MIGRATED, 8: "scce = tf.keras.losses.SparseCategoricalCrossentropy()\nlen(scce)"}
    report = verify_notebook(NOTEBOOK, _notebook_with(folder, "other_error.ipynb", cells))
    assert not report.passed
    assert report.summary().startswith("FAILED: migrated: TypeError: ")
    assert "cell 9 raised TypeError; the notebook recorded AttributeError" in report.notes


def test_a_recorded_error_the_migration_no_longer_raises_fails(folder: Path) -> None:
    cells = {**HAND_MIGRATED, 8: "scce = tf.keras.losses.SparseCategoricalCrossentropy()"}
    report = verify_notebook(NOTEBOOK, _notebook_with(folder, "no_error.ipynb", cells))
    assert [(row.label, row.detail) for row in report.rows if not row.ok] == [
        ("cell 9", "the notebook recorded AttributeError; the migrated cell raised nothing")]


def _tiny_notebook(folder: Path, name: str, cells: list[tuple[str, list[dict[str, object]]]]) -> Path:
    document = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": outputs,
                           "source": code.splitlines(keepends=True)} for code, outputs in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = folder / name
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def test_cells_after_a_recorded_error_still_run_and_are_compared(folder: Path) -> None:
    raised = {"output_type": "error", "ename": "AttributeError", "evalue": "'int' object has no attribute 'eval'",
              "traceback": []}
    shown = {"output_type": "execute_result", "execution_count": 2, "metadata": {},
             "data": {"text/plain": ["array([1., 4.], dtype=float32)"]}}
    cells = [("n = 1\nn.eval()", [raised]), ("import numpy as np\nnp.array([1., 2.], np.float32) ** 2", [shown])]
    original = _tiny_notebook(folder, "tiny.ipynb", cells)
    report = verify_notebook(original, original)
    assert report.passed, report.summary()
    assert [(row.label, row.kind) for row in report.rows] == [("cell 2", "cell"), ("cell 1", "error")]
