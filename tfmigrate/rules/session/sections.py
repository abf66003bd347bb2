"""Graph sections: the module-level statements whose graph is analysed and planned together.

A section ends at a module-level ``tf.reset_default_graph()``, and also where
a script, once a ``with tf.Session()`` block has ended, builds its next graph
under names it used before (``a = tf.constant(2)`` ... ``a = tf.placeholder(...)``)
without a reset. TF1 kept both graphs in one, so the cut is only made when
nothing after it can reach the earlier graph: no later line reads an earlier
graph name it has not bound again first, and none lists the graph's
variables or collections.

A module-level helper that builds and runs a graph of its own
(``functions.py``) is a section too: its body, whose lines the module's
sections leave out.
"""

from __future__ import annotations

import dataclasses

import libcst as cst
from libcst.metadata import PositionProvider

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import Unsafe
from tfmigrate.rules.session.functions import function_span, graph_functions
from tfmigrate.rules.session.syntax import names_in, target_names, walk
from tfmigrate.rules.session.tables import GRAPH_RESETS, GRAPH_WIDE, SESSION_TYPES



@dataclasses.dataclass(frozen=True)
class Section:
    """Statements whose graph is analysed and planned together, and the lines whose nodes are theirs."""

    statements: list[cst.CSTNode]
    span: tuple[int, int]
    holes: tuple[tuple[int, int], ...] = ()  # lines inside the span that belong to a helper's own section
    function: cst.FunctionDef | None = None  # the helper whose body this section is
    blocked: tuple[Unsafe, ...] = ()  # why the helpers among the statements are not sections of their own


def graph_sections(rule: MigrationRule, module: cst.Module) -> list[Section]:
    """Module-level statements between graph resets and rebuilds, then each helper that builds its own graph."""
    functions, blocked = graph_functions(rule, module, _graph_bindings(rule, list(module.body)))
    holes = tuple(function_span(rule, function) for function in functions)
    sections: list[Section] = []
    current: list[cst.CSTNode] = []
    first = 1
    body = [statement for statement in module.body if not any(statement is f for f in functions)]

    def close(last: int) -> None:
        reasons = tuple(reason for statement in current for reason in blocked.get(id(statement), []))
        sections.append(Section(current, (first, last), holes, blocked=reasons))

    for index, statement in enumerate(body):
        if current and (_is_graph_reset(rule, statement) or _rebuilds(rule, current, body[index:])):
            end = rule.get_metadata(PositionProvider, statement).start.line - 1
            close(end)
            current, first = [], end + 1
        current.append(statement)
    close(1 << 30)
    for function, span in zip(functions, holes):
        sections.append(Section(list(cst.ensure_type(function.body, cst.IndentedBlock).body), span, function=function))
    return sections


def _is_graph_reset(rule: MigrationRule, statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
        rule.tf_name(small.value.func) in GRAPH_RESETS


def _rebuilds(rule: MigrationRule, before: list[cst.CSTNode], rest: list[cst.CSTNode]) -> bool:
    """``rest`` starts a new graph under an old name, right after a session block, and never reads the old one."""
    last = before[-1]
    if not (isinstance(last, cst.With) and len(last.items) == 1 and isinstance(last.items[0].item, cst.Call)
            and rule.tf_name(last.items[0].item.func) in SESSION_TYPES):
        return False
    earlier = _graph_bindings(rule, before)
    assigned = _assigned_name(rest[0])
    if assigned is None or assigned not in earlier:
        return False
    rebound: set[str] = set()
    for statement in rest:
        if any(rule.tf_name(call.func) in GRAPH_WIDE for call in walk(statement, cst.Call)):
            return False
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        read_part: cst.CSTNode = small.value if isinstance(small, cst.Assign) else statement
        if any(n.value in earlier and n.value not in rebound for n in names_in(read_part)):
            return False
        if isinstance(small, cst.Assign):
            rebound.update(n.value for target in small.targets for n in target_names(target.target))
    return True


def _graph_bindings(rule: MigrationRule, statements: list[cst.CSTNode]) -> set[str]:
    """Names bound by a module-level line whose value calls TensorFlow or reads such a name (``y = x * 2.``)."""
    found: set[str] = set()
    for statement in statements:
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
        if isinstance(small, cst.Assign) and (
                any((rule.tf_name(c.func) or "").startswith("tf.") for c in walk(small.value, cst.Call))
                or any(n.value in found for n in names_in(small.value))):
            found.update(n.value for target in small.targets for n in target_names(target.target))
    return found


def _assigned_name(statement: cst.CSTNode) -> str | None:
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value
    return None
