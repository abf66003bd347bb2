"""Checks on a graph section: each yields every use that eager code cannot reproduce faithfully.

All checks run, and every use they yield is reported: a refusal lists all
of its causes at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import libcst as cst

from tfmigrate.rules.dataflow import numeric_literal
from tfmigrate.rules.session.analysis import GraphAnalysis, Unsafe, runs_graph
from tfmigrate.rules.session.datasets import iterators_in_order
from tfmigrate.rules.session.graphs import explicit_graph_uses
from tfmigrate.rules.session.summaries import is_gathered
from tfmigrate.rules.session.runs import named_feed_dict
from tfmigrate.rules.session.syntax import names_in, root_name, target_names, walk
from tfmigrate.rules.session.tables import (
    GET_VARIABLE,
    GRAPH_ONLY_ATTRIBUTES,
    LAYER_FUNCTIONS,
    MUTATING_METHODS,
    SAVER,
    VARIABLE_LISTS,
)

STEP_METHODS = frozenset({"minimize", "compute_gradients", "apply_gradients"})
CREATES_VARIABLES = LAYER_FUNCTIONS | {GET_VARIABLE}

Check = Callable[[GraphAnalysis], Iterator[Unsafe]]


def defined_once(a: GraphAnalysis) -> Iterator[Unsafe]:
    """A recomputed tensor becomes a function: one name, one definition per graph section."""
    definitions = {**{n: d.statement for n, d in a.deferred.items()}, **{n: op.statement for n, op in a.train_ops.items()}}
    for name, call in a.placeholders.items():
        statement = a.statement_of(call)
        if statement is not None:
            definitions[name] = statement
    for name, statement in definitions.items():
        built_in_steps = len(a.deferred[name].prelude) if name in a.deferred else 0
        loop = a.deferred[name].loop if name in a.deferred else None
        started = 1 if loop is not None and loop.carried_from is not None else 0  # its variable before the loop
        if len(a.assignments().get(name, [])) != 1 + built_in_steps + started:
            yield Unsafe(statement, f"{name!r} is assigned more than once in a graph that must be recomputed",
                         "give each tensor its own name")


def graph_used_inside_runs(a: GraphAnalysis) -> Iterator[Unsafe]:
    """Placeholders and recomputed tensors are only read by runs; the graph is built at module level."""
    if not a.stateful:
        return
    for statement in a.statements:
        if isinstance(statement, cst.SimpleStatementLine) and (_defines_graph_name(a, statement) or
                                                               _unpacking(statement) is not None):
            continue  # an unpacking line that is not recomputed is reported by unpacked_results_computed_once
        if is_gathered(a, statement):
            continue  # read where the merged summary runs (summaries.py)
        if id(statement) in a.loops:
            continue  # a loop that rebuilds one tensor pass by pass (loops.py)
        if isinstance(statement, cst.SimpleStatementLine):
            yield from _uses_outside_runs(a, statement)
            continue
        yield from _graph_code_in_block(a, statement)
        for call in walk(statement, cst.Call):
            callee = a.tf_name(call.func)
            if callee == "tf.placeholder" or (callee or "").endswith("Optimizer") or callee in CREATES_VARIABLES:
                yield Unsafe(call, f"{callee} inside a compound statement", "build the graph at module level")
            elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "minimize":
                yield Unsafe(call, "minimize() inside a compound statement", "build the graph at module level")


def _defines_graph_name(a: GraphAnalysis, statement: cst.SimpleStatementLine) -> bool:
    small = statement.body[0]
    if not (len(statement.body) == 1 and isinstance(small, cst.Assign) and len(small.targets) == 1):
        return False
    target = small.targets[0].target
    if _unpacks_deferred(a, small):
        return True
    if not isinstance(target, cst.Name) or runs_graph(small.value):
        return False
    name = target.value
    return name in a.deferred or name in a.train_ops or name in a.placeholders or name in a.optimizers or name in a.variables


def _uses_outside_runs(a: GraphAnalysis, statement: cst.CSTNode) -> Iterator[Unsafe]:
    for name in names_in(statement):
        if (name.value in a.placeholders or name.value in a.deferred) and not _is_session_use(a, name) and \
                not a.is_printed_placeholder(name):
            yield Unsafe(name, f"{name.value} is used outside the graph and its runs", "use it inside sess.run")


def _graph_code_in_block(a: GraphAnalysis, block: cst.BaseCompoundStatement) -> Iterator[Unsafe]:
    """Graph names read inside a module-level block: by a tensor built there, or outside any run."""
    kind = {cst.For: "for loop", cst.While: "while loop", cst.If: "if block", cst.With: "with block",
            cst.Try: "try block"}.get(type(block), "block")
    for unsafe in _uses_outside_runs(a, block):
        line = a.statement_of(unsafe.node)
        small = line.body[0] if line is not None and len(line.body) == 1 else None
        if isinstance(small, cst.Assign) and not runs_graph(small.value):
            name = cst.ensure_type(unsafe.node, cst.Name).value
            yield Unsafe(unsafe.node, f"{name} is read by a tensor built inside a module-level {kind}",
                         "build the tensor at module level (a for loop converts when it only makes variables and "
                         "rebuilds one tensor from them)")
        else:
            yield unsafe


def _is_session_use(a: GraphAnalysis, name: cst.Name) -> bool:
    """Fetched or fed in ``sess.run(...)``, or the receiver or a feed of ``t.eval()``/``op.run()``.

    A key of ``feed = {x: ...}`` is a feed too when a run takes ``feed`` as its feeds.
    """
    if _keys_named_feeds(a, name):
        return True
    node: cst.CSTNode = name
    while True:
        parent = a.parent(node)
        if parent is None or isinstance(parent, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return False
        if isinstance(parent, cst.Call) and isinstance(parent.func, cst.Attribute) and parent.func.attr.value in ("run", "eval"):
            return True
        node = parent


def _keys_named_feeds(a: GraphAnalysis, name: cst.Name) -> bool:
    element = a.parent(name)
    if not (isinstance(element, cst.DictElement) and element.key is name):
        return False
    assign = a.parent(a.parent(element))
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name)):
        return False
    bound = assign.targets[0].target.value
    return any(_is_method_call(call, ("run",)) and (fed := named_feed_dict(a, call.args)) is not None
               and fed.value == bound for call in a.all(cst.Call))


def _is_method_call(call: cst.Call, methods: tuple[str, ...]) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value in methods


def graph_only_attributes(a: GraphAnalysis) -> Iterator[Unsafe]:
    """``t.name``, ``t.op``, ``t.graph``: eager tensors have none of them."""
    for node in a.all(cst.Attribute):
        if node.attr.value not in GRAPH_ONLY_ATTRIBUTES or not isinstance(node.value, cst.Name):
            continue
        receiver = node.value.value
        if receiver in a.placeholders or receiver in a.deferred or a.is_tensor(node.value):
            yield Unsafe(node, f"{receiver}.{node.attr.value} exists only for graph tensors",
                         f"drop the use of .{node.attr.value}")


def optimizers_only_minimize(a: GraphAnalysis) -> Iterator[Unsafe]:
    """A converted optimizer is a Keras one: only its minimize() and gradient calls were rewritten for it."""
    converted = {id(op.statement) for op in a.train_ops.values()}
    converted |= {id(d.statement) for d in a.deferred.values() if d.gradients is not None}
    for name in a.optimizers:
        for access in a.accesses(name):
            parent = a.parent(access)
            statement = a.statement_of(access)
            is_step = isinstance(parent, cst.Attribute) and parent.attr.value in STEP_METHODS
            if not (is_step and statement is not None and id(statement) in converted):
                yield Unsafe(access, f"optimizer {name!r} is used for more than minimize()",
                             "write the step with tf.GradientTape and a Keras optimizer")


def captured_values_not_mutated(a: GraphAnalysis) -> Iterator[Unsafe]:
    """A recomputed tensor reads Python values when called; TF1 read them once, when the graph was built."""
    reported: set[int] = set()
    for deferred in a.deferred.values():
        for name in names_in(deferred.value):
            if a.is_graph_name(name.value):
                continue
            for mutation in _in_place_changes(a, name.value):
                if id(mutation) not in reported:
                    reported.add(id(mutation))
                    yield Unsafe(mutation, f"{name.value!r} changes in place after the graph read it",
                                 f"copy {name.value} before the graph reads it, or compute the tensor from the copy")


def _in_place_changes(a: GraphAnalysis, name: str) -> Iterator[cst.CSTNode]:
    """``x[i] = v``, ``x += v`` (unless x is a number), ``x.append(v)``: the same object, changed."""
    for node in a.all(cst.AssignTarget):
        if isinstance(node.target, (cst.Subscript, cst.Attribute)) and root_name(node.target) == name:
            yield node
    numeric = _only_numbers(a, name)
    for node in a.all(cst.AugAssign):
        if isinstance(node.target, cst.Name) and node.target.value == name and not numeric:
            yield node
        if isinstance(node.target, (cst.Subscript, cst.Attribute)) and root_name(node.target) == name:
            yield node
    for call in a.all(cst.Call):
        func = call.func
        if (isinstance(func, cst.Attribute) and func.attr.value in MUTATING_METHODS
                and isinstance(func.value, cst.Name) and func.value.value == name):
            yield call


def _only_numbers(a: GraphAnalysis, name: str) -> bool:
    """Every plain assignment of the name is a number literal (rebinding, never mutation)."""
    values = [v for _, v in a.assignments().get(name, []) if v is not None]
    return bool(values) and all(numeric_literal(v) is not None for v in values)


def summaries_not_recomputed(a: GraphAnalysis) -> Iterator[Unsafe]:
    """A TF1 summary op bound to a name would be recomputed as a TF 2 summary op, which writes instead of returning."""
    for deferred in a.deferred.values():
        for call in walk(deferred.value, cst.Call):
            if (a.tf_name(call.func) or "").startswith("tf.summary."):
                yield Unsafe(call, f"{a.tf_name(call.func)} is bound to {deferred.name!r}: only summaries gathered "
                             "by tf.summary.merge_all() and written by add_summary() convert",
                             "write TF 2 summaries by hand: tf.summary.scalar(name, value, step=step) inside "
                             "writer.as_default()")


def variables_listed_once_made(a: GraphAnalysis) -> Iterator[Unsafe]:
    """Variables made on each pass of a loop have one name for several variables: no list or saver names them."""
    if not a.loops:
        return
    for call in a.all(cst.Call):
        callee = a.tf_name(call.func)
        if callee in VARIABLE_LISTS or callee == SAVER:
            yield Unsafe(call, f"{callee}() lists variables made in a module-level for loop, one name for several",
                         "list the variables by hand")


def fed_tensors_only_recomputed(a: GraphAnalysis) -> Iterator[Unsafe]:
    """A fed tensor is a parameter with a default of the functions that recompute; steps and loops have none."""
    for deferred in a.deferred.values():
        fed = [p for p in deferred.params if p in a.fed_tensors]
        if fed and deferred.loop is not None:
            yield Unsafe(deferred.statement, f"{deferred.name!r}, rebuilt by a module-level for loop, reads the fed "
                         f"tensor {fed[0]!r}", f"make {fed[0]} a tf.placeholder")
    for op in a.train_ops.values():
        fed = [p for p in a.deferred[op.loss].params if p in a.fed_tensors] if op.loss in a.deferred else []
        if fed:
            yield Unsafe(op.statement, f"the training op {op.name!r} minimizes a loss that reads the fed tensor "
                         f"{fed[0]!r}", f"make {fed[0]} a tf.placeholder")


def draws_once_per_run(a: GraphAnalysis) -> Iterator[Unsafe]:
    """TF1 drew each random op once per run; a function that calls another's draw twice draws twice."""
    for deferred in a.deferred.values():
        twice = {source: times for source, times in a.draws_per_call(deferred.name).items() if times > 1}
        for source, times in twice.items():
            yield Unsafe(deferred.statement, f"{deferred.name!r} reads {source!r} along {times} paths, and {source} "
                         "draws (a random op or get_next()): TF1 drew once per run, eager code would draw each time",
                         f"compute what {deferred.name} needs from {source} in one tensor, or write it by hand")


def _unpacks_deferred(a: GraphAnalysis, small: cst.Assign) -> bool:
    """``a, b = call(...)`` whose names are recomputed tensors (``_`` names none)."""
    names = [n.value for target in small.targets for n in target_names(target.target)]
    return isinstance(small.targets[0].target, (cst.Tuple, cst.List)) and any(n in a.deferred for n in names) and \
        all(n in a.deferred and a.deferred[n].unpacked is not None or n == "_" for n in names)


def unpacked_results_computed_once(a: GraphAnalysis) -> Iterator[Unsafe]:
    """``a, b = f(w)`` over graph values that no rule recomputes per run (a draw, a list): computed once."""
    if not a.stateful:
        return
    for statement in a.statements:
        small = _unpacking(statement)
        if small is None or _unpacks_deferred(a, small):
            continue
        names = ", ".join(n.value for n in target_names(small.targets[0].target))
        if a.draws(small.value) or a.expression_random_sources(small.value):
            yield Unsafe(small.targets[0], f"{names} are unpacked from a draw (a random op or get_next()): a function "
                         "per name would draw once per name, TF1 drew once per run",
                         "compute what reads them from one tensor holding the whole result, or write it by hand")
        elif a.expression_depends_on(small.value):
            yield Unsafe(small.targets[0], f"{names} are unpacked from values a run can change, and not one tensor "
                         "each: eager code would compute them once", "bind the result to one name and index it "
                         "(`parts = ...`, `a = parts[0]`)")


def _unpacking(statement: cst.CSTNode) -> cst.Assign | None:
    """``a, b = value`` on a line of its own, the value built from the graph (not fetched from it)."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and \
            isinstance(small.targets[0].target, (cst.Tuple, cst.List)) and not runs_graph(small.value):
        return small
    return None


CHECKS: tuple[Check, ...] = (
    defined_once,
    graph_used_inside_runs,
    graph_only_attributes,
    optimizers_only_minimize,
    captured_values_not_mutated,
    summaries_not_recomputed,
    variables_listed_once_made,
    fed_tensors_only_recomputed,
    unpacked_results_computed_once,
    explicit_graph_uses,
    draws_once_per_run,
    iterators_in_order,
)
