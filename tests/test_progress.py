"""A progress bar on stderr for trees, only when stderr is a terminal; never in stdout."""

from __future__ import annotations

import io
import pathlib
import re
import sys

import pytest
from cli_helpers import TF1_MANUAL, TF1_MUL, TF2_MUL, run, write

from tfmigrate import cli


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    write(tmp_path / "a.py", TF1_MUL)
    write(tmp_path / "b.py", TF1_MANUAL)
    write(tmp_path / "c.py", TF2_MUL)
    return tmp_path


def test_bar_on_a_terminal_stderr(tree: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli.main(["migrate", "--fallback", "none", "--check", str(tree)]) == 1
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.getvalue())
    assert "migrating" in drawn
    assert re.search(r"3/3 files .*1 changed, 2 findings", drawn), drawn
    out = capsys.readouterr().out
    assert "migrating" not in out and "\x1b" not in out  # a piped stdout keeps the plain report
    assert out.splitlines()[-1].startswith("3 file(s): 1 would change")


def test_no_bar_when_stderr_is_not_a_terminal(tree: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = run(capsys, "migrate", "--check", str(tree))
    assert "migrating" not in out + err


def test_no_bar_for_one_file_or_quiet(tree: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    cli.main(["migrate", "--check", str(tree / "a.py")])
    cli.main(["migrate", "--check", "--quiet", str(tree)])
    assert "migrating" not in terminal.getvalue()
