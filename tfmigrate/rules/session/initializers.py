"""Initializer runs: the first means nothing eagerly; a later one resets each variable by hand.

TF1's ``sess.run(tf.global_variables_initializer())`` gave every variable its
initial value again. Eager variables get theirs once, when created, so a
repeated run becomes ``v.assign(initial value)`` for each variable, in
creation order. That is faithful only when nothing else holds state the
initializer reset (optimizer slots, layers' weights drawn at random) and each
initial value is a constant.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.session.analysis import GraphAnalysis, Refused
from tfmigrate.rules.session.syntax import names_in, walk
from tfmigrate.rules.session.tables import VARIABLE_TYPES

# TF calls that build the same constant each time they run.
CONSTANT_CONSTRUCTORS = frozenset({"tf.zeros", "tf.ones", "tf.constant", "tf.fill", "tf.eye", "tf.range", "tf.linspace"})
# The one tf.train optimizer whose update keeps no state of its own.
OPTIMIZER_WITHOUT_SLOTS = "tf.train.GradientDescentOptimizer"


@dataclasses.dataclass
class ResetVariables:
    """A repeated initializer run: ``v.assign(initial value)`` for each variable, in creation order."""

    assignments: list[tuple[str, cst.BaseExpression]]


def plan_reset(a: GraphAnalysis, call: cst.Call) -> ResetVariables:
    """``sess.run(init)`` again: each variable assigned its initial value, which must be a constant."""
    why = ""
    if a.layers or a.made_variables:
        why = "layers and tf.get_variable draw their initial values at random"
    elif any(a.tf_name(op.optimizer_call.func) != OPTIMIZER_WITHOUT_SLOTS for op in a.train_ops.values()):
        why = "the optimizer's own state (its slots) would have to be reset too"
    elif any(id(c) not in {id(v) for v in a.variables.values()} for c in a.all(cst.Call)
             if a.tf_name(c.func) in VARIABLE_TYPES):
        why = "a variable is created outside the module-level graph code"
    initial = {name: _initial_value(v) for name, v in a.variables.items()}
    if not why and not all(value is not None and _constant(a, value) for value in initial.values()):
        why = "a variable's initial value is not a constant"
    if why:
        raise Refused(call, f"the initializer runs again after the variables may have changed, and {why}",
                      "reset the variables by hand with v.assign(initial value)")
    return ResetVariables([(name, value) for name, value in initial.items() if value is not None])


def emit_reset(decided: ResetVariables) -> cst.FlattenSentinel[cst.BaseStatement]:
    return cst.FlattenSentinel([
        cst.SimpleStatementLine([cst.Expr(cst.Call(cst.Attribute(cst.Name(name), cst.Name("assign")), [cst.Arg(value)]))])
        for name, value in decided.assignments
    ])


def _constant(a: GraphAnalysis, value: cst.BaseExpression) -> bool:
    """Literals and TF constant constructors only: the same value each time it is evaluated."""
    calls_ok = all(a.tf_name(c.func) in CONSTANT_CONSTRUCTORS for c in walk(value, cst.Call))
    aliases = set(a.rule.names.module_aliases)
    return calls_ok and all(n.value in aliases for n in names_in(value))


def _initial_value(variable: cst.Call) -> cst.BaseExpression | None:
    for index, arg in enumerate(variable.args):
        if (arg.keyword is None and index == 0) or (arg.keyword is not None and arg.keyword.value == "initial_value"):
            return arg.value
    return None
