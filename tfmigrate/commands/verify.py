"""``tfmigrate verify``: check that migrated code computes what the original did.

``verify ORIGINAL MIGRATED`` runs both scripts (TF1 graph mode, TF2 eager) and
compares their values; ``verify NOTEBOOK`` re-executes a migrated notebook
against its recorded outputs; with no arguments, the whole pipeline runs on
the article (``tfmigrate.verify.commandline``, ``tfmigrate.verify.pipeline``).
``verify --fixtures`` only recomputes the article's printed arrays in
TensorFlow 2 (``tfmigrate.reference.article``, argument swaps kept) and checks each
against its fixture, one table row per fixture. TensorFlow is imported only
when a check runs, so ``tfmigrate --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from tfmigrate.verify import commandline
from tfmigrate.verify.report import text_table

if TYPE_CHECKING:
    from tfmigrate.verify.fixtures import Fixture, FixtureRow

DESCRIPTION = """\
Check that migrated code computes what the original computed, value by value.

  tfmigrate verify                      the article end to end: migrate it, run
                                        both versions, compare them and the
                                        article's printed arrays
  tfmigrate verify ORIGINAL MIGRATED    run ORIGINAL as TF1 (graph mode) and
                                        MIGRATED as TF2 (eager) and compare
  tfmigrate verify NOTEBOOK.ipynb       migrate, re-execute, compare with the
                                        outputs recorded in the notebook

verify EXECUTES the code it checks, in subprocesses limited by --timeout and
--memory: run it only on code you would run yourself.

With --fixtures: recompute the article's four printed arrays (L1, L2, sigmoid and
weighted cross-entropy, 400 values) as the article ran them and compare each
with the printed tokens. L1 and L2 must match every printed digit; the
cross-entropies may differ by the documented kernel bound: two faithful
exp/log1p kernels may disagree on log(1 + exp(-|x|)) by about 3.5 ulps at the
article's logits, and TensorFlow 1 and 2 do round it differently."""

COLUMNS = ("fixture", "values", "max abs diff", "max ulp diff", "printed tokens identical",
           "tolerance", "bound used", "verdict")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="ORIGINAL MIGRATED scripts, or one notebook (omit to verify the article)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--fixtures", action="store_true",
                        help="only recompute the article's printed arrays in TF2 and check the fixtures")
    parser.add_argument("--written-for", choices=("1.x", "0.x"), default=None,
                        help="ORIGINAL MIGRATED: the TF version ORIGINAL was written for; 0.x runs its cross-entropy "
                        "losses logits first (default: judged from the file's evidence, as migrate does)")
    commandline.add_limit_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.fixtures:
        if args.paths:
            print("tfmigrate verify: error: --fixtures takes no PATH", file=sys.stderr)
            return 2
        return run_fixture_check(as_json=args.json)
    return commandline.run(args)


def run_fixture_check(as_json: bool = False, out: TextIO | None = None) -> int:
    """Check every fixture and report; 0 when all pass, 1 otherwise, 2 on bad fixtures."""
    from tfmigrate.verify.fixtures import FixtureError, load_fixtures

    out = out or sys.stdout
    try:
        fixtures = load_fixtures()
    except FixtureError as error:
        print(error, file=sys.stderr)
        return 2
    rows = fixture_rows(fixtures)
    if as_json:
        passed = all(row.passed for row in rows)
        json.dump({"passed": passed, "fixtures": [row.to_json() for row in rows]}, out, indent=2)
        out.write("\n")
    else:
        out.write(format_table(rows))
    return 0 if all(row.passed for row in rows) else 1


def fixture_rows(fixtures: Mapping[str, Fixture] | None = None) -> list[FixtureRow]:
    """Compute the article's arrays in TensorFlow 2 and check each fixture."""
    from tfmigrate.reference import article
    from tfmigrate.verify.fixtures import check_fixtures

    return check_fixtures(article.printed_arrays(), article.printed_arguments(), fixtures)


def format_table(rows: list[FixtureRow]) -> str:
    """The rows as an aligned text table, with a verdict line and legend."""
    lines = text_table(COLUMNS, [_row_cells(row) for row in rows])
    failed = [row.fixture for row in rows if not row.passed]
    total = sum(row.values for row in rows)
    lines.append("")
    if failed:  # a failure counts what failed, as verify's other verdicts do
        lines.append(f"FAILED: {len(failed)} of {len(rows)} fixtures differ ({total} values): {', '.join(failed)}")
    else:
        lines.append(f"{len(rows)}/{len(rows)} fixtures pass ({total} values)")
    lines.extend(_legend())
    return "\n".join(lines) + "\n"


def _row_cells(row: FixtureRow) -> tuple[str, ...]:
    verdict = "PASS" if row.passed else "FAIL"
    if row.problem:
        verdict += f" ({row.problem})"
    used = "-" if row.bound_used is None else f"{row.bound_used:.2f}"
    return (row.fixture, str(row.values), f"{row.max_abs:.3g}", str(row.max_ulp),
            f"{row.tokens.summary()} tokens", row.tolerance, used, verdict)


def _legend() -> list[str]:
    return [
        "",
        "max abs/ulp diff: our float32 against the float32 nearest each printed token. numpy prints",
        "  at most 8 fractional digits, so a token can be an ulp or two off the value it stands for",
        "  even when every printed digit matches.",
        "every printed digit: all tokens reproduced when our array is printed with numpy's defaults.",
        "softplus kernel bound: loss = A + W*S with S = log1p(exp(-|x|)); exp and log1p are only",
        "  faithfully rounded, so two TensorFlow builds may differ in S by 2 (ulp(E)/(1+E) + ulp(S)),",
        "  E = exp(-|x|); allowed: that times |W|, plus one ulp per later rounding and half the last",
        "  printed digit. The article's TF1 had log1p(exp(-1)) = 0.31326172; TF 2.21 gives 0.3132617.",
        "bound used: largest share of that allowance any element needs (<= 1.00 passes).",
    ]
