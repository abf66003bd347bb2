"""Emitters: each decision of the plan as code. They never raise and never report."""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.class_emit import emit_class_run, emit_class_step_run
from tfmigrate.rules.session.class_runs import ClassRun, ClassStepRun
from tfmigrate.rules.session.configs import ConfigStatements, emit_config
from tfmigrate.rules.session.datasets import IteratorCall, emit_iterator
from tfmigrate.rules.session.initializers import ResetVariables, emit_reset
from tfmigrate.rules.session.decisions import (
    DeferredCall,
    DeferredDef,
    LocalName,
    PlaceholderSpec,
    Rename,
    UnpackedDefs,
)
from tfmigrate.rules.session.savers import CheckpointCall, CheckpointDef, emit_checkpoint_call, emit_checkpoint_def
from tfmigrate.rules.session.runs import (
    FeedDictLine,
    FetchCall,
    StepRun,
    emit_feed_dict_line,
    emit_fetch_call,
    emit_step_run,
)
from tfmigrate.rules.session.summaries import SummaryRun, WriterCall, emit_summary_run, emit_writer
from tfmigrate.rules.session.syntax import tight_equal
from tfmigrate.rules.session.variables import (
    LayerCall,
    VariableCall,
    VariableList,
    emit_layer_call,
    emit_layer_object,
    emit_variable,
    emit_variable_list,
)
from tfmigrate.rules.session.training import (
    GradientsDef,
    OptimizerDef,
    TrainDef,
    emit_gradients_def,
    emit_optimizer_def,
    emit_train_def,
)

Emitted = cst.BaseExpression | cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]


def emit(rule: MigrationRule, decided: object, updated: cst.CSTNode) -> Emitted:
    """The code for one decision, built from the updated node it replaces."""
    if isinstance(decided, ClassRun):
        return emit_class_run(decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, FeedDictLine):
        return emit_feed_dict_line(cst.ensure_type(updated, cst.SimpleStatementLine))
    if isinstance(decided, ClassStepRun):
        return emit_class_step_run(decided, cst.ensure_type(updated, cst.SimpleStatementLine))
    if isinstance(decided, FetchCall):
        return emit_fetch_call(rule, decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, Rename):
        call = cst.ensure_type(updated, cst.Call)
        return call.with_changes(func=cst.ensure_type(call.func, cst.Attribute).with_changes(attr=cst.Name(decided.method)))
    if isinstance(decided, DeferredCall):
        return _deferred_call(decided)
    if isinstance(decided, LocalName):
        return cst.Name(decided.name)
    if isinstance(decided, PlaceholderSpec):
        return _tensor_spec(rule, decided.placeholder)
    if isinstance(decided, DeferredDef):
        function = _deferred_def(rule, decided, cst.ensure_type(updated, cst.SimpleStatementLine))
        if decided.layer is None:
            return function
        return cst.FlattenSentinel([emit_layer_object(rule, decided.layer), function])
    if isinstance(decided, IteratorCall):
        return emit_iterator(decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, UnpackedDefs):
        line = cst.ensure_type(updated, cst.SimpleStatementLine)
        return cst.FlattenSentinel([_deferred_def(rule, function, line) for function in decided.functions])
    if isinstance(decided, LayerCall):
        return emit_layer_call(decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, VariableCall):
        return emit_variable(rule, decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, OptimizerDef):
        return emit_optimizer_def(rule, decided)
    if isinstance(decided, GradientsDef):
        return emit_gradients_def(rule, decided)
    if isinstance(decided, TrainDef):
        return emit_train_def(rule, decided)
    if isinstance(decided, CheckpointDef):
        return emit_checkpoint_def(rule, decided)
    if isinstance(decided, CheckpointCall):
        return emit_checkpoint_call(decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, VariableList):
        return emit_variable_list(decided)
    if isinstance(decided, WriterCall):
        return emit_writer(rule, decided, cst.ensure_type(updated, cst.Call))
    if isinstance(decided, SummaryRun):
        kept = getattr(rule, "kept_lines", {})
        return cst.FlattenSentinel(emit_summary_run(rule, decided, cst.ensure_type(updated, cst.SimpleStatementLine),
                                                    kept))
    if isinstance(decided, ConfigStatements):
        return cst.FlattenSentinel(emit_config(rule, decided))
    if isinstance(decided, ResetVariables):
        return emit_reset(decided)
    if isinstance(decided, StepRun):
        return cst.FlattenSentinel(emit_step_run(rule, decided, cst.ensure_type(updated, cst.SimpleStatementLine)))
    return updated  # type: ignore[return-value]


def _deferred_def(rule: MigrationRule, decided: DeferredDef, updated: cst.SimpleStatementLine) -> cst.FunctionDef:
    assign = cst.ensure_type(updated.body[0], cst.Assign)
    body: list[cst.BaseStatement] = []
    for param, dtype in decided.converted:
        args = [cst.Arg(cst.Name(param))] + ([cst.Arg(dtype)] if dtype is not None else [])
        convert = cst.Call(rule.spell("tf.convert_to_tensor"), args)
        body.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(param))], convert)]))
    for local, call in decided.bound:
        body.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(local))], _deferred_call(call))]))
    body.extend(step.with_changes(leading_lines=()) for step in decided.prelude_code)
    value = assign.value
    position = decided.deferred.unpacked
    if position is not None:
        value = cst.Subscript(value, [cst.SubscriptElement(cst.Index(cst.Integer(str(position))))])
    body.append(cst.SimpleStatementLine([cst.Return(value)]))
    frozen = [cst.Param(cst.Name(name), default=cst.Name(name), equal=tight_equal()) for name in decided.frozen]
    params = cst.Parameters([fed_param(p) if p in decided.fed else cst.Param(cst.Name(p))
                             for p in decided.deferred.params] + frozen)
    return cst.FunctionDef(cst.Name(decided.deferred.name), params, cst.IndentedBlock(body))


def _deferred_call(decided: DeferredCall) -> cst.Call:
    return cst.Call(cst.Name(decided.name), [cst.Arg(cst.Name(p)) for p in decided.params])


def fed_param(name: str) -> cst.Param:
    """A fed tensor's parameter: unfed, it is the tensor computed once (``def b(a=a)``)."""
    return cst.Param(cst.Name(name), default=cst.Name(name), equal=tight_equal())


def _tensor_spec(rule: MigrationRule, placeholder: cst.Call) -> cst.Call:
    """``tf.placeholder(dtype, shape, name)`` as ``tf.TensorSpec(shape=..., dtype=..., name=...)``."""
    given: dict[str, cst.BaseExpression] = {}
    for position, arg in enumerate(placeholder.args):
        key = arg.keyword.value if arg.keyword is not None else ("dtype", "shape", "name")[min(position, 2)]
        given[key] = arg.value
    args = [cst.Arg(given[key], keyword=cst.Name(key), equal=tight_equal()) for key in ("shape", "dtype", "name")
            if key in given]
    if "shape" not in given:
        args.insert(0, cst.Arg(cst.Name("None"), keyword=cst.Name("shape"), equal=tight_equal()))
    return cst.Call(rule.spell("tf.TensorSpec"), args)
