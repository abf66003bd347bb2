"""``--output-format json`` and ``--report FILE``: every file's outcome and every finding."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tfmigrate.output.base import Reporter, summary_counts

if TYPE_CHECKING:
    from tfmigrate.commands.migrate import Outcome


def report_document(outcomes: Sequence["Outcome"]) -> dict[str, object]:
    """The JSON report; suppressed findings stay in it, marked ``"suppressed": true``."""
    return {
        "files": [
            {"path": o.path, "changed": o.changed, "error": o.error, "findings": [f.to_json() for f in o.findings]}
            for o in outcomes
        ],
        "summary": summary_counts(outcomes),
    }


def report_text(outcomes: Sequence["Outcome"]) -> str:
    return json.dumps(report_document(outcomes), indent=2, ensure_ascii=False) + "\n"


class JsonReporter(Reporter):
    def finish(self, outcomes: Sequence["Outcome"]) -> None:
        self.info.out.write(report_text(outcomes))
