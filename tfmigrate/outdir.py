"""Where ``migrate --out-dir DIR`` writes each input, planned before anything is written.

An input keeps its path relative to the deepest directory that holds every
input (a directory argument itself, a file argument's folder), so
``--out-dir out a/m.py b/m.py`` writes ``out/a/m.py`` and ``out/b/m.py``.
Paths are compared after resolving symbolic links: two inputs that would
land on one file, or an input whose output would replace another input,
are refused before the first write, and the other inputs are still written.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import pathlib
from collections.abc import Sequence

from tfmigrate.files import InputError


@dataclasses.dataclass
class OutputPlan:
    """Each input's output path, and the inputs refused because their outputs clash."""

    targets: dict[str, pathlib.Path]
    refused: dict[str, InputError]


def common_root(arguments: Sequence[str]) -> pathlib.Path:
    """The deepest directory holding every existing argument; the current directory if none exists."""
    folders = [
        os.path.abspath(given) if os.path.isdir(given) else os.path.dirname(os.path.abspath(given))
        for given in arguments
        if os.path.exists(given)
    ]
    return pathlib.Path(os.path.commonpath(folders)) if folders else pathlib.Path.cwd()


def plan_outputs(inputs: Sequence[pathlib.Path], arguments: Sequence[str], out_dir: pathlib.Path) -> OutputPlan:
    root = common_root(arguments)
    targets = {str(path): out_dir / os.path.relpath(os.path.abspath(path), root) for path in inputs}
    by_file: dict[str, list[str]] = collections.defaultdict(list)
    for source, target in targets.items():
        by_file[os.path.realpath(target)].append(source)
    input_files = {os.path.realpath(path): str(path) for path in inputs}
    refused: dict[str, InputError] = {}
    for real_target, sources in by_file.items():
        if len(sources) > 1:
            for source in sources:
                others = ", ".join(other for other in sources if other != source)
                message = f"its --out-dir output {targets[source]} is also the output of {others}; neither is written"
                refused[source] = InputError(source, message)
        overwritten = input_files.get(real_target)
        if overwritten is not None and overwritten not in sources:
            for source in sources:
                message = f"its --out-dir output {targets[source]} would replace the input {overwritten}; not written"
                refused[source] = InputError(source, message)
    return OutputPlan({source: target for source, target in targets.items() if source not in refused}, refused)
