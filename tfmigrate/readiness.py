"""A readiness report: what a migration leaves of a project's TensorFlow 1 code.

It counts the files in each state (see :mod:`tfmigrate.tfstate`), lists the
TF1 names that remain in the migrated code with their uses, files and the
action for each, the lines affected, and the findings by rule. The report is
plain data (``to_json``) and a table for people (``format_report``); its JSON
schema is ``tfmigrate/data/readiness.schema.json``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from collections.abc import Iterable, Sequence

from tfmigrate.findings import Finding, Kind
from tfmigrate.tfstate import Kind as UseKind
from tfmigrate.tfstate import ModuleReport, State

SCHEMA_VERSION = 1
STATES = (State.TF2, State.COMPAT, State.LEFT)
DEFAULT_ACTIONS = {
    UseKind.COMPAT: "port it to TF 2 by hand; the module runs through tf.compat.v1 until then",
    UseKind.TF1: "no TF 2 form: port it by hand (rerun with --fallback compat to keep the module running)",
    UseKind.MISSING: "exists nowhere in TF 2: port it by hand or replace the package it came from",
}


@dataclasses.dataclass(frozen=True)
class FileResult:
    """One migrated file: its state, what remains in it, and its findings."""

    path: str
    state: State
    module: ModuleReport
    findings: tuple[Finding, ...]
    lines: int
    changed_lines: int


@dataclasses.dataclass
class NameRow:
    name: str
    kind: UseKind
    uses: int = 0
    files: set[str] = dataclasses.field(default_factory=set)
    action: str = ""


def file_result(path: str, source: str, migrated: str, findings: Sequence[Finding], module: ModuleReport) -> FileResult:
    return FileResult(path, module.state, module, tuple(findings), len(source.splitlines()), changed_lines(source, migrated))


def changed_lines(source: str, migrated: str) -> int:
    """Lines of the source that the migration rewrote or removed."""
    old, new = source.splitlines(), migrated.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("replace", "delete"))


@dataclasses.dataclass
class Readiness:
    files: list[FileResult]
    errors: list[str]

    def tf_files(self) -> list[FileResult]:
        return [result for result in self.files if result.state != State.NOT_TF]

    def state_counts(self) -> dict[str, int]:
        counts = Counter(result.state for result in self.tf_files())
        return {state.value: counts.get(state, 0) for state in STATES}

    def names(self) -> list[NameRow]:
        """Every name that keeps a file from TF 2, most used first."""
        rows: dict[tuple[str, UseKind], NameRow] = {}
        actions = _actions_by_subject(finding for result in self.files for finding in result.findings)
        for result in self.tf_files():
            for use in result.module.remaining():
                row = rows.setdefault((use.name, use.kind), NameRow(use.name, use.kind))
                row.uses += 1
                row.files.add(result.path)
                row.action = row.action or actions.get(use.name, "") or DEFAULT_ACTIONS[use.kind]
        return sorted(rows.values(), key=lambda row: (-row.uses, row.name))

    def statistics(self) -> list[tuple[str, str, int]]:
        """(code, kind, count) of the findings, most frequent first."""
        counts = Counter((f.code, f.kind.value) for result in self.files for f in result.findings)
        return sorted(((code, kind, n) for (code, kind), n in counts.items()), key=lambda item: (-item[2], item[0]))

    def lines(self) -> dict[str, int]:
        tf_files = self.tf_files()
        remaining = sum(len({use.line for use in result.module.remaining()}) for result in tf_files)
        return {
            "total": sum(result.lines for result in tf_files),
            "changed": sum(result.changed_lines for result in tf_files),
            "with_remaining_names": remaining,
        }

    def to_json(self) -> dict[str, object]:
        return {
            "schema_version": SCHEMA_VERSION,
            "files": {"tensorflow": len(self.tf_files()), "other": len(self.files) - len(self.tf_files()),
                      "errors": len(self.errors), **self.state_counts()},
            "lines": self.lines(),
            "names": [
                {"name": row.name, "kind": row.kind.value, "uses": row.uses, "files": len(row.files), "action": row.action}
                for row in self.names()
            ],
            "statistics": [{"code": code, "kind": kind, "count": count} for code, kind, count in self.statistics()],
            "by_file": [
                {"path": result.path, "state": result.state.value, "lines": result.lines,
                 "changed_lines": result.changed_lines,
                 "remaining": dict(Counter(use.name for use in result.module.remaining()))}
                for result in self.files
            ],
            "error_messages": list(self.errors),
        }


def _actions_by_subject(findings: Iterable[Finding]) -> dict[str, str]:
    actions: dict[str, str] = {}
    for finding in findings:
        if finding.subject and finding.action and finding.kind != Kind.FIXED:
            actions.setdefault(finding.subject, finding.action)
    return actions


def format_report(readiness: Readiness, *, statistics: bool = False, limit: int = 30) -> str:
    """The report as text tables for people."""
    counts = readiness.state_counts()
    total = len(readiness.tf_files())
    lines = readiness.lines()
    out = [f"{total} TensorFlow file(s), {len(readiness.files) - total} other, {len(readiness.errors)} error(s)"]
    out.append(_table(("state", "files", "share"), [
        (state, str(counts[state]), _share(counts[state], total)) for state in counts
    ]))
    out.append(f"lines in TensorFlow files: {lines['total']}; changed by the migration: {lines['changed']}; "
               f"still holding TF1 names: {lines['with_remaining_names']}")
    rows = readiness.names()
    if rows:
        shown = rows[:limit]
        out.append(_table(("name", "kind", "uses", "files", "action"), [
            (row.name, row.kind.value, str(row.uses), str(len(row.files)), row.action) for row in shown
        ]))
        if len(rows) > limit:
            out.append(f"... and {len(rows) - limit} more name(s); --format json lists them all")
    if statistics:
        out.append(_table(("code", "kind", "findings"), [(c, k, str(n)) for c, k, n in readiness.statistics()]))
    return "\n\n".join(out) + "\n"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    render = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([render(header), render(["-" * w for w in widths]), *map(render, rows)])
