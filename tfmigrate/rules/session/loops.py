"""The feature "graph loops": a module-level ``for`` loop that makes variables and rebuilds one tensor on each pass.

    Y_pred = tf.Variable(tf.random_normal([1]))
    for pow_i in range(1, 4):
        W = tf.Variable(tf.random_normal([1]))
        Y_pred = tf.add(tf.multiply(tf.pow(X, pow_i), W), Y_pred)

TF1 ran the loop once, when the graph was built: three variables, and a
chain of three additions that every run of the graph computes again. The
loop stays, so the variables are made once, in the same order; each pass
records what it gave the tensor (its loop values and the variables it
made), and the tensor becomes a function of the placeholders that replays
the passes, starting from the value the name held before the loop:

    Y_pred = tf.Variable(tf.random.normal([1]))
    Y_pred_passes = []
    for pow_i in range(1, 4):
        W = tf.Variable(tf.random.normal([1]))
        Y_pred_passes.append((pow_i, W))
    def Y_pred(X, Y_pred=Y_pred):
        X = tf.convert_to_tensor(X, tf.float32)
        for pow_i, W in Y_pred_passes:
            Y_pred = tf.add(tf.multiply(tf.pow(X, pow_i), W), Y_pred)
        return Y_pred

The scan (``scan.py``) takes only loops whose body is made of such lines
(variables that read no graph name, and one tensor rebuilt from graph
names); any other loop that touches the graph is reported by the checks.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import Deferred, GraphAnalysis
from tfmigrate.rules.session.syntax import assign, tight_equal


@dataclasses.dataclass
class LoopDef:
    """The loop kept with a record of each pass, then ``def name(params, ...)`` replaying the passes."""

    deferred: Deferred
    converted: list[tuple[str, cst.BaseExpression | None]]  # placeholders it reads directly, with their dtype
    frozen: list[str]  # Python names bound again later: their value when the graph was built
    passes: str  # the list each pass is recorded in
    #: the rebuilt line as rewritten (one element); filled while the module is rewritten
    prelude_code: list[cst.SimpleStatementLine] = dataclasses.field(default_factory=list)


def plan_loop(a: GraphAnalysis, deferred: Deferred, converted: list[tuple[str, cst.BaseExpression | None]],
              frozen: list[str]) -> LoopDef:
    assert deferred.loop is not None
    carried = set(deferred.loop.carried)
    taken = {node.value for node in a.rule.facts.all(cst.Name)}
    passes = next(name for name in (f"{deferred.name}_passes", *(f"{deferred.name}_passes_{i}" for i in range(1000)))
                  if name not in taken)
    return LoopDef(deferred, converted, [name for name in frozen if name not in carried], passes)


def emit_loop(rule: MigrationRule, decided: LoopDef, updated: cst.For,
              inserted: set[int]) -> list[cst.BaseStatement]:
    """``passes = []``, the loop recording each pass, and the function that replays them."""
    loop = decided.deferred.loop
    assert loop is not None
    record = _carried(loop.carried, parenthesized=True)
    block = cst.ensure_type(updated.body, cst.IndentedBlock)
    appended = cst.SimpleStatementLine([cst.Expr(cst.Call(
        cst.Attribute(cst.Name(decided.passes), cst.Name("append")), [cst.Arg(record)]))])
    kept = [line for line in block.body if id(line) not in inserted] + [appended]
    start = assign([cst.Name(decided.passes)], cst.List([])).with_changes(leading_lines=updated.leading_lines)
    recording = updated.with_changes(body=block.with_changes(body=kept), leading_lines=())
    return [start, recording, _replay(rule, decided)]


def _replay(rule: MigrationRule, decided: LoopDef) -> cst.FunctionDef:
    deferred = decided.deferred
    loop = deferred.loop
    assert loop is not None
    body: list[cst.BaseStatement] = []
    for param, dtype in decided.converted:
        args = [cst.Arg(cst.Name(param))] + ([cst.Arg(dtype)] if dtype is not None else [])
        body.append(assign([cst.Name(param)], cst.Call(rule.spell("tf.convert_to_tensor"), args)))
    rebuilt = [line.with_changes(leading_lines=()) for line in decided.prelude_code]
    body.append(cst.For(target=_carried(loop.carried, parenthesized=False) if loop.carried else cst.Name("_"),
                        iter=cst.Name(decided.passes), body=cst.IndentedBlock(rebuilt)))
    body.append(cst.SimpleStatementLine([cst.Return(cst.Name(deferred.name))]))
    defaults = [*decided.frozen, *([loop.carried_from] if loop.carried_from is not None else [])]
    params = [cst.Param(cst.Name(p)) for p in deferred.params] + [
        cst.Param(cst.Name(name), default=cst.Name(name), equal=tight_equal()) for name in defaults]
    return cst.FunctionDef(cst.Name(deferred.name), cst.Parameters(params), cst.IndentedBlock(body))


def _carried(names: list[str], *, parenthesized: bool) -> cst.BaseExpression:
    if not names:
        return cst.Name("None")
    if len(names) == 1:
        return cst.Name(names[0])
    elements = [cst.Element(cst.Name(name)) for name in names]
    return cst.Tuple(elements) if parenthesized else cst.Tuple(elements, lpar=(), rpar=())
