"""``[tool.tfmigrate]`` in ``pyproject.toml``: defaults for ``tfmigrate migrate``.

The file is found as ruff finds its own: walking up from the first input (or
from ``--stdin-filename``, or the current directory for ``-``), the first
``pyproject.toml`` with a ``[tool.tfmigrate]`` table wins; ``--config FILE``
names one, ``--isolated`` ignores them all. A key is an option's long name
(``written-for = "0.x"``, ``select = ["TFM1", "no-safe-tf2-form"]``,
``jobs = 2``); options given on the command line override it.
"""

from __future__ import annotations

import argparse
import dataclasses
import pathlib
import sys
from collections.abc import Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI
    import tomli as tomllib

# The options a project may set; each is also a command-line option.
KEYS = (
    "select", "ignore", "exclude", "extend-exclude", "respect-gitignore", "force-exclude",
    "written-for", "jobs", "fallback", "fix-swaps", "output-format",
)


class ConfigError(Exception):
    """A pyproject.toml that cannot configure the run; ``str`` names the file."""


@dataclasses.dataclass(frozen=True)
class Config:
    path: pathlib.Path | None  # None: no configuration file
    table: dict[str, object]

    @property
    def root(self) -> pathlib.Path:
        """Where exclude patterns are anchored: the file's directory, else the current one."""
        return self.path.parent if self.path else pathlib.Path.cwd()


def find_config(start: pathlib.Path) -> pathlib.Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.tfmigrate] table."""
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    for candidate in (directory, *directory.parents):
        path = candidate / "pyproject.toml"
        if path.is_file() and "tfmigrate" in _read(path).get("tool", {}):
            return path
    return None


def load_config(path: pathlib.Path | None) -> Config:
    if path is None:
        return Config(None, {})
    table = _read(path).get("tool", {}).get("tfmigrate", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: error: [tool.tfmigrate] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: error: unknown key {unknown[0]!r} in [tool.tfmigrate] (known: {', '.join(KEYS)})")
    return Config(path, dict(table))


def _read(path: pathlib.Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: error: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: error: cannot read: {error.strerror or error}") from None


def config_defaults(config: Config, parser: argparse.ArgumentParser) -> dict[str, object]:
    """The table as parser defaults, each value checked as its option would check it."""
    actions = {action.option_strings[0][2:]: action for action in parser._actions if action.option_strings}
    defaults: dict[str, object] = {}
    for key, value in config.table.items():
        action = actions.get(key)
        if action is None:
            raise ConfigError(f"{config.path}: error: {key!r} is not an option of this tfmigrate version")
        defaults[action.dest] = _convert(config, key, value, action)
    return defaults


def _convert(config: Config, key: str, value: object, action: argparse.Action) -> object:
    where = f"{config.path}: error: [tool.tfmigrate] {key}"
    if action.nargs == 0:  # a flag such as --fix-swaps
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false")
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = ",".join(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"{where} must be a string, a number or a list of strings")
    text = str(value)
    try:
        converted = action.type(text) if callable(action.type) else text
    except (TypeError, ValueError, argparse.ArgumentTypeError) as error:
        raise ConfigError(f"{where}: {error}") from None
    if action.choices is not None and converted not in action.choices:
        choices = ", ".join(map(str, action.choices))
        raise ConfigError(f"{where}: {value!r} is not one of {choices}")
    return converted


def configure(args: argparse.Namespace, parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """``args`` again, with the project's configuration under the command line's options."""
    if getattr(args, "isolated", False):
        return args
    if getattr(args, "config", None):
        path: pathlib.Path | None = pathlib.Path(args.config)
        if not path.is_file():  # type: ignore[union-attr]
            raise ConfigError(f"{args.config}: error: no such file")
    else:
        path = find_config(_start(args))
    config = load_config(path)
    if not config.table:
        args.config_root = config.root
        return args
    parser.set_defaults(**config_defaults(config, parser))
    configured = parser.parse_args(list(argv))
    configured.config_root = config.root
    return configured


def _start(args: argparse.Namespace) -> pathlib.Path:
    paths = [p for p in args.paths if p != "-"]
    if paths:
        return pathlib.Path(paths[0])
    if getattr(args, "stdin_filename", None):
        return pathlib.Path(args.stdin_filename)
    return pathlib.Path.cwd()
