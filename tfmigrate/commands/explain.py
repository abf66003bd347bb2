"""``tfmigrate explain CODE``: one rule's documentation, the same text as its docs/rules.md section."""

from __future__ import annotations

import argparse
import sys

DESCRIPTION = (
    "Explain a rule: what it does, why it matters, what it leaves alone, an "
    "example from its own cases, and what to write instead."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help="a rule code (TFM101) or name (rename-to-tf2)")


def explain_rule(code: str) -> int:
    from tfmigrate.ruledoc import UnknownRule, explain, find_rule  # libcst: only when asked

    try:
        rule = find_rule(code)
    except UnknownRule as error:
        print(f"tfmigrate explain: {error}", file=sys.stderr)
        return 2
    print(explain(rule), end="")
    return 0


def run(args: argparse.Namespace) -> int:
    return explain_rule(args.code)
