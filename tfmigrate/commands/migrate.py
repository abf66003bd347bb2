"""``tfmigrate migrate PATH...``: rewrite TF1 code as TF 2 code, in place by default."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import pathlib
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from tfmigrate.files import (
    InputError,
    SourceError,
    SourceText,
    decode_source,
    encode_source,
    iter_source_paths,
    read_source,
    write_atomic,
)
from tfmigrate.findings import Finding, Kind
from tfmigrate.verify.commandline import add_limit_arguments

# The engine and rules (libcst) are imported when a run starts, so that
# `tfmigrate --help` and `tfmigrate verify` do not pay for them.

DESCRIPTION = "Rewrite TF1 session-style code (files, directories, notebooks, or - for stdin) as TF 2 eager code."
EPILOG = """\
findings are printed as `path:line:col: CODE message [action]`; a summary line ends the run.

exit status:
  0  done; nothing left that --check would change
  1  --check: some file would change; --verify: a migrated file did not match its original
  2  usage error, or some input could not be processed (the others still were)
"""

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursing into .py and .ipynb), or - for stdin")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if any file would change")
    mode.add_argument("--out-dir", metavar="DIR", help="write the migrated files into a mirrored tree under DIR")
    parser.add_argument("--select", metavar="CODES", help="comma-separated rule codes or prefixes to run (default: all)")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated rule codes or prefixes to skip")
    parser.add_argument("--fix-swaps", action="store_true", help="fix swapped labels/logits (changes the computed values)")
    parser.add_argument("--written-for", choices=("1.x", "0.x"), default="1.x",
                        help="TF version whose positional argument order the code was written for (default: 1.x)")
    parser.add_argument("--fallback", choices=("compat", "none"), default="compat",
                        help="modules that cannot be made TF 2 code: spell their TF1 names through tf.compat.v1 "
                        "so they run on TF 2, each reported as TFM501 (compat, the default), or leave them as "
                        "written (none)")
    parser.add_argument("--report", metavar="FILE.json", help="write every finding and file outcome as JSON")
    parser.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="files migrated in parallel (default: 1)")
    parser.add_argument("--verify", action="store_true",
                        help="after migrating, run each original and migrated .py file and compare their values "
                        "(executes the code)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only findings that need action, and the summary")
    add_limit_arguments(parser.add_argument_group("limits for --verify"))


@dataclasses.dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    fix_swaps: bool
    written_for: str
    fallback: str = "compat"


@dataclasses.dataclass
class Outcome:
    """What migrating one file produced."""

    path: str
    source: SourceText | None = None
    new_text: str | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.source is not None and self.new_text is not None and self.new_text != self.source.text


def _codes(text: str | None) -> tuple[str, ...] | None:
    return tuple(code for code in (text or "").split(",") if code.strip()) or None


def migrate_text(text: str, path: str, settings: Settings) -> tuple[str, list[Finding]]:
    """Migrate a module or a notebook's text. Raises SourceError/InputError."""
    from tfmigrate.engine import migrate_source

    result = migrate_source(
        text, path=path, select=settings.select, ignore=settings.ignore,
        fix_swaps=settings.fix_swaps, written_for=settings.written_for, fallback=settings.fallback,
    )
    return result.code, result.findings


def migrate_file(path: pathlib.Path, settings: Settings) -> Outcome:
    """Read, migrate and return one file's outcome; never raises for bad input."""
    outcome = Outcome(str(path))
    try:
        source = read_source(path)
        outcome.source = source
        if path.suffix == ".ipynb":
            outcome.new_text, outcome.findings = _migrate_notebook(source, settings)
        else:
            outcome.new_text, outcome.findings = migrate_text(source.text, str(path), settings)
    except InputError as error:
        outcome.error = str(error)
    except SourceError as error:
        outcome.error = f"{path}: error: {error.message}"
    return outcome


def _migrate_notebook(source: SourceText, settings: Settings) -> tuple[str, list[Finding]]:
    from tfmigrate.notebook import load_notebook

    notebook = load_notebook(source)
    code = notebook.joined_code()
    try:
        migrated, findings = migrate_text(code, source.path, settings)
    except SourceError as error:
        where = notebook.syntax_error() or f"{notebook.describe_line(error.line)}: {error.message}"
        raise InputError(source.path, where) from None
    located = [_locate_in_notebook(notebook, finding) for finding in findings]
    try:
        return notebook.with_code(migrated), located
    except ValueError as error:  # a rule dropped a cell marker: keep the notebook as it was
        raise InputError(source.path, f"cannot map the migrated code back to cells ({error}); left unchanged") from None


def _locate_in_notebook(notebook: object, finding: Finding) -> Finding:
    if not finding.line:
        return finding
    cell, line = notebook.locate(finding.line)  # type: ignore[attr-defined]
    return dataclasses.replace(finding, path=f"{finding.path}[cell {cell}]", line=line)


def migrate_paths(paths: Sequence[str], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """Each input's outcome, in input order; nothing is written."""
    return _outcomes(paths, settings, jobs)


def _outcomes(paths: Sequence[str], settings: Settings, jobs: int) -> Iterator[Outcome]:
    items = list(iter_source_paths(paths))
    files = [item for item in items if isinstance(item, pathlib.Path)]
    errors = {id(item): item for item in items if isinstance(item, InputError)}
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = iter(pool.map(migrate_file, files, [settings] * len(files), chunksize=4))
            yield from _in_order(items, errors, results)
    else:
        yield from _in_order(items, errors, (migrate_file(f, settings) for f in files))


def _in_order(items: list, errors: dict[int, InputError], results: Iterator[Outcome]) -> Iterator[Outcome]:
    for item in items:
        if id(item) in errors:
            yield Outcome(str(item.path), error=str(item))
        else:
            yield next(results)


def _mirror_path(path: pathlib.Path, roots: Sequence[str], out_dir: pathlib.Path) -> pathlib.Path:
    for root in roots:
        root_path = pathlib.Path(root)
        if root_path.is_dir():
            try:
                return out_dir / path.relative_to(root_path)
            except ValueError:
                continue
    return out_dir / path.name


def _diff(outcome: Outcome) -> str:
    assert outcome.source is not None and outcome.new_text is not None
    return "".join(
        difflib.unified_diff(
            outcome.source.text.splitlines(keepends=True),
            outcome.new_text.splitlines(keepends=True),
            fromfile=f"a/{outcome.path}",
            tofile=f"b/{outcome.path}",
        )
    )


def run(args: argparse.Namespace) -> int:
    from tfmigrate.rules import UnknownRuleError, select_rules

    try:
        settings = Settings(_codes(args.select), _codes(args.ignore) or (), args.fix_swaps, args.written_for,
                            args.fallback)
        select_rules(settings.select, settings.ignore)
    except UnknownRuleError as error:
        print(f"tfmigrate: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    if args.paths == ["-"]:
        return _run_stdin(settings, args)
    if "-" in args.paths:
        print("tfmigrate: error: - (stdin) cannot be mixed with paths", file=sys.stderr)
        return EXIT_ERROR
    return _run_paths(settings, args)


def _run_stdin(settings: Settings, args: argparse.Namespace) -> int:
    raw = sys.stdin.buffer.read()
    try:
        text = decode_source("-", raw, honour_coding_line=False).text  # stdout is UTF-8 text
    except InputError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    try:
        new_text, findings = migrate_text(text, "-", settings)
    except SourceError as error:
        print(f"-: error: {error.message}", file=sys.stderr)
        return EXIT_ERROR
    for finding in findings:
        if not (args.quiet and finding.kind == Kind.FIXED):
            print(finding.format(), file=sys.stderr)
    if args.diff:
        sys.stdout.write("".join(difflib.unified_diff(text.splitlines(True), new_text.splitlines(True), "a/-", "b/-")))
    elif not args.check:
        sys.stdout.write(new_text)
    _print_summary([Outcome("-", SourceText("-", text, False, raw), new_text, findings)], args, stream=sys.stderr)
    return EXIT_CHANGES if args.check and new_text != text else EXIT_OK


def _run_paths(settings: Settings, args: argparse.Namespace) -> int:
    outcomes: list[Outcome] = []
    out_dir = pathlib.Path(args.out_dir) if args.out_dir else None
    # With --diff, stdout carries the patch alone.
    report_stream = sys.stderr if args.diff else sys.stdout
    for outcome in _outcomes(args.paths, settings, max(1, args.jobs)):
        outcomes.append(outcome)
        if outcome.error:
            print(outcome.error, file=sys.stderr)
            continue
        for finding in outcome.findings:
            if not (args.quiet and finding.kind == Kind.FIXED):
                print(finding.format(), file=report_stream)
        _emit(outcome, args, out_dir)
    if args.report:
        _write_report(pathlib.Path(args.report), outcomes)
    status = _exit_status(outcomes, args)
    if args.verify and status != EXIT_ERROR:
        status = max(status, _verify(outcomes, args, out_dir))
    _print_summary(outcomes, args, stream=report_stream)
    return status


def _emit(outcome: Outcome, args: argparse.Namespace, out_dir: pathlib.Path | None) -> None:
    assert outcome.source is not None and outcome.new_text is not None
    if args.diff:
        if outcome.changed:
            sys.stdout.write(_diff(outcome))
        return
    if args.check:
        return
    try:
        if out_dir is not None:
            target = _mirror_path(pathlib.Path(outcome.path), args.paths, out_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, encode_source(outcome.source, outcome.new_text))
        elif outcome.changed:
            write_atomic(pathlib.Path(outcome.path), encode_source(outcome.source, outcome.new_text))
    except InputError as error:
        outcome.error = str(error)
        print(outcome.error, file=sys.stderr)
    except OSError as error:
        outcome.error = f"{outcome.path}: error: cannot write: {error.strerror or error}"
        print(outcome.error, file=sys.stderr)


def _exit_status(outcomes: list[Outcome], args: argparse.Namespace) -> int:
    if any(o.error or any(f.kind == Kind.ERROR for f in o.findings) for o in outcomes):
        return EXIT_ERROR
    if args.check and any(o.changed for o in outcomes):
        return EXIT_CHANGES
    return EXIT_OK


def _verify(outcomes: list[Outcome], args: argparse.Namespace, out_dir: pathlib.Path | None) -> int:
    """Run each migrated .py file against its original; exit 1 if any value differs."""
    from tfmigrate.verify.report import format_report
    from tfmigrate.verify.runner import verify_sources  # runs TF only in subprocesses

    status = EXIT_OK
    for outcome in outcomes:
        if outcome.error or not outcome.changed or not outcome.path.endswith(".py"):
            continue
        assert outcome.source is not None and outcome.new_text is not None
        report = verify_sources(outcome.source.text, outcome.new_text, path=pathlib.Path(outcome.path),
                                timeout=args.timeout, memory_gib=args.memory, ulp_bound=args.ulps)
        print(format_report(report))
        status = max(status, EXIT_OK if report.passed else EXIT_CHANGES)
    return status


def _write_report(path: pathlib.Path, outcomes: list[Outcome]) -> None:
    data = {
        "files": [
            {"path": o.path, "changed": o.changed, "error": o.error, "findings": [f.to_json() for f in o.findings]}
            for o in outcomes
        ],
        "summary": _summary_counts(outcomes),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8")) if path.parent.exists() else path.write_text(text, encoding="utf-8")


def _summary_counts(outcomes: list[Outcome]) -> dict[str, int]:
    findings = [f for o in outcomes for f in o.findings]
    return {
        "files": len(outcomes),
        "changed": sum(o.changed for o in outcomes),
        "unchanged": sum(1 for o in outcomes if not o.changed and not o.error),
        "errors": sum(1 for o in outcomes if o.error),
        "fixed": sum(f.kind == Kind.FIXED for f in findings),
        "manual": sum(f.kind == Kind.MANUAL for f in findings),
        "swaps": sum(f.kind == Kind.SWAP for f in findings),
    }


def _print_summary(outcomes: list[Outcome], args: argparse.Namespace, stream: object) -> None:
    counts = _summary_counts(outcomes)
    verb = "would change" if (args.check or args.diff) else ("written to " + args.out_dir if getattr(args, "out_dir", None) else "changed")
    print(
        f"{counts['files']} file(s): {counts['changed']} {verb}, {counts['unchanged']} unchanged, {counts['errors']} error(s); "
        f"findings: {counts['fixed']} fixed, {counts['manual']} need action, {counts['swaps']} swap(s)",
        file=stream,  # type: ignore[arg-type]
    )
