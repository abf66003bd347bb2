"""`migrate --check` is a gate: exit 1 while files would change or findings need action.

Expected statuses are the documented exit codes (docs/cli.md), written by hand.
"""

from __future__ import annotations

import pathlib

import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, TF1_SWAP, TF2_MUL, read, run, write

PLAIN = "import os\nprint(os.sep)\n"

# (files, --check exit status): a change, a manual finding or a swap fails the gate.
GATE = [
    ({"done.py": TF2_MUL, "plain.py": PLAIN}, 0),
    ({"mul.py": TF1_MUL}, 1),
    ({"manual.py": TF1_MANUAL}, 1),
    ({"swap.py": TF1_SWAP}, 1),
    ({"done.py": TF2_MUL, "manual.py": TF1_MANUAL}, 1),
    ({"done.py": TF2_MUL, "broken.py": "import tensorflow as tf\nz = (\n"}, 2),
]


@pytest.mark.parametrize(("files", "expected"), GATE)
def test_check_exit_status(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                           files: dict[str, str], expected: int) -> None:
    for name, text in files.items():
        write(tmp_path / name, text)
    assert run(capsys, "migrate", "--check", str(tmp_path))[0] == expected
    assert {name: read(tmp_path / name) for name in files} == files  # --check writes nothing


def test_a_manual_finding_alone_fails_the_gate_and_is_printed(tmp_path: pathlib.Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "manual.py", TF1_MANUAL)
    status, out, _ = run(capsys, "migrate", "--check", str(path))
    assert status == 1
    assert out.splitlines()[0].startswith(f"{path}:2:5: TFM402 ")
    assert out.splitlines()[-1] == (
        "1 file(s): 0 would change, 1 unchanged, 0 error(s); findings: 0 fixable, 1 manual, 0 swap(s)"
    )


def test_without_check_manual_findings_do_not_fail_the_run(tmp_path: pathlib.Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "manual.py", TF1_MANUAL)
    write(tmp_path / "mul.py", TF1_MUL)
    assert run(capsys, "migrate", "--diff", str(tmp_path))[0] == 0
    assert run(capsys, "migrate", str(tmp_path))[0] == 0
    assert read(tmp_path / "mul.py") == TF2_MUL


def test_check_and_diff_together_print_the_diff_and_gate(tmp_path: pathlib.Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "mul.py", TF1_MUL)
    status, out, err = run(capsys, "migrate", "--check", "--diff", str(path))
    assert status == 1
    assert read(path) == TF1_MUL
    assert out == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,2 +1,2 @@\n"
        " import tensorflow as tf\n-z = tf.mul(x, y)\n+z = tf.multiply(x, y)\n"
    )
    assert err.splitlines()[0] == f"{path}:2:5: TFM101 would rename tf.mul to tf.multiply (removed in TF 1.0)"
    write(path, TF2_MUL)
    assert run(capsys, "migrate", "--check", "--diff", str(path))[:2] == (0, "")


def test_exit_codes_are_in_the_help_and_the_docs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(capsys, "migrate", "--help")
    help_text = capsys.readouterr().out
    assert "some file would change or a finding needs action" in help_text
    root = pathlib.Path(__file__).resolve().parent.parent
    assert "some file would change or a finding needs action" in read(root / "docs" / "cli.md")
    assert "a finding that needs action" in read(root / "README.md")
