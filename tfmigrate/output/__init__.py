"""How ``tfmigrate migrate`` reports: one format, on one stream.

Streams follow one rule: stdout carries the run's product. When the product is
code (``--diff``, or ``-`` without ``--check``), the report goes to stderr;
otherwise the report is the product and goes to stdout. Errors about inputs,
progress and interruption notices always go to stderr.
"""

from __future__ import annotations

from tfmigrate.output.base import Reporter, RunInfo
from tfmigrate.output.github import GithubReporter
from tfmigrate.output.json_report import JsonReporter
from tfmigrate.output.sarif import SarifReporter
from tfmigrate.output.text import FullTextReporter, TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "full": FullTextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
}
FORMATS = tuple(REPORTERS)


def make_reporter(output_format: str, info: RunInfo) -> Reporter:
    return REPORTERS[output_format](info)


__all__ = ["FORMATS", "Reporter", "RunInfo", "make_reporter"]
