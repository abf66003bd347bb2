"""Metadata of one parsed module, computed only when a rule first asks for it.

Resolving libcst's scope, qualified-name and position providers for every
node of every file used to cost several times the parse itself. Here:

* TensorFlow names come from the module's import table when the cheap
  ``ast`` prescan found every TF alias bound once and never shadowed; only
  otherwise does libcst's scope analysis run (``tf_name``);
* positions come from one code-generation pass that records token counts,
  not line/column objects, for every node; lines and columns are worked out
  only for the nodes asked about;
* any other provider (scopes, libcst's own qualified names) is resolved by
  libcst, once per file, the first time a rule asks.

Every answer is the one libcst's providers give for the same node;
``tests/test_fast_path.py`` compares them node by node on the examples.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import libcst as cst
from libcst._metadata_dependent import LazyValue
from libcst._nodes.internal import CodegenState
from libcst.helpers import get_full_name_for_node
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider, QualifiedNameProvider
from libcst.metadata.position_provider import NEWLINE_RE

from tfmigrate.rules.tfnames import canonical_tf_name

MISSING: Any = object()


class FileMetadata:
    """Lazily computed metadata of one module's original (unmodified) tree."""

    def __init__(
        self, module: cst.Module, in_tree: dict, no_scope: set, tf_bindings: dict[str, str] | None,
        *, by_type: dict[type, list] | None = None, plain_globals: frozenset[str] = frozenset(),
        lean_positions: bool = True,
    ) -> None:
        self.module = module
        self._lean_positions = lean_positions
        self._in_tree = in_tree  # every node but the module -> its parent
        self._no_scope = no_scope  # nodes libcst's scope analysis never visits
        self._tf_bindings = tf_bindings
        self._by_type = by_type or {}
        self._plain_globals = plain_globals
        self._module_targets: dict[str, list[cst.Name]] | None = None
        self._wrapper: MetadataWrapper | None = None
        self._positions: _Positions | None = None
        self._tf_names: dict[cst.CSTNode, str | None] = {}

    @property
    def resolves_from_imports(self) -> bool:
        return self._tf_bindings is not None

    def get(self, key: type, node: cst.CSTNode, default: Any = MISSING) -> Any:
        """What ``MetadataDependent.get_metadata`` returns for an original node."""
        if key is PositionProvider and self._lean_positions:
            found = self._position(node)
        else:
            found = self._resolved(key).get(node, MISSING)
            if isinstance(found, LazyValue):
                found = found()
        if found is MISSING:
            if default is MISSING:
                raise KeyError(f"no {key.__name__} metadata for {type(node).__name__}")
            return default
        return found

    def tf_name(self, node: cst.CSTNode) -> str | None:
        """The canonical TF name (``tf.nn.relu``) an original node refers to, if any."""
        if node in self._tf_names:
            return self._tf_names[node]
        if self._tf_bindings is not None:
            found = self._tf_name_from_imports(node)
        else:
            found = None
            for qualified in self.get(QualifiedNameProvider, node, ()):
                found = canonical_tf_name(qualified.name)
                if found:
                    break
        self._tf_names[node] = found
        return found

    def in_module_scope(self, node: cst.CSTNode) -> bool:
        """True when no function, class, lambda or comprehension encloses an original node (libcst: global scope)."""
        parent = self._in_tree.get(node)
        while parent is not None:
            if isinstance(parent, _SCOPES):
                return False
            parent = self._in_tree.get(parent)
        return node in self._in_tree

    def plain_assignment_targets(self, name: cst.Name) -> list[cst.Name] | None:
        """The targets of every assignment to ``name`` in its scope, when the prescan makes that simple.

        That is when the use is at module level and the name is bound only by
        module-level ``name = value`` statements: then the global scope's
        assignments (what libcst's ``scope.assignments`` lists) are exactly
        those. None otherwise: ask ``ScopeProvider``.
        """
        if name.value not in self._plain_globals or not self.in_module_scope(name):
            return None
        if self._module_targets is None:
            self._module_targets = {}
            targets = [node.target for node in self._by_type.get(cst.AssignTarget, ())]
            targets += [node.target for node in self._by_type.get(cst.AnnAssign, ()) if node.value is not None]
            for target in targets:
                if isinstance(target, cst.Name) and self.in_module_scope(target):
                    self._module_targets.setdefault(target.value, []).append(target)
        return self._module_targets.get(name.value, [])

    def _tf_name_from_imports(self, node: cst.CSTNode) -> str | None:
        assert self._tf_bindings is not None
        if node in self._no_scope or (node not in self._in_tree and node is not self.module):
            return None
        full = get_full_name_for_node(node)
        if full is None:
            return None
        head, dot, rest = full.partition(".")
        target = self._tf_bindings.get(head)
        if target is None:
            return None
        return canonical_tf_name(target + dot + rest)

    def _resolved(self, key: type) -> dict:
        if self._wrapper is None:
            self._wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
        return self._wrapper.resolve(key)  # type: ignore[return-value]

    def _position(self, node: cst.CSTNode) -> CodeRange | Any:
        if self._positions is None:
            self._positions = _Positions(self.module)
        return self._positions.range(node) or MISSING


_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class _Positions:
    """libcst's ``PositionProvider`` ranges, from token counts recorded in one codegen pass."""

    def __init__(self, module: cst.Module) -> None:
        state = _MarkingState(default_indent=module.default_indent, default_newline=module.default_newline)
        module._codegen(state)
        self._marks = state.marks
        self._offsets = [0, *itertools.accumulate(map(len, state.tokens))]
        code = "".join(state.tokens)
        self._line_starts = [0, *(match.end() for match in NEWLINE_RE.finditer(code))]

    def range(self, node: cst.CSTNode) -> CodeRange | None:
        marks = self._marks.get(node)
        if marks is None:
            return None
        return CodeRange(self._position(marks[0]), self._position(marks[1]))

    def _position(self, token_index: int) -> CodePosition:
        offset = self._offsets[min(token_index, len(self._offsets) - 1)]
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return CodePosition(line + 1, offset - self._line_starts[line])


class _MarkingState(CodegenState):
    """Code generation that notes, per node, how many tokens precede its start and end."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.marks: dict[cst.CSTNode, tuple[int, int]] = {}
        self._starts: list[int] = []

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._starts.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        start = self._starts.pop()
        if node not in self.marks:  # a syntactic position recorded inside wins
            self.marks[node] = (start, len(self.tokens))

    @contextmanager
    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> Iterator[None]:
        start = len(self.tokens)
        try:
            yield
        finally:
            end = len(self.tokens)
            if start_node is not None:
                start = self.marks[start_node][0]
            if end_node is not None:
                end = self.marks[end_node][1]
            self.marks[node] = (start, end)
