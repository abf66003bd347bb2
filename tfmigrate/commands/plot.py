"""``tfmigrate plot``: the article's loss families as figures (needs the ``plot`` extra)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = (
    "Draw the article's loss families with matplotlib, from the reference "
    "losses: regression losses for target 0 (L1, L2, Huber and pseudo-Huber at "
    "two deltas) and classification losses for target 1 (hinge, cross-entropy, "
    "sigmoid cross-entropy, weighted cross-entropy at two weights)."
)
MISSING_MATPLOTLIB = "tfmigrate plot: needs matplotlib, which is not installed; install it with: pip install 'tfmigrate[plot]'"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", type=Path, default=Path("."), help="folder for the figures (default: .)")
    parser.add_argument("--format", choices=("png", "svg"), default="png", help="image format (default: png)")


def run(args: argparse.Namespace) -> int:
    try:
        import matplotlib  # noqa: F401  checked before TensorFlow is imported
    except ImportError:
        print(MISSING_MATPLOTLIB, file=sys.stderr)
        return 2
    from tfmigrate.reference.plots import save_all

    try:
        written = save_all(args.out, args.format)
    except OSError as error:
        print(f"tfmigrate plot: {args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
