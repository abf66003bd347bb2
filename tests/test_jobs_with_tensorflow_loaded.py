"""``migrate --jobs`` from a process that has TensorFlow loaded (a notebook, a test run).

Forking such a process copies TensorFlow's runtime into each worker, where
collecting what it inherited can crash the worker; a multiprocessing pool
then waits forever for the files that worker held. The workers leave what
they inherited uncollected (``gc.freeze()`` before the fork).
"""

from __future__ import annotations

import pathlib
import subprocess
import sys


SCRIPT = """
import sys

import tensorflow as tf

from tfmigrate import cli

tf.function(lambda x: x * 2.0)(tf.constant(1.0))  # TensorFlow's runtime is up, as in a notebook
sys.exit(cli.main(["migrate", "-q", "-j", "2", "--no-cache", sys.argv[1]]))
"""


def test_a_parallel_run_from_a_process_with_tensorflow_migrates_every_file(tmp_path: pathlib.Path) -> None:
    for index in range(24):
        (tmp_path / f"m{index}.py").write_text(
            f"import tensorflow as tf\nx = tf.mul(tf.constant({index}.0), 2.0)\nwith tf.Session() as sess:\n"
            "    print(sess.run(x))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Segmentation fault" not in done.stderr
    assert all("x.numpy()" in path.read_text(encoding="utf-8") for path in tmp_path.glob("m*.py"))
