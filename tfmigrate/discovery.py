"""Which files a tree walk leaves out: ``--exclude``, ``--extend-exclude`` and ``.gitignore``.

Patterns use gitignore syntax (``pathspec``) and are matched against paths
relative to the project root: the directory of the ``pyproject.toml`` that
configured the run, else the current directory. A pattern without a slash
(``build``) matches that name at any depth. Inside a git work tree, the
``.gitignore`` files from the work tree's top down to each file, and
``.git/info/exclude``, are honoured as git reads them. Files named on the
command line are migrated whatever the patterns say, unless ``--force-exclude``.
Outside the project root, only patterns without a slash apply, to names.
"""

from __future__ import annotations

import functools
import os
import pathlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

# pathspec is imported when a walk starts, so that `tfmigrate --help` stays quick.

# Directories that hold tools' state, builds or installed packages, not a
# project's own sources (the names ruff leaves out by default).
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv",
    ".vscode", "__pypackages__", "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "venv",
)


class Exclusions:
    """``exclusions(path, is_dir)`` is True for a path a walk must leave out."""

    def __init__(self, root: pathlib.Path, patterns: Sequence[str], respect_gitignore: bool = True) -> None:
        import pathspec

        self.root = root.resolve()
        self.patterns = tuple(patterns)
        self.spec = pathspec.GitIgnoreSpec.from_lines(self.patterns)
        self.respect_gitignore = respect_gitignore
        _work_tree.cache_clear()  # files read once per run, never across runs
        _ignore_file.cache_clear()

    def __call__(self, path: pathlib.Path, is_dir: bool) -> bool:
        absolute = pathlib.Path(os.path.abspath(path))
        if self.spec.match_file(_relative(absolute, self.root, is_dir)):
            return True
        return self.respect_gitignore and _git_ignores(absolute, is_dir)


def _relative(path: pathlib.Path, root: pathlib.Path, is_dir: bool) -> str:
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        # Outside the project only a pattern without a slash can apply: to the name,
        # never to the directories above (a checkout under ~/build is not excluded).
        text = path.name
    return text + "/" if is_dir else text


def _git_ignores(path: pathlib.Path, is_dir: bool) -> bool:
    top = _work_tree(path.parent)
    if top is None:
        return False
    verdict: bool | None = None
    directory = top
    for part in (None, *path.parent.relative_to(top).parts):
        if part is not None:
            directory = directory / part
        spec = _ignore_file(directory / ".gitignore")
        if directory == top:
            spec = _combine(_ignore_file(top / ".git" / "info" / "exclude"), spec)
        if spec is not None:
            result = spec.check_file(_relative(path, directory, is_dir)).include
            if result is not None:
                verdict = result  # a deeper file, or a later line, overrides
    return bool(verdict)


@functools.lru_cache(maxsize=4096)
def _work_tree(directory: pathlib.Path) -> pathlib.Path | None:
    """The top of the git work tree holding ``directory``, or None."""
    if (directory / ".git").exists():
        return directory
    if directory.parent == directory:
        return None
    return _work_tree(directory.parent)


@functools.lru_cache(maxsize=4096)
def _ignore_file(path: pathlib.Path) -> pathspec.GitIgnoreSpec | None:
    import pathspec

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _combine(first: pathspec.GitIgnoreSpec | None, second: pathspec.GitIgnoreSpec | None) -> pathspec.GitIgnoreSpec | None:
    import pathspec

    if first is None or second is None:
        return first or second
    return pathspec.GitIgnoreSpec(list(first.patterns) + list(second.patterns))


def split_patterns(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]
