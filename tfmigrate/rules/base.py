"""The base class every rule derives from.

A rule is a libcst codemod command with a code, a one-line ``DESCRIPTION``
and its own before/after cases. The engine runs all selected rules in one
batched traversal over one parse, so a rule reads metadata of *original* nodes
(resolved once per file) and returns *updated* nodes. Run alone by
``python -m libcst.tool codemod -x tfmigrate.rules.<module>.<Rule>``, a rule
goes through the same engine with itself as the only selected rule.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, QualifiedNameProvider, ScopeProvider

from tfmigrate import api
from tfmigrate.findings import Finding, Kind
from tfmigrate.rules.facts import ModuleFacts
from tfmigrate.rules.losscalls import positional_reading, spelled_through_compat

TF1_MODULE_KEY = "tfmigrate.tf1_module"
# Shared with the rules' finalize by the engine: every finding so far, and the parsed source.
FINDINGS_SO_FAR_KEY = "tfmigrate.findings_so_far"
ORIGINAL_TREE_KEY = "tfmigrate.original_tree"
# Names a rule kept on tf.compat.v1 and reported itself: others' findings about them are superseded.
COMPAT_SUBJECTS_KEY = "tfmigrate.compat_subjects"

#: Every provider a rule may ask for; the engine resolves them once per file.
SHARED_METADATA = (PositionProvider, QualifiedNameProvider, ScopeProvider)


@dataclasses.dataclass(frozen=True)
class Case:
    """A before/after example kept beside the rule.

    ``after=None`` means the code must not change. ``findings`` lists every
    finding the whole engine reports for ``before``, as ``"line:col CODE"``
    (col 1-based, as printed), so a case that reports nothing says so too.
    Cases run with the tf.compat.v1 fallback (TFM501) off unless they set
    ``fallback=compat``, so each case shows what its own rule does.
    """

    before: str
    after: str | None = None
    options: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()

    def keywords(self) -> dict[str, object]:
        """The options as ``migrate_source`` keywords: ``written_for=0.x`` -> ``{"written_for": "0.x"}``."""
        keywords: dict[str, object] = {"fallback": "none"}
        for option in self.options:
            key, _, value = option.partition("=")
            keywords[key] = value if value else True
        return keywords


@dataclasses.dataclass
class RuleOptions:
    """Switches a user can set that change what rules do."""

    fix_swaps: bool = False
    #: TF version positional loss calls were written for: "1.x" or "0.x"
    written_for: str = "1.x"
    #: what happens to modules that cannot be made TF 2 code: "compat" (spell their
    #: TF1 names through tf.compat.v1 so they run) or "none" (leave them as written)
    fallback: str = "compat"

    @staticmethod
    def add_args(parser: argparse.ArgumentParser) -> None:
        """The switches as ``libcst.tool codemod`` options (dest names match the fields)."""
        parser.add_argument("--fix-swaps", action="store_true", help="swap labels and logits that look swapped")
        parser.add_argument("--written-for", choices=("1.x", "0.x"), default="1.x",
                            help="TF version positional loss calls were written for")


class MigrationRule(VisitorBasedCodemodCommand):
    """One migration rule; subclasses set CODE, NAME, DESCRIPTION and CASES."""

    CODE: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    CASES: ClassVar[tuple[Case, ...]] = ()
    #: the rule reports names it kept on tf.compat.v1; other rules' findings about them are superseded
    REPORTS_COMPAT: ClassVar[bool] = False
    METADATA_DEPENDENCIES = SHARED_METADATA

    def __init__(
        self,
        context: CodemodContext,
        facts: ModuleFacts | None = None,
        options: RuleOptions | None = None,
        *,
        fix_swaps: bool = False,
        written_for: str = "1.x",
    ) -> None:
        # The engine calls visit_X/leave_X directly, so the matcher-decorator
        # set-up of ContextAwareTransformer.__init__ (costly per file) is skipped.
        # Without facts the instance is a libcst.tool command (see transform_module_impl).
        self.context = context
        self.metadata = {}
        self.facts = facts  # type: ignore[assignment]
        self.names = facts.names if facts is not None else None  # type: ignore[assignment]
        self.options = options or RuleOptions(fix_swaps=fix_swaps, written_for=written_for)
        self.findings: list[Finding] = []

    add_args = RuleOptions.add_args

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """As a libcst.tool command: the engine with this rule alone."""
        from tfmigrate.engine import MigrationCommand  # the engine imports the rules

        return MigrationCommand(self.context, [type(self)], self.options).transform_module_impl(tree)

    # -- reporting -----------------------------------------------------
    def report(
        self,
        node: cst.CSTNode,
        message: str,
        *,
        kind: Kind = Kind.MANUAL,
        action: str = "",
        code: str | None = None,
        subject: str = "",
    ) -> None:
        """Record a finding at the position of an *original* node."""
        try:
            start = self.get_metadata(PositionProvider, node).start
            line, col = start.line, start.column + 1  # findings count columns from 1
        except KeyError:
            line, col = 0, 0
        self.findings.append(
            Finding(code or self.CODE, message, line, col, kind, action, self.context.filename or "<stdin>", subject=subject)
        )

    def finalize(self, module: cst.Module) -> cst.Module:
        """A last look at the rewritten module; most rules need none."""
        return module

    # -- names ---------------------------------------------------------
    def is_tf1_module(self) -> bool:
        """TF1 code: a compat.v1 import, or names TF 2 lacks. Judged once per file, for all rules.

        Some calls are spelled the same in TF1 and TF 2 but mean different
        things (softmax labels' gradient, dropout's second argument); only
        TF1 code gets the TF1 reading.
        """
        scratch = self.context.scratch
        if TF1_MODULE_KEY not in scratch:
            chains = [*self.facts.all(cst.Attribute), *self.facts.all(cst.Name)]
            scratch[TF1_MODULE_KEY] = bool(self.names.compat_v1_aliases) or any(
                api.is_removed_in_tf2(name) for name in map(self.tf_name, chains) if name
            )
        return bool(scratch[TF1_MODULE_KEY])

    def loss_call_reading(self, call: cst.Call, name: str) -> str | None:
        """The positional order ("1.x"/"0.x") a cross-entropy call was written in; None if unknowable."""
        compat = bool(self.names.compat_v1_aliases) or spelled_through_compat(call.func)
        return positional_reading(name, self.options.written_for, compat_v1=compat, tf1_module=self.is_tf1_module())

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The parent of an *original* node."""
        return self.facts.parent(node)

    def spell(self, tf2_name: str) -> cst.BaseExpression:
        """Emit a TF 2 name in this module's alias, importing TF if needed."""
        if self.names.needs_tf_import:
            AddImportsVisitor.add_needed_import(self.context, "tensorflow", asname="tf")
        return self.names.spell(tf2_name)

    def tf_name(self, node: cst.CSTNode) -> str | None:
        """The canonical TF1 name (``tf.reduce_mean``) a node refers to, if any."""
        try:
            qualified = self.get_metadata(QualifiedNameProvider, node, set())
        except KeyError:
            return None
        for qname in qualified:
            canonical = self.names.canonical(qname.name)
            if canonical:
                return canonical
        return None
