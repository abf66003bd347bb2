"""Variables and layers created once: ``tf.get_variable`` and ``tf.layers.dense`` / ``fully_connected``.

TF1 created a layer's weights when the graph was built and reused them in
every run. Eagerly, a ``tf.Variable`` or a ``tf.keras.layers.Dense`` object is
created once where the TF1 call stood, and only applying it is recomputed
per run (inside the tensor's function).
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.session.analysis import GraphAnalysis, Refused
from tfmigrate.rules.session.syntax import keyword, walk
from tfmigrate.rules.session.tables import GET_VARIABLE, LAYER_FUNCTIONS, VARIABLE_TYPES

# TF1 layer function -> its positional parameters, TF1 keyword -> Keras keyword, and TF1 defaults Keras lacks.
LAYERS: dict[str, tuple[tuple[str, ...], dict[str, str], dict[str, str]]] = {
    "tf.layers.dense": (
        ("inputs", "units", "activation", "use_bias", "kernel_initializer", "bias_initializer"),
        {"units": "units", "activation": "activation", "use_bias": "use_bias",
         "kernel_initializer": "kernel_initializer", "bias_initializer": "bias_initializer", "name": "name"},
        {},
    ),
    "tf.contrib.layers.fully_connected": (
        ("inputs", "num_outputs", "activation_fn"),
        {"num_outputs": "units", "activation_fn": "activation", "weights_initializer": "kernel_initializer",
         "biases_initializer": "bias_initializer"},
        # fully_connected applies a ReLU unless told otherwise; Dense applies none.
        {"activation": "tf.nn.relu"},
    ),
}
GET_VARIABLE_PARAMETERS = ("name", "shape", "dtype", "initializer")
# A TF1 layer's default kernel initializer is glorot-uniform, like Keras's Dense.
GLOROT_UNIFORM = "tf.keras.initializers.GlorotUniform"


@dataclasses.dataclass
class LayerObject:
    """``name = tf.keras.layers.Dense(...)``, created once where the TF1 layer call stood."""

    name: str
    arguments: list[tuple[str | None, cst.BaseExpression | str]]  # (keyword, value or a TF 2 name to spell)


@dataclasses.dataclass
class LayerCall:
    """The TF1 layer call inside a recomputed tensor, now applying the layer object to its input."""

    layer: str
    inputs: int  # the position of the input among the call's arguments


@dataclasses.dataclass
class VariableCall:
    """``tf.get_variable(name, shape, initializer=...)`` as ``tf.Variable(initial value, name=name)``."""

    name: cst.BaseExpression | None
    shape: cst.BaseExpression | None
    dtype: cst.BaseExpression | None
    initializer_index: int | None  # which argument of the updated call holds the initializer


@dataclasses.dataclass
class VariableList:
    """``tf.trainable_variables()`` / ``tf.global_variables()`` as the list of the section's variables."""

    names: list[str]


def plan_variable_list(a: GraphAnalysis, call: cst.Call) -> VariableList:
    """The variables a collection call returns, in creation order, when the section's variables are all known.

    TF1 named variables uniquely (``w``, ``w_1``) and under their scopes; eager
    variables keep the name they are given, so the names must be distinct and
    unscoped for ``v.name`` to read the same.
    """
    collection = a.tf_name(call.func)
    why = ""
    if call.args:
        why = "it is given arguments"
    elif a.layers or any(a.tf_name(c.func) in LAYER_FUNCTIONS for c in a.all(cst.Call)):
        why = "layers create variables of their own"
    elif collection == "tf.global_variables" and (a.train_ops or a.optimizers):
        why = "the optimizer's slots are global variables too"
    elif any(id(c) not in {id(v) for v in a.variables.values()} for c in a.all(cst.Call)
             if a.tf_name(c.func) in VARIABLE_TYPES | {GET_VARIABLE}):
        why = "a variable is created outside the module-level graph code"
    elif any(_contains(block, v) for block in a.scope_blocks for v in a.variables.values()):
        why = "TF1 named the variables after their scopes, which eager code drops"
    names = [name for name, v in a.variables.items() if collection == "tf.global_variables" or _trainable(v)]
    labels = [_variable_name(v) for v in a.variables.values()]
    if not why and (None in labels or len(set(labels)) != len(labels)):
        why = "the variables' names are not distinct literals, so TF1 and eager code name them differently"
    if not why and any(_trainable(v) is None for v in a.variables.values()):
        why = "a variable's trainable= is not a literal"
    if why:
        raise Refused(call, f"{collection}() cannot be listed by hand: {why}",
                      "keep the variables in a Python list yourself")
    return VariableList(names)


def _trainable(variable: cst.Call) -> bool | None:
    for arg in variable.args:
        if arg.keyword is not None and arg.keyword.value == "trainable":
            value = arg.value
            return None if not isinstance(value, cst.Name) or value.value not in ("True", "False") else \
                value.value == "True"
    return True


def _variable_name(variable: cst.Call) -> str | None:
    """The name a tf.Variable / tf.get_variable is given, if a literal (TF1's default is "Variable")."""
    positional = [arg for arg in variable.args if arg.keyword is None]
    keywords = {arg.keyword.value: arg.value for arg in variable.args if arg.keyword is not None}
    value = keywords.get("name", positional[0].value if positional and isinstance(variable.func, cst.Attribute)
                         and variable.func.attr.value == "get_variable" else None)
    if value is None:
        return "Variable" if len(positional) <= 1 else None
    return value.evaluated_value if isinstance(value, cst.SimpleString) else None  # type: ignore[return-value]


def _contains(outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
    return any(node is inner for node in walk(outer, cst.Call))


def plan_layer(analysis: GraphAnalysis, name: str, call: cst.Call) -> tuple[LayerObject, LayerCall]:
    """The Keras layer for a TF1 layer call assigned to ``name``; refuses arguments with no Keras meaning."""
    return plan_layer_call(analysis.tf_name(call.func) or "", name, call)


def plan_layer_call(tf1_name: str, name: str, call: cst.Call) -> tuple[LayerObject, LayerCall]:
    """``plan_layer`` for a call already known to be the TF1 layer ``tf1_name``."""
    positional, renames, defaults = LAYERS[tf1_name]
    arguments: list[tuple[str | None, cst.BaseExpression | str]] = []
    inputs: int | None = None
    for index, arg in enumerate(call.args):
        param = arg.keyword.value if arg.keyword else (positional[index] if index < len(positional) else None)
        if param == "inputs":
            inputs = index
            continue
        if param == "biases_initializer" and isinstance(arg.value, cst.Name) and arg.value.value == "None":
            arguments.append(("use_bias", cst.Name("False")))
            continue
        if arg.star or param not in renames:
            raise Refused(call, f"{tf1_name} argument {param or index} has no Keras Dense equivalent",
                          "create the Keras layer by hand")
        keras = renames[param]
        arguments.append((None if keras == "units" else keras, arg.value))
    given = {keyword_name for keyword_name, _ in arguments}
    arguments += [(keras, tf2_name) for keras, tf2_name in defaults.items() if keras not in given]
    if inputs is None:
        raise Refused(call, f"{tf1_name} without its input", "pass the input first")
    return LayerObject(f"{name}_layer", arguments), LayerCall(f"{name}_layer", inputs)


def plan_get_variable(call: cst.Call) -> VariableCall:
    found: dict[str, tuple[int, cst.BaseExpression]] = {}
    for index, arg in enumerate(call.args):
        param = arg.keyword.value if arg.keyword else (
            GET_VARIABLE_PARAMETERS[index] if index < len(GET_VARIABLE_PARAMETERS) else None)
        if arg.star or param not in GET_VARIABLE_PARAMETERS:
            raise Refused(call, f"tf.get_variable argument {param or index} has no tf.Variable equivalent",
                          "create the variable by hand")
        found[param] = (index, arg.value)
    if "shape" not in found and "initializer" not in found:
        raise Refused(call, "tf.get_variable without a shape or an initial value", "create the variable by hand")
    return VariableCall(found.get("name", (0, None))[1], found.get("shape", (0, None))[1],
                        found.get("dtype", (0, None))[1], found["initializer"][0] if "initializer" in found else None)


# -- emitting ------------------------------------------------------------------
def emit_layer_object(rule: MigrationRule, decided: LayerObject) -> cst.SimpleStatementLine:
    args: list[cst.Arg] = []
    for name, value in decided.arguments:
        expression = rule.spell(value) if isinstance(value, str) else value
        args.append(cst.Arg(expression) if name is None else keyword(name, expression))
    layer = cst.Call(rule.spell("tf.keras.layers.Dense"), args)
    return cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(decided.name))], layer)])


def emit_layer_call(decided: LayerCall, updated: cst.Call) -> cst.Call:
    return cst.Call(cst.Name(decided.layer), [cst.Arg(updated.args[decided.inputs].value)])


def emit_variable(rule: MigrationRule, decided: VariableCall, updated: cst.Call) -> cst.Call:
    if decided.initializer_index is None:
        initializer: cst.BaseExpression = cst.Call(rule.spell(GLOROT_UNIFORM))
    else:
        initializer = updated.args[decided.initializer_index].value
    if decided.shape is not None:
        shape_args = [keyword("shape", decided.shape)]
        if decided.dtype is not None:
            shape_args.append(keyword("dtype", decided.dtype))
        initial = cst.Call(initializer, shape_args)
    else:
        initial = initializer
    args = [cst.Arg(initial)]
    if decided.name is not None:
        args.append(keyword("name", decided.name))
    return cst.Call(rule.spell("tf.Variable"), args)


def emit_variable_list(decided: VariableList) -> cst.List:
    return cst.List([cst.Element(cst.Name(name)) for name in decided.names])
