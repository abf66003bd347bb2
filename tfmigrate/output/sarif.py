"""``--output-format sarif``: a SARIF 2.1.0 log, for code-scanning services.

One run; the driver lists every rule; each finding is a result whose region
uses 1-based lines and columns counted in Unicode code points. A finding
accepted by ``# noqa`` stays in the log with an in-source suppression, as
SARIF intends. Files that could not be processed become tool notifications.
"""

from __future__ import annotations

import json
import pathlib
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tfmigrate import __version__
from tfmigrate.findings import Finding, Kind
from tfmigrate.output.base import Reporter, split_cell, summary_counts

if TYPE_CHECKING:
    from tfmigrate.commands.migrate import Outcome

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Kind.FIXED: "warning", Kind.MANUAL: "error", Kind.SWAP: "error", Kind.ERROR: "error"}


class SarifReporter(Reporter):
    def finish(self, outcomes: Sequence["Outcome"]) -> None:
        self.info.out.write(json.dumps(sarif_log(outcomes), indent=2, ensure_ascii=False) + "\n")


def sarif_log(outcomes: Sequence["Outcome"]) -> dict[str, object]:
    findings = [f for o in outcomes for f in o.findings]
    rules = _rule_descriptors({f.code for f in findings})
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    counts = summary_counts(outcomes)
    run = {
        "tool": {"driver": {"name": "tfmigrate", "version": __version__, "rules": rules}},
        "invocations": [{
            "executionSuccessful": counts["errors"] == 0,
            "toolExecutionNotifications": [_notification(o.path, o.error) for o in outcomes if o.error],
        }],
        "results": [_result(f, index[f.code]) for f in findings],
        "columnKind": "unicodeCodePoints",
        "properties": {"summary": counts},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule_descriptors(seen: set[str]) -> list[dict[str, object]]:
    """Every code the rules report under (a rule's own and its families'), with its name."""
    from tfmigrate.rules import ALL_RULES

    described: dict[str, dict[str, object]] = {}
    for rule in ALL_RULES:
        described[rule.CODE] = {"id": rule.CODE, "name": rule.NAME, "shortDescription": {"text": rule.DESCRIPTION}}
        for family in rule.FAMILIES:
            described[family.code] = {"id": family.code, "name": family.name,
                                      "shortDescription": {"text": family.description}}
    # Codes no rule owns (TFM000: a file the engine could not migrate).
    for code in seen - set(described):
        described[code] = {"id": code, "shortDescription": {"text": code}}
    return [described[code] for code in sorted(described)]


def _result(finding: Finding, rule_index: int) -> dict[str, object]:
    file, cell = split_cell(finding.path)
    message = finding.message + (f" [{finding.action}]" if finding.action else "")
    location: dict[str, object] = {"artifactLocation": {"uri": artifact_uri(file)}}
    if cell is not None:
        # A notebook's lines count within a cell, which SARIF regions cannot say.
        message = f"cell {cell}, line {finding.line}, column {finding.col}: {message}"
    elif finding.line:
        region: dict[str, int] = {"startLine": finding.line}
        if finding.col:
            region["startColumn"] = finding.col
        location["region"] = region
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.kind],
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "properties": {"kind": finding.kind.value},
    }
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource"}]
    return result


def _notification(path: str, error: str) -> dict[str, object]:
    return {
        "level": "error",
        "message": {"text": error},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}],
    }


def artifact_uri(path: str) -> str:
    """A relative URI for a relative path, a file: URI for an absolute one."""
    posix = pathlib.PurePath(path)
    if posix.is_absolute():
        return pathlib.Path(path).as_uri()
    return urllib.parse.quote(posix.as_posix())
