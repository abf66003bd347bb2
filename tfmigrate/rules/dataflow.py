"""Small static facts about names, shared by the rules that need them."""

from __future__ import annotations

import libcst as cst
from libcst.metadata import Assignment, PositionProvider, ScopeProvider

from tfmigrate.rules.base import MigrationRule


def assigned_values(rule: MigrationRule, name: cst.Name) -> list[tuple[int, cst.BaseExpression | None]]:
    """(line, value) of every assignment to ``name`` in its scope; value None if not a plain ``x = value``."""
    targets = rule.facts.metadata.plain_assignment_targets(name)  # no scope analysis needed for these
    if targets is None:
        scope = rule.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return []
        targets = [a.node for a in scope.assignments[name.value] if isinstance(a, Assignment)]
    found = [(rule.get_metadata(PositionProvider, target).start.line, _value_of(rule, target)) for target in targets]
    return sorted(found, key=lambda item: item[0])


def _value_of(rule: MigrationRule, target: cst.CSTNode) -> cst.BaseExpression | None:
    parent = rule.parent(target)
    if isinstance(parent, cst.AssignTarget):
        statement = rule.parent(parent)
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            return statement.value
    if isinstance(parent, cst.AnnAssign) and parent.target is target:
        return parent.value
    return None


def reaching_value(rule: MigrationRule, name: cst.Name) -> cst.BaseExpression | None:
    """The value of the last plain assignment to ``name`` above its use, if that is knowable."""
    use_line = rule.get_metadata(PositionProvider, name).start.line
    before = [(line, value) for line, value in assigned_values(rule, name) if line < use_line]
    return before[-1][1] if before else None


def numeric_literal(node: cst.BaseExpression) -> float | None:
    if isinstance(node, (cst.Integer, cst.Float)):
        return float(node.evaluated_value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        inner = numeric_literal(node.expression)
        if inner is None:
            return None
        return -inner if isinstance(node.operator, cst.Minus) else inner
    return None


def literal_numbers(node: cst.BaseExpression) -> list[float] | None:
    """All numbers of a (nested) list/tuple literal or a number, else None."""
    single = numeric_literal(node)
    if single is not None:
        return [single]
    if isinstance(node, (cst.List, cst.Tuple)):
        numbers: list[float] = []
        for element in node.elements:
            inner = literal_numbers(element.value)
            if inner is None:
                return None
            numbers.extend(inner)
        return numbers
    return None


def defined_function(rule: MigrationRule, name: cst.Name) -> cst.FunctionDef | None:
    """The one ``def`` that binds ``name`` where it is used, if that is all that binds it."""
    scope = rule.get_metadata(ScopeProvider, name, None)
    if scope is None:
        return None
    assignments = list(scope[name.value])
    if len(assignments) != 1 or not isinstance(assignments[0], Assignment):
        return None
    node = assignments[0].node
    return node if isinstance(node, cst.FunctionDef) else None
