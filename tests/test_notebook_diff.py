"""``migrate --diff`` on a notebook shows the changed cells' sources, named as findings name them."""

from __future__ import annotations

import json

from tfmigrate.cli import main


def _notebook(tmp_path):
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# A TF1 notebook"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import tensorflow as tf\n", "x = tf.constant([1., 2.])"]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
         "source": ["y = tf.mul(x, 2.)\n", "z = tf.log(y)\n", "print(y)"]},
    ]
    path = tmp_path / "nb.ipynb"
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(document, indent=1) + "\n")
    return path


def test_diff_of_a_notebook_is_a_diff_of_its_cells(tmp_path, capsys):
    path = _notebook(tmp_path)
    before = path.read_text()
    assert main(["migrate", "--diff", str(path)]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert path.read_text() == before  # --diff writes nothing
    # Only the third cell changed (the markdown cell counts as cell 1).
    assert out.startswith(
        f"--- a/{path}[cell 3]\n"
        f"+++ b/{path}[cell 3]\n"
        "@@ -1,3 +1,3 @@\n"
        "-y = tf.mul(x, 2.)\n"
        "-z = tf.log(y)\n"
        "+y = tf.multiply(x, 2.)\n"
        "+z = tf.math.log(y)\n"
        " print(y)\n"
    )
    assert '"source"' not in out and "cell_type" not in out
    assert f"{path}[cell 3]:1:5: TFM101" in captured.err  # the findings name the same cell
