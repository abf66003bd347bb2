"""One side of a verification, run as ``python -m tfmigrate.verify.harness``.

This module EXECUTES USER CODE. The runner starts it in a subprocess with a
time and memory limit; nothing here runs in the tfmigrate process itself.

It runs a script (or a notebook's code cells) either as the TF1 original
(``--mode graph``: compat.v1 graph mode behind a ``tensorflow`` shim) or as the
TF2 migration (``--mode eager``), serves TF random ops from the shared seeded
stream, and writes what the code computed to ``OUT.json`` plus ``OUT.npz``:

* ``runs``: every value the script fetched, in order. On the graph side a
  fetch is a ``Session.run`` / ``Tensor.eval`` / ``Variable.eval`` result
  (structures flattened: sequences in order, dicts in insertion order, None
  skipped); on the eager side it is a ``.numpy()`` call on a tensor or
  variable, since a migration turns ``sess.run(t)`` into ``t.numpy()``. (Both
  kinds of hook are installed on both sides: a migration may keep a
  ``tf.compat.v1.Session``.) Only calls made by the user's own code count,
  not those TF makes internally.
* ``names``: the module-level numeric values left when the script ends.
* ``cells`` (notebooks): each cell's displayed value and printed output.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import io
import json
import linecache
import os
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from tfmigrate.pyparse import parse_python

SUBPROCESS_ENV: dict[str, str] = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "CUDA_VISIBLE_DEVICES": "",
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
    # oneDNN fuses and reorders float operations differently in graph and
    # eager mode; the plain kernels make the two sides comparable in ulps.
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONWARNINGS": "ignore",
}

NUMERIC_KINDS = "biufc"
_MAX_LIST_LEN = 1_000_000


class Capture:
    """Everything one side computed, plus how it went."""

    def __init__(self, mode: str, user_files: set[str]) -> None:
        self.mode = mode
        self.user_files = user_files
        self.arrays: dict[str, Any] = {}
        self.runs: list[dict[str, Any]] = []
        self.names: list[dict[str, Any]] = []
        self.cells: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.error: dict[str, Any] | None = None
        self.recording = True

    def user_line(self) -> int:
        """Line of the innermost user frame on the stack (0 if none)."""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename in self.user_files:
                return frame.f_lineno
            frame = frame.f_back
        return 0

    def called_from_user(self, depth: int) -> int | None:
        """The caller's line if the frame ``depth`` levels up is user code."""
        frame = sys._getframe(depth + 1)
        if self.recording and frame.f_code.co_filename in self.user_files:
            return frame.f_lineno
        return None

    def add_run(self, value: Any, line: int, via: str) -> None:
        for path, item in _flatten(value, ""):
            array = _as_array(item)
            if array is None:
                continue
            key = f"run_{len(self.runs)}"
            self.arrays[key] = array
            self.runs.append({"key": key, "line": line, "path": path, "via": via})

    def add_name(self, name: str, array: Any) -> None:
        key = f"name_{len(self.names)}"
        self.arrays[key] = array
        self.names.append({"key": key, "name": name})


def _flatten(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if value is None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{path}[{index}]")
    else:
        yield path, value


def _as_array(value: Any) -> Any:
    import numpy as np  # noqa: PLC0415

    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - anything unconvertible is simply not a value
        return None
    return None if array.dtype.kind == "O" else array


# --- environment ---------------------------------------------------------


def configure_process() -> None:
    for key, value in SUBPROCESS_ENV.items():
        os.environ.setdefault(key, value)
    _headless_plotting()


def _headless_plotting() -> None:
    """Plots must neither block nor need a display; without matplotlib, a stand-in."""
    try:
        import matplotlib  # noqa: PLC0415

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415

        plt.show = lambda *args, **kwargs: None
    except ImportError:
        stand_in = _PlotStandIn("matplotlib")
        sys.modules["matplotlib"] = stand_in  # type: ignore[assignment]
        sys.modules["matplotlib.pyplot"] = stand_in  # type: ignore[assignment]


class _PlotStandIn(ModuleType):
    """Accepts any plotting call and returns itself; plots never affect values."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> "_PlotStandIn":
        return self

    def __iter__(self) -> Iterator["_PlotStandIn"]:
        return iter((self, self))


# --- capture hooks -------------------------------------------------------


# Ops whose value is a serialized Summary proto: TF 2 writes summaries to event files instead of
# returning them, so a migration has nothing to compare them with; they are not computed values.
SUMMARY_OP_TYPES = frozenset({"MergeSummary", "ScalarSummary", "HistogramSummary", "ImageSummary",
                              "AudioSummary", "TensorSummary", "TensorSummaryV2"})


def _wrap_fetch(cls: type, attr: str, capture: Capture, via: str, *, summaries_fetched: bool = False) -> None:
    real = getattr(cls, attr)

    def fetch(self: Any, *args: Any, **kwargs: Any) -> Any:
        line = capture.called_from_user(1)
        result = real(self, *args, **kwargs)
        if line is not None:
            fetched = args[0] if args else kwargs.get("fetches")
            capture.add_run(_without_summaries(fetched, result) if summaries_fetched else result, line, via)
        return result

    setattr(cls, attr, fetch)


def _without_summaries(fetches: Any, result: Any) -> Any:
    """The run's result with each fetched summary (a serialized proto) replaced by None, which is skipped."""
    if isinstance(fetches, dict) and isinstance(result, dict):
        return {key: _without_summaries(fetches[key], value) for key, value in result.items()}
    if isinstance(fetches, (list, tuple)) and isinstance(result, (list, tuple)) and len(fetches) == len(result):
        return [_without_summaries(f, r) for f, r in zip(fetches, result)]
    op = getattr(fetches, "op", None)
    return None if getattr(op, "type", None) in SUMMARY_OP_TYPES else result


def install_graph_capture(capture: Capture) -> None:
    from tensorflow.python.client import session  # noqa: PLC0415
    from tensorflow.python.framework import tensor  # noqa: PLC0415
    from tensorflow.python.ops import ref_variable, resource_variable_ops  # noqa: PLC0415

    _wrap_fetch(session.BaseSession, "run", capture, "Session.run", summaries_fetched=True)
    _wrap_fetch(tensor.Tensor, "eval", capture, "Tensor.eval")
    _wrap_fetch(ref_variable.RefVariable, "eval", capture, "Variable.eval")
    _wrap_fetch(resource_variable_ops.BaseResourceVariable, "eval", capture, "Variable.eval")


def install_eager_capture(capture: Capture) -> None:
    from tensorflow.python.framework import ops  # noqa: PLC0415
    from tensorflow.python.ops import resource_variable_ops  # noqa: PLC0415

    _wrap_fetch(ops._EagerTensorBase, "numpy", capture, ".numpy()")
    _wrap_fetch(resource_variable_ops.BaseResourceVariable, "numpy", capture, ".numpy()")
    with contextlib.suppress(ImportError):
        from keras.src.backend.common import variables  # noqa: PLC0415

        _wrap_fetch(variables.Variable, "numpy", capture, ".numpy()")
        # The TF backend's variable (a layer's kernel) defines its own numpy().
        from keras.src.backend.tensorflow import core  # noqa: PLC0415

        _wrap_fetch(core.Variable, "numpy", capture, ".numpy()")


# --- running user code ---------------------------------------------------


def _script_globals(path: str, builtins_table: dict[str, Any] | None) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__main__", "__file__": path}
    if builtins_table is not None:
        namespace["__builtins__"] = builtins_table
    return namespace


def _error_record(exc: BaseException, user_files: set[str]) -> dict[str, Any]:
    line, where, code = 0, "", ""
    if isinstance(exc, SyntaxError) and exc.filename in user_files:
        line, where, code = exc.lineno or 0, exc.filename or "", (exc.text or "").strip()
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in user_files:
            line, where, code = frame.lineno or 0, frame.filename, (frame.line or "").strip()
    message = str(exc).strip().splitlines()
    return {"type": type(exc).__name__, "message": message[0] if message else "",
            "line": line, "file": where, "code": code}


def run_script(path: str, namespace: dict[str, Any], capture: Capture) -> None:
    # Bytes, so that compile() honours a PEP 263 coding declaration.
    source = Path(path).read_bytes()
    try:
        code = compile(source, path, "exec")
        exec(code, namespace)  # noqa: S102 - executing user code is this module's job
    except SystemExit as stop:
        if stop.code not in (None, 0):
            capture.error = dict(_error_record(stop, capture.user_files), message=f"exit status {stop.code}")
    except BaseException as exc:  # noqa: BLE001 - any failure of user code is a result
        capture.error = _error_record(exc, capture.user_files)


@dataclasses.dataclass(frozen=True)
class Cell:
    """A notebook cell to run, and the exception type its notebook recorded ("" if none)."""

    label: str
    code: str
    recorded_error: str = ""


def cell_labels(entries: list[Any]) -> list[Cell]:
    """One Cell per entry; an entry is code, or {"label": ..., "code": ..., "recorded_error": ...}."""
    labelled = []
    for position, entry in enumerate(entries):
        if isinstance(entry, dict):
            labelled.append(Cell(str(entry["label"]), str(entry["code"]), str(entry.get("recorded_error", ""))))
        else:
            labelled.append(Cell(f"cell {position + 1}", str(entry)))
    return labelled


def run_cells(cells: list[Cell], namespace: dict[str, Any], capture: Capture) -> None:
    """Run notebook cells in order, recording each one's displayed value and output.

    A cell that raises stops the run, unless the notebook recorded that same
    exception type for it: raising it again is the cell's recorded behaviour,
    and the cells after it still run.
    """
    for index, cell in enumerate(cells):
        stdout = io.StringIO()
        record: dict[str, Any] = {"index": index, "key": None, "stdout": "", "error": None}
        capture.cells.append(record)
        shown = None
        try:
            with contextlib.redirect_stdout(stdout):
                shown = _exec_cell(cell.code, f"<{cell.label}>", namespace)
        except BaseException as exc:  # noqa: BLE001 - a failing cell is a result
            record["error"] = _error_record(exc, capture.user_files)
            if record["error"]["type"] != cell.recorded_error:
                capture.error = dict(record["error"], cell=cell.label)
        record["stdout"] = stdout.getvalue()
        sys.stdout.write(record["stdout"])
        if capture.error is not None:
            return
        if shown is not None:
            _record_cell_value(capture, record, shown)


def _exec_cell(source: str, filename: str, namespace: dict[str, Any]) -> Any:
    """Execute a cell; return the value of a trailing expression, as a notebook shows it."""
    # Tracebacks and error records can then quote the cell's lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    tree = parse_python(source, filename)
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Expr):
        body = ast.Module(body=tree.body[:-1], type_ignores=[])
        exec(compile(body, filename, "exec"), namespace)  # noqa: S102
        return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102
    return None


def _record_cell_value(capture: Capture, record: dict[str, Any], shown: Any) -> None:
    array = _numeric(shown, capture)
    if array is not None:
        key = f"cell_{record['index']}"
        capture.arrays[key] = array
        record["key"] = key
    record["repr"] = _short_repr(shown)


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001
        return "<unprintable>"
    return text if len(text) < 20000 else text[:20000] + "..."


def _numeric(value: Any, capture: Capture) -> Any:
    """``value`` as a numeric numpy array, or None; tensors only on the eager side."""
    import numpy as np  # noqa: PLC0415

    if isinstance(value, (ModuleType, type)) or callable(value) and not hasattr(value, "numpy"):
        return None
    capture.recording = False
    try:
        if hasattr(value, "numpy") and capture.mode == "eager":
            array = np.asarray(value.numpy())
        elif isinstance(value, (bool, int, float, complex, np.generic, np.ndarray)):
            array = np.asarray(value)
        elif isinstance(value, (list, tuple)) and 0 < len(value) <= _MAX_LIST_LEN:
            array = np.asarray(value)
        else:
            return None
    except Exception:  # noqa: BLE001 - not convertible: not a numeric value
        return None
    finally:
        capture.recording = True
    return array if array.dtype.kind in NUMERIC_KINDS else None


def collect_names(namespace: dict[str, Any], capture: Capture) -> None:
    for name, value in list(namespace.items()):
        if name.startswith("_"):
            continue
        array = _numeric(value, capture)
        if array is not None:
            capture.add_name(name, array)


def write_capture(capture: Capture, out: str, extra: dict[str, Any]) -> None:
    import numpy as np  # noqa: PLC0415

    np.savez(out + ".npz", **capture.arrays)
    meta = {"mode": capture.mode, "status": "error" if capture.error else "ok",
            "error": capture.error, "runs": capture.runs, "names": capture.names,
            "cells": capture.cells, "notes": capture.notes, **extra}
    Path(out + ".json").write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")


def install_random_streams(tf: ModuleType, seed: int, where: Any) -> dict[str, Any]:
    """Serve TF's randomness from shared streams: public random ops, initializers, dropout masks.

    Each stream pairs its own kind of draw in order; the result maps the key
    under which each stream's log is written to the stream.
    """
    from tfmigrate.verify import dropout_rng, initializer_rng, rng  # noqa: PLC0415

    streams = {"random": rng.SharedRandom(seed),
               "initializer_random": rng.SharedRandom(seed, stream=initializer_rng.INITIALIZER_STREAM),
               "dropout_random": rng.SharedRandom(seed, stream=dropout_rng.DROPOUT_STREAM)}
    rng.install(tf, streams["random"], where)
    initializer_rng.install(tf, streams["initializer_random"], where)
    dropout_rng.install(tf, streams["dropout_random"], where)
    return streams


def _parse_args(argv: Iterable[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tfmigrate.verify.harness")
    parser.add_argument("--mode", choices=("graph", "eager"), required=True)
    parser.add_argument("--script", required=True, help="a .py file, or with --cells a JSON list of cells (code, or {label, code, recorded_error})")
    parser.add_argument("--cells", action="store_true", help="--script is a JSON list of notebook cells")
    parser.add_argument("--out", required=True, help="output prefix: writes OUT.json and OUT.npz")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--written-for", choices=("0.x",), default=None,
                        help="graph mode: give tf.nn's cross-entropy losses their TF 0.x signatures (logits first)")
    parser.add_argument("--import-dir", default=None,
                        help="where the script's own imports are found (default: the script's folder)")
    return parser.parse_args(None if argv is None else list(argv))


def main(argv: Iterable[str] | None = None) -> int:
    args = _parse_args(argv)
    configure_process()
    from tfmigrate.verify import rng  # noqa: PLC0415 - after the environment is set

    seed = rng.DEFAULT_SEED if args.seed is None else args.seed
    rng.seed_python_and_numpy(seed)
    script = os.path.abspath(args.script)
    cells = cell_labels(json.loads(Path(script).read_text(encoding="utf-8"))) if args.cells else []
    user_files = {f"<{cell.label}>" for cell in cells} if args.cells else {script}
    capture = Capture(args.mode, user_files)

    import tensorflow as tf  # noqa: PLC0415

    streams = install_random_streams(tf, seed, capture.user_line)
    builtins_table = None
    substitutions: list[Any] = []
    if args.mode == "graph":
        from tfmigrate.verify import tf1_shim  # noqa: PLC0415

        log = tf1_shim.SubstitutionLog(capture.user_line)
        builtins_table = tf1_shim.make_builtins(tf1_shim.make_tf1_module(log, args.written_for))
        substitutions = log.entries
    # Both hooks on both sides: a migration may keep tf.compat.v1 sessions,
    # and an original may already run eagerly.
    install_graph_capture(capture)
    install_eager_capture(capture)

    namespace = _script_globals(script, builtins_table)
    sys.argv = [script]
    if args.cells:
        if args.import_dir:
            sys.path.insert(0, args.import_dir)
        run_cells(cells, namespace, capture)
    else:
        sys.path.insert(0, args.import_dir or os.path.dirname(script))
        run_script(script, namespace, capture)
    collect_names(namespace, capture)
    extra = {"substitutions": [vars(s) for s in substitutions],
             **{key: stream.log for key, stream in streams.items()}}
    write_capture(capture, args.out, extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
