"""Small helpers the command-line tests share: write a file, run `tfmigrate`, feed stdin."""

from __future__ import annotations

import io
import pathlib
import sys

import pytest

from tfmigrate import cli

TF1_MUL = "import tensorflow as tf\nz = tf.mul(x, y)\n"
TF2_MUL = "import tensorflow as tf\nz = tf.multiply(x, y)\n"
# Left as written with a TFM402 finding at 2:5 (graph collections): needs action.
TF1_MANUAL = "import tensorflow as tf\nw = tf.get_collection('weights')\n"
TF1_SWAP = "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)\n"


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def read(path: pathlib.Path) -> str:
    return path.read_bytes().decode("utf-8")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``tfmigrate ARGV`` in process: (exit status, stdout, stderr).

    ``migrate`` runs with ``--fallback none`` unless the test sets it: these
    tests show the command line's conventions on the findings the TFM4xx rules
    make for code left as written; the tf.compat.v1 fallback, the default, has
    its own command-line tests (tests/test_compat_fallback.py).
    """
    argv = with_fallback_off(argv)
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def with_fallback_off(argv: tuple[str, ...] | list[str]) -> list[str]:
    argv = list(argv)
    if argv[:1] == ["migrate"] and not any(arg.startswith("--fallback") for arg in argv):
        argv.insert(1, "--fallback=none")
    return argv


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
