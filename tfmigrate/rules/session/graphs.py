"""The feature "explicit graphs": ``graph = tf.Graph()``, ``with graph.as_default():``, ``tf.Session(graph=graph)``.

    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant([1.0, 4.0])
        roots = tf.sqrt(x)
    with tf.Session(graph=graph) as sess:
        print(sess.run(roots))

TF1 built the block's nodes in ``graph``, and the session ran that graph.
When the graph object is used only that way, it is the graph of its
section: the block's body is read as the section's graph code and
unwrapped, and the ``graph = tf.Graph()`` line and ``graph=`` go (with the
session). ``with tf.Graph().as_default():`` is the same graph without a
name. It converts only when nothing of the section lives in another graph:
every TF call is made in one of the graph's ``as_default()`` blocks or in a
``with tf.Session(graph=graph)`` block (entering a session makes its graph
the default), and every session runs the graph. Any other use of the graph
object (``graph.finalize()``, ``graph.get_operations()``, passing it on), a
session of another graph, a second explicit graph and a TF call that builds
in the default graph are each reported where they are.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from tfmigrate.rules.session.analysis import GraphAnalysis, Unsafe
from tfmigrate.rules.session.tables import GRAPH_RESETS, GRAPH_TYPE, SESSION_TYPES

BY_HAND = "port this graph code by hand"


def is_graph_block(a: GraphAnalysis, block: cst.With) -> bool:
    """``with graph.as_default():`` of a name bound to ``tf.Graph()``, or ``with tf.Graph().as_default():``."""
    if len(block.items) != 1 or block.items[0].asname is not None or not isinstance(block.body, cst.IndentedBlock):
        return False
    call = block.items[0].item
    if not (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute) and
            call.func.attr.value == "as_default"):
        return False
    receiver = call.func.value
    if isinstance(receiver, cst.Call):
        return _makes_graph(a, receiver)
    return isinstance(receiver, cst.Name) and _graph_name(a, receiver.value)


def graph_of(a: GraphAnalysis) -> str | None:
    """The name of the section's explicit graph, when its blocks name one."""
    for block in a.graph_blocks:
        receiver = _receiver(block)
        if isinstance(receiver, cst.Name):
            return receiver.value
    return None


def graph_lines(a: GraphAnalysis) -> list[cst.SimpleStatementLine]:
    """The section's ``graph = tf.Graph()`` lines."""
    name = graph_of(a)
    return [s for s in a.statements if isinstance(s, cst.SimpleStatementLine) and _binds_graph(a, s) == name] \
        if name is not None else []


def explicit_graph_uses(a: GraphAnalysis) -> Iterator[Unsafe]:
    """Every use that puts part of the section in another graph than the one its blocks build."""
    if not a.graph_blocks:
        return
    name = graph_of(a)
    where = f"`with {name}.as_default():`" if name is not None else "`with tf.Graph().as_default():`"
    yield from _other_graphs(a, name)
    if name is not None:
        yield from _object_uses(a, name)
    inside = [*a.graph_blocks, *(use.holder for use in a.sessions if use.in_with and _runs(a, use.call, name))]
    for call in a.session_calls:
        if not _runs(a, call, name) and not _within(a, call, a.graph_blocks):
            yield Unsafe(call, f"this session runs the default graph, not the graph of {where}",
                         f"pass graph={name}" if name is not None else "create the session inside the block")
    for call in a.all(cst.Call):
        callee = a.tf_name(call.func) or ""
        if not callee.startswith("tf.") or callee in SESSION_TYPES or callee in GRAPH_RESETS or _makes_graph(a, call):
            continue
        if not _within(a, call, inside) and not _deferred_code(a, call):
            yield Unsafe(call, f"{callee}() builds in the default graph, outside {where}",
                         f"move it into {where}, or {BY_HAND}")


def _other_graphs(a: GraphAnalysis, name: str | None) -> Iterator[Unsafe]:
    """One explicit graph per section: a second block's graph, or a second ``tf.Graph()``."""
    entered: set[str | None] = set()
    for block in a.graph_blocks:
        receiver = _receiver(block)
        entered.add(receiver.value if isinstance(receiver, cst.Name) else None)
        if (receiver.value if isinstance(receiver, cst.Name) else None) != name:
            yield Unsafe(block, "a second explicit graph in this graph section", BY_HAND)
    for call in a.all(cst.Call):
        statement = a.statement_of(call)
        bound = _binds_graph(a, statement) if statement is not None else None
        if _makes_graph(a, call) and bound not in entered and not any(call is _receiver(b) for b in a.graph_blocks):
            yield Unsafe(call, "a second explicit graph in this graph section", BY_HAND)


def _object_uses(a: GraphAnalysis, name: str) -> Iterator[Unsafe]:
    """The graph object is bound once and only entered with ``as_default()`` or given to a session as ``graph=``."""
    bindings = a.assignments().get(name, [])
    if len(bindings) != 1:
        for node, _ in bindings:
            yield Unsafe(node, f"graph {name!r} is bound {len(bindings)} times", "give each graph its own name")
    blocks = {id(_receiver(block)) for block in a.graph_blocks}
    for access in a.accesses(name, module_level=False):
        parent = a.parent(access)
        if id(access) in blocks:
            continue
        if isinstance(parent, cst.Arg) and parent.keyword is not None and parent.keyword.value == "graph" and \
                any(parent in call.args for call in a.session_calls):
            continue
        yield Unsafe(access, f"graph {name!r} is used beyond `with {name}.as_default():` and "
                     f"`tf.Session(graph={name})`: eager code has no graph object", f"drop this use, or {BY_HAND}")


def _runs(a: GraphAnalysis, session: cst.Call, name: str | None) -> bool:
    """The session is given the graph: ``tf.Session(graph=name)``."""
    return name is not None and any(
        arg.keyword is not None and arg.keyword.value == "graph" and isinstance(arg.value, cst.Name) and
        arg.value.value == name for arg in session.args)


def _receiver(block: cst.With) -> cst.BaseExpression:
    return cst.ensure_type(cst.ensure_type(block.items[0].item, cst.Call).func, cst.Attribute).value


def _within(a: GraphAnalysis, node: cst.CSTNode, blocks: list[cst.CSTNode]) -> bool:
    parent = a.parent(node)
    while parent is not None:
        if any(parent is block for block in blocks):
            return True
        parent = a.parent(parent)
    return False


def _deferred_code(a: GraphAnalysis, node: cst.CSTNode) -> bool:
    """Inside a function, class or lambda: built where it is called, not where it is written."""
    parent = a.parent(node)
    while parent is not None:
        if isinstance(parent, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and parent is not a.function:
            return True
        parent = a.parent(parent)
    return False


def _makes_graph(a: GraphAnalysis, node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and a.tf_name(node.func) == GRAPH_TYPE and not node.args


def _graph_name(a: GraphAnalysis, name: str) -> bool:
    """Every binding of the name is a module-level ``name = tf.Graph()``."""
    values = [value for _, value in a.assignments().get(name, [])]
    return bool(values) and all(value is not None and _makes_graph(a, value) for value in values)


def _binds_graph(a: GraphAnalysis, statement: cst.SimpleStatementLine) -> str | None:
    """``name = tf.Graph()`` on a line of its own: the name."""
    small = statement.body[0] if len(statement.body) == 1 else None
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name) \
            and _makes_graph(a, small.value):
        return small.targets[0].target.value
    return None

