"""Facts about a module gathered in one traversal before the rules run.

libcst's traversals dominate the cost of a migration, so the import scan,
the parent of every node and an index of nodes by type share one pass.
"""

from __future__ import annotations

import collections
import dataclasses

import libcst as cst

from tfmigrate.rules.metadata import FileMetadata
from tfmigrate.rules.prescan import Prescan
from tfmigrate.rules.tfnames import ModuleNames, record_import, record_import_from


@dataclasses.dataclass
class ModuleFacts:
    names: ModuleNames
    parents: dict[cst.CSTNode, cst.CSTNode]
    by_type: dict[type, list[cst.CSTNode]]
    #: metadata of the original tree, resolved when a rule first asks
    metadata: FileMetadata

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def all(self, kind: type) -> list:
        return self.by_type.get(kind, [])

    def string_quote(self) -> str:
        """The quote most of the module's plain strings use, for strings a rule writes; ' when it has none."""
        strings: list[cst.SimpleString] = self.all(cst.SimpleString)
        counts = collections.Counter(string.quote for string in strings if string.quote in ("'", '"'))
        return '"' if counts['"'] > counts["'"] else "'"


class _Gather(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names = ModuleNames()
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.by_type: dict[type, list[cst.CSTNode]] = {}
        # Nodes libcst's scope analysis skips: they never name anything (an
        # attribute's tail, a keyword argument's name, an import's insides).
        self.no_scope: set[cst.CSTNode] = set()
        self._stack: list[cst.CSTNode] = []
        self._in_import = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._stack:
            self.parents[node] = self._stack[-1]
        self._stack.append(node)
        self.by_type.setdefault(type(node), []).append(node)
        if self._in_import:
            self.no_scope.add(node)
        if isinstance(node, cst.Attribute):
            self.no_scope.add(node.attr)
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            self.no_scope.add(node.keyword)
        elif isinstance(node, cst.Import):
            record_import(self.names, node)
            self._in_import += 1
        elif isinstance(node, cst.ImportFrom):
            record_import_from(self.names, node)
            self._in_import += 1
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()
        if isinstance(original_node, (cst.Import, cst.ImportFrom)):
            self._in_import -= 1

    # No attribute-level callbacks are needed; skipping them saves time.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


def gather(module: cst.Module, scan: Prescan | None = None, *, lean_positions: bool = True) -> ModuleFacts:
    """One pass over the original tree; what the ``ast`` prescan learnt lets metadata skip scope analysis."""
    visitor = _Gather()
    module.visit(visitor)
    metadata = FileMetadata(
        module, visitor.parents, visitor.no_scope, scan.tf_bindings if scan is not None else None,
        by_type=visitor.by_type, plain_globals=scan.plain_globals if scan is not None else frozenset(),
        lean_positions=lean_positions,
    )
    return ModuleFacts(visitor.names, visitor.parents, visitor.by_type, metadata)
