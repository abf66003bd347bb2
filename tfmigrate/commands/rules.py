"""``tfmigrate rules [CODE]``: every rule with its code and one-line description, or one rule explained."""

from __future__ import annotations

import argparse
import json

DESCRIPTION = "List every rule with its code, name and one-line description; with CODE, explain that rule."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", nargs="?", help="explain this rule, as `tfmigrate explain CODE` does")
    parser.add_argument("--json", action="store_true", help="print the rules as JSON")


def run(args: argparse.Namespace) -> int:
    if args.code:
        from tfmigrate.commands.explain import explain_rule

        return explain_rule(args.code)
    from tfmigrate.rules import ALL_RULES  # libcst: imported only when the rules are listed

    rows = sorted(
        [(r.CODE, r.NAME, r.DESCRIPTION) for r in ALL_RULES]
        + [(f.code, f.name, f.description) for r in ALL_RULES for f in r.FAMILIES]
    )
    if args.json:
        print(json.dumps([{"code": c, "name": n, "description": d} for c, n, d in rows], indent=2))
        return 0
    width = max(len(name) for _, name, _ in rows)
    for code, name, description in rows:
        print(f"{code}  {name:<{width}}  {description}")
    return 0
