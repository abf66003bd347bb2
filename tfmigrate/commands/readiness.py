"""``tfmigrate readiness PATH...``: what a migration would leave of a project, without writing."""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

from tfmigrate.commands.migrate import Outcome, Settings, migrate_paths

DESCRIPTION = (
    "Migrate files, trees and notebooks in memory (nothing is written) and report how many TensorFlow "
    "files end TF 2, compat (running through tf.compat.v1) or left, which TF1 names remain with their "
    "uses, files and actions, and the lines affected."
)
EPILOG = """\
exit status:
  0  the report was made (whatever it says)
  2  usage error, or some input could not be processed (it is counted under errors)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursing into .py and .ipynb)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="table for people, or JSON")
    parser.add_argument("--fallback", choices=("compat", "none"), default="compat",
                        help="judge the migration with the tf.compat.v1 fallback (default) or without it")
    parser.add_argument("--written-for", choices=("1.x", "0.x"), default=None,
                        help="TF version whose positional argument order the code was written for "
                        "(default: judged per file)")
    parser.add_argument("--statistics", action="store_true", help="also count the findings by rule code")
    parser.add_argument("--limit", type=int, default=30, metavar="N", help="names shown in the table (default: 30)")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="files migrated in parallel")


def run(args: argparse.Namespace) -> int:
    from tfmigrate.readiness import Readiness, format_report

    settings = Settings(None, (), False, args.written_for, fallback=args.fallback)
    readiness = Readiness([], [])
    for outcome in migrate_paths(args.paths, settings, max(1, args.jobs)):
        if outcome.error:
            readiness.errors.append(outcome.error)
            print(outcome.error, file=sys.stderr)
        else:
            readiness.files.append(_file_result(outcome))
    if args.format == "json":
        print(json.dumps(readiness.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(format_report(readiness, statistics=args.statistics, limit=args.limit))
    return 2 if readiness.errors else 0


def _file_result(outcome: Outcome) -> object:
    from tfmigrate.readiness import file_result
    from tfmigrate.tfstate import judge_code

    assert outcome.source is not None and outcome.new_text is not None
    source, migrated = outcome.source.text, outcome.new_text
    if pathlib.Path(outcome.path).suffix == ".ipynb":
        source, migrated = _notebook_code(outcome.source), _notebook_code(outcome.source, migrated)
    return file_result(outcome.path, source, migrated, outcome.findings, judge_code(migrated))


def _notebook_code(source: object, text: str | None = None) -> str:
    """A notebook's code cells joined into one module (its migrated text if given)."""
    import dataclasses

    from tfmigrate.notebook import load_notebook

    if text is not None:
        source = dataclasses.replace(source, text=text)  # type: ignore[type-var]
    return load_notebook(source).joined_code()  # type: ignore[arg-type]
