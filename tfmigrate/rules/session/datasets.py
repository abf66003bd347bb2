"""The feature "dataset iterators": a one-shot iterator whose ``get_next()`` is run, as eager iteration.

    iterator = tf.data.Dataset.range(10).batch(4).make_one_shot_iterator()
    next_batch = iterator.get_next()
    sess = tf.Session()
    while True:
        try:
            print(sess.run(next_batch))
        except tf.errors.OutOfRangeError:
            break

Each TF1 run of ``next_batch`` took the next element. Eagerly,
``iterator = iter(dataset)`` and ``next_batch`` becomes a function that
returns ``iterator.get_next()``, which gives the elements in the same
order and raises the same ``tf.errors.OutOfRangeError`` at the end. Like a
random draw, ``get_next()`` gives a new value per call where TF1 gave one
per run, so the draw checks (one call per run) apply to it: a tensor that
reads the element twice (``batch[0]``, ``batch[1]``) calls it once, into a
local.

It converts only when the order of elements is provably the one TF1 had:
the dataset is built, on lines of its own, from ``from_tensor_slices``,
``from_tensors`` or ``range`` by methods that keep a fixed order (``map``
and ``filter`` with functions that draw nothing, ``batch``, ``repeat``,
``take``, ...), and the iterator is bound once and read by one
``get_next()`` line. ``shuffle``, any other method or source, and any
other use of the iterator are reported, each where it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

from tfmigrate.rules.session.analysis import GraphAnalysis, Unsafe
from tfmigrate.rules.session.syntax import names_in, walk
from tfmigrate.rules.session.tables import RANDOM_OPS

ONE_SHOT_FUNCTIONS = frozenset({"tf.data.make_one_shot_iterator", "tf.compat.v1.data.make_one_shot_iterator"})
SOURCES = frozenset({"tf.data.Dataset.from_tensor_slices", "tf.data.Dataset.from_tensors", "tf.data.Dataset.range"})
# Dataset methods whose output order follows their input's (map keeps it unless told otherwise).
ORDERED_METHODS = frozenset({"map", "filter", "batch", "padded_batch", "unbatch", "repeat", "take", "skip",
                             "prefetch", "cache", "flat_map"})
# Their arguments that are functions the dataset calls per element.
FUNCTION_METHODS = frozenset({"map", "filter", "flat_map"})
BY_HAND = "iterate the dataset by hand (for element in dataset:)"


@dataclasses.dataclass
class IteratorCall:
    """``dataset.make_one_shot_iterator()`` as ``iter(dataset)``; ``method``: the dataset is the receiver."""

    method: bool


def one_shot_dataset(a: GraphAnalysis, value: cst.BaseExpression) -> cst.BaseExpression | None:
    """The dataset of ``dataset.make_one_shot_iterator()`` or ``tf.data.make_one_shot_iterator(dataset)``."""
    if not isinstance(value, cst.Call):
        return None
    if isinstance(value.func, cst.Attribute) and value.func.attr.value == "make_one_shot_iterator" and not value.args:
        return value.func.value
    if a.tf_name(value.func) in ONE_SHOT_FUNCTIONS and len(value.args) == 1 and value.args[0].keyword is None:
        return value.args[0].value
    return None


def is_dataset(a: GraphAnalysis, value: cst.BaseExpression) -> bool:
    """A ``tf.data.Dataset`` pipeline: no tensor, but what an iterator reads (its draws are judged there)."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute):
        if (a.tf_name(value.func) or "").startswith("tf.data.Dataset."):
            return True
        value = value.func.value
    return False


def iterators_in_order(a: GraphAnalysis) -> Iterator[Unsafe]:
    """Every use that keeps an iterator's elements from being the ones TF1 gave, in its order."""
    bound = {id(call) for call in a.iterators.values()}
    for call in a.all(cst.Call):
        if id(call) not in bound and one_shot_dataset(a, call) is not None:
            yield Unsafe(call, "a one-shot iterator not bound to a name on a module-level line of its own",
                         f"write `iterator = dataset.make_one_shot_iterator()` on its own line, or {BY_HAND}")
    for name, call in a.iterators.items():
        if len(a.assignments().get(name, [])) != 1:
            yield Unsafe(call, f"iterator {name!r} is bound more than once", "give each iterator its own name")
        reads = list(a.accesses(name, module_level=False))
        first = next((read for read in reads if _get_next_line(a, read)), None)
        for read in reads:
            if read is not first:
                yield Unsafe(read, f"iterator {name!r} is used other than by one `x = {name}.get_next()` line",
                             f"read the iterator through one get_next() line, or {BY_HAND}")
        dataset = one_shot_dataset(a, call)
        if dataset is not None:
            yield from _order_blockers(a, dataset, set())


def plan_iterator(a: GraphAnalysis, name: str) -> tuple[cst.Call, IteratorCall]:
    call = cst.ensure_type(a.iterators[name], cst.Call)
    return call, IteratorCall(method=isinstance(call.func, cst.Attribute) and not call.args)


def emit_iterator(decided: IteratorCall, updated: cst.Call) -> cst.Call:
    dataset = cst.ensure_type(updated.func, cst.Attribute).value if decided.method else updated.args[0].value
    return cst.Call(cst.Name("iter"), [cst.Arg(dataset)])


def _get_next_line(a: GraphAnalysis, read: cst.Name) -> bool:
    """``x = iterator.get_next()`` read as a recomputed tensor of the section."""
    method = a.parent(read)
    call = a.parent(method) if isinstance(method, cst.Attribute) else None
    statement = a.statement_of(read)
    small = statement.body[0] if statement is not None and len(statement.body) == 1 else None
    return isinstance(call, cst.Call) and a.is_get_next(call) and isinstance(small, cst.Assign) and \
        small.value is call and any(d.statement is statement for d in a.deferred.values())


def _order_blockers(a: GraphAnalysis, dataset: cst.BaseExpression, seen: set[str]) -> Iterator[Unsafe]:
    """Why the dataset's elements may come in another order (or be others) than TF1's; nothing when none."""
    if isinstance(dataset, cst.Name):
        values = [value for _, value in a.assignments().get(dataset.value, [])]
        if len(values) != 1 or values[0] is None or dataset.value in seen:
            yield Unsafe(dataset, f"the dataset {dataset.value!r} is not bound once, on a line of its own", BY_HAND)
            return
        yield from _order_blockers(a, values[0], seen | {dataset.value})
        return
    if not isinstance(dataset, cst.Call):
        yield Unsafe(dataset, "the dataset is not built by tf.data calls the converter can follow", BY_HAND)
        return
    if a.tf_name(dataset.func) in SOURCES:
        for name in names_in(dataset):
            if a.is_graph_name(name.value):
                yield Unsafe(name, f"the dataset is built from the graph value {name.value!r}, which TF1's one-shot "
                             "iterator cannot capture", BY_HAND)
        return
    func = dataset.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in ORDERED_METHODS:
        what = func.attr.value if isinstance(func, cst.Attribute) else a.tf_name(func) or "this call"
        yield Unsafe(dataset, f"dataset {what}() may give other elements or another order eagerly than in TF1",
                     BY_HAND)
        return
    if func.attr.value in FUNCTION_METHODS:
        for arg in dataset.args:
            if arg.keyword is None or arg.keyword.value in ("map_func", "predicate"):
                yield from _function_blockers(a, arg.value)
    yield from _order_blockers(a, func.value, seen)


def _function_blockers(a: GraphAnalysis, function: cst.BaseExpression) -> Iterator[Unsafe]:
    """A function the dataset calls per element: a lambda or a module-level def that draws nothing."""
    body: cst.CSTNode | None = function if isinstance(function, cst.Lambda) else None
    if isinstance(function, cst.Name):
        defs = [d for d in a.module.body if isinstance(d, cst.FunctionDef) and d.name.value == function.value]
        body = defs[0] if len(defs) == 1 else None
    if body is None:
        yield Unsafe(function, "a dataset function the converter cannot read", f"pass a lambda, or {BY_HAND}")
        return
    for call in walk(body, cst.Call):
        if a.tf_name(call.func) in RANDOM_OPS:
            yield Unsafe(call, f"{a.tf_name(call.func)} draws inside a dataset function: eager code draws "
                         "other numbers than the TF1 iterator", BY_HAND)
