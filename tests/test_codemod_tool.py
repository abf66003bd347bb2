"""The engine and each rule run as ``python -m libcst.tool codemod`` commands.

Expected output is written by hand from the rules' documented renames.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

TF1 = "import tensorflow as tf\nz = tf.mul(x, y)\nsess = tf.Session()\nprint(sess.run(z))\n"


def codemod(tmp_path: Path, command: str, *extra: str) -> tuple[str, subprocess.CompletedProcess[str]]:
    script = tmp_path / "example.py"
    script.write_text(TF1)
    result = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "-x", "--no-format", "--hide-progress", command, *extra, "example.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    return script.read_text(), result


def test_the_engine_runs_as_a_codemod_command(tmp_path):
    migrated, result = codemod(tmp_path, "tfmigrate.engine.MigrationCommand")
    assert result.returncode == 0, result.stderr
    assert migrated == "import tensorflow as tf\nz = tf.multiply(x, y)\nprint(z.numpy())\n"
    assert "TFM101 renamed tf.mul to tf.multiply" in result.stderr
    assert "Transformed 1 files successfully" in result.stderr


def test_the_engine_command_takes_select(tmp_path):
    migrated, result = codemod(tmp_path, "tfmigrate.engine.MigrationCommand", "--select", "TFM2")
    assert result.returncode == 0, result.stderr
    assert migrated == "import tensorflow as tf\nz = tf.mul(x, y)\nprint(z.numpy())\n"


def test_a_single_rule_runs_as_a_codemod_command(tmp_path):
    migrated, result = codemod(tmp_path, "tfmigrate.rules.renames.Renames")
    assert result.returncode == 0, result.stderr
    assert migrated == "import tensorflow as tf\nz = tf.multiply(x, y)\nsess = tf.Session()\nprint(sess.run(z))\n"
    assert "TFM201" not in result.stderr


def test_python_m_tfmigrate_only_runs_as_a_script():
    sys.modules.pop("tfmigrate.__main__", None)
    module = importlib.import_module("tfmigrate.__main__")  # must not parse argv or exit
    assert callable(module.main)


def test_python_m_tfmigrate_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "tfmigrate", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.startswith("tfmigrate ")
