"""Run an original TF1 script and its TF2 migration, and compare what they computed.

Each side runs in its own subprocess (``python -m tfmigrate.verify.harness``)
with a time limit and an address-space limit, in an empty temporary working
directory, with GPUs hidden and seeds fixed. User code never runs in the
calling process. The two sides run concurrently.

Public entry points:

* :func:`verify_pair` -- run both scripts and return a :class:`VerifyReport`;
* :func:`verify_sources` -- the same for two texts of one file (``migrate --verify``);
* :func:`run_side` and :func:`compare_sides` -- the same in two steps, so one
  original run can be compared against many migrations;
* :func:`format_report` (from :mod:`tfmigrate.verify.report`) -- the table.

The tolerance: both sides run the same TF build on the same CPU, so most
values agree bit for bit. What may differ is the order of float operations:
graph mode runs Grappler's rewrites (constant folding, arithmetic
simplification, op fusion) and eager mode does not, and a reordered sum or
a fused multiply-add rounds differently. Each such step moves a result by at
most about one ulp, and the short chains in migrated scripts contain a few, so
floats may differ by ``ULP_BOUND`` = 4 ulps. Elements produced by cancellation
(``a - b`` with ``a`` close to ``b``) carry the rounding of their operands,
so an element also passes when it is within 4 ulps *of the array's largest
magnitude* (4 times the spacing of floats at that magnitude). Integers,
booleans and strings must be equal; NaN equals NaN; shapes and dtypes must
agree. A real change (a constant altered in its 4th
significant digit moves a float32 value by about 8000 ulps) is far outside.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import tfmigrate
from tfmigrate.verify import warm
from tfmigrate.verify.compare import compare
from tfmigrate.verify.limits import DEFAULT_MEMORY_GIB, DEFAULT_TIMEOUT, ULP_BOUND
from tfmigrate.verify.report import MATCH, MISMATCH, MISSING, SideStatus, ValueRow, VerifyReport, format_report
from tfmigrate.verify.tf1_shim import Substitution

__all__ = ["verify_pair", "verify_sources", "run_side", "compare_sides", "format_report", "SideRun", "VerifyReport",
           "run_many", "DEFAULT_TIMEOUT", "DEFAULT_MEMORY_GIB", "ULP_BOUND"]

_PACKAGE_ROOT = str(Path(tfmigrate.__file__).resolve().parent.parent)
_TAIL_LINES = 3


@dataclasses.dataclass
class SideRun:
    """What one subprocess produced."""

    status: SideStatus
    meta: dict[str, Any]
    arrays: dict[str, np.ndarray]
    stdout: str = ""
    stderr: str = ""

    @property
    def runs(self) -> list[dict[str, Any]]:
        return list(self.meta.get("runs", []))

    @property
    def names(self) -> dict[str, np.ndarray]:
        return {entry["name"]: self.arrays[entry["key"]] for entry in self.meta.get("names", [])}


def _limit_memory(pid: int, limit_bytes: int) -> None:
    # Set from outside with prlimit rather than in a preexec_fn: a preexec_fn
    # can deadlock when the parent has threads (run_many does). The child is
    # still starting Python when the limit lands, seconds before user code.
    resource.prlimit(pid, resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def _subprocess_env() -> dict[str, str]:
    from tfmigrate.verify.harness import SUBPROCESS_ENV  # noqa: PLC0415 - harness is TF-free at import

    env = dict(os.environ)
    env.update(SUBPROCESS_ENV)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
    return env


class Launch:
    """A started harness subprocess and where its results will appear."""

    def __init__(self, side: str, script: Path, mode: str, *, cells: Sequence[object] | None,
                 timeout: float, memory_gib: float, seed: int | None, workdir: Path,
                 import_dir: Path | None = None, written_for: str | None = None) -> None:
        self.side = side
        self.script = script
        self.timeout = timeout
        self.memory_gib = memory_gib
        self.out = workdir / f"{side}-result"
        run_dir = workdir / f"{side}-cwd"
        run_dir.mkdir()
        target = str(script.resolve())
        command = [sys.executable, "-m", "tfmigrate.verify.harness", "--mode", mode, "--out", str(self.out)]
        if cells is not None:
            target = str(workdir / f"{side}-cells.json")
            Path(target).write_text(json.dumps(list(cells)), encoding="utf-8")
            command.append("--cells")
        command += ["--script", target]
        if seed is not None:
            command += ["--seed", str(seed)]
        if import_dir is not None:
            command += ["--import-dir", str(import_dir.resolve())]
        self.reading = _tf0_reading(script, written_for) if mode == "graph" and cells is None else ""
        if self.reading:
            command += ["--written-for", "0.x"]
        self.stdout_path = workdir / f"{side}.stdout"
        self.stderr_path = workdir / f"{side}.stderr"
        limit = int(memory_gib * (1 << 30))
        self.started = time.monotonic()
        self.process: subprocess.Popen | warm.WarmRun | None = None
        if warm.enabled():  # same run, same limits, in a process forked from one with TF imported
            self.process = warm.run(command[3:], env=_subprocess_env(), cwd=run_dir, stdout=self.stdout_path,
                                    stderr=self.stderr_path, memory_bytes=limit)
        if self.process is None:
            self.process = self._cold(command, run_dir, limit)

    def _cold(self, command: list[str], run_dir: Path, limit: int) -> subprocess.Popen:
        with open(self.stdout_path, "wb") as stdout, open(self.stderr_path, "wb") as stderr:
            process = subprocess.Popen(
                command, cwd=run_dir, env=_subprocess_env(), stdin=subprocess.DEVNULL,
                stdout=stdout, stderr=stderr, start_new_session=True)
        try:
            _limit_memory(process.pid, limit)
        except ProcessLookupError:
            pass  # already gone: finish() reports how it ended
        return process

    def finish(self) -> SideRun:
        remaining = max(0.1, self.timeout - (time.monotonic() - self.started))
        timed_out = False
        try:
            self.process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            timed_out = True
            self.kill()
        seconds = time.monotonic() - self.started
        stdout = self.stdout_path.read_text(encoding="utf-8", errors="replace")
        stderr = self.stderr_path.read_text(encoding="utf-8", errors="replace")
        meta, arrays = self._load()
        if meta and self.reading:
            meta["tf0_reading"] = self.reading
        problem = self._problem(timed_out, meta, stderr)
        status = SideStatus(self.side, str(self.script), problem, seconds)
        return SideRun(status, meta, arrays, stdout, stderr)

    def kill(self) -> None:
        """Stop the run now. The harness leads its own session: kill it and any children it made."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def _load(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        meta_path = Path(str(self.out) + ".json")
        if not meta_path.exists():
            return {}, {}
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        with np.load(str(self.out) + ".npz", allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
        return meta, arrays

    def _problem(self, timed_out: bool, meta: dict[str, Any], stderr: str) -> str:
        if timed_out:
            return f"timed out after {self.timeout:g} s"
        error = meta.get("error")
        if error:
            return _describe_error(error, self.memory_gib)
        code = self.process.returncode
        if meta:
            return "" if code == 0 else f"exited with status {code}"
        tail = _last_lines(stderr)
        if code is not None and code < 0:
            return f"crashed (killed by {signal.Signals(-code).name})" + (f": {tail}" if tail else "")
        return f"crashed (exit status {code})" + (f": {tail}" if tail else "")


def _tf0_reading(script: Path, written_for: str | None) -> str:
    """Why an original runs with TF 0.x loss signatures ("" if it does not): its evidence, or --written-for."""
    from tfmigrate.engine import judge_generation  # noqa: PLC0415 - libcst only when an original runs
    from tfmigrate.files import SourceError  # noqa: PLC0415

    if written_for is not None:
        return "--written-for 0.x" if written_for == "0.x" else ""
    try:
        judgement = judge_generation(script.read_text(encoding="utf-8"), path=str(script))
    except (SourceError, OSError, UnicodeDecodeError):
        return ""  # the run itself reports what is wrong with the file
    return judgement.because() if judgement is not None and judgement.reading == "0.x" else ""


def _describe_error(error: dict[str, Any], memory_gib: float) -> str:
    text = f"{error.get('type', 'Error')}: {error.get('message', '')}".rstrip(": ")
    if error.get("cell") is not None:
        text += f" ({error['cell']}, line {error.get('line', 0)})"
    elif error.get("line"):
        text += f" (line {error['line']})"
    if error.get("type") == "MemoryError":
        text += f"; the memory limit is {memory_gib:g} GiB (--memory)"
    return text


def _last_lines(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-_TAIL_LINES:])


# (side, script, mode, cells): cells, for a notebook, are code strings or {label, code} dicts.
SideSpec = tuple[str, Path, str, Sequence[object] | None]


def start_sides(specs: Sequence[SideSpec], *, timeout: float, memory_gib: float, seed: int | None,
                workdir: Path, import_dir: Path | None = None, written_for: str | None = None) -> list[Launch]:
    """Start harness subprocesses at once; specs are (side, script, mode, cells or None).

    A graph-mode script runs with TF 0.x loss signatures when its evidence (or
    ``written_for``) says it was written for TF 0.x.
    """
    return [Launch(side, script, mode, cells=cells, timeout=timeout, memory_gib=memory_gib, seed=seed,
                   workdir=workdir, import_dir=import_dir, written_for=written_for)
            for side, script, mode, cells in specs]


def launch_sides(specs: Sequence[SideSpec], *, timeout: float, memory_gib: float,
                 seed: int | None = None, import_dir: Path | None = None,
                 written_for: str | None = None) -> list[SideRun]:
    """Run several harness subprocesses at once and wait for all of them."""
    with tempfile.TemporaryDirectory(prefix="tfmigrate-verify-") as tmp:
        launches = start_sides(specs, timeout=timeout, memory_gib=memory_gib, seed=seed, workdir=Path(tmp),
                               import_dir=import_dir, written_for=written_for)
        return finish_all(launches)


def finish_all(launches: Sequence[Launch]) -> list[SideRun]:
    """Wait for every launch; if waiting is interrupted (Ctrl-C), stop them all first.

    Each harness runs in its own session, out of reach of the terminal's
    Ctrl-C, so the caller must stop it.
    """
    try:
        return [launch.finish() for launch in launches]
    except BaseException:
        for launch in launches:
            if launch.process.poll() is None:
                launch.kill()
        raise


def run_side(script: Path, side: str, *, timeout: float = DEFAULT_TIMEOUT,
             memory_gib: float = DEFAULT_MEMORY_GIB, seed: int | None = None) -> SideRun:
    """Run one script: ``side`` "original" runs in TF1 graph mode, "migrated" in TF2 eager."""
    mode = "graph" if side == "original" else "eager"
    return launch_sides([(side, script, mode, None)], timeout=timeout, memory_gib=memory_gib, seed=seed)[0]


def verify_pair(original: Path, migrated: Path, *, timeout: float = DEFAULT_TIMEOUT,
                memory_gib: float = DEFAULT_MEMORY_GIB, seed: int | None = None,
                ulp_bound: int = ULP_BOUND, written_for: str | None = None) -> VerifyReport:
    """Run ORIGINAL as TF1 and MIGRATED as TF2, concurrently, and compare their values."""
    original_run, migrated_run = launch_sides(
        [("original", Path(original), "graph", None), ("migrated", Path(migrated), "eager", None)],
        timeout=timeout, memory_gib=memory_gib, seed=seed, written_for=written_for)
    return compare_sides(original_run, migrated_run, title=f"tfmigrate verify: {migrated} against {original}",
                         ulp_bound=ulp_bound)


def verify_sources(original_code: str, migrated_code: str, *, path: Path,
                   timeout: float = DEFAULT_TIMEOUT, memory_gib: float = DEFAULT_MEMORY_GIB,
                   ulp_bound: int = ULP_BOUND, written_for: str | None = None) -> VerifyReport:
    """Verify two versions of the script at ``path`` given as text (``migrate --verify``).

    The texts run from a temporary folder, so a migration written in place
    can still be compared with what the file held before; the script's own
    imports are still found beside ``path``.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="tfmigrate-verify-") as tmp:
        folder = Path(tmp)
        original, migrated = folder / f"original-{path.name}", folder / f"migrated-{path.name}"
        original.write_text(original_code, encoding="utf-8")
        migrated.write_text(migrated_code, encoding="utf-8")
        launches = start_sides([("original", original, "graph", None), ("migrated", migrated, "eager", None)],
                               timeout=timeout, memory_gib=memory_gib, seed=None, workdir=folder,
                               import_dir=path.parent, written_for=written_for)
        original_run, migrated_run = finish_all(launches)
    report = compare_sides(original_run, migrated_run, title=f"tfmigrate verify: {path}", ulp_bound=ulp_bound)
    report.sides = [dataclasses.replace(side, path=str(path)) for side in report.sides]
    return report


def run_many(specs: Sequence[SideSpec], *, jobs: int = 2,
             timeout: float = DEFAULT_TIMEOUT, memory_gib: float = DEFAULT_MEMORY_GIB,
             seed: int | None = None) -> list[SideRun]:
    """Run many sides, at most ``jobs`` at a time, results in the order of ``specs``."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    def one(spec: SideSpec) -> SideRun:
        return launch_sides([spec], timeout=timeout, memory_gib=memory_gib, seed=seed)[0]

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, specs))


# --- comparison ----------------------------------------------------------


def bound_text(ulp_bound: int = ULP_BOUND) -> str:
    return (f"Tolerance, original vs migrated: floats within {ulp_bound} ulps (elementwise, or of the array's\n"
            "largest magnitude); integers, booleans and strings exact; NaN == NaN; shapes and dtypes must agree.")


def tolerance_for(expected: np.ndarray, ulp_bound: int = ULP_BOUND) -> tuple[int, float]:
    """(ulp bound, absolute bound) for values of ``expected``'s dtype; see the module doc."""
    if expected.dtype.kind not in "fc":
        return 0, 0.0
    real = np.real(expected)
    finite = np.abs(real[np.isfinite(real)]) if real.size else np.zeros(0)
    scale = real.dtype.type(finite.max()) if finite.size else real.dtype.type(0)
    return ulp_bound, ulp_bound * float(np.spacing(scale))


def value_row(label: str, kind: str, expected: np.ndarray, actual: np.ndarray, *,
              original_line: int | None = None, migrated_line: int | None = None,
              ulp_bound: int = ULP_BOUND) -> ValueRow:
    """Compare one value pair under the stated tolerance."""
    expected, actual = np.asarray(expected), np.asarray(actual)
    diff = compare(expected, actual)
    common: dict[str, Any] = dict(label=label, kind=kind, shape=tuple(expected.shape), dtype=str(expected.dtype),
                                  original_line=original_line, migrated_line=migrated_line)
    if not diff.shape_ok:
        return ValueRow(**common, max_abs=None, max_ulp=None, verdict=MISMATCH,
                        detail=f"shape {_shape(expected)} vs {_shape(actual)}")
    max_ulp = diff.max_ulp if expected.dtype.kind in "fc" else None
    row = dict(common, max_abs=diff.max_abs, max_ulp=max_ulp)
    if not diff.dtype_ok:
        return ValueRow(**row, verdict=MISMATCH, detail=f"dtype {expected.dtype} vs {actual.dtype}")
    if diff.nan_mismatch:
        return ValueRow(**row, verdict=MISMATCH, detail="NaN in different places")
    ulps, abs_bound = tolerance_for(expected, ulp_bound)
    return ValueRow(**row, verdict=MATCH if diff.within(ulps, abs_bound) else MISMATCH)


def _shape(array: np.ndarray) -> str:
    return str(tuple(array.shape))


def _missing(label: str, kind: str, value: np.ndarray, where: str, **lines: int | None) -> ValueRow:
    return ValueRow(label=label, kind=kind, shape=tuple(value.shape), dtype=str(value.dtype), max_abs=None,
                    max_ulp=None, verdict=MISSING, detail=where, **lines)  # type: ignore[arg-type]


def compare_runs(original: SideRun, migrated: SideRun, ulp_bound: int = ULP_BOUND) -> list[ValueRow]:
    """Pair the n-th fetched value of each side."""
    rows: list[ValueRow] = []
    left, right = original.runs, migrated.runs
    for index in range(max(len(left), len(right))):
        label = f"run #{index + 1}"
        if index >= len(right):
            entry = left[index]
            rows.append(_missing(label, "run", original.arrays[entry["key"]], "not fetched by migrated side",
                                 original_line=entry["line"], migrated_line=None))
        elif index >= len(left):
            entry = right[index]
            rows.append(_missing(label, "run", migrated.arrays[entry["key"]], "not fetched by original side",
                                 original_line=None, migrated_line=entry["line"]))
        else:
            rows.append(value_row(label, "run", original.arrays[left[index]["key"]],
                                  migrated.arrays[right[index]["key"]], original_line=left[index]["line"],
                                  migrated_line=right[index]["line"], ulp_bound=ulp_bound))
    return rows


def compare_names(original: SideRun, migrated: SideRun, ulp_bound: int = ULP_BOUND) -> list[ValueRow]:
    """Module-level numeric names of the original, looked up by name on the migrated side."""
    theirs = migrated.names
    rows = []
    for name, value in original.names.items():
        if name in theirs:
            rows.append(value_row(name, "name", value, theirs[name], ulp_bound=ulp_bound))
        else:
            rows.append(_missing(name, "name", value, "absent (or not numeric) on migrated side"))
    return rows


def substitution_lines(original: SideRun) -> list[str]:
    lines = []
    for entry in original.meta.get("substitutions", []):
        lines.append(Substitution(**entry).describe())
    return lines


# Each shared stream's log in a side's meta, and what its draws are called in a note.
RANDOM_STREAMS = {"random": "random ops drawn", "initializer_random": "initializer draws",
                  "dropout_random": "dropout masks drawn"}


def random_notes(original: SideRun, migrated: SideRun) -> list[str]:
    notes = []
    for key, what in RANDOM_STREAMS.items():
        draws = {side.status.side: side.meta.get(key, []) for side in (original, migrated)}
        for side, log in draws.items():
            notes += [f"{side}: {entry}" for entry in log if "not shared" in entry]
        counts = {side: len(log) for side, log in draws.items()}
        if original.meta and migrated.meta and len(set(counts.values())) > 1:
            notes.append(f"{what}: " + ", ".join(f"{side} {n}" for side, n in counts.items())
                         + " (the shared stream pairs them in call order)")
    return notes


def compare_sides(original: SideRun, migrated: SideRun, *, title: str,
                  ulp_bound: int = ULP_BOUND) -> VerifyReport:
    """The report for one original run against one migrated run."""
    report = VerifyReport(title=title, sides=[original.status, migrated.status], bound=bound_text(ulp_bound))
    report.substitutions = substitution_lines(original)
    if original.status.ok and migrated.status.ok:
        report.rows = compare_runs(original, migrated, ulp_bound) + compare_names(original, migrated, ulp_bound)
        report.notes = fetch_count_notes(original, migrated) + random_notes(original, migrated)
    report.notes += failure_notes([original, migrated])
    if original.meta.get("tf0_reading"):
        report.notes.append("the original ran with the TF 0.x signatures of the cross-entropy losses (logits "
                            f"first): {original.meta['tf0_reading']}")
    return report


def fetch_count_notes(original: SideRun, migrated: SideRun) -> list[str]:
    """Fetches pair by position: after a count mismatch, later pairs are shifted."""
    left, right = len(original.runs), len(migrated.runs)
    if left == right:
        return []
    return [f"the original fetched {left} values and the migration {right}; values are paired in order, "
            "so every pair after the first extra or missing fetch is shifted"]


def failure_notes(sides: Sequence[SideRun]) -> list[str]:
    """Quote the user's line where a side failed."""
    notes = []
    for side in sides:
        error = side.meta.get("error") or {}
        if error.get("code"):
            where = f"{error['cell']}, line {error['line']}" if error.get("cell") else f"line {error['line']}"
            notes.append(f"{side.status.side} failed at {where}: {error['code']}")
    return notes
