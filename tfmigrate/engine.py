"""The migration engine: a cheap ``ast`` prescan, one parse, one batched pass.

A module that does not import TensorFlow is never parsed by libcst. All
selected rules run together in a single traversal (each node's leave
handlers are chained rule by rule), then any import edits the rules asked
for run through libcst's AddImportsVisitor/RemoveImportsVisitor, and each
rule may finish with ``finalize`` on the new tree. Metadata is computed only
when a rule asks (``tfmigrate/rules/metadata.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterable, Sequence

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext, SkipFile
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import PositionProvider

from tfmigrate import api
from tfmigrate.files import SourceError
from tfmigrate import layout
from tfmigrate.findings import Finding, Kind
from tfmigrate.linescan import python2_hint, python_syntax_error
from tfmigrate.rules import ALL_RULES, generation, select_rules
from tfmigrate.rules.base import (
    COMPAT_SUBJECTS_KEY,
    FINDINGS_SO_FAR_KEY,
    ORIGINAL_TREE_KEY,
    MigrationRule,
    RuleOptions,
)
from tfmigrate.rules.facts import ModuleFacts, gather
from tfmigrate.rules.prescan import prescan
from tfmigrate.pyparse import parse_python


@dataclasses.dataclass
class MigrationResult:
    source: str
    code: str
    findings: list[Finding]
    #: tf2, compat, left or not-tf: what TF 2 makes of ``code`` (see tfmigrate.tfstate)
    state: str = "not-tf"

    @property
    def changed(self) -> bool:
        return self.code != self.source


class _Batch(cst.CSTTransformer):
    """Dispatch every visit/leave to each rule in turn, chaining updated nodes.

    It also keeps the blank lines and comments above a statement a rule
    removed, by moving them onto the next statement of the same block.
    """

    def __init__(self, rules: Sequence[MigrationRule]) -> None:
        super().__init__()
        self.rules = rules
        self._stack: list[cst.CSTNode] = []
        self._pending_lines: dict[int, list[cst.EmptyLine]] = {}
        self._dispatch: dict[tuple[str, type], list] = {}

    def _handlers(self, prefix: str, node_type: type) -> list:
        """The rules' ``visit_X``/``leave_X`` methods for one node type, looked up once."""
        key = (prefix, node_type)
        found = self._dispatch.get(key)
        if found is None:
            name = f"{prefix}_{node_type.__name__}"
            found = [getattr(rule, name) for rule in self.rules if hasattr(rule, name)]
            self._dispatch[key] = found
        return found

    def on_visit(self, node: cst.CSTNode) -> bool:
        self._stack.append(node)
        for visit in self._handlers("visit", type(node)):
            visit(node)
        return True

    # Rules use plain visit_X/leave_X methods only (no attribute visitors, no
    # matcher decorators), which keeps one traversal cheap for many rules.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        self._stack.pop()
        result: object = updated_node
        for leave in self._handlers("leave", type(original_node)):
            result = leave(original_node, result)
            if not isinstance(result, cst.CSTNode):
                break  # removed or flattened: later rules have nothing to see
        if isinstance(original_node, _STATEMENTS) and self._stack:
            result = self._carry_leading_lines(original_node, updated_node, result)
        elif isinstance(result, (cst.Module, cst.IndentedBlock)) and id(original_node) in self._pending_lines:
            # Lines carried past the block's last statement end the block.
            carried = self._pending_lines.pop(id(original_node))
            result = result.with_changes(footer=carried + list(result.footer))
        return result

    def _carry_leading_lines(self, original: cst.CSTNode, updated: cst.CSTNode, result: object) -> object:
        block = id(self._stack[-1])
        pending = self._pending_lines.pop(block, [])
        if isinstance(result, cst.RemovalSentinel):
            kept = _joined_lines(pending, getattr(original, "leading_lines", ()))
            if kept:
                self._pending_lines[block] = kept
            return result
        if isinstance(result, cst.FlattenSentinel):
            # An unwrapped block's closing comments now follow its statements.
            footer = list(getattr(getattr(updated, "body", None), "footer", ()))
            if footer:
                self._pending_lines[block] = footer
        if not pending:
            return result
        if isinstance(result, cst.FlattenSentinel) and result.nodes:
            nodes = list(result.nodes)
            nodes[0] = nodes[0].with_changes(leading_lines=_joined_lines(pending, nodes[0].leading_lines))
            return cst.FlattenSentinel(nodes)
        if isinstance(result, cst.CSTNode) and hasattr(result, "leading_lines"):
            return result.with_changes(leading_lines=_joined_lines(pending, result.leading_lines))
        return result


def _joined_lines(carried: Sequence[cst.EmptyLine], own: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """A removed statement's lines, then the next one's: where blank runs meet, the longer run, not both."""
    carried, own = list(carried), list(own)
    before = len(carried) - next((i for i, line in enumerate(reversed(carried)) if line.comment is not None), len(carried))
    after = next((i for i, line in enumerate(own) if line.comment is not None), len(own))
    blanks = max(len(carried) - before, after)
    return carried[:before] + [cst.EmptyLine(indent=False)] * blanks + own[after:]


_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)


def _codes(text: str) -> list[str]:
    return [code for code in text.split(",") if code.strip()]


class MigrationCommand(CodemodCommand):
    """Run the selected rules over one module.

    Also a ``libcst.tool codemod`` command (``-x tfmigrate.engine.MigrationCommand``):
    findings become the tool's warnings, and a rewrite that would not parse
    skips the file.
    """

    DESCRIPTION = "Migrate TF1 session-style code to TF2 eager code."
    # None resolved up front: rules ask for metadata, computed then (rules/metadata.py).
    METADATA_DEPENDENCIES = ()

    def __init__(
        self,
        context: CodemodContext,
        rule_types: Sequence[type[MigrationRule]] | None = None,
        options: RuleOptions | None = None,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        fix_swaps: bool = False,
        written_for: str = "1.x",
        fallback: str = "compat",
        layout: bool = True,
    ) -> None:
        super().__init__(context)
        self.rule_types = rule_types if rule_types is not None else select_rules(select, ignore)
        self.options = options or RuleOptions(fix_swaps=fix_swaps, written_for=written_for, fallback=fallback)
        self.layout = layout
        self.rules: list[MigrationRule] = []

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--select", type=_codes, default=(), help="rule codes or prefixes, comma-separated")
        arg_parser.add_argument("--ignore", type=_codes, default=(), help="rule codes or prefixes to skip")
        RuleOptions.add_args(arg_parser)

    def migrate(self, tree: cst.Module, facts: ModuleFacts) -> cst.Module:
        """Run the rules in one batched pass, then the import edits they asked for, then each finalize."""
        self.context.scratch[ORIGINAL_TREE_KEY] = tree
        self.context.scratch["tfmigrate.selected"] = {rule.CODE for rule in self.rule_types}
        self.rules = [rule_type(self.context, facts, self.options) for rule_type in self.rule_types]
        original = tree
        tree = tree.visit(_Batch(self.rules))
        for key, transform in ((AddImportsVisitor.CONTEXT_KEY, AddImportsVisitor), (RemoveImportsVisitor.CONTEXT_KEY, RemoveImportsVisitor)):
            if self.context.scratch.get(key):
                tree = transform(self.context).transform_module(tree)
            self.context.scratch.pop(key, None)  # done: CodemodCommand.transform_module must not redo it
        for rule in self.rules:
            self.context.scratch[FINDINGS_SO_FAR_KEY] = [f for r in self.rules for f in r.findings]
            tree = rule.finalize(tree)
        return layout.tidy(original, tree) if self.layout else tree

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """The ``libcst.tool`` entry point; :func:`migrate_source` calls :meth:`migrate` directly."""
        scan = prescan(tree.code)
        facts = gather(tree, scan)
        if not facts.names.uses_tensorflow:
            return tree
        new = self.migrate(tree, facts)
        for finding in self.findings:
            self.warn(finding.with_path(self.context.filename or "<stdin>").format())
        if new.code != tree.code:
            try:
                cst.parse_module(new.code)
            except cst.ParserSyntaxError as error:
                raise SkipFile(f"the rewrite did not parse ({error.message}); file left unchanged") from None
        return new

    @property
    def findings(self) -> list[Finding]:
        kept_on_compat = self.context.scratch.get(COMPAT_SUBJECTS_KEY, set())
        found = [
            finding
            for rule in self.rules
            for finding in rule.findings
            if rule.REPORTS_COMPAT or not (finding.subject in kept_on_compat and finding.kind == Kind.MANUAL)
        ]
        return sorted(found, key=lambda f: (f.line, f.col, f.code))


def parse(source: str, path: str = "<stdin>") -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        line, column, message = _syntax_location(error, source)
        raise SourceError(_syntax_message(line, column, message, source), line, column - 1) from None
    except (RecursionError, MemoryError) as error:
        raise SourceError(f"too deeply nested to parse ({type(error).__name__})") from None


def _syntax_location(error: cst.ParserSyntaxError, source: str) -> tuple[int, int, str]:
    """Line, 1-based column and message; Python's own parser places errors better than libcst's."""
    return python_syntax_error(source) or (error.raw_line, error.raw_column + 1, error.message)


def _syntax_message(line: int, column: int, message: str, source: str) -> str:
    hint = python2_hint(source)
    where = f"line {line}, column {column}"
    if hint:
        return f"syntax error at {where}: {hint}"
    return f"syntax error at {where}: {message}"


def migrate_source(
    source: str,
    *,
    path: str = "<stdin>",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    fix_swaps: bool = False,
    written_for: str | None = None,
    fallback: str = "none",
    fast: bool = True,
    layout: bool = True,
) -> MigrationResult:
    """Migrate one module's source text. Raises SourceError if it does not parse.

    ``layout=False`` leaves generated code as the rules emitted it, without the
    PEP 8 blank lines and line splitting of :mod:`tfmigrate.layout` (the rules'
    own cases and the pair tables check what the rules emit).

    ``fast=False`` skips the ``ast`` prescan and resolves every name and
    position through libcst's own providers; the results are the same (the
    tests compare both), only slower.

    ``fallback="compat"`` (what ``tfmigrate migrate`` does by default) also
    spells what cannot be made TF 2 code through tf.compat.v1 (TFM601); the
    API's default, ``"none"``, changes only what has a TF 2 form.
    """
    rule_types = select_rules(select, ignore)
    scan = prescan(source) if fast else None
    if scan is not None and not scan.imports_tensorflow:
        return MigrationResult(source, source, [])  # no TF import: no rule can change it, no concrete tree needed
    tree = parse(source, path)
    facts = gather(tree, scan, lean_positions=fast)
    if not facts.names.uses_tensorflow:
        return MigrationResult(source, source, [])  # nothing to do: no metadata, no rules
    context = CodemodContext(filename=path)
    command = MigrationCommand(context, rule_types,
                               RuleOptions(fix_swaps=fix_swaps, written_for=written_for, fallback=fallback),
                               layout=layout)
    try:
        code = command.migrate(tree, facts).code
    except Exception as error:  # a rule bug must not stop the run or lose code
        return MigrationResult(source, source, [_internal_error(path, error)], _state(source))
    findings = [finding.with_path(path) for finding in command.findings]
    if code != source:
        problem = _does_not_parse(code)
        if problem is not None:
            message = f"the rewrite did not parse ({problem}); file left unchanged"
            failed = Finding("TFM000", message, path=path, kind=Kind.ERROR)
            return MigrationResult(source, source, findings + [failed], _state(source))
    return MigrationResult(source, code, findings, _state(code))


def _state(code: str) -> str:
    from tfmigrate.tfstate import judge_code

    return judge_code(code).state.value


def _does_not_parse(code: str) -> str | None:
    """Why Python rejects the rewritten code, or None; Python's parser is ten times cheaper than libcst's."""
    try:
        parse_python(code)
    except SyntaxError as error:
        return f"{error.msg}, line {error.lineno}"
    except (ValueError, RecursionError, MemoryError) as error:
        return type(error).__name__
    return None


def judge_generation(source: str, *, path: str = "<stdin>", written_for: str | None = None) -> generation.Judgement | None:
    """The TF generation a module was written for, as the rules judge it; None without TensorFlow.

    Raises SourceError if the source does not parse.
    """
    tree = parse(source, path)
    scan = prescan(source)
    facts = gather(tree, scan)
    if not facts.names.uses_tensorflow:
        return None
    return _judge(facts, written_for)


def _judge(facts: ModuleFacts, written_for: str | None) -> generation.Judgement:
    name_of = facts.metadata.tf_name

    def line_of(node: cst.CSTNode) -> int:
        position = facts.metadata.get(PositionProvider, node, None)
        return position.start.line if position is not None else 0

    tf1_code = generation.is_tf1_code(facts, name_of)
    return generation.judge(facts, name_of, line_of, tf1_code=tf1_code, written_for=written_for,
                            call_name_of=lambda node: api.repaired_name(name_of(node)))


def _internal_error(path: str, error: Exception) -> Finding:
    where = ""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is not None:
        where = f" ({tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno})"
    message = f"internal error, file left unchanged: {type(error).__name__}: {error}{where}"
    return Finding("TFM000", message, path=path, kind=Kind.ERROR)


__all__ = ["ALL_RULES", "MigrationResult", "SourceError", "judge_generation", "migrate_source", "parse"]
