"""The decisions a plan holds, by the id of the original node each replaces; the emitters read them."""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.session.analysis import Deferred, Unsafe
from tfmigrate.rules.session.configs import ConfigStatements
from tfmigrate.rules.session.datasets import IteratorCall
from tfmigrate.rules.session.initializers import ResetVariables
from tfmigrate.rules.session.loops import LoopDef
from tfmigrate.rules.session.runs import FetchCall, StepRun
from tfmigrate.rules.session.savers import CheckpointCall, CheckpointDef
from tfmigrate.rules.session.summaries import SummaryRun, WriterCall
from tfmigrate.rules.session.training import GradientsDef, OptimizerDef, TrainDef
from tfmigrate.rules.session.variables import LayerCall, LayerObject, VariableCall, VariableList


@dataclasses.dataclass
class DeferredCall:
    """A recomputed tensor read inside another one's definition: ``name(params)``."""

    name: str
    params: list[str]


@dataclasses.dataclass
class DeferredDef:
    """``def name(params, frozen=frozen): <convert fed params>; return value``."""

    deferred: Deferred
    converted: list[tuple[str, cst.BaseExpression | None]]  # placeholders it reads directly, with their dtype
    frozen: list[str]  # Python names bound again later: their value when the graph was built
    layer: LayerObject | None = None  # created once, above the function that applies it
    fed: list[str] = dataclasses.field(default_factory=list)  # fed tensors among its params: default, the tensor
    #: tensors that draw, called once at the top of its body: (local name, the call)
    bound: list[tuple[str, DeferredCall]] = dataclasses.field(default_factory=list)
    #: the earlier bindings it was built from, as rewritten; filled while the module is rewritten
    prelude_code: list[cst.SimpleStatementLine] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class UnpackedDefs:
    """``a, b = call(...)``: one ``def`` per name, each returning its position of the call's result."""

    functions: list[DeferredDef]


@dataclasses.dataclass
class LocalName:
    """A read of a tensor its function called once into a local (``DeferredDef.bound``)."""

    name: str


@dataclasses.dataclass
class PlaceholderSpec:
    """A printed placeholder: ``tf.TensorSpec`` of its shape, dtype and name describes the same input."""

    placeholder: cst.Call


@dataclasses.dataclass
class Rename:
    """A method call kept, under another method name (``initialized_value()`` -> ``read_value()``)."""

    method: str


@dataclasses.dataclass
class Note:
    """A finding to give: fixed (what was done) or manual (what to check)."""

    node: cst.CSTNode
    message: str
    action: str = ""
    fixed: bool = False


Decision = (DeferredDef | UnpackedDefs | DeferredCall | LocalName | PlaceholderSpec | Rename | FetchCall | StepRun | OptimizerDef | TrainDef | GradientsDef
            | LayerCall | VariableCall | ResetVariables | CheckpointDef | CheckpointCall | ConfigStatements
            | SummaryRun | WriterCall | VariableList | LoopDef | IteratorCall)


@dataclasses.dataclass
class Plan:
    remove: set[int] = dataclasses.field(default_factory=set)
    unwrap: set[int] = dataclasses.field(default_factory=set)
    #: statements put at the top of an unwrapped ``with`` block's body
    prefix: dict[int, Decision] = dataclasses.field(default_factory=dict)
    statements: dict[int, Decision] = dataclasses.field(default_factory=dict)
    calls: dict[int, Decision] = dataclasses.field(default_factory=dict)
    names: dict[int, Decision] = dataclasses.field(default_factory=dict)
    handled: set[int] = dataclasses.field(default_factory=set)
    #: earlier bindings of a tensor built in steps -> the definition whose function body they move into
    absorbed: dict[int, DeferredDef | LoopDef] = dataclasses.field(default_factory=dict)
    #: module-level for loops that rebuild a tensor pass by pass
    loops: dict[int, LoopDef] = dataclasses.field(default_factory=dict)
    #: lines removed whose updated form an emitter reads (summary ops, written where the merged summary runs)
    keep_updated: set[int] = dataclasses.field(default_factory=set)
    #: graph classes rewritten as tf.Modules (class_runs.GraphClassDef), by the id of their ClassDef
    classes: dict[int, object] = dataclasses.field(default_factory=dict)
    #: qualified names of ``from tensorflow import X`` whose uses went away
    from_imports: set[str] = dataclasses.field(default_factory=set)
    notes: list[Note] = dataclasses.field(default_factory=list)
    refused: list[Unsafe] = dataclasses.field(default_factory=list)

    def merge(self, other: Plan) -> None:
        for field in dataclasses.fields(self):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            if isinstance(mine, dict):
                mine.update(theirs)
            elif isinstance(mine, set):
                mine |= theirs
            else:
                mine.extend(theirs)
