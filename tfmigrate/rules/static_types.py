"""The dtype and rank of a TF1 expression, when the module's own code states them.

Some TF1 calls compute differently by dtype (``tf.div`` floor-divides integers)
or by rank (``tf.select`` picks rows with a vector condition). A rule may
convert such a call only where this module proves what the call sees: literals,
``tf.constant``/``tf.placeholder``/``tf.Variable`` with a stated dtype or
shape, and ops that keep their first input's dtype. A name counts only when
every assignment to it agrees, so a loop or a later section cannot change it.
Anything else is unknown (None), and the rule leaves the call with a finding.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.dataflow import assigned_values

INTEGERS = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"})
FLOATS = frozenset({"float16", "bfloat16", "float32", "float64"})
_DTYPES = INTEGERS | FLOATS | {"bool", "complex64", "complex128", "string"}
_MAX_DEPTH = 8

# TF1 calls whose result has the dtype of their first input (elementwise ops, layers, reductions).
SAME_DTYPE_AS_FIRST = frozenset({
    "tf.add", "tf.subtract", "tf.multiply", "tf.negative", "tf.abs", "tf.square", "tf.sqrt", "tf.exp",
    "tf.log", "tf.tanh", "tf.sigmoid", "tf.nn.relu", "tf.nn.relu6", "tf.nn.elu", "tf.nn.sigmoid",
    "tf.nn.tanh", "tf.nn.softplus", "tf.nn.softmax", "tf.nn.log_softmax", "tf.nn.dropout", "tf.matmul",
    "tf.layers.dense", "tf.nn.bias_add", "tf.reduce_sum", "tf.reduce_mean", "tf.reduce_max",
    "tf.reduce_min", "tf.reshape", "tf.squeeze", "tf.expand_dims", "tf.transpose", "tf.identity",
    "tf.stop_gradient", "tf.maximum", "tf.minimum",
})
# TF1 constructors that make float32 unless given dtype=.
FLOAT32_BY_DEFAULT = frozenset({
    "tf.zeros", "tf.ones", "tf.random_normal", "tf.random_uniform", "tf.truncated_normal", "tf.fill",
})
# TF1 constructors whose first argument is the shape of what they make.
SHAPED_BY_FIRST = frozenset({"tf.zeros", "tf.ones", "tf.random_normal", "tf.random_uniform", "tf.truncated_normal"})
# TF1 ops of two inputs (x, y) sharing one dtype attribute T: a Python float as either input converts
# only to a float T (TF 1.15's tensor_util._AssertCompatible refuses it for integers and strings), so
# the op's result is floating or the op raised.
_SAME_DTYPE_PAIRS = frozenset({"tf.maximum", "tf.minimum", "tf.add", "tf.subtract", "tf.multiply"})
_CASTS = {"tf.to_float": "float32", "tf.to_double": "float64", "tf.to_int32": "int32", "tf.to_int64": "int64"}


def static_dtype(rule: MigrationRule, node: cst.BaseExpression, depth: int = 0) -> str | None:
    """The dtype (``"int32"``, ``"float32"``, ...) TF1 gave this value as a tensor; None if unknown."""
    if depth > _MAX_DEPTH:
        return None
    literal = _literal_dtype(node)
    if literal is not None:
        return literal
    if isinstance(node, cst.Name):
        return _agreed(rule, node, lambda value: static_dtype(rule, value, depth + 1))
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply)):
        left, right = static_dtype(rule, node.left, depth + 1), static_dtype(rule, node.right, depth + 1)
        return left if left == right else None
    if not isinstance(node, cst.Call):
        return None
    name = rule.tf_name(node.func)
    if name is None:
        return None
    stated = argument(node, "dtype", 1 if name == "tf.constant" else 0 if name == "tf.placeholder" else None)
    if name in ("tf.constant", "tf.placeholder", "tf.Variable", "tf.cast") or name in FLOAT32_BY_DEFAULT:
        if name == "tf.cast":
            stated = argument(node, "dtype", 1)
        if stated is not None:
            return dtype_named(rule, stated)
        if name in FLOAT32_BY_DEFAULT:
            return "float32"
        initial = argument(node, "value" if name == "tf.constant" else "initial_value", 0)
        return static_dtype(rule, initial, depth + 1) if name != "tf.placeholder" and initial is not None else None
    if name in _CASTS:
        return _CASTS[name]
    if name in SAME_DTYPE_AS_FIRST and node.args and node.args[0].keyword is None and not node.args[0].star:
        return static_dtype(rule, node.args[0].value, depth + 1)
    return None


def floating_or_raises(rule: MigrationRule, node: cst.BaseExpression, depth: int = 0) -> bool:
    """Whether TF1 gave this value, as a tensor, a floating dtype whenever the code got past computing it.

    Weaker than ``static_dtype``: ``tf.maximum(x, 0.)`` is floating whatever x is, since for an integer x
    TF1 raised converting 0. (``int_tensor * 2.0`` raises the same way, but ``2 * n`` of unknown n is not
    proven: n may be an object of its own). Products, sums and differences of such values are too.
    """
    if depth > _MAX_DEPTH:
        return False
    if static_dtype(rule, node, depth) in FLOATS:
        return True
    if isinstance(node, cst.Name):
        return _agreed(rule, node, lambda value: floating_or_raises(rule, value, depth + 1)) is True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply)):
        return floating_or_raises(rule, node.left, depth + 1) and floating_or_raises(rule, node.right, depth + 1)
    if isinstance(node, cst.Call) and rule.tf_name(node.func) in _SAME_DTYPE_PAIRS:
        pair = [argument(node, "x", 0), argument(node, "y", 1)]
        return any(_literal_dtype(value) == "float32" for value in pair if value is not None)
    return False


def static_rank(rule: MigrationRule, node: cst.BaseExpression, depth: int = 0) -> int | None:
    """The rank of the tensor TF1 made of this value; None if unknown."""
    if depth > _MAX_DEPTH:
        return None
    if _literal_dtype(node) is not None and not isinstance(node, (cst.List, cst.Tuple)):
        return 0
    if isinstance(node, (cst.List, cst.Tuple)):
        inner = {static_rank(rule, element.value, depth + 1) for element in node.elements}
        return 1 + inner.pop() if len(inner) == 1 and None not in inner else (1 if not node.elements else None)
    if isinstance(node, cst.Name):
        return _agreed(rule, node, lambda value: static_rank(rule, value, depth + 1))
    if not isinstance(node, cst.Call):
        return None
    name = rule.tf_name(node.func)
    if name in ("tf.placeholder", "tf.placeholder_with_default") or name in SHAPED_BY_FIRST:
        shape = argument(node, "shape", 0 if name in SHAPED_BY_FIRST else 1)
        return len(shape.elements) if isinstance(shape, (cst.List, cst.Tuple)) else None
    if name == "tf.constant":
        shape = argument(node, "shape", 2)
        if shape is not None:
            return len(shape.elements) if isinstance(shape, (cst.List, cst.Tuple)) else None
        value = argument(node, "value", 0)
        return static_rank(rule, value, depth + 1) if value is not None else None
    if name == "tf.Variable":
        initial = argument(node, "initial_value", 0)
        return static_rank(rule, initial, depth + 1) if initial is not None else None
    return None


def dtype_named(rule: MigrationRule, node: cst.BaseExpression) -> str | None:
    """``tf.float32`` -> ``"float32"``."""
    name = rule.tf_name(node)
    if name is not None and name.startswith("tf.") and name[3:] in _DTYPES:
        return name[3:]
    return None


def _literal_dtype(node: cst.BaseExpression) -> str | None:
    """The dtype tf.convert_to_tensor gives a Python literal (ints int32, floats float32)."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    if isinstance(node, cst.Integer):
        return "int32"
    if isinstance(node, cst.Float):
        return "float32"
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return "bool"
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        kinds = {_literal_dtype(element.value) for element in node.elements}
        if kinds <= {"int32", "float32"} and kinds:
            return "float32" if "float32" in kinds else "int32"
        return kinds.pop() if len(kinds) == 1 else None
    return None


def _agreed(rule: MigrationRule, name: cst.Name, judge) -> object:  # type: ignore[no-untyped-def]
    """What ``judge`` says of every value assigned to ``name``, if they all agree and are plain assignments."""
    values = assigned_values(rule, name)
    if not values or any(value is None for _, value in values):
        return None
    answers = {judge(value) for _, value in values}
    return answers.pop() if len(answers) == 1 else None


def argument(call: cst.Call, keyword: str, position: int | None) -> cst.BaseExpression | None:
    """An argument given by keyword or at a position (counted from 0); None after a starred argument."""
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if (arg.keyword is not None and arg.keyword.value == keyword) or (
                arg.keyword is None and position is not None and index == position):
            return arg.value
    return None
