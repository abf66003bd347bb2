"""The running half of ``tfmigrate verify``: scripts, notebooks and the article.

Kept apart from ``tfmigrate.commands.verify`` so that building the CLI parser
stays cheap: nothing here imports numpy or TensorFlow until a check runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from tfmigrate.verify.report import VerifyReport

def add_limit_arguments(parser: argparse.ArgumentParser) -> None:
    from tfmigrate.verify import limits as defaults  # noqa: PLC0415

    parser.add_argument("--timeout", type=_positive_float, default=defaults.DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"time limit for each side's run (default {defaults.DEFAULT_TIMEOUT:g})")
    parser.add_argument("--memory", type=_positive_float, default=defaults.DEFAULT_MEMORY_GIB, metavar="GIB",
                        help="address-space limit for each side's run, in GiB "
                             f"(default {defaults.DEFAULT_MEMORY_GIB:g}; TensorFlow alone maps about 1.5)")
    parser.add_argument("--ulps", type=_non_negative_int, default=defaults.ULP_BOUND, metavar="N",
                        help=f"how many ulps floats may differ (default {defaults.ULP_BOUND})")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``verify`` (the article), ``verify NOTEBOOK``, ``verify ORIGINAL MIGRATED``."""
    out = out or sys.stdout
    paths = [Path(p) for p in args.paths]
    problem = _input_problem(paths)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        report = _verify(paths, args)
    except _InputError as error:
        print(error, file=sys.stderr)
        return 2
    _emit(report, bool(args.json), out)
    return 0 if report.passed else 1


class _InputError(Exception):
    pass


def _input_problem(paths: list[Path]) -> str:
    if len(paths) > 2:
        return "tfmigrate verify: error: give no path (the article), a notebook, or ORIGINAL MIGRATED"
    if len(paths) == 1 and paths[0].suffix != ".ipynb":
        return (f"{paths[0]}: error: a single path must be a notebook (.ipynb); "
                "for scripts give ORIGINAL MIGRATED")
    for path in paths:
        if not path.exists():
            return f"{path}: error: no such file"
        if not path.is_file():
            return f"{path}: error: not a file"
        if path.suffix not in (".py", ".ipynb"):
            return f"{path}: error: not a Python script (.py) or notebook (.ipynb)"
    if len(paths) == 2 and paths[0].suffix != paths[1].suffix:
        return f"{paths[1]}: error: ORIGINAL is {paths[0].suffix} but MIGRATED is {paths[1].suffix}"
    return ""


def _verify(paths: list[Path], args: argparse.Namespace) -> VerifyReport:
    limits = {"timeout": args.timeout, "memory_gib": args.memory}
    if not paths:
        from tfmigrate.verify import pipeline  # noqa: PLC0415

        try:
            return pipeline.verify_article(ulp_bound=args.ulps, **limits)
        except pipeline.PipelineError as error:
            raise _InputError(f"tfmigrate verify: error: {error}") from None
    if paths[0].suffix == ".ipynb":
        from tfmigrate.verify import notebook_check  # noqa: PLC0415

        try:
            return notebook_check.verify_notebook(paths[0], paths[1] if len(paths) == 2 else None,
                                                  ulp_bound=args.ulps, **limits)
        except notebook_check.NotebookInputError as error:
            raise _InputError(str(error)) from None
    from tfmigrate.verify import runner  # noqa: PLC0415

    return runner.verify_pair(paths[0], paths[1], ulp_bound=args.ulps, written_for=getattr(args, "written_for", None),
                              **limits)


def _emit(report: VerifyReport, as_json: bool, out: TextIO) -> None:
    if as_json:
        json.dump(report.to_json(), out, indent=2)
        out.write("\n")
        return
    from tfmigrate.verify.report import format_report  # noqa: PLC0415

    out.write(format_report(report) + "\n")
