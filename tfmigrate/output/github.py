"""``--output-format github``: GitHub Actions workflow commands, one per finding.

GitHub turns ``::error file=F,line=L,col=C,title=T::message`` lines printed by
a step into annotations on the pull request's diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tfmigrate.findings import Finding, Kind
from tfmigrate.output.base import Reporter, split_cell
from tfmigrate.output.text import summary_line

if TYPE_CHECKING:
    from tfmigrate.commands.migrate import Outcome


class GithubReporter(Reporter):
    def file_done(self, outcome: "Outcome") -> None:
        if outcome.error:
            print(f"::error file={_property(outcome.path)},title=tfmigrate::{_data(outcome.error)}", file=self.info.out)
        for finding in self.shown(outcome.findings):
            print(annotation(finding), file=self.info.out)

    def finish(self, outcomes: Sequence["Outcome"]) -> None:
        print(summary_line(outcomes, self.info), file=self.info.out)


def annotation(finding: Finding) -> str:
    level = "warning" if finding.kind == Kind.FIXED else "error"
    file, cell = split_cell(finding.path)
    properties = [f"file={_property(file)}"]
    message = finding.message + (f" [{finding.action}]" if finding.action else "")
    if cell is not None:
        # A notebook's lines count within a cell; the file's own lines are JSON.
        message = f"cell {cell}, line {finding.line}, column {finding.col}: {message}"
    else:
        if finding.line:
            properties.append(f"line={finding.line}")
        if finding.col:
            properties.append(f"col={finding.col}")
    properties.append(f"title={_property(finding.code)}")
    return f"::{level} {','.join(properties)}::{_data(message)}"


# Escapes of GitHub's workflow-command syntax (the runner's own rules).
def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
