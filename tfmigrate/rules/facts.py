"""Facts about a module gathered in one traversal before the rules run.

libcst's traversals dominate the cost of a migration, so the import scan,
the parent of every node and an index of nodes by type share one pass.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.tfnames import ModuleNames, record_import, record_import_from


@dataclasses.dataclass
class ModuleFacts:
    names: ModuleNames
    parents: dict[cst.CSTNode, cst.CSTNode]
    by_type: dict[type, list[cst.CSTNode]]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def all(self, kind: type) -> list:
        return self.by_type.get(kind, [])


class _Gather(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names = ModuleNames()
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.by_type: dict[type, list[cst.CSTNode]] = {}
        self._stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._stack:
            self.parents[node] = self._stack[-1]
        self._stack.append(node)
        self.by_type.setdefault(type(node), []).append(node)
        if isinstance(node, cst.Import):
            record_import(self.names, node)
        elif isinstance(node, cst.ImportFrom):
            record_import_from(self.names, node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()

    # No attribute-level callbacks are needed; skipping them saves time.
    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        return None

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


def gather(module: cst.Module) -> ModuleFacts:
    visitor = _Gather()
    module.visit(visitor)
    return ModuleFacts(visitor.names, visitor.parents, visitor.by_type)
