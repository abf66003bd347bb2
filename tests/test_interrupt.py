"""Ctrl-C stops a run cleanly: exit 130, no traceback, every file whole, and a line saying what was done."""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys

import pytest
from cli_helpers import TF1_MUL, TF2_MUL, read, run, write

import tfmigrate.commands.migrate as migrate_command


def test_interrupt_between_files(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a.py", "b.py", "c.py"):
        write(tmp_path / name, TF1_MUL)
    real = migrate_command.migrate_file

    def interrupted_at_b(path: pathlib.Path, settings: object, cache: object = None) -> object:
        if path.name == "b.py":
            raise KeyboardInterrupt
        return real(path, settings, cache)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate_command, "migrate_file", interrupted_at_b)
    report = tmp_path.parent / f"{tmp_path.name}-report.json"
    status, out, err = run(capsys, "migrate", "--jobs", "1", "--report", str(report), str(tmp_path))
    assert status == 130
    assert [read(tmp_path / n) for n in ("a.py", "b.py", "c.py")] == [TF2_MUL, TF1_MUL, TF1_MUL]
    assert err.splitlines() == [
        "tfmigrate: interrupted after 1 of 3 file(s) (1 written with changes); the others were not touched"
    ]
    assert out.splitlines()[-1].startswith("1 file(s): 1 changed, 0 unchanged, 0 error(s)")
    assert '"files": 1' in read(report)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigint_to_a_real_run(tmp_path: pathlib.Path, jobs: str) -> None:
    tree = tmp_path / "tree"
    sources = [write(tree / f"m{i:03}.py", TF1_MUL + "".join(f"v{k} = tf.mul(v, {k})\n" for k in range(60)))
               for i in range(120)]
    process = subprocess.Popen(
        [sys.executable, "-m", "tfmigrate", "migrate", "--jobs", jobs, str(tree)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # the first finding: files are being written
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("tfmigrate: interrupted after ")
    texts = [read(path) for path in sources]
    migrated = [text for text in texts if "tf.mul(" not in text]
    assert all(text.count("tf.multiply(") == 61 for text in migrated)  # whole files only
    assert 0 < len(migrated) < len(sources)
