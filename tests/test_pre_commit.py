"""The pre-commit hooks the repository ships, and the README's snippet, run for real."""

from __future__ import annotations

import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from cli_helpers import TF1_MANUAL, TF1_MUL, TF2_MUL, read, run, write

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _hook(hook_id: str) -> dict[str, object]:
    return next(hook for hook in HOOKS if hook["id"] == hook_id)


def _readme_config() -> dict[str, object]:
    blocks = re.findall(r"```yaml\n(.*?)```", read(ROOT / "README.md"), flags=re.S)
    (block,) = [b for b in blocks if "repos:" in b]
    return yaml.safe_load(block)


def test_check_hook_entry_is_the_gate(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    program, *args = shlex.split(str(_hook("tfmigrate-check")["entry"]))
    assert program == "tfmigrate"
    manual = write(tmp_path / "manual.py", TF1_MANUAL)
    done = write(tmp_path / "done.py", TF2_MUL)
    assert run(capsys, *args, str(manual), str(done))[0] == 1
    assert run(capsys, *args, str(done))[0] == 0
    assert read(manual) == TF1_MANUAL


def test_migrate_hook_entry_rewrites(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    program, *args = shlex.split(str(_hook("tfmigrate")["entry"]))
    path = write(tmp_path / "mul.py", TF1_MUL)
    assert (program, run(capsys, *args, str(path))[0]) == ("tfmigrate", 0)
    assert read(path) == TF2_MUL


def test_readme_snippet_runs_the_check_hook() -> None:
    (repo,) = _readme_config()["repos"]  # type: ignore[index]
    (hook,) = repo["hooks"]
    assert hook["id"] == "tfmigrate-check" and hook["entry"] == _hook("tfmigrate-check")["entry"]
    assert hook["types_or"] == _hook("tfmigrate-check")["types_or"]


def test_manifest_is_valid_for_pre_commit() -> None:
    pytest.importorskip("pre_commit")
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_snippet_fails_a_commit_on_findings_left(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = tmp_path / "project"
    write(project / ".pre-commit-config.yaml", yaml.safe_dump(_readme_config()))
    source = write(project / "model.py", TF1_MANUAL)
    env = {**os.environ, "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_CONFIG_GLOBAL": os.devnull, "NO_COLOR": "1"}

    def sh(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, timeout=300)

    sh("git", "init", "-q")
    sh("git", "add", ".")
    failed = sh(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "model.py:2:5: TFM601 " in failed.stdout  # the hook runs with the default tf.compat.v1 fallback
    # Adopting the gate: migrate (the module goes compat), then accept what is left.
    assert sh(sys.executable, "-m", "tfmigrate", "migrate", "model.py").returncode == 0
    assert sh(sys.executable, "-m", "tfmigrate", "migrate", "--add-noqa", "model.py").returncode == 0
    assert read(source).endswith("tf.compat.v1.get_collection('weights')  # noqa: TFM402\n")
    sh("git", "add", ".")
    passed = sh(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
