"""The codemod never imports TensorFlow (about 4 s): checked in fresh interpreters.

Two independent checks: ``python -X importtime`` lists every module the run
imported, and a small script reports ``sys.modules`` after ``cli.main``
returns. Each run's wall time is printed, so the cost is visible in the log.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
TF1_SOURCE = (
    "import tensorflow as tf\n"
    "x = tf.constant([1., 2.])\n"
    "with tf.Session() as sess:\n"
    "    print(sess.run(tf.reduce.mean(tf.mul(x, 2.))))\n"
    "from tensorflow.python.ops import array_ops, control_flow_ops\n"  # TFM105 reads the wheel's API tree as text
    "from tensorflow.contrib.framework.python.ops import variables as contrib_variables\n"
    "parts = array_ops.unstack(control_flow_ops.cond(True, lambda: [1.], lambda: [2.]))\n"
)
NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
               "source": ["%matplotlib inline\n", "import tensorflow as tf\n", "y = tf.log(x)"]}],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}
# Runs the CLI in process, then prints what it imported from tensorflow (nothing, we hope).
PROBE = (
    "import json, sys\n"
    "from tfmigrate import cli\n"
    "status = cli.main(sys.argv[1:])\n"
    "loaded = sorted(m for m in sys.modules if m == 'tensorflow' or m.startswith(('tensorflow.', 'keras', 'tf_keras')))\n"
    "print(json.dumps({'status': status, 'loaded': loaded}), file=sys.stderr)\n"
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONSTARTUP", None)
    return env


def _run(
    args: list[str], cwd: pathlib.Path, label: str, capsys: pytest.CaptureFixture[str]
) -> subprocess.CompletedProcess[str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=120, check=False
    )
    elapsed = time.perf_counter() - start
    with capsys.disabled():  # shown in every run's log, not only on failure
        print(f"\n[wall time] {label}: {elapsed:.2f} s")
    return result


def imported_modules(importtime_stderr: str) -> list[str]:
    """Module names from ``-X importtime`` lines: ``import time: self | cumulative | name``."""
    names = []
    for line in importtime_stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.append(name)
    return names


def tensorflow_modules(names: list[str]) -> list[str]:
    return [n for n in names if n == "tensorflow" or n.startswith("tensorflow.") or n == "keras" or n.startswith("keras.")]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("notf")
    (root / "tf1.py").write_text(TF1_SOURCE, encoding="utf-8")
    (root / "nb.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    return root


def test_importtime_parser_reads_real_output(workdir: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The parser must see modules that *are* imported, or the checks below prove nothing.
    result = _run(["-X", "importtime", "-c", "import json"], workdir, "python -c 'import json'", capsys)
    assert "json" in imported_modules(result.stderr)


@pytest.mark.parametrize(
    ("label", "argv"),
    [
        ("migrate --help", ["migrate", "--help"]),
        ("migrate --diff tf1.py", ["migrate", "--diff", "tf1.py"]),
        ("migrate tf1.py nb.ipynb --out-dir out --report r.json", ["migrate", "tf1.py", "nb.ipynb", "--out-dir", "out", "--report", "r.json"]),
        ("rules", ["rules"]),
    ],
)
def test_importtime_shows_no_tensorflow(
    workdir: pathlib.Path, label: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = _run(["-X", "importtime", "-m", "tfmigrate", *argv], workdir, f"python -X importtime -m tfmigrate {label}", capsys)
    assert result.returncode == 0, result.stderr[-2000:]
    names = imported_modules(result.stderr)
    assert "tfmigrate.cli" in names  # the run really went through the CLI
    assert tensorflow_modules(names) == []


def test_sys_modules_after_migrating_holds_no_tensorflow(workdir: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["migrate", "--check", "tf1.py", "nb.ipynb"]
    result = _run(["-c", PROBE, *argv], workdir, "cli.main(migrate --check tf1.py nb.ipynb)", capsys)
    outcome = json.loads(result.stderr.strip().splitlines()[-1])
    assert outcome == {"status": 1, "loaded": []}  # status 1: both files would change
    assert "tf1.py:4:35: TFM101 would rename tf.mul to tf.multiply" in result.stdout  # --check: conditional
