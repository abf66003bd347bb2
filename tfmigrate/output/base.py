"""What every report format shares: the run's facts, the stream, the counts."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from tfmigrate.findings import Finding, Kind

if TYPE_CHECKING:
    from tfmigrate.commands.migrate import Outcome


@dataclasses.dataclass(frozen=True)
class RunInfo:
    """What a reporter needs to know about the run."""

    writes: bool  # False for --check and --diff: nothing is written
    stream: str = "stdout"  # "stdout" or "stderr", looked up at each write
    quiet: bool = False
    out_dir: str | None = None

    @property
    def out(self) -> TextIO:
        # Looked up late so that a progress display that wraps sys.stdout
        # keeps its bar below the findings.
        return getattr(sys, self.stream)


class Reporter:
    """Streams findings as files finish, then ends the report."""

    def __init__(self, info: RunInfo) -> None:
        self.info = info

    def file_done(self, outcome: "Outcome") -> None:
        """Called once per file, in input order, as soon as it is done."""

    def finish(self, outcomes: Sequence["Outcome"]) -> None:
        """Called once when the run ends (also after an interruption)."""

    def shown(self, findings: Sequence[Finding]) -> list[Finding]:
        """The findings a report lists: suppressed ones never, fixed ones unless --quiet."""
        return [f for f in findings if not f.suppressed and not (self.info.quiet and f.kind == Kind.FIXED)]


def summary_counts(outcomes: Sequence["Outcome"]) -> dict[str, int]:
    """Counts shared by the text summary line, the JSON report and SARIF."""
    findings = [f for o in outcomes for f in o.findings]
    active = [f for f in findings if not f.suppressed]
    return {
        "files": len(outcomes),
        "changed": sum(o.changed for o in outcomes),
        "unchanged": sum(1 for o in outcomes if not o.changed and not o.error),
        "errors": sum(1 for o in outcomes if o.error),
        "fixed": sum(f.kind == Kind.FIXED for f in active),
        "manual": sum(f.kind == Kind.MANUAL for f in active),
        "swaps": sum(f.kind == Kind.SWAP for f in active),
        "suppressed": sum(f.suppressed for f in findings),
    }


_CELL = re.compile(r"^(?P<file>.*)\[cell (?P<cell>\d+)\]$")


def split_cell(path: str) -> tuple[str, int | None]:
    """``nb.ipynb[cell 3]`` -> (``nb.ipynb``, 3); a plain path has no cell."""
    match = _CELL.match(path)
    return (match["file"], int(match["cell"])) if match else (path, None)
