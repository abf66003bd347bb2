"""Graph classes, the model: what one class's ``__init__`` builds, as ``classes.py`` reads it.

The tensors, variables, optimizers, layers and training steps of the class, and
the questions the plan and the emitters ask of them (what a method computes,
which placeholders it takes, whether it draws or reads rows sparsely).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import libcst as cst

from tfmigrate.rules.session.analysis import Unsafe
from tfmigrate.rules.session.syntax import names_in, walk
from tfmigrate.rules.session.tables import SPARSE_READS
from tfmigrate.rules.session.training import gathered_params
from tfmigrate.rules.session.variables import LayerObject


@dataclasses.dataclass
class ClassTensor:
    """A tensor ``__init__`` builds: recomputed by each method that needs it."""

    name: str
    attribute: bool
    statement: cst.SimpleStatementLine
    reads: list[str]  # graph names read directly
    draws: bool  # holds a random op: one draw per call


@dataclasses.dataclass
class ClassOptimizer:
    """A ``tf.train`` optimizer made in ``__init__``, kept as a Keras one in ``self.<attribute>``."""

    call: cst.Call
    attribute: str
    statement: cst.SimpleStatementLine | None  # its own line; None: made on the minimize() line
    planned: object = None  # the planned KerasOptimizer (training.py)


@dataclasses.dataclass
class ClassLayer:
    """``h = tf.layers.dense(x, n)``: the Keras layer made and built in ``__init__`` (``self.h_layer``)."""

    call: cst.Call
    made: LayerObject
    inputs: int  # the position of the input among the call's arguments
    input: cst.BaseExpression
    width: cst.BaseExpression  # the input's last dimension, as written in __init__


@dataclasses.dataclass
class ClassStep:
    """``self.name = <optimizer>.minimize(self.loss[, global_step=self.step])``."""

    name: str
    loss: str
    optimizer: ClassOptimizer
    statement: cst.SimpleStatementLine
    global_step: str | None = None  # a variable of the class that each step adds one to
    dense: bool = False  # hand the optimizer dense gradients (training.SUMMED_THEN_DENSE)


@dataclasses.dataclass
class GraphClass:
    """What one class's ``__init__`` builds, by name (attribute and local names share one namespace)."""

    node: cst.ClassDef
    init: cst.FunctionDef
    self_name: str
    placeholders: dict[str, cst.Call] = dataclasses.field(default_factory=dict)
    variables: dict[str, bool] = dataclasses.field(default_factory=dict)  # name -> is an attribute
    tensors: dict[str, ClassTensor] = dataclasses.field(default_factory=dict)
    steps: dict[str, ClassStep] = dataclasses.field(default_factory=dict)
    optimizers: dict[str, ClassOptimizer] = dataclasses.field(default_factory=dict)  # bound to a name of their own
    stored: list[str] = dataclasses.field(default_factory=list)  # Python names the methods read, kept on self
    python_locals: set[str] = dataclasses.field(default_factory=set)  # parameters and Python locals of __init__
    problems: list[Unsafe] = dataclasses.field(default_factory=list)
    scopes: list[cst.With] = dataclasses.field(default_factory=list)  # name scopes and devices read through
    built: list[str] = dataclasses.field(default_factory=list)  # tensors and training ops, in the order made
    stored_already: set[str] = dataclasses.field(default_factory=set)  # ``self.n = n`` written in __init__
    made: dict[str, cst.Call] = dataclasses.field(default_factory=dict)  # variables made by tf.get_variable
    made_as: dict[str, object] = dataclasses.field(default_factory=dict)  # their planned tf.Variable (VariableCall)
    layers: dict[str, ClassLayer] = dataclasses.field(default_factory=dict)  # tensors a TF1 layer call made

    def graph_names(self) -> set[str]:
        return {*self.placeholders, *self.variables, *self.tensors, *self.steps, *self.optimizers}

    def all_optimizers(self) -> list[ClassOptimizer]:
        """Each optimizer once: those bound to a name, then those made on a minimize() line."""
        inline = [s.optimizer for s in self.steps.values() if s.optimizer.statement is None]
        return [*self.optimizers.values(), *inline]

    def kind(self, attribute: str) -> str:
        """How a read ``instance.attribute`` is treated: placeholder, tensor, step, variable or python."""
        if attribute in self.placeholders:
            return "placeholder"
        if attribute in self.steps:
            return "step"
        if attribute in self.tensors and self.tensors[attribute].attribute:
            return "tensor"
        if self.variables.get(attribute):
            return "variable"
        if attribute in self.optimizers:
            return "optimizer"
        return "python"

    def closure(self, name: str) -> list[ClassTensor]:
        """The tensors one method computes, in ``__init__``'s order: ``name`` and all it reads."""
        needed: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in needed or current not in self.tensors:
                continue
            needed.add(current)
            stack.extend(self.tensors[current].reads)
        return [t for t in self.tensors.values() if t.name in needed]

    def params(self, name: str) -> list[str]:
        """The placeholders a tensor's method takes, in the order ``__init__`` made them."""
        if name in self.steps:
            name = self.steps[name].loss
        read = {r for t in self.closure(name) for r in t.reads}
        return [p for p in self.placeholders if p in read]

    def reads_rows(self, tf_name: Callable[[cst.CSTNode], str | None], name: str) -> bool:
        """The tensor's computation gathers rows of a variable (its gradient is a tf.IndexedSlices)."""
        for tensor in self.closure(name):
            for call in walk(tensor.statement, cst.Call):
                gathered = gathered_params(call) if tf_name(call.func) in SPARSE_READS else None
                if gathered is not None and self._reaches_variable(graph_names_read(gathered, self.self_name)):
                    return True
        return False

    def _reaches_variable(self, names: set[str]) -> bool:
        """A variable, or a tensor computed from one (``emb = self.table``), is among the names."""
        return any(n in self.variables or any(r in self.variables for t in self.closure(n) for r in t.reads)
                   for n in names)

    def draws(self, name: str) -> bool:
        return any(t.draws for t in self.closure(self.steps[name].loss if name in self.steps else name))


def graph_names_read(node: cst.CSTNode, self_name: str) -> set[str]:
    """Names read bare, and attributes read on ``self``."""
    found = {n.value for n in names_in(node)}
    for attribute in walk(node, cst.Attribute):
        if isinstance(attribute.value, cst.Name) and attribute.value.value == self_name:
            found.add(attribute.attr.value)
    return found
