"""The README's worked example, Python API example and codemod command, run as written.

Each ```sh block of a section runs in bash (``-e``) in one scratch folder, in
order; a ```text block right after it is the output the README promises
(stdout, then stderr). Timings vary from run to run, so "N.N s" compares as a
placeholder; everything else must match exactly.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)
TIMING = re.compile(r"\b\d+(\.\d+)? s\b")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def blocks(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2)) for match in FENCE.finditer(text)]


def steps(text: str, language: str) -> list[tuple[str, str | None]]:
    """Each block in ``language`` with the ```text block that follows it, if any."""
    found = blocks(text)
    paired = []
    for index, (kind, body) in enumerate(found):
        if kind == language:
            follows = found[index + 1] if index + 1 < len(found) else None
            paired.append((body, follows[1] if follows and follows[0] == "text" else None))
    return paired


def normalized(text: str) -> str:
    return TIMING.sub("N s", text).rstrip("\n")


def environment(folder: Path) -> dict[str, str]:
    # The README's `. .venv/bin/activate` finds the set-up's virtual environment.
    (folder / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "NO_COLOR": "1", "COLUMNS": "100"}


def run_sh(script: str, folder: Path, env: dict[str, str]) -> str:
    result = subprocess.run(["bash", "-e", "-c", ". .venv/bin/activate\n" + script], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{script}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def worked_example(tmp_path_factory) -> tuple[Path, dict[str, str], list[tuple[str, str, str | None]]]:
    folder = tmp_path_factory.mktemp("readme")
    env = environment(folder)
    ran = [(script, run_sh(script, folder, env), shown) for script, shown in steps(section("Worked example"), "sh")]
    return folder, env, ran


def test_the_worked_example_has_the_five_steps():
    scripts = [script for script, _ in steps(section("Worked example"), "sh")]
    assert "cat > example.py" in scripts[0]
    assert scripts[1:] == ["tfmigrate migrate --diff example.py\n",
                           "tfmigrate migrate --out-dir migrated example.py\n",
                           "tfmigrate verify example.py migrated/example.py\n"]
    assert "TFM302" in steps(section("Worked example"), "sh")[1][1]  # a swap among the findings


def test_each_command_prints_what_the_readme_shows(worked_example):
    _, _, ran = worked_example
    for script, output, shown in ran:
        if shown is not None:
            assert normalized(output) == normalized(shown), script


def test_the_worked_example_leaves_the_original_and_writes_the_migration(worked_example):
    folder, _, _ = worked_example
    assert "sess = tf.Session()" in (folder / "example.py").read_text()
    migrated = (folder / "migrated" / "example.py").read_text()
    assert "tf.Session" not in migrated and "tf.multiply(t, x)" in migrated


def test_the_python_api_example_prints_what_the_readme_shows(worked_example):
    folder, env, _ = worked_example
    [(code, shown)] = steps(section("Python API"), "python")
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert shown is not None and normalized(result.stdout) == normalized(shown)
    assert (folder / "api.py").read_text() == (folder / "migrated" / "example.py").read_text()


def test_the_codemod_command_rewrites_as_migrate_does(worked_example, tmp_path):
    folder, env, _ = worked_example
    [(script, _)] = steps(section("As a libcst codemod"), "sh")
    (tmp_path / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    (tmp_path / "example.py").write_text((folder / "example.py").read_text())
    output = run_sh(script, tmp_path, env)
    assert (tmp_path / "example.py").read_text() == (folder / "migrated" / "example.py").read_text()
    assert "TFM302 labels=x and logits=t look swapped" in output
