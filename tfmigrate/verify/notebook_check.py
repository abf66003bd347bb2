"""Verify a migrated notebook against the outputs recorded in the original.

A TF1 notebook often carries its results: arrays printed years ago by a TF1
kernel that nobody can start today. ``tfmigrate verify NOTEBOOK.ipynb``
migrates the notebook, re-executes the migrated code cells in a subprocess
(TF2 eager, the same limits as any verification), and compares what each cell
shows and prints with the text recorded in the original, number by number.

The comparison works in printed precision. numpy prints the shortest decimal
that identifies a float, capped at 8 fractional digits, so a recorded token
stands for any value within half a unit of its last digit. The re-executed
cell is printed the same way, and two tokens agree when they differ by at
most half a unit of each one's last digit plus the kernel allowance used for
every verification (``ULP_BOUND`` ulps of the array's largest magnitude: TF1
and TF2 kernels for exp/log may round the last bit differently).

This executes the notebook's code.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tfmigrate.files import InputError, SourceText, read_source
from tfmigrate.findings import Finding
from tfmigrate.notebook import Notebook, cell_label, load_notebook
from tfmigrate.notebook import migrate_notebook as migrate_cells
from tfmigrate.verify import runner
from tfmigrate.verify.compare import ulp_distance
from tfmigrate.verify.printed import PrintedArray, find_printed_arrays, half_unit_in_last_digit, parse_number
from tfmigrate.verify.report import MATCH, MISMATCH, MISSING, SideStatus, ValueRow, VerifyReport

_IPYTHON_LINE = re.compile(r"^(\s*)([%!].*|\?.*|.*\?\s*)$")


class NotebookInputError(Exception):
    """The notebook cannot be read or migrated; the message is one ``path: error: ...`` line."""


@dataclasses.dataclass(frozen=True)
class RecordedCell:
    """One code cell: its index in the notebook, the code to run, and what was recorded."""

    index: int
    code: str
    recorded: str
    recorded_error: str = ""  # the exception type an error output recorded; "" if none


def load(path: Path) -> Notebook:
    try:
        return load_notebook(read_source(path))
    except InputError as error:
        raise NotebookInputError(str(error)) from None


def migrate_notebook(path: Path) -> tuple[Notebook, list[str]]:
    """The migrated notebook and the findings (located by cell), as ``tfmigrate migrate`` makes them."""
    try:
        from tfmigrate.engine import migrate_source  # noqa: PLC0415
    except ImportError as error:
        raise NotebookInputError(f"{path}: error: the migration engine cannot be loaded ({error})") from None

    def migrate(code: str) -> tuple[str, list[Finding]]:
        result = migrate_source(code, path=str(path))
        return result.code, result.findings

    try:
        text, findings = migrate_cells(read_source(path), migrate)
    except InputError as error:
        raise NotebookInputError(str(error)) from None
    migrated = SourceText(path=str(path), text=text, has_bom=False, raw=text.encode("utf-8"))
    return load_notebook(migrated), [finding.format() for finding in findings]


def paired_cells(original: Notebook, migrated: Notebook) -> list[RecordedCell]:
    """Migrated code with the original's recorded outputs, matched by cell position."""
    theirs = dict(migrated.code_cells())
    cells = []
    for index, _code in original.code_cells():
        if index not in theirs:
            raise NotebookInputError(f"{cell_label(index)} is a code cell in the original but not in the migration")
        cells.append(RecordedCell(index, theirs[index], original.cell_outputs_text(index), original.cell_error(index)))
    return cells


def runnable(code: str) -> str:
    """IPython-only lines (magics, shell escapes, help) become ``pass``: plain Python runs the cell."""
    return "\n".join(_IPYTHON_LINE.sub(r"\1pass", line) if _IPYTHON_LINE.match(line) else line
                     for line in code.split("\n"))


def verify_notebook(original_path: Path, migrated_path: Path | None = None, *,
                    timeout: float = runner.DEFAULT_TIMEOUT, memory_gib: float = runner.DEFAULT_MEMORY_GIB,
                    ulp_bound: int = runner.ULP_BOUND) -> VerifyReport:
    """Re-execute the migration (made now if ``migrated_path`` is None) and check the recorded outputs."""
    original = load(original_path)
    if migrated_path is None:
        migrated, findings = migrate_notebook(original_path)
    else:
        migrated, findings = load(migrated_path), []
    return _verify_loaded(original, migrated, findings, original_path=original_path, migrated_path=migrated_path,
                          timeout=timeout, memory_gib=memory_gib, ulp_bound=ulp_bound)


def verify_notebook_texts(original_text: str, migrated_text: str, *, path: Path,
                          timeout: float = runner.DEFAULT_TIMEOUT, memory_gib: float = runner.DEFAULT_MEMORY_GIB,
                          ulp_bound: int = runner.ULP_BOUND) -> VerifyReport:
    """Two versions of the notebook at ``path``, as JSON text (``migrate --verify``)."""
    original, migrated = (load_notebook(SourceText(path=str(path), text=text, has_bom=False,
                                                   raw=text.encode("utf-8")))
                          for text in (original_text, migrated_text))
    return _verify_loaded(original, migrated, [], original_path=Path(path), migrated_path=Path(path),
                          timeout=timeout, memory_gib=memory_gib, ulp_bound=ulp_bound)


def _verify_loaded(original: Notebook, migrated: Notebook, findings: list[str], *, original_path: Path,
                   migrated_path: Path | None, timeout: float, memory_gib: float, ulp_bound: int) -> VerifyReport:
    cells = paired_cells(original, migrated)
    entries = [{"label": cell_label(cell.index), "code": runnable(cell.code), "recorded_error": cell.recorded_error}
               for cell in cells]
    run = runner.launch_sides([("migrated", migrated_path or original_path, "eager", entries)],
                              timeout=timeout, memory_gib=memory_gib, import_dir=original_path.parent)[0]
    title = f"tfmigrate verify: {original_path} (re-executed migration vs recorded outputs)"
    recorded = SideStatus("original", str(original_path), seconds=0.0,
                          state="outputs recorded in the notebook, not re-run")
    report = VerifyReport(title=title, sides=[recorded, run.status], findings=findings,
                          bound=_bound_text(ulp_bound))
    if run.status.ok:
        report.rows = cell_rows(cells, run, ulp_bound) + error_rows(cells, run)
        report.notes = unparsed_outputs(cells)
    report.notes += other_errors(cells, run) + runner.failure_notes([run])
    return report


def _bound_text(ulp_bound: int) -> str:
    return (f"Tolerance: half a unit in the last printed digit of each token, plus {ulp_bound} ulps "
            "of the array's largest magnitude; integers exact; shapes must agree.")


def cell_rows(cells: Sequence[RecordedCell], run: runner.SideRun, ulp_bound: int) -> list[ValueRow]:
    """One row per array or scalar recorded in the original's outputs."""
    results = {record["index"]: record for record in run.meta.get("cells", [])}
    rows: list[ValueRow] = []
    for position, cell in enumerate(cells):
        recorded = find_printed_arrays(cell.recorded)
        if not recorded:
            continue
        record = results.get(position, {})
        shown = str(record.get("stdout", "")) + str(record.get("repr", ""))
        produced = find_printed_arrays(shown)
        for number, expected in enumerate(recorded):
            label = cell_label(cell.index) + (f" #{number + 1}" if len(recorded) > 1 else "")
            if number >= len(produced):
                rows.append(ValueRow(label, "cell", expected.shape, expected.dtype or "-", None, None, MISSING,
                                     "recorded, but the migrated cell shows no such value"))
            else:
                rows.append(compare_printed(label, expected, produced[number], ulp_bound))
    return rows


def error_rows(cells: Sequence[RecordedCell], run: runner.SideRun) -> list[ValueRow]:
    """One row per cell whose notebook recorded an exception: the migration must raise the same type."""
    results = {record["index"]: record for record in run.meta.get("cells", [])}
    rows = []
    for position, cell in enumerate(cells):
        if not cell.recorded_error:
            continue
        raised = (results.get(position, {}).get("error") or {}).get("type", "")
        if raised == cell.recorded_error:
            verdict, detail = MATCH, f"raised {raised}, as the notebook recorded"
        else:
            verdict, detail = MISMATCH, f"the notebook recorded {cell.recorded_error}; the migrated cell raised nothing"
        rows.append(ValueRow(cell_label(cell.index), "error", None, "-", None, None, verdict, detail))
    return rows


def other_errors(cells: Sequence[RecordedCell], run: runner.SideRun) -> list[str]:
    """A cell that raised another exception type than the one its notebook recorded."""
    failed = run.meta.get("error") or {}
    return [f"{failed['cell']} raised {failed['type']}; the notebook recorded {cell.recorded_error}"
            for cell in cells
            if cell.recorded_error and failed.get("cell") == cell_label(cell.index)]


def unparsed_outputs(cells: Sequence[RecordedCell]) -> list[str]:
    """Recorded outputs with no printed number in them: shown, so nothing is skipped silently."""
    return [f"{cell_label(cell.index)}: recorded output has no printed array or number; not compared"
            for cell in cells if cell.recorded.strip() and not find_printed_arrays(cell.recorded)]


def compare_printed(label: str, expected: PrintedArray, actual: PrintedArray, ulp_bound: int) -> ValueRow:
    """A recorded printed array against the one the migrated cell printed."""
    dtype = np.dtype(expected.dtype or actual.dtype or "float64")
    base = dict(label=label, kind="cell", shape=expected.shape, dtype=str(dtype))
    if len(expected.tokens) != len(actual.tokens) or (
            expected.shape != actual.shape and not (expected.truncated or actual.truncated)):
        return ValueRow(**base, max_abs=None, max_ulp=None, verdict=MISMATCH,  # type: ignore[arg-type]
                        detail=f"shape {expected.shape} recorded, {actual.shape} now")
    want = np.array([parse_number(t) for t in expected.tokens])
    got = np.array([parse_number(t) for t in actual.tokens])
    diff = np.abs(want - got)
    same_nan = np.isnan(want) & np.isnan(got)
    diff = np.where(same_nan, 0.0, diff)
    allowance = _printed_allowance(expected.tokens, actual.tokens, want, dtype, ulp_bound)
    identical = sum(e == a for e, a in zip(expected.tokens, actual.tokens))
    ok = bool(np.all(diff <= allowance)) and not np.any(np.isnan(want) != np.isnan(got))
    max_ulp = _ulps(want, got, dtype) if dtype.kind == "f" else None
    detail = f"{identical}/{len(expected.tokens)} printed tokens identical"
    return ValueRow(**base, max_abs=float(np.nanmax(diff)) if diff.size else 0.0,  # type: ignore[arg-type]
                    max_ulp=max_ulp, verdict=MATCH if ok else MISMATCH, detail=detail)


def _printed_allowance(expected: Sequence[str], actual: Sequence[str], want: np.ndarray, dtype: np.dtype,
                       ulp_bound: int) -> np.ndarray:
    halves = np.array([half_unit_in_last_digit(e) + half_unit_in_last_digit(a) for e, a in zip(expected, actual)])
    if dtype.kind != "f":
        return np.zeros_like(want)
    finite = np.abs(want[np.isfinite(want)])
    scale = float(finite.max()) if finite.size else 0.0
    return halves + ulp_bound * float(np.finfo(dtype).eps) * scale


def _ulps(want: np.ndarray, got: np.ndarray, dtype: np.dtype) -> int:
    finite = np.isfinite(want) & np.isfinite(got)
    if not np.any(finite):
        return 0
    return int(ulp_distance(want[finite].astype(dtype), got[finite].astype(dtype)).max())
