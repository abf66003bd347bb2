"""The default report: one line per finding kind, then one summary line.

``text`` folds the findings a file repeats (the same code, name and message
at several places) into the first one, which names the other lines; ``full``
prints every finding on its own line, as JSON and SARIF always list them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tfmigrate.findings import Finding, Kind
from tfmigrate.output.base import Reporter, RunInfo, summary_counts
from tfmigrate.output.colour import paint, wants_colour

if TYPE_CHECKING:
    from tfmigrate.commands.migrate import Outcome

_CODE_STYLE = {Kind.FIXED: "green", Kind.MANUAL: "bold red", Kind.SWAP: "bold yellow", Kind.ERROR: "bold red"}


class TextReporter(Reporter):
    #: fold a file's repeated findings into one line each
    fold: bool = True

    def __init__(self, info: RunInfo) -> None:
        super().__init__(info)
        self.colour = wants_colour(info.out)

    def file_done(self, outcome: "Outcome") -> None:
        shown = self.shown(outcome.findings)
        for finding in fold_repeats(shown) if self.fold else shown:
            print(format_finding(finding, self.colour), file=self.info.out)

    def finish(self, outcomes: Sequence["Outcome"]) -> None:
        print(paint(summary_line(outcomes, self.info), "bold", self.colour), file=self.info.out)


class FullTextReporter(TextReporter):
    """Every finding on a line of its own."""

    fold = False


# Lines named in a folded finding; the rest are counted.
FOLDED_LINES_SHOWN = 8


def fold_repeats(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per (code, subject, message) of a file, naming the lines of the others."""
    groups: dict[tuple[str, str, str, str], list[Finding]] = {}
    for finding in findings:
        key = (finding.path, finding.code, finding.subject, finding.message)
        groups.setdefault(key, []).append(finding)
    folded = []
    for group in groups.values():
        first, rest = group[0], group[1:]
        if not first.subject or not rest:
            folded.extend(group if not first.subject else [first])
            continue
        lines = ", ".join(str(f.line) for f in rest[:FOLDED_LINES_SHOWN])
        more = f" and {len(rest) - FOLDED_LINES_SHOWN} more" if len(rest) > FOLDED_LINES_SHOWN else ""
        noun = "line" if len(rest) == 1 else "lines"
        folded.append(replace(first, message=f"{first.message} ({len(group)} uses; also {noun} {lines}{more})"))
    return folded


def format_finding(finding: Finding, colour: bool = False) -> str:
    """``path:line:col: CODE message [action]``, painted when colour is on."""
    if not colour:
        return finding.format()
    where = paint(f"{finding.path}:{finding.line}:{finding.col}:", "bold", colour)
    code = paint(finding.code, _CODE_STYLE[finding.kind], colour)
    action = " " + paint(f"[{finding.action}]", "cyan", colour) if finding.action else ""
    return f"{where} {code} {finding.message}{action}"


def summary_line(outcomes: Sequence["Outcome"], info: RunInfo) -> str:
    """``3 file(s): 2 changed, 1 unchanged, 0 error(s); findings: 5 fixed, 1 manual, 1 swap(s)``."""
    counts = summary_counts(outcomes)
    if not info.writes:
        verb, fixed = "would change", "fixable"
    elif info.out_dir:
        verb, fixed = f"written to {info.out_dir}", "fixed"
    else:
        verb, fixed = "changed", "fixed"
    line = (
        f"{counts['files']} file(s): {counts['changed']} {verb}, {counts['unchanged']} unchanged, "
        f"{counts['errors']} error(s); findings: {counts['fixed']} {fixed}, {counts['manual']} manual, "
        f"{counts['swaps']} swap(s)"
    )
    if counts["suppressed"]:
        line += f", {counts['suppressed']} suppressed"
    return line
