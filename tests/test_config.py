"""`[tool.tfmigrate]` in pyproject.toml, found walking up from the inputs; the command line overrides it."""

from __future__ import annotations

import pathlib

import pytest
from cli_helpers import TF1_MUL, TF2_MUL, read, run, write

SESSION = "import tensorflow as tf\nx = tf.constant([1., 2.])\nwith tf.Session() as sess:\n    print(sess.run(tf.mul(x, 2.)))\n"
SESSION_ONLY = "import tensorflow as tf\nx = tf.constant([1., 2.])\nprint(tf.mul(x, 2.).numpy())\n"
ZERO_X = "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(h, z, 2.)\n"


@pytest.fixture
def project(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    monkeypatch.chdir(tmp_path)  # the current directory holds no configuration
    return tmp_path / "project"


def test_select_from_the_nearest_configured_pyproject(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "pyproject.toml", '[project]\nname = "p"\n\n[tool.tfmigrate]\nselect = ["TFM2"]\n')
    write(project / "src" / "pyproject.toml", '[tool.black]\nline-length = 100\n')  # no table: skipped
    path = write(project / "src" / "pkg" / "s.py", SESSION)
    assert run(capsys, "migrate", str(path))[0] == 0
    assert read(path) == SESSION_ONLY


def test_a_rule_name_selects_too(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "pyproject.toml", '[tool.tfmigrate]\nselect = ["sessions-to-eager"]\n')
    path = write(project / "s.py", SESSION)
    assert run(capsys, "migrate", str(project))[0] == 0
    assert read(path) == SESSION_ONLY


def test_the_command_line_overrides_the_file(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "pyproject.toml", '[tool.tfmigrate]\nselect = ["TFM2"]\n')
    path = write(project / "mul.py", TF1_MUL)
    assert run(capsys, "migrate", "--select", "TFM101", str(path))[0] == 0
    assert read(path) == TF2_MUL


def test_written_for_from_the_file(project: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "pyproject.toml", '[tool.tfmigrate]\nwritten-for = "0.x"\n')
    path = write(project / "w.py", ZERO_X)
    assert run(capsys, "migrate", str(path))[0] == 0
    assert "logits=h, labels=z" in read(path)
    write(path, ZERO_X)
    assert run(capsys, "migrate", "--written-for", "1.x", str(path))[0] == 0
    assert "labels=h, logits=z" in read(path)


def test_isolated_and_config_choose_the_file(project: pathlib.Path, tmp_path: pathlib.Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "pyproject.toml", '[tool.tfmigrate]\nselect = ["TFM2"]\n')
    path = write(project / "s.py", SESSION)
    assert "+print(tf.multiply(x, 2.).numpy())\n" in run(capsys, "migrate", "--isolated", "--diff", str(path))[1]
    other = write(tmp_path / "elsewhere.toml", '[tool.tfmigrate]\nselect = ["TFM101"]\n')
    assert run(capsys, "migrate", "--config", str(other), str(path))[0] == 0
    assert read(path) == SESSION.replace("tf.mul", "tf.multiply")


def test_jobs_and_flags_are_read(project: pathlib.Path) -> None:
    import argparse

    from tfmigrate.commands.migrate import add_arguments
    from tfmigrate.config import Config, config_defaults

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    table = {"jobs": 2, "fix-swaps": True, "exclude": ["a", "b/"], "respect-gitignore": False}
    defaults = config_defaults(Config(project / "pyproject.toml", table), parser)
    assert defaults == {"jobs": 2, "fix_swaps": True, "exclude": "a,b/", "respect_gitignore": False}


# (table text, the error's end)
BAD = [
    ('colour = "always"', "unknown key 'colour' in [tool.tfmigrate]"),
    ('written-for = "2.x"', "[tool.tfmigrate] written-for: '2.x' is not one of 1.x, 0.x"),
    ('jobs = "many"', "[tool.tfmigrate] jobs: invalid literal for int() with base 10: 'many'"),
    ("fix-swaps = 1", "[tool.tfmigrate] fix-swaps must be true or false"),
    ("select = [1, 2]", "[tool.tfmigrate] select must be a string, a number or a list of strings"),
    ('select = ["TFM999"]', "unknown rule code or name 'TFM999'; see `tfmigrate rules`"),
    ("select = [", "not valid TOML"),
]


@pytest.mark.parametrize(("table", "message"), BAD)
def test_a_bad_configuration_is_one_line_and_exit_2(project: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                     table: str, message: str) -> None:
    config = write(project / "pyproject.toml", f"[tool.tfmigrate]\n{table}\n")
    path = write(project / "mul.py", TF1_MUL)
    status, out, err = run(capsys, "migrate", str(path))
    assert status == 2
    assert read(path) == TF1_MUL
    assert len(err.splitlines()) == 1 and message in err
    assert err.startswith(str(config)) or err.startswith("tfmigrate: error:")
