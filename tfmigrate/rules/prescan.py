"""What Python's own ``ast`` tells about a module before libcst builds its tree.

``ast.parse`` costs a tenth of libcst's parse, so one walk over its tree
decides two things cheaply:

* whether the module imports TensorFlow at all (if not, no rule can change
  it, and the concrete tree is never built);
* whether every TensorFlow alias is bound once, by a module-level import, and
  never rebound or shadowed anywhere. Then a name's meaning follows from the
  import table alone (``tf.nn.relu`` is ``tensorflow.nn.relu`` wherever it is
  written), and libcst's scope analysis, the dearest step of a migration, is
  only run if a rule asks for scopes itself.
"""

from __future__ import annotations

import ast
import dataclasses

from tfmigrate.rules.tfnames import TF_ROOT
from tfmigrate.pyparse import parse_python


@dataclasses.dataclass(frozen=True)
class Prescan:
    imports_tensorflow: bool
    #: local name -> the qualified name it stands for (``tf`` -> ``tensorflow.compat.v1``),
    #: or None when some alias is rebound or shadowed and only scope analysis can tell.
    tf_bindings: dict[str, str] | None
    #: names bound only by module-level ``name = value`` statements (one target each), nowhere else
    plain_globals: frozenset[str] = frozenset()


def is_tf_module(dotted: str) -> bool:
    return dotted == TF_ROOT or dotted.startswith(TF_ROOT + ".")


def prescan(source: str) -> Prescan | None:
    """The module's TensorFlow imports as ``ast`` sees them; None if ``ast`` cannot parse it."""
    try:
        tree = parse_python(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    scan = _Bindings()
    scan.visit(tree)
    if not scan.imports_tensorflow:
        return Prescan(False, None)
    plain = frozenset(scan.plain) - scan.other - set(scan.tf_targets)
    return Prescan(True, scan.table(), plain)


class _Bindings(ast.NodeVisitor):
    """Every name binding, split into TF imports at module level and everything else."""

    def __init__(self) -> None:
        self.imports_tensorflow = False
        self.tf_targets: dict[str, set[str]] = {}
        self.other: set[str] = set()
        self.plain: set[str] = set()  # targets of module-level ``name = value``
        self.ambiguous = False  # a TF binding only scope analysis can place
        self._depth = 0  # >0 inside a function, class, lambda or comprehension

    def table(self) -> dict[str, str] | None:
        if self.ambiguous or TF_ROOT in self.other or TF_ROOT in self.plain:
            return None
        table: dict[str, str] = {}
        for local, targets in self.tf_targets.items():
            if local in self.other or local in self.plain or len(targets) != 1:
                return None
            table[local] = next(iter(targets))
        return table

    # -- imports -----------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name.split(".", 1)[0]
            if not is_tf_module(alias.name):
                self.other.add(local)
                continue
            self.imports_tensorflow = True
            # ``import tensorflow.x`` (no alias) makes libcst record dotted accesses; leave those to it.
            unaliased_dotted = alias.asname is None and alias.name != TF_ROOT
            if self._depth or unaliased_dotted:
                self.ambiguous = True
            self.tf_targets.setdefault(local, set()).add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level or not is_tf_module(module):
            self.other.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
            return
        self.imports_tensorflow = True
        if self._depth:
            self.ambiguous = True
        for alias in node.names:
            if alias.name == "*":
                self.ambiguous = True
                continue
            self.tf_targets.setdefault(alias.asname or alias.name, set()).add(f"{module}.{alias.name}")

    # -- other bindings ----------------------------------------------------
    def visit_Assign(self, node: ast.Assign) -> None:
        if self._depth or len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
            self.generic_visit(node)
            return
        self.plain.add(node.targets[0].id)
        self.visit(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if self._depth or node.value is None or not node.simple or not isinstance(node.target, ast.Name):
            self.generic_visit(node)
            return
        self.plain.add(node.target.id)
        self.visit(node.annotation)
        self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.other.add(node.id)

    def visit_arg(self, node: ast.arg) -> None:
        self.other.add(node.arg)
        self.generic_visit(node)

    def _scoped(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    def _named_scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.other.add(node.name)
        self._scoped(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _named_scope
    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _scoped

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.other.add(node.name)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        self.other.update(node.names)

    visit_Nonlocal = visit_Global

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self.other.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.other.add(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        if node.rest:
            self.other.add(node.rest)
        self.generic_visit(node)
