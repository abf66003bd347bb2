"""Command line: ``tfmigrate {migrate,verify,rules,explain,plot}``.

Each subcommand lives in ``tfmigrate/commands/<name>.py`` and exposes
``add_arguments(parser)`` and ``run(args) -> int``. Subcommand modules are
imported lazily so that ``tfmigrate migrate`` never pays for TensorFlow.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tfmigrate import __version__

SUBCOMMANDS: dict[str, str] = {
    "migrate": "Rewrite TF1 session-style code as TF2 eager code.",
    "verify": "Check that migrated code computes what the original computed.",
    "rules": "List every rule with its code and description.",
    "explain": "Explain one rule: what, why, what it leaves alone, an example.",
    "readiness": "Report how ready a project is for TF 2: files by state, TF1 names left, lines affected.",
    "plot": "Draw the article's loss families (needs the plot extra: matplotlib).",
}

EXIT_CODES_HELP = """\
exit status:
  0  success (migrate: nothing left to do; verify: every value matched)
  1  migrate --check: a file would change or a finding needs action;
     verify: a value did not match
  2  usage error, or an input file could not be processed
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tfmigrate",
        description="Migrate TensorFlow 1 code to TensorFlow 2, and verify the result.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tfmigrate {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in SUBCOMMANDS.items():
        module = importlib.import_module(f"tfmigrate.commands.{name}")
        sub = subparsers.add_parser(
            name,
            help=help_text,
            description=getattr(module, "DESCRIPTION", help_text),
            epilog=getattr(module, "EPILOG", EXIT_CODES_HELP),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run, subparser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    # A subcommand that reads project configuration parses its own arguments again.
    args.argv = argv[argv.index(args.command) + 1:]
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("tfmigrate: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
