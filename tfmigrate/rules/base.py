"""The base class every rule derives from.

A rule is a libcst codemod command with a code, a one-line ``DESCRIPTION``
and its own before/after cases. The engine runs all selected rules in one
batched traversal over one parse, so a rule reads metadata of *original* nodes
(computed when first asked, once per file, see ``metadata.py``) and returns
*updated* nodes. Run alone by
``python -m libcst.tool codemod -x tfmigrate.rules.<module>.<Rule>``, a rule
goes through the same engine with itself as the only selected rule.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
from typing import Any, ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider, QualifiedNameProvider

from tfmigrate import api
from tfmigrate.findings import Finding, Kind
from tfmigrate.rules import generation
from tfmigrate.rules.facts import ModuleFacts
from tfmigrate.rules.losscalls import KEYWORD_ONLY_IN_TF1, TF0_ORDER, spelled_through_compat
from tfmigrate.rules.metadata import MISSING

TF1_MODULE_KEY = "tfmigrate.tf1_module"
GENERATION_KEY = "tfmigrate.generation"
# Shared with the rules' finalize by the engine: every finding so far, and the parsed source.
FINDINGS_SO_FAR_KEY = "tfmigrate.findings_so_far"
ORIGINAL_TREE_KEY = "tfmigrate.original_tree"
# Names a rule kept on tf.compat.v1 and reported itself: others' findings about them are superseded.
COMPAT_SUBJECTS_KEY = "tfmigrate.compat_subjects"
# Ids of original nodes a rule converts or reports itself, so that TFM4xx does not report them too.
HANDLED_KEY = "tfmigrate.handled"
#: The code of the rule that repairs chains such as tf.reduce.mean (TFM102).
CHAIN_REPAIR_CODE = "TFM102"


@dataclasses.dataclass(frozen=True)
class Case:
    """A before/after example kept beside the rule.

    ``after=None`` means the code must not change. ``findings`` lists every
    finding the whole engine reports for ``before``, as ``"line:col CODE"``
    (col 1-based, as printed), so a case that reports nothing says so too.
    Cases run as ``migrate_source`` does by default, with the tf.compat.v1
    fallback (TFM601) off unless they set ``fallback=compat``.
    """

    before: str
    after: str | None = None
    options: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()

    def keywords(self) -> dict[str, object]:
        """The options as ``migrate_source`` keywords: ``written_for=0.x`` -> ``{"written_for": "0.x"}``."""
        keywords: dict[str, object] = {}
        for option in self.options:
            key, _, value = option.partition("=")
            keywords[key] = value if value else True
        return keywords


@dataclasses.dataclass(frozen=True)
class Family:
    """A code of its own for one kind of name a reporting rule finds, so it can be selected alone."""

    code: str
    name: str
    #: the canonical names (or ``tf.x.`` prefixes) it covers
    prefixes: tuple[str, ...]
    #: why such a name stays as written, stated as a fact about TF 2
    why: str
    action: str

    @property
    def description(self) -> str:
        shown = ", ".join(p + "*" if p.endswith(".") else p for p in self.prefixes[:3])
        more = ", ..." if len(self.prefixes) > 3 else ""
        return f"Report {shown}{more} as written: {self.why}."

    def covers(self, tf_name: str) -> bool:
        return any(tf_name == p.rstrip(".") or tf_name.startswith(p if p.endswith(".") else p + ".") for p in self.prefixes)


@dataclasses.dataclass
class RuleOptions:
    """Switches a user can set that change what rules do."""

    fix_swaps: bool = False
    #: TF version the code was written for ("1.x" or "0.x"); None: judged from each module's evidence
    written_for: str | None = None
    #: what happens to modules that cannot be made TF 2 code: "compat" (spell their
    #: TF1 names through tf.compat.v1 so they run; the command line's default) or
    #: "none" (leave them as written; the API's default)
    fallback: str = "none"

    @staticmethod
    def add_args(parser: argparse.ArgumentParser) -> None:
        """The switches as ``libcst.tool codemod`` options (dest names match the fields)."""
        parser.add_argument("--fix-swaps", action="store_true", help="swap labels and logits that look swapped")
        parser.add_argument("--written-for", choices=("1.x", "0.x"), default="1.x",
                            help="TF version positional loss calls were written for")
        parser.add_argument("--fallback", choices=("compat", "none"), default="compat",
                            help="spell what cannot be made TF 2 code through tf.compat.v1 (compat) or leave it (none)")


class MigrationRule(VisitorBasedCodemodCommand):
    """One migration rule; subclasses set CODE, NAME, DESCRIPTION, WHY, LEAVES, INSTEAD and CASES.

    The prose attributes are the rule's documentation, in the order of ruff's
    rule pages: what it does (DESCRIPTION, one line), why it matters (WHY),
    what it leaves alone (LEAVES) and what to write instead (INSTEAD).
    ``tfmigrate explain`` and docs/rules.md render them with the CASES.
    """

    CODE: ClassVar[str] = ""
    NAME: ClassVar[str] = ""
    DESCRIPTION: ClassVar[str] = ""
    WHY: ClassVar[str] = ""
    LEAVES: ClassVar[str] = ""
    INSTEAD: ClassVar[str] = ""
    CASES: ClassVar[tuple[Case, ...]] = ()
    #: further codes the rule reports under, each selectable on its own
    FAMILIES: ClassVar[tuple[Family, ...]] = ()
    #: the codes a run selected, when only some of CODE and FAMILIES were (None: all)
    ENABLED: ClassVar[frozenset[str] | None] = None
    #: the rule reports names it kept on tf.compat.v1; other rules' findings about them are superseded
    REPORTS_COMPAT: ClassVar[bool] = False

    @classmethod
    def codes(cls) -> dict[str, str]:
        """Every code this rule reports under, with its readable name."""
        return {cls.CODE: cls.NAME, **{family.code: family.name for family in cls.FAMILIES}}

    @classmethod
    @functools.cache
    def restricted(cls, codes: frozenset[str]) -> type[MigrationRule]:
        """This rule reporting only under ``codes`` (some of its families)."""
        return type(cls.__name__, (cls,), {"ENABLED": codes, "__module__": cls.__module__})

    @classmethod
    def enabled(cls, code: str) -> bool:
        return cls.ENABLED is None or code in cls.ENABLED

    def __init__(
        self,
        context: CodemodContext,
        facts: ModuleFacts | None = None,
        options: RuleOptions | None = None,
        *,
        fix_swaps: bool = False,
        written_for: str = "1.x",
        fallback: str = "compat",
    ) -> None:
        # The engine calls visit_X/leave_X directly, so the matcher-decorator
        # set-up of ContextAwareTransformer.__init__ (costly per file) is skipped.
        # Without facts the instance is a libcst.tool command (see transform_module_impl).
        self.context = context
        self.metadata = {}
        self.facts = facts  # type: ignore[assignment]
        self.names = facts.names if facts is not None else None  # type: ignore[assignment]
        self.options = options or RuleOptions(fix_swaps=fix_swaps, written_for=written_for, fallback=fallback)
        self.findings: list[Finding] = []

    add_args = RuleOptions.add_args

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """As a libcst.tool command: the engine with this rule alone."""
        from tfmigrate.engine import MigrationCommand  # the engine imports the rules

        return MigrationCommand(self.context, [type(self)], self.options).transform_module_impl(tree)

    def get_metadata(self, key: Any, node: cst.CSTNode, default: Any = MISSING) -> Any:
        """libcst metadata (PositionProvider, QualifiedNameProvider, ScopeProvider, ...) of an original node.

        Computed when first asked, once per file, and shared by all rules.
        """
        return self.facts.metadata.get(key, node, default)

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

    def mark_handled(self, *node_ids: int) -> None:
        """This rule converts or reports these original nodes (by id) itself: TFM4xx must not report them."""
        self.context.scratch.setdefault(HANDLED_KEY, set()).update(node_ids)

    def handled_elsewhere(self, node: cst.CSTNode) -> bool:
        """Another rule marked this original node as converted or reported (``mark_handled``)."""
        return id(node) in self.context.scratch.get(HANDLED_KEY, set())

    def finalize(self, module: cst.Module) -> cst.Module:
        """A last look at the rewritten module; most rules need none."""
        return module

    # -- names ---------------------------------------------------------
    def is_tf1_module(self) -> bool:
        """TF1 code (see ``generation.is_tf1_code``), judged once per file for all rules."""
        scratch = self.context.scratch
        if TF1_MODULE_KEY not in scratch:
            scratch[TF1_MODULE_KEY] = generation.is_tf1_code(self.facts, self.tf_name)
        return bool(scratch[TF1_MODULE_KEY])

    def through_compat_v1(self, node: cst.CSTNode) -> bool:
        """Spelled ``tf.compat.v1.x`` (under any alias): TF1's function, whatever the module."""
        return any(q.name.startswith("tensorflow.compat.v1.") for q in self.get_metadata(QualifiedNameProvider, node, set()))

    def reads_as_tf1(self, node: cst.CSTNode) -> bool:
        """A name TF1 and TF 2 share, read as TF1's: spelled through tf.compat.v1, or plainly in TF1 code."""
        if self.through_compat_v1(node):
            return True
        qualified = self.get_metadata(QualifiedNameProvider, node, set())
        spelled_v2 = any(q.name.startswith("tensorflow.compat.v2.") for q in qualified)
        return not spelled_v2 and self.is_tf1_module()

    def api_generation(self) -> generation.Judgement:
        """The TF generation this module was written for, from all its evidence; judged once per file."""
        scratch = self.context.scratch
        if GENERATION_KEY not in scratch:
            scratch[GENERATION_KEY] = generation.judge(
                self.facts, self.tf_name, self._line, tf1_code=self.is_tf1_module(),
                written_for=self.options.written_for, call_name_of=self.resolved_name)
        return scratch[GENERATION_KEY]

    def loss_call_reading(self, call: cst.Call, name: str) -> str | None:
        """The order ("0.x"/"1.x"/"2.x") a cross-entropy call's positions read in; None if unknowable."""
        judgement = self.api_generation()
        if name not in TF0_ORDER:
            return "1.x"  # TF 0.x had no such function: one order only
        if spelled_through_compat(call.func) and not judgement.given:
            return "2.x"  # tf.compat.v1 exists from TF 1.13: TF 2-era code
        if judgement.conflict:
            # Kept as TF 2 reads it (the values of the call as written), spelled
            # by keyword by TFM301 so that a second run reads it the same way.
            return "2.x"
        reading = judgement.reading
        if reading is None and name not in KEYWORD_ONLY_IN_TF1:
            reading = "1.x"  # no sign of TF 0.x: the order TF 1.x and TF 2 share
        if reading == "1.x" and name in KEYWORD_ONLY_IN_TF1:
            return None  # TF 1.x took keywords only: positions are TF 0.x's or TF 2's
        return reading

    def loss_reading_reason(self, call: cst.Call) -> str:
        """Why a cross-entropy call reads as it does, with the module's evidence and its lines."""
        judgement = self.api_generation()
        if spelled_through_compat(call.func) and not judgement.given:
            return "tf.compat.v1 reads positions labels first (TF 2)"
        return judgement.because()

    def _line(self, node: cst.CSTNode) -> int:
        try:
            return self.get_metadata(PositionProvider, node).start.line
        except KeyError:
            return 0

    def resolved_name(self, node: cst.CSTNode) -> str | None:
        """The TF name a node refers to, read through the chain repair when that rule runs.

        Rules that key on a call's name (keyword renames, loss arguments) must see
        ``tf.reduce.mean(..., keep_dims=True)`` as the tf.reduce_mean it becomes in
        the same pass, or a second run would still have work to do.
        """
        name = self.tf_name(node)
        if CHAIN_REPAIR_CODE not in self.context.scratch.get("tfmigrate.selected", ()):
            return name
        return api.repaired_name(name)

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The parent of an *original* node."""
        return self.facts.parent(node)

    def spell(self, tf2_name: str) -> cst.BaseExpression:
        """Emit a TF 2 name in this module's alias, importing TF if needed."""
        if self.names.needs_tf_import:
            AddImportsVisitor.add_needed_import(self.context, "tensorflow", asname="tf")
        return self.names.spell(tf2_name)

    def tf_name(self, node: cst.CSTNode) -> str | None:
        """The canonical TF1 name (``tf.reduce_mean``) an original node refers to, if any."""
        return self.facts.metadata.tf_name(node)
