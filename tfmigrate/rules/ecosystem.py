"""Editing a migrated module's imports: another package's module (absl, tf_slim) in, unused TF names out.

Emitted code reaches ``absl.flags`` as ``flags`` (``from absl import flags``),
as absl's own examples do, unless the module already uses that name for
something else; then as ``absl_flags``. A name already bound to the wanted
module is reused.
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import GlobalScope, QualifiedNameProvider, ScopeProvider

from tfmigrate.rules.base import MigrationRule

_KEY = "tfmigrate.ecosystem_names"  # (package, module) -> the local name chosen for this file


def global_scope(rule: MigrationRule) -> GlobalScope | None:
    modules = rule.facts.all(cst.Module)
    if not modules:
        return None
    scope = rule.get_metadata(ScopeProvider, modules[0], None)
    return scope if isinstance(scope, GlobalScope) else None


def _bound_to(scope: GlobalScope, name: str, dotted: str) -> bool:
    """Whether ``name`` is only ever bound to the module ``dotted``."""
    qualified = {q.name for q in scope.get_qualified_names_for(name)}
    return qualified == {dotted}


def is_free(rule: MigrationRule, name: str, *, except_node: cst.CSTNode | None = None) -> bool:
    """No global binding of ``name`` other than ``except_node`` (an assignment the rule removes)."""
    scope = global_scope(rule)
    if scope is None:
        return False
    others = [a for a in scope.assignments[name] if getattr(a, "node", None) is not except_node]
    return not others


def import_module(
    rule: MigrationRule, package: str, module: str | None, *, at: cst.CSTNode, asname: str | None = None
) -> str | None:
    """The local name under which code at ``at`` reaches ``package.module`` (or ``package``); registers its import.

    None when neither ``module`` nor ``package_module`` is free, or a function around ``at`` hides it.
    """
    chosen: dict[tuple[str, str], str] = rule.context.scratch.setdefault(_KEY, {})
    key = (package, module)
    if key in chosen and asname is None:
        return None if shadowed(rule, at, chosen[key]) else chosen[key]
    scope = global_scope(rule)
    if scope is None:
        return None
    dotted = f"{package}.{module}" if module else package
    if asname is None:
        # The second choice must be a plain name too: tfmigrate.support's x becomes tfmigrate_support_x.
        for candidate in (module, f"{package.replace('.', '_')}_{module}") if module else (package,):
            if _bound_to(scope, candidate, dotted) or candidate not in scope:
                asname = candidate
                break
        else:
            return None
    if shadowed(rule, at, asname):
        return None
    if not _bound_to(scope, asname, dotted):
        plain = asname == (module or package)
        AddImportsVisitor.add_needed_import(rule.context, package, module, asname=None if plain else asname)
    chosen[key] = asname
    return asname


def shadowed(rule: MigrationRule, node: cst.CSTNode, local: str) -> bool:
    """Whether a function or class around ``node`` binds ``local`` itself, hiding the module-level import."""
    scope = rule.get_metadata(ScopeProvider, node, None)
    while scope is not None and not isinstance(scope, GlobalScope):
        if local in scope.assignments:
            return True
        scope = scope.parent
    return False


def attribute(local: str, *names: str) -> cst.BaseExpression:
    """``local.a.b`` as an expression."""
    node: cst.BaseExpression = cst.Name(local)
    for name in names:
        node = cst.Attribute(node, cst.Name(name))
    return node


#: ``name=value`` as emitted code writes it (no spaces)
KEYWORD_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def alias_statements(rule: MigrationRule, module: cst.Module, tf_names: tuple[str, ...]) -> dict[cst.CSTNode, str]:
    """Module-level ``x = tf.app.flags`` lines for the given TF modules, whose ``x`` nothing else binds."""
    found: dict[cst.CSTNode, str] = {}
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        assign = statement.body[0]
        if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
            continue
        target = assign.targets[0].target
        if isinstance(target, cst.Name) and rule.tf_name(assign.value) in tf_names \
                and is_free(rule, target.value, except_node=target):
            found[statement] = target.value
    return found


def statement_of(rule: MigrationRule, node: cst.CSTNode) -> cst.CSTNode | None:
    """The simple statement line an *original* node is in."""
    parent = rule.parent(node)
    while parent is not None and not isinstance(parent, cst.SimpleStatementLine):
        parent = rule.parent(parent)
    return parent


def drop_from_import(rule: MigrationRule, name: cst.Name) -> None:
    """Remove ``from tensorflow import <name>`` once nothing uses it (TF 2 may not have the name)."""
    for qualified in rule.get_metadata(QualifiedNameProvider, name, set()):
        module, _, obj = qualified.name.rpartition(".")
        RemoveImportsVisitor.remove_unused_import(rule.context, module, obj, asname=None if obj == name.value else name.value)
