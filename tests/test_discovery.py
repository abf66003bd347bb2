"""Tree walks honour .gitignore (inside a git work tree), --exclude and --extend-exclude."""

from __future__ import annotations

import pathlib

import pytest
from cli_helpers import TF1_MUL, TF2_MUL, feed_stdin, read, run, write


@pytest.fixture
def repo(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """A git work tree (a .git directory is what marks one) with sources in several places."""
    root = tmp_path / "repo"
    (root / ".git" / "info").mkdir(parents=True)
    for name in ("src/a.py", "src/generated.py", "src/keep_generated.py", "build/lib/b.py", "out/c.py",
                 "notebooks/old/d.py", "third/e.py", "dist/f.py", "scratch/g.py"):
        write(root / name, TF1_MUL)
    monkeypatch.chdir(root)
    return root


def migrated(root: pathlib.Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py") if read(p) == TF2_MUL)


def test_gitignore_files_are_honoured(repo: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".gitignore", "out/\n*generated.py\n!keep_generated.py\n")
    write(repo / "notebooks" / ".gitignore", "old/\n")
    write(repo / ".git" / "info" / "exclude", "third/\n")
    assert run(capsys, "migrate", ".")[0] == 0
    # build/ and dist/ are in the default --exclude list.
    assert migrated(repo) == ["scratch/g.py", "src/a.py", "src/keep_generated.py"]


def test_no_respect_gitignore(repo: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / ".gitignore", "out/\n")
    assert run(capsys, "migrate", "--no-respect-gitignore", "out")[0] == 0
    assert migrated(repo) == ["out/c.py"]


def test_gitignore_outside_a_git_work_tree_is_not_read(repo: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".git" / "info").rmdir()
    (repo / ".git").rmdir()
    write(repo / ".gitignore", "out/\n")
    assert run(capsys, "migrate", "out")[0] == 0
    assert migrated(repo) == ["out/c.py"]


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(repo: pathlib.Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "migrate", "--exclude", "src,out", "--extend-exclude", "notebooks/old,third/*.py", ".")[0] == 0
    assert migrated(repo) == ["build/lib/b.py", "dist/f.py", "scratch/g.py"]


def test_exclude_from_pyproject_is_anchored_at_its_directory(repo: pathlib.Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    write(repo / "pyproject.toml", '[tool.tfmigrate]\nextend-exclude = ["/scratch", "src/a.py"]\n')
    assert run(capsys, "migrate", str(repo / "src"), str(repo / "scratch"))[0] == 2  # scratch: nothing left
    assert migrated(repo) == ["src/generated.py", "src/keep_generated.py"]


def test_a_named_file_is_migrated_unless_force_exclude(repo: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "migrate", "--force-exclude", "build/lib/b.py", "src/a.py")[0] == 0
    assert migrated(repo) == ["src/a.py"]
    assert run(capsys, "migrate", "build/lib/b.py")[0] == 0
    assert migrated(repo) == ["build/lib/b.py", "src/a.py"]


def test_a_project_under_a_build_directory_is_still_walked(tmp_path: pathlib.Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # The default "build" pattern applies inside the project, not to the folders above it.
    path = write(tmp_path / "build" / "project" / "src" / "a.py", TF1_MUL)
    assert run(capsys, "migrate", str(tmp_path / "build" / "project"))[0] == 0
    assert read(path) == TF2_MUL


def test_force_exclude_gives_an_excluded_stdin_back(repo: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, TF1_MUL)
    assert run(capsys, "migrate", "--force-exclude", "--stdin-filename", "build/x.py", "-")[:2] == (0, TF1_MUL)
    feed_stdin(monkeypatch, TF1_MUL)
    assert run(capsys, "migrate", "--force-exclude", "--stdin-filename", "src/x.py", "-")[:2] == (0, TF2_MUL)
