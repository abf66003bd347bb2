"""Colour on terminals only; NO_COLOR turns it off, FORCE_COLOR on (NO_COLOR wins)."""

from __future__ import annotations

import io
import pathlib

import pytest
from cli_helpers import TF1_MANUAL, run, write

from tfmigrate.output.colour import wants_colour


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# (stream is a terminal, environment, colour?)
CASES = [
    (True, {}, True),
    (False, {}, False),
    (True, {"NO_COLOR": "1"}, False),
    (False, {"FORCE_COLOR": "1"}, True),
    (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    (True, {"NO_COLOR": ""}, True),  # set but empty: no-color.org says it does not count
    (True, {"TERM": "dumb"}, False),
]


@pytest.mark.parametrize(("tty", "environ", "expected"), CASES)
def test_wants_colour(tty: bool, environ: dict[str, str], expected: bool) -> None:
    stream = Terminal() if tty else io.StringIO()
    assert wants_colour(stream, environ) is expected


@pytest.mark.parametrize(("environ", "coloured"), [({"FORCE_COLOR": "1"}, True), ({}, False),
                                                    ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)])
def test_findings_are_painted_only_when_wanted(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch,
                                               environ: dict[str, str], coloured: bool) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    path = write(tmp_path / "m.py", TF1_MANUAL)
    _, out, _ = run(capsys, "migrate", "--check", str(path))
    assert ("\x1b[" in out) is coloured
    plain = out.replace("\x1b[0m", "")
    for code in ("\x1b[1m", "\x1b[1;31m", "\x1b[36m"):
        plain = plain.replace(code, "")
    assert plain.splitlines()[0].startswith(f"{path}:2:5: TFM402 tf.get_collection")
