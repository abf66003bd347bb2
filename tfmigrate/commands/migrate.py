"""``tfmigrate migrate PATH...``: rewrite TF1 code as TF 2 code, in place by default."""

from __future__ import annotations

import argparse
import dataclasses
import os
import difflib
import functools
import pathlib
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tfmigrate.cache import Cache, Entry, default_directory, remembered
from tfmigrate.discovery import DEFAULT_EXCLUDE, Exclusions, split_patterns
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
from tfmigrate.outdir import OutputPlan, plan_outputs
from tfmigrate.output import FORMATS, Reporter, RunInfo, make_reporter
from tfmigrate.output.json_report import report_text
from tfmigrate.output.progress import ProgressBar, wants_progress
from tfmigrate.suppressions import add_noqa, mark_suppressed, skips_file
from tfmigrate.verify.commandline import add_limit_arguments

if TYPE_CHECKING:
    import multiprocessing.pool

# The engine and rules (libcst) are imported when a run starts, so that
# `tfmigrate --help` and `tfmigrate verify` do not pay for them.

DESCRIPTION = "Rewrite TF1 session-style code (files, directories, notebooks, or - for stdin) as TF 2 eager code."
EPILOG = """\
findings are printed as `path:line:col: CODE message [action]` (lines and columns
from 1); a summary line ends the run. The report goes to stdout, or to stderr when
stdout carries code (--diff, or - without --check).

exit status:
  0  done; with --check: nothing would change and no finding needs action
  1  --check: some file would change or a finding needs action (manual, swap);
     --verify: a migrated file did not match its original
  2  usage error, or some input could not be processed (the others still were)
"""

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories (recursing into .py and .ipynb), or - for stdin")
    parser.add_argument("--diff", action="store_true", help="print a unified diff; write nothing")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any file would change or any finding needs action")
    parser.add_argument("--out-dir", metavar="DIR", help="write the migrated files into a mirrored tree under DIR")
    parser.add_argument("--select", metavar="RULES",
                        help="comma-separated rule codes, code prefixes or rule names to run (default: all)")
    parser.add_argument("--ignore", metavar="RULES", help="comma-separated rule codes, code prefixes or rule names to skip")
    parser.add_argument("--fix-swaps", action="store_true", help="fix swapped labels/logits (changes the computed values)")
    parser.add_argument("--written-for", choices=("1.x", "0.x"), default=None,
                        help="TF version whose positional argument order the code was written for "
                        "(default: judged per file from the names and calls it uses)")
    parser.add_argument("--fallback", choices=("compat", "none"), default="compat",
                        help="modules that cannot be made TF 2 code: spell their TF1 names through tf.compat.v1 "
                        "so they run on TF 2, each reported as TFM601 (compat, the default), or leave them as "
                        "written (none)")
    parser.add_argument("--output-format", choices=FORMATS, default="text",
                        help="how findings are reported: text, json, sarif (SARIF 2.1.0) or github (annotations); "
                        "default: text")
    parser.add_argument("--report", metavar="FILE.json", help="also write every finding and file outcome as JSON to FILE")
    parser.add_argument("--add-noqa", action="store_true",
                        help="instead of migrating, add `# noqa: CODE` comments that accept every finding that needs "
                        "action, so an existing project can adopt --check")
    discovery = parser.add_argument_group("files and configuration")
    discovery.add_argument("--exclude", metavar="PATTERNS", default=",".join(DEFAULT_EXCLUDE),
                           help="comma-separated gitignore-style patterns a tree walk leaves out, replacing the "
                           "default list (build, dist, venv, .git, ...)")
    discovery.add_argument("--extend-exclude", metavar="PATTERNS", default="",
                           help="patterns to leave out in addition to --exclude")
    discovery.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=True,
                           help="leave out files that .gitignore ignores, inside a git work tree (default: yes)")
    discovery.add_argument("--force-exclude", action="store_true",
                           help="apply the exclusions to files named on the command line too (for pre-commit)")
    discovery.add_argument("--config", metavar="PYPROJECT",
                           help="read [tool.tfmigrate] from this file instead of the nearest pyproject.toml")
    discovery.add_argument("--isolated", action="store_true", help="ignore every pyproject.toml")
    parser.add_argument("--stdin-filename", metavar="NAME", help="the name findings use for code read from - (stdin)")
    parser.add_argument("--jobs", "-j", type=job_count, default="auto", metavar="N",
                        help="files migrated in parallel; 0 or auto: one per core (default: auto)")
    parser.add_argument("--no-cache", action="store_true",
                        help="migrate every file again instead of reusing results of earlier runs for unchanged files")
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
    written_for: str | None
    add_noqa: bool = False  # write `# noqa` comments instead of the migration
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


def rule_codes(text: str | None) -> tuple[str, ...] | None:
    """Comma-separated codes, prefixes or rule names; the rules registry resolves them."""
    return tuple(item.strip() for item in (text or "").split(",") if item.strip()) or None


def migrate_text(text: str, path: str, settings: Settings) -> tuple[str, list[Finding]]:
    """Migrate a module or a notebook's text. Raises SourceError/InputError."""
    from tfmigrate.engine import migrate_source

    if skips_file(text):
        return text, []
    result = migrate_source(
        text, path=path, select=settings.select, ignore=settings.ignore,
        fix_swaps=settings.fix_swaps, written_for=settings.written_for, fallback=settings.fallback,
    )
    findings = mark_suppressed(text, result.findings)
    if settings.add_noqa:
        # Nothing is rewritten: the findings left are the ones the new comments accept.
        noted = add_noqa(text, findings)
        return noted, [f for f in mark_suppressed(noted, findings) if f.kind != Kind.FIXED]
    return result.code, findings


def job_count(text: str) -> int:
    """``--jobs``: a number of processes; 0 or ``auto`` means one per core this process may use."""
    if text.strip().lower() in ("auto", "0"):
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    count = int(text)
    if count < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not 0, auto or a positive number")
    return count


def migrate_file(path: pathlib.Path, settings: Settings, cache: Cache | None = None) -> Outcome:
    """Read, migrate and return one file's outcome (from the cache if it has it); never raises for bad input."""
    try:
        source = read_source(path)
    except InputError as error:
        return Outcome(str(path), error=str(error))
    if cache is None:
        return migrate_loaded(source, settings)
    key = cache.key(source.path, source.raw)
    outcome = _from_cache(source, cache, key)
    if outcome is None:
        outcome = migrate_loaded(source, settings)
        cache.put(key, Entry(tuple(outcome.findings), outcome.new_text if outcome.changed else None, outcome.error))
    return outcome


def _from_cache(source: SourceText, cache: Cache, key: str | None = None) -> Outcome | None:
    entry = cache.get(key or cache.key(source.path, source.raw))
    if entry is None:
        return None
    new_text = None if entry.error else (source.text if entry.new_text is None else entry.new_text)
    return Outcome(source.path, source, new_text, list(entry.findings), entry.error)


def migrate_loaded(source: SourceText, settings: Settings) -> Outcome:
    """Migrate a decoded file (or stdin) into its outcome; never raises for bad input."""
    outcome = Outcome(source.path, source)
    try:
        if source.path.endswith(".ipynb"):
            outcome.new_text, outcome.findings = _migrate_notebook(source, settings)
        else:
            outcome.new_text, outcome.findings = migrate_text(source.text, source.path, settings)
    except InputError as error:
        outcome.error = str(error)
    except SourceError as error:
        outcome.error = f"{source.path}: error: {error.message}"
    return outcome


def _migrate_notebook(source: SourceText, settings: Settings) -> tuple[str, list[Finding]]:
    from tfmigrate.notebook import migrate_notebook

    return migrate_notebook(source, lambda code: migrate_text(code, source.path, settings))


def migrate_paths(paths: Sequence[str], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """Each input's outcome, in input order; nothing is written or cached."""
    return _outcomes(list(iter_source_paths(paths)), settings, jobs, None)


def _outcomes(items: list[pathlib.Path | InputError], settings: Settings, jobs: int, cache: Cache | None) -> Iterator[Outcome]:
    files = [item for item in items if isinstance(item, pathlib.Path)]
    errors = {id(item): item for item in items if isinstance(item, InputError)}
    if cache is not None and jobs > 1 and len(files) > 1:
        # What the cache answers comes back here at once; only the rest is worth a worker.
        cached = _cached_outcomes(files, cache)
        fresh = _migrated([path for path in files if path not in cached], settings, jobs, cache)
        yield from _in_order(items, errors, (cached[path] if path in cached else next(fresh) for path in files))
    else:
        yield from _in_order(items, errors, _migrated(files, settings, jobs, cache))


def _migrated(files: list[pathlib.Path], settings: Settings, jobs: int, cache: Cache | None) -> Iterator[Outcome]:
    if jobs > 1 and len(files) > 1:
        # multiprocessing.Pool, not concurrent.futures: on Ctrl-C its terminate()
        # stops the workers at once (they only compute; the parent writes).
        with _forked_pool(min(jobs, len(files))) as pool:
            chunk = max(1, min(16, len(files) // (jobs * 8)))  # big enough to amortise, small enough to balance
            yield from pool.imap(functools.partial(migrate_file, settings=settings, cache=cache), files, chunksize=chunk)
    else:
        yield from (migrate_file(path, settings, cache) for path in files)


def _forked_pool(workers: int) -> multiprocessing.pool.Pool:
    """Workers forked from this process, which never collect what they inherited.

    A caller may have TensorFlow loaded (a notebook, a test run): a forked copy
    of its runtime crashes when the collector frees its objects, and a pool
    whose worker dies waits forever for that worker's files. Frozen objects are
    left alone by the collector, in the workers too; the workers still collect
    what they make themselves.
    """
    import gc
    import multiprocessing  # only parallel runs pay for it

    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(workers, initializer=_leave_sigint_to_the_parent)
    finally:
        gc.unfreeze()


def _cached_outcomes(files: list[pathlib.Path], cache: Cache) -> dict[pathlib.Path, Outcome]:
    found: dict[pathlib.Path, Outcome] = {}
    for path in files:
        try:
            outcome = _from_cache(read_source(path), cache)
        except InputError:
            continue  # the worker reports it
        if outcome is not None:
            found[path] = outcome
    return found


def _leave_sigint_to_the_parent() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent
    # handles it: it stops the workers, reports what was done and exits 130.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _inputs(args: argparse.Namespace, out_dir: pathlib.Path | None) -> tuple[list[pathlib.Path | InputError], OutputPlan]:
    """Every input, and where --out-dir writes each; inputs whose outputs clash become errors here."""
    excluded = _exclusions(args)
    items = list(iter_source_paths(args.paths, skip=[out_dir] if out_dir is not None else [], excluded=excluded))
    if args.force_exclude:
        items = [item for item in items if not (isinstance(item, pathlib.Path) and excluded(item, False))]
    if out_dir is None:
        return items, OutputPlan({}, {})
    plan = plan_outputs([item for item in items if isinstance(item, pathlib.Path)], args.paths, out_dir)
    return [plan.refused.get(str(item), item) for item in items], plan


def _exclusions(args: argparse.Namespace) -> Exclusions:
    root = getattr(args, "config_root", None) or pathlib.Path.cwd()
    patterns = split_patterns(args.exclude) + split_patterns(args.extend_exclude)
    return Exclusions(root, patterns, args.respect_gitignore)


def _in_order(items: list, errors: dict[int, InputError], results: Iterator[Outcome]) -> Iterator[Outcome]:
    for item in items:
        if id(item) in errors:
            yield Outcome(str(item.path), error=str(item))
        else:
            yield next(results)


def _diff(outcome: Outcome) -> str:
    assert outcome.source is not None and outcome.new_text is not None
    if outcome.path.endswith(".ipynb"):
        from tfmigrate.notebook import notebook_diff  # a diff of cell sources, not of the JSON

        return notebook_diff(outcome.path, outcome.source.text, outcome.new_text)
    return "".join(
        difflib.unified_diff(
            outcome.source.text.splitlines(keepends=True),
            outcome.new_text.splitlines(keepends=True),
            fromfile=f"a/{outcome.path}",
            tofile=f"b/{outcome.path}",
        )
    )


def run(args: argparse.Namespace) -> int:
    from tfmigrate.config import ConfigError, configure

    try:
        args = configure(args, args.subparser, args.argv) if hasattr(args, "argv") else args
    except ConfigError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    if args.out_dir and (args.check or args.diff):
        print("tfmigrate: error: --out-dir writes files; it cannot be combined with --check or --diff", file=sys.stderr)
        return EXIT_ERROR
    chosen = _rule_selection(args)
    if "error" in chosen:
        print(f"tfmigrate: error: {chosen['error']}", file=sys.stderr)
        return EXIT_ERROR
    select = tuple(chosen["select"]) if chosen["select"] is not None else None
    settings = Settings(select, tuple(chosen["ignore"]), args.fix_swaps, args.written_for, args.add_noqa, args.fallback)
    stdin = args.paths == ["-"]
    if "-" in args.paths and not stdin:
        print("tfmigrate: error: - (stdin) cannot be mixed with paths", file=sys.stderr)
        return EXIT_ERROR
    info = RunInfo(writes=not (args.check or args.diff), stream=_report_stream(args, stdin),
                   quiet=args.quiet, out_dir=args.out_dir)
    reporter = make_reporter(args.output_format, info)
    if stdin:
        return _run_stdin(settings, args, reporter)
    return _run_paths(settings, args, reporter)


def _rule_selection(args: argparse.Namespace) -> dict:
    """--select/--ignore as rule codes, or the error; remembered per tool version so cached runs skip libcst."""

    def resolve() -> dict:
        from tfmigrate.rules import UnknownRuleError, select_rules  # imports libcst

        try:
            select, ignore = rule_codes(args.select), rule_codes(args.ignore) or ()
            select_rules(select, ignore)
        except UnknownRuleError as error:
            return {"error": str(error)}
        return {"select": select, "ignore": list(ignore)}

    if args.no_cache:
        return resolve()
    return remembered(default_directory(), "rule-selection", repr((args.select, args.ignore)), resolve)


def _report_stream(args: argparse.Namespace, stdin: bool) -> str:
    """stdout carries the run's product: code when there is code to print, else the report."""
    code_on_stdout = args.diff or (stdin and not args.check)
    return "stderr" if code_on_stdout else "stdout"


def _run_stdin(settings: Settings, args: argparse.Namespace, reporter: Reporter) -> int:
    name = args.stdin_filename or "-"
    raw = sys.stdin.buffer.read()
    try:
        source = decode_source(name, raw, honour_coding_line=False)  # stdout is UTF-8 text
    except InputError as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    if args.force_exclude and args.stdin_filename and _exclusions(args)(pathlib.Path(args.stdin_filename), False):
        if not (args.check or args.diff):
            sys.stdout.write(source.text)  # an editor piping an excluded file gets it back as it was
        return EXIT_OK
    outcome = _settle(migrate_loaded(source, settings), reporter)
    if outcome.error:
        print(outcome.error, file=sys.stderr)
        if args.output_format == "text":
            return EXIT_ERROR  # one input, one line: a summary would add nothing
    elif args.diff:
        sys.stdout.write(_diff(outcome))
    elif not args.check:
        sys.stdout.write(outcome.new_text or "")
    reporter.file_done(outcome)
    reporter.finish([outcome])
    if args.report:
        _write_report(pathlib.Path(args.report), [outcome])
    return _exit_status([outcome], args)


def _settle(outcome: Outcome, reporter: Reporter) -> Outcome:
    """Findings read in the conditional ("would rename") when nothing is written."""
    if not reporter.info.writes:
        outcome.findings = [finding.conditional() for finding in outcome.findings]
    return outcome


def _run_paths(settings: Settings, args: argparse.Namespace, reporter: Reporter) -> int:
    outcomes: list[Outcome] = []
    out_dir = pathlib.Path(args.out_dir) if args.out_dir else None
    items, plan = _inputs(args, out_dir)
    try:
        with ProgressBar(len(items), wants_progress(len(items), args.quiet)) as bar:
            cache = None if args.no_cache else Cache(default_directory(), repr(settings))
            for outcome in _outcomes(items, settings, max(1, args.jobs), cache):
                outcomes.append(_settle(outcome, reporter))
                if outcome.error:
                    print(outcome.error, file=sys.stderr)
                else:
                    _emit(outcome, args, plan.targets.get(outcome.path))
                reporter.file_done(outcome)
                bar.advance(outcome)
    except KeyboardInterrupt:
        return _interrupted(outcomes, len(items), args, reporter)
    if args.report:
        _write_report(pathlib.Path(args.report), outcomes)
    status = _exit_status(outcomes, args)
    if args.verify and status != EXIT_ERROR:
        status = max(status, _verify(outcomes, args, reporter))
    reporter.finish(outcomes)
    return status


def _interrupted(outcomes: list[Outcome], total: int, args: argparse.Namespace, reporter: Reporter) -> int:
    """Ctrl-C: every file is whole (writes are atomic); say which were done, report them, exit 130."""
    done = "written" if reporter.info.writes else "checked"
    changed = sum(o.changed and not o.error for o in outcomes)
    print(f"tfmigrate: interrupted after {len(outcomes)} of {total} file(s) ({changed} {done} with changes); "
          "the others were not touched", file=sys.stderr)
    reporter.finish(outcomes)
    if args.report:
        _write_report(pathlib.Path(args.report), outcomes)
    return EXIT_INTERRUPTED


def _emit(outcome: Outcome, args: argparse.Namespace, target: pathlib.Path | None) -> None:
    """Print the diff, or write the migration in place or to its --out-dir ``target``."""
    assert outcome.source is not None and outcome.new_text is not None
    if args.diff:
        if outcome.changed:
            sys.stdout.write(_diff(outcome))
        return
    if args.check:
        return
    try:
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, encode_source(outcome.source, outcome.new_text))
        elif outcome.changed and not args.out_dir:  # with --out-dir, a source is never written
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
    if args.check and any(o.changed or any(f.needs_action for f in o.findings) for o in outcomes):
        return EXIT_CHANGES  # the gate: something to rewrite, or something left for the user
    return EXIT_OK


def _verify(outcomes: list[Outcome], args: argparse.Namespace, reporter: Reporter) -> int:
    """Run each migrated .py file against its original; exit 1 if any value differs."""
    from tfmigrate.verify.report import format_report
    from tfmigrate.verify.runner import verify_sources  # runs TF only in subprocesses
    from tfmigrate.verify.warm import warm_workers

    status = EXIT_OK
    with warm_workers():  # TensorFlow imported once per side, not once per file
        for outcome in outcomes:
            if outcome.error or not outcome.changed or not outcome.path.endswith(".py"):
                continue
            assert outcome.source is not None and outcome.new_text is not None
            report = verify_sources(outcome.source.text, outcome.new_text, path=pathlib.Path(outcome.path),
                                    timeout=args.timeout, memory_gib=args.memory, ulp_bound=args.ulps,
                                    written_for=args.written_for)
            # Text reports join the findings; a machine-readable report keeps stdout to itself.
            print(format_report(report), file=reporter.info.out if args.output_format == "text" else sys.stderr)
            status = max(status, EXIT_OK if report.passed else EXIT_CHANGES)
    return status


def _write_report(path: pathlib.Path, outcomes: list[Outcome]) -> None:
    text = report_text(outcomes)
    write_atomic(path, text.encode("utf-8")) if path.parent.exists() else path.write_text(text, encoding="utf-8")
