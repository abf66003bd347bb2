"""The verification report: one row per compared value, a table, and JSON.

numpy only; nothing here runs user code or imports TensorFlow.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from typing import Any

MATCH = "ok"
MISMATCH = "MISMATCH"
MISSING = "MISSING"

SIDE_MODES = {"original": "TF1 graph mode", "migrated": "TF2 eager"}

SUMMARY_WORDS: dict[str, str] = {
    "run": "fetched values", "name": "module-level names", "fixture": "printed-array checks",
    "cell": "notebook cells", "error": "recorded errors",
}

SECTION_TITLES: dict[str, str] = {
    "run": "Original vs migrated, value by value (fetches in order, then module-level names):",
    "fixture": "Against the article's printed arrays (fixtures/article_arrays.json):",
    "cell": "Notebook cells against the outputs recorded in the original notebook:",
    "error": "Notebook cells that raised in the original notebook, against the migration:",
}


@dataclasses.dataclass(frozen=True)
class ValueRow:
    """One compared value: a fetch in order, a module-level name, a fixture or a cell."""

    label: str
    kind: str  # "run", "name", "fixture", "cell", "error" (an exception a notebook recorded)
    shape: tuple[int, ...] | None
    dtype: str
    max_abs: float | None
    max_ulp: int | None
    verdict: str
    detail: str = ""
    original_line: int | None = None
    migrated_line: int | None = None

    @property
    def ok(self) -> bool:
        return self.verdict == MATCH

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["shape"] = None if self.shape is None else list(self.shape)
        data["max_abs"] = _json_number(self.max_abs)
        return data


@dataclasses.dataclass(frozen=True)
class SideStatus:
    """How one side's run went: ``problem`` is empty when it ran to the end."""

    side: str  # "original" or "migrated"
    path: str
    problem: str = ""
    seconds: float = 0.0
    state: str = ""  # what to say instead of the run time (recorded outputs are not run)

    @property
    def ok(self) -> bool:
        return not self.problem

    def describe(self) -> str:
        return f"{self.side}: {self.problem}" if self.problem else f"{self.side}: ran in {self.seconds:.1f} s"

    def describe_long(self) -> str:
        how = "" if self.state else SIDE_MODES.get(self.side, "")
        name = self.path.rsplit("/", 1)[-1]
        state = self.problem or self.state or f"ran in {self.seconds:.1f} s"
        return f"{self.side:<8}  {name} ({how}): {state}" if how else f"{self.side:<8}  {name}: {state}"


@dataclasses.dataclass
class VerifyReport:
    """Everything one verification found."""

    title: str
    intro: str = ""
    sides: list[SideStatus] = dataclasses.field(default_factory=list)
    rows: list[ValueRow] = dataclasses.field(default_factory=list)
    substitutions: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    findings: list[str] = dataclasses.field(default_factory=list)
    bound: str = ""

    @property
    def passed(self) -> bool:
        return all(side.ok for side in self.sides) and bool(self.rows) and all(r.ok for r in self.rows)

    def counts(self) -> tuple[int, int]:
        return sum(r.ok for r in self.rows), len(self.rows)

    def summary(self) -> str:
        matched, total = self.counts()
        failed_sides = [side.describe() for side in self.sides if not side.ok]
        if failed_sides:
            return "FAILED: " + "; ".join(failed_sides)
        if total == 0:
            return "FAILED: no value was compared (the scripts fetched nothing numeric)"
        sections = self._counts_by_section().items()
        if matched == total:
            parts = ", ".join(f"{ok}/{n} {what}" for what, (ok, n) in sections)
            return f"PASSED: all {total} values match ({parts})"
        # A failure counts what differs, section by section, as its headline does.
        parts = ", ".join(f"{n - ok} of {n} {what}" for what, (ok, n) in sections)
        return f"FAILED: {total - matched} of {total} values differ ({parts})"

    def _counts_by_section(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for row in self.rows:
            what = SUMMARY_WORDS.get(row.kind, row.kind)
            ok, n = counts.get(what, (0, 0))
            counts[what] = (ok + row.ok, n + 1)
        return counts

    def to_json(self) -> dict[str, Any]:
        matched, total = self.counts()
        return {
            "title": self.title,
            "intro": self.intro,
            "passed": self.passed,
            "summary": self.summary(),
            "matched": matched,
            "compared": total,
            "bound": self.bound,
            "sides": [dataclasses.asdict(s) | {"ok": s.ok} for s in self.sides],
            "values": [row.to_json() for row in self.rows],
            "substitutions": list(self.substitutions),
            "findings": list(self.findings),
            "notes": list(self.notes),
        }


def _json_number(value: float | None) -> float | str | None:
    if value is None or math.isfinite(value):
        return value
    return str(value)


# --- the table -----------------------------------------------------------

COLUMNS = ("value", "shape", "dtype", "max abs diff", "max ulp", "verdict")


@dataclasses.dataclass(frozen=True)
class _Group:
    """Consecutive fetches from the same lines, shown as one table row."""

    rows: tuple[ValueRow, ...]

    def cells(self) -> tuple[str, ...]:
        first = self.rows[0]
        label = first.label
        if len(self.rows) > 1:
            # "run #2..#151 (x150)": one row for a fetch repeated in a loop.
            label += f"..{self.rows[-1].label.rsplit(' ', 1)[-1]} (x{len(self.rows)})"
        if first.kind == "run" and first.original_line is not None:
            label += f" (line {first.original_line}|{first.migrated_line})"
        bad = [row for row in self.rows if not row.ok]
        verdict = bad[0].verdict if bad else MATCH
        if bad and len(self.rows) > 1:
            verdict += f" ({len(bad)}/{len(self.rows)})"
        detail = bad[0].detail if bad else (first.detail if first.kind in ("fixture", "cell", "error") else "")
        return (label, _shape_text(first.shape), first.dtype, _max_text(r.max_abs for r in self.rows),
                _max_text((r.max_ulp for r in self.rows), integer=True),
                verdict + (f": {detail}" if detail else ""))


def _shape_text(shape: tuple[int, ...] | None) -> str:
    if shape is None:
        return "-"
    return "()" if not shape else "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _max_text(values: Iterable[float | int | None], integer: bool = False) -> str:
    present = [v for v in values if v is not None]
    if not present:
        return "-"
    top = max(present)
    if isinstance(top, float) and not math.isfinite(top) or top >= 2**62:
        return "-"
    return str(int(top)) if integer else f"{top:.3g}"


def _groups(rows: Sequence[ValueRow]) -> list[_Group]:
    groups: list[list[ValueRow]] = []
    for row in rows:
        last = groups[-1][-1] if groups else None
        same_site = (last is not None and row.kind == "run" == last.kind
                     and (row.original_line, row.migrated_line, row.shape, row.dtype)
                     == (last.original_line, last.migrated_line, last.shape, last.dtype))
        if same_site:
            groups[-1].append(row)
        else:
            groups.append([row])
    return [_Group(tuple(g)) for g in groups]


def text_table(header: Sequence[str], body: Sequence[Sequence[str]], right: Iterable[int] = ()) -> list[str]:
    """Lines of an aligned table: the header, a rule of dashes, the body; ``right`` columns align right."""
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    right = set(right)

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(cells) for cells in body)]


def format_table(rows: Sequence[ValueRow]) -> str:
    """Compared values, consecutive fetches of one site grouped; the differences align right."""
    return "\n".join(text_table(COLUMNS, [group.cells() for group in _groups(rows)], right=(3, 4)))


def _sections(rows: Sequence[ValueRow]) -> list[tuple[str, list[ValueRow]]]:
    """Rows by section, in first-appearance order; fetches and names share one table."""
    sections: dict[str, list[ValueRow]] = {}
    for row in rows:
        sections.setdefault("run" if row.kind == "name" else row.kind, []).append(row)
    return [(SECTION_TITLES.get(kind, kind), members) for kind, members in sections.items()]


def format_report(report: VerifyReport) -> str:
    out: list[str] = [report.title, ""]
    if report.intro:
        out += [report.intro, ""]
    out += [f"  {side.describe_long()}" for side in report.sides]
    if report.findings:
        out += ["", "Findings of the migration:"]
        out += [f"  {text}" for text in report.findings]
    if report.substitutions:
        out += ["", "What the original needed in order to run:"]
        out += [f"  {text}" for text in report.substitutions]
    for title, rows in _sections(report.rows):
        out += ["", title, _indent(format_table(rows))]
    if report.bound and report.rows:
        out += ["", report.bound]
    if report.notes:
        out += ["", "Notes:"]
        out += [f"  {text}" for text in report.notes]
    out += ["", report.summary()]
    return "\n".join(out)


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())
