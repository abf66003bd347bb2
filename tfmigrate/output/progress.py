"""A progress bar on stderr while a tree is migrated, when stderr is a terminal.

Drawn by rich. Findings printed to stdout appear above the bar when stdout is
the same terminal; when stdout is piped it is left alone, so a report written
to a file never holds the bar.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tfmigrate.commands.migrate import Outcome


class ProgressBar:
    """``with ProgressBar(total, enabled) as bar: bar.advance(outcome)``; does nothing when disabled."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled
        self.changed = 0
        self.findings = 0
        self._progress = None
        self._task = None

    def __enter__(self) -> "ProgressBar":
        if self.enabled:
            self._start()
        return self

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(file=sys.stderr, force_terminal=True)
        self._progress = Progress(
            TextColumn("migrating"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[changed]} changed, {task.fields[findings]} findings"), TimeElapsedColumn(),
            console=console, transient=True,
            redirect_stdout=_isatty(sys.stdout), redirect_stderr=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("migrate", total=self.total, changed=0, findings=0)

    def advance(self, outcome: "Outcome") -> None:
        self.changed += outcome.changed
        self.findings += sum(not f.suppressed for f in outcome.findings)
        if self._progress is not None:
            self._progress.update(self._task, advance=1, changed=self.changed, findings=self.findings)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def wants_progress(total: int, quiet: bool) -> bool:
    """A bar helps a tree, on a terminal, when the user did not ask for quiet."""
    return total > 1 and not quiet and _isatty(sys.stderr)


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
