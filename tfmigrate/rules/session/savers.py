"""Savers: ``tf.train.Saver()`` with ``save(sess, path)`` / ``restore(sess, path)`` as a ``tf.train.Checkpoint``.

The checkpoint tracks the same variables the saver saved (all of the graph
section's, or the listed ones). ``save`` writes exactly ``path`` (TF1 wrote
the same prefix); ``restore`` reads it back, and also reads a name-based TF1
checkpoint, matching variables by name.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused
from tfmigrate.rules.session.syntax import keyword

# Saver method -> the Checkpoint method that does the same for one path.
METHODS = {"save": "write", "restore": "restore"}


@dataclasses.dataclass
class CheckpointDef:
    """``name = tf.train.Checkpoint(v=v, ...)`` in place of ``name = tf.train.Saver(...)``."""

    name: str
    variables: list[str]


@dataclasses.dataclass
class CheckpointCall:
    """``saver.save(sess, path)`` -> ``saver.write(path)``; ``restore`` alike."""

    method: str
    path: int  # the position of the path argument


def plan_saver(a: GraphAnalysis, name: str) -> CheckpointDef:
    call = a.savers[name]
    if a.layers:
        raise Refused(call, "the saver also saved the weights of layers, which a checkpoint of named variables "
                      "would miss", "track the layers in a tf.train.Checkpoint by hand")
    if not call.args:
        return CheckpointDef(name, list(a.variables))
    listed = call.args[0].value
    if len(call.args) == 1 and (call.args[0].keyword is None or call.args[0].keyword.value == "var_list") and \
            isinstance(listed, (cst.List, cst.Tuple)) and \
            all(isinstance(e.value, cst.Name) and e.value.value in a.variables for e in listed.elements):
        return CheckpointDef(name, [cst.ensure_type(e.value, cst.Name).value for e in listed.elements])
    raise Refused(call, "tf.train.Saver with arguments other than a list of variables",
                  "write a tf.train.Checkpoint over the variables by hand")


def plan_saver_call(a: GraphAnalysis, access: cst.Name) -> tuple[cst.Call, CheckpointCall]:
    """A use of a saver: only ``save(sess, path)`` and ``restore(sess, path)`` have a checkpoint form."""
    method = a.parent(access)
    call = a.parent(method) if isinstance(method, cst.Attribute) else None
    if not (isinstance(method, cst.Attribute) and isinstance(call, cst.Call) and call.func is method
            and method.attr.value in METHODS):
        raise Refused(access, f"saver {access.value!r} is used for more than save() and restore()",
                      "write a tf.train.Checkpoint over the variables by hand")
    positional = [arg for arg in call.args if arg.keyword is None]
    if len(call.args) != 2 or len(positional) != 2 or not (
            isinstance(positional[0].value, cst.Name) and positional[0].value.value in a.session_names):
        raise Refused(call, f"{access.value}.{method.attr.value}() with arguments other than (session, path)",
                      "call the checkpoint's write() or restore() by hand")
    return call, CheckpointCall(METHODS[method.attr.value], 1)


# -- emitting ------------------------------------------------------------------
def emit_checkpoint_def(rule: MigrationRule, decided: CheckpointDef) -> cst.SimpleStatementLine:
    checkpoint = cst.Call(rule.spell("tf.train.Checkpoint"), [keyword(v, cst.Name(v)) for v in decided.variables])
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(decided.name))], checkpoint)])


def emit_checkpoint_call(decided: CheckpointCall, updated: cst.Call) -> cst.Call:
    method = cst.ensure_type(updated.func, cst.Attribute)
    return cst.Call(method.with_changes(attr=cst.Name(decided.method)), [cst.Arg(updated.args[decided.path].value)])
