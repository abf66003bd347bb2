"""The feature "graph functions": a module-level helper that builds its own graph and runs it in its own session.

    def train(x_data, y_data, lr=0.2):
        x = tf.placeholder(tf.float32, [None])
        w = tf.Variable(0.0)
        loss = tf.reduce_mean(tf.square(w * x - x_data))
        step = tf.train.GradientDescentOptimizer(lr).minimize(loss)
        with tf.Session() as sess:
            ...
            return sess.run([w, loss], feed_dict={x: x_data})

Such a function is a graph section of its own: its body is scanned,
checked and planned like module-level graph code, so its placeholders
become parameters of the functions that recompute its tensors, nested
in the helper. The module's sections leave its lines to it.

It qualifies only when eager code provably computes what TF1 computed:
the helper is called once, by a module-level line outside any loop (a
second call would add a second set of nodes to the same default graph,
where ``tf.get_variable`` raises and random ops draw with other seeds);
it reads no graph name of the module (its graph is its own); it reaches
no graph-wide state (collections, the default graph, resets); and it has
no decorators. A helper that does not qualify stays in the module's
section, which reports why beside each graph use its checks find inside.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst
from libcst.metadata import PositionProvider, ScopeProvider

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import Unsafe
from tfmigrate.rules.session.syntax import walk
from tfmigrate.rules.session.tables import GRAPH_RESETS, GRAPH_WIDE, SESSION_TYPES

# Calls that make a helper's body graph code of its own (not only a user of the module's graph).
BUILDS_GRAPH = frozenset({"tf.placeholder", "tf.Variable", "tf.get_variable"})
AT_MODULE_LEVEL = "build the graph at module level"


def graph_functions(rule: MigrationRule, module: cst.Module,
                    module_graph: set[str]) -> tuple[list[cst.FunctionDef], dict[int, list[Unsafe]]]:
    """The module-level helpers that build and run a graph of their own and qualify, and why the others do not.

    ``module_graph`` holds the names the module's own graph code binds; a
    helper that reads one of them shares the module's graph. The reasons
    are keyed by the id of the helper's ``def``: the module's section that
    holds it reports them beside its own findings.
    """
    qualified: list[cst.FunctionDef] = []
    blocked: dict[int, list[Unsafe]] = {}
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and _builds_and_runs(rule, statement):
            reasons = list(_blockers(rule, statement, module_graph))
            if reasons:
                blocked[id(statement)] = reasons
            else:
                qualified.append(statement)
    return qualified, blocked


def function_span(rule: MigrationRule, function: cst.FunctionDef) -> tuple[int, int]:
    position = rule.get_metadata(PositionProvider, function)
    return position.start.line, position.end.line


def _builds_and_runs(rule: MigrationRule, function: cst.FunctionDef) -> bool:
    """The helper creates a session and graph nodes (placeholders, variables, an optimizer) of its own."""
    called = [rule.tf_name(call.func) or "" for call in walk(function.body, cst.Call)]
    return any(name in SESSION_TYPES for name in called) and any(
        name in BUILDS_GRAPH or (name.startswith("tf.train.") and name.endswith("Optimizer")) for name in called)


def _blockers(rule: MigrationRule, function: cst.FunctionDef, module_graph: set[str]) -> Iterator[Unsafe]:
    """Every use that keeps the helper's graph from being a section of its own."""
    name = function.name.value
    if function.decorators or not isinstance(function.body, cst.IndentedBlock):
        yield Unsafe(function.name, f"helper {name}() builds and runs its own graph but is decorated", AT_MODULE_LEVEL)
        return
    for call in walk(function.body, cst.Call):
        callee = rule.tf_name(call.func) or ""
        if callee in GRAPH_WIDE or callee in GRAPH_RESETS:
            yield Unsafe(call, f"helper {name}() builds its own graph but {callee}() reaches the whole default graph",
                         AT_MODULE_LEVEL)
    for read in _module_graph_reads(rule, function, module_graph):
        yield Unsafe(read, f"helper {name}() builds its own graph but reads {read.value!r} of the module's graph",
                     f"build {read.value} inside the helper, or {AT_MODULE_LEVEL}")
    uses = [node for node in rule.facts.all(cst.Name)
            if node.value == name and node is not function.name and not _is_label(rule, node)]
    if len(uses) != 1:
        for use in uses or [function.name]:
            yield Unsafe(use, f"helper {name}() builds and runs its own graph but is used {len(uses)} times, "
                         "not called once", f"call it once, or {AT_MODULE_LEVEL}")
    elif not _runs_once(rule, uses[0]):
        yield Unsafe(uses[0], f"helper {name}() builds and runs its own graph but this use is not one call that "
                     "runs once (a loop, a function, or not a call)",
                     f"call it once from a module-level line outside loops, or {AT_MODULE_LEVEL}")


def _module_graph_reads(rule: MigrationRule, function: cst.FunctionDef, module_graph: set[str]) -> list[cst.Name]:
    """Names of the module's graph read inside the helper, where the helper does not bind them itself."""
    body = cst.ensure_type(function.body, cst.IndentedBlock)
    scope = rule.get_metadata(ScopeProvider, body.body[0], None)
    local = {param.name.value for param in _params(function)}
    if scope is not None:
        local |= {name for name in module_graph if any(a.scope is scope for a in scope.assignments[name])}
    return [name for name in walk(body, cst.Name)
            if name.value in module_graph and name.value not in local and not _is_label(rule, name)]


def _params(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    return [*p.posonly_params, *p.params, *p.kwonly_params,
            *([p.star_arg] if isinstance(p.star_arg, cst.Param) else []),
            *([p.star_kwarg] if p.star_kwarg is not None else [])]


def _is_label(rule: MigrationRule, node: cst.Name) -> bool:
    """An attribute's tail, a keyword's name, a binding: text that reads no variable."""
    parent = rule.parent(node)
    return (isinstance(parent, cst.Attribute) and parent.attr is node) or \
        (isinstance(parent, cst.Arg) and parent.keyword is node) or isinstance(parent, (cst.AssignTarget, cst.Param))


def _runs_once(rule: MigrationRule, use: cst.Name) -> bool:
    """The function of a call outside any loop, function or comprehension: it runs at most once."""
    call = rule.parent(use)
    if not (isinstance(call, cst.Call) and call.func is use):
        return False
    node = rule.parent(call)
    while node is not None and not isinstance(node, cst.Module):
        if isinstance(node, (cst.For, cst.While, cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp,
                             cst.DictComp, cst.GeneratorExp)):
            return False
        node = rule.parent(node)
    return node is not None
