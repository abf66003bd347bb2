"""TFM109: tf.div -> tf.math.floordiv or tf.math.truediv, where the module states the operands' dtype."""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.ecosystem import drop_from_import
from tfmigrate.rules.static_types import FLOATS, INTEGERS, floating_or_raises, static_dtype

DIV = "tf.div"
# TF1's tf.div (math_ops._div_python2) ran FloorDiv on integers and RealDiv on floats; these TF 2
# functions run the same ops on those dtypes.
FLOORDIV = "tf.math.floordiv"
TRUEDIV = "tf.math.truediv"


class Python2Division(MigrationRule):
    CODE = "TFM109"
    NAME = "python2-division"
    DESCRIPTION = "Rewrite tf.div as tf.math.floordiv (integers) or tf.math.truediv (floats) when the module states the operands' dtype."
    WHY = (
        "TF1's tf.div divided as Python 2 did: integers floor-divided (-7 div 2 is -4) and floats "
        "divided exactly. TF 2 has no tf.div, and its / divides integers into floats, so a rename to "
        "tf.divide would change both the values and the dtype. Which of the two TF1 meant depends on "
        "the operands' dtype, so the rewrite is made only where the module states it. TF1 chose by the "
        "first operand's dtype alone (and converted the second to it, as tf.math.truediv converts it), so a "
        "first operand that can only be floating is enough: tf.maximum(d, 0.) is a float tensor whatever d "
        "is, since TF1 could not convert 0. to an integer dtype and raised there."
    )
    LEAVES = (
        "tf.div whose operands' dtype the module does not state (function arguments, values computed by "
        "calls it does not know, names bound to values of different dtypes, operands of two dtypes): "
        "those are reported and kept."
    )
    INSTEAD = "tf.math.floordiv(x, y) for integer tensors, tf.math.truediv(x, y) (or x / y) for float tensors."
    CASES = (
        Case(
            "import tensorflow as tf\na = tf.constant([2, 3])\nb = tf.constant([[-7, 7], [4, 9]])\nq = tf.div(b, a)\n",
            "import tensorflow as tf\na = tf.constant([2, 3])\nb = tf.constant([[-7, 7], [4, 9]])\nq = tf.math.floordiv(b, a)\n",
            findings=("4:5 TFM109",),
        ),
        Case(
            "import tensorflow as tf\nx = tf.placeholder(tf.float64, [None])\nh = tf.div(x, 2.0)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float64, [None])\nh = tf.math.truediv(x, 2.0)\n",
            findings=("2:5 TFM405", "3:5 TFM109"),
        ),
        Case(
            "from tensorflow import div\nimport tensorflow as tf\nn = tf.constant(7, dtype=tf.int64)\nm = div(n, 2)\n",
            "import tensorflow as tf\nn = tf.constant(7, dtype=tf.int64)\nm = tf.math.floordiv(n, 2)\n",
            findings=("4:5 TFM109",),
        ),
        Case(
            "import tensorflow as tf\n\n\ndef iou(a, b, union):\n    h = tf.maximum(a - b, 0.)\n"
            "    return tf.div(h * h, union)\n",
            "import tensorflow as tf\n\n\ndef iou(a, b, union):\n    h = tf.maximum(a - b, 0.)\n"
            "    return tf.math.truediv(h * h, union)\n",
            findings=("6:12 TFM109",),
        ),
        Case("import tensorflow as tf\nz = tf.div(x, y)\n", findings=("2:5 TFM109",)),
        Case("import tensorflow as tf\n\n\ndef f(a):\n    h = tf.maximum(a, 0)\n    return tf.div(h * h, 2)\n",
             findings=("6:12 TFM109",)),
        Case("import tensorflow as tf\na = tf.constant(3)\na = tf.constant(3.0)\nz = tf.div(a, 2)\n", findings=("4:5 TFM109",)),
        Case("import tensorflow as tf\nz = tf.math.floordiv(x, y)\n"),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.tf_name(node.func) == DIV:
            self.mark_handled(id(node.func))  # reported here, converted or not: TFM401 must not report it too

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if self.tf_name(original_node.func) != DIV:
            return updated_node
        operands = _operands(original_node)
        dtypes = {static_dtype(self, operand) for operand in operands} if operands else {None}
        known = _tensor_dtype(self, operands) if operands else None
        target = FLOORDIV if known in INTEGERS else TRUEDIV if known in FLOATS else None
        if target is None and operands and _floating_numerator(self, operands):
            # TF1 chose the division by x's dtype alone and converted y to it, as truediv converts y.
            self.report(original_node, f"rewrote tf.div as {TRUEDIV}: its first operand is a floating-point tensor "
                        "(or TF1 raised before dividing), and TF1's tf.div divided floats exactly",
                        kind=Kind.FIXED, subject=DIV)
            return self._renamed(original_node, updated_node, TRUEDIV)
        if target is None:
            seen = ", ".join(sorted(d or "unknown" for d in dtypes))
            self.report(original_node, f"tf.div kept: its operands' dtype ({seen}) is not stated in this module, and "
                        "TF1's tf.div floor-divided integers but divided floats exactly",
                        action="write tf.math.floordiv(x, y) for integer tensors, tf.math.truediv(x, y) for floats")
            return updated_node
        how = "floor-divided integers" if target == FLOORDIV else "divided floats exactly"
        self.report(original_node, f"rewrote tf.div as {target}: its operands are {known}, and TF1's tf.div {how}",
                    kind=Kind.FIXED, subject=DIV)
        return self._renamed(original_node, updated_node, target)

    def _renamed(self, original_node: cst.Call, updated_node: cst.Call, target: str) -> cst.Call:
        if isinstance(original_node.func, cst.Name):
            drop_from_import(self, original_node.func)
        return updated_node.with_changes(func=self.spell(target))


def _operands(call: cst.Call) -> list[cst.BaseExpression] | None:
    """x and y of tf.div(x, y, name=None), by position or keyword; None if unclear."""
    found: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        key = arg.keyword.value if arg.keyword is not None else ("x", "y", "name")[index] if index < 3 else None
        if key is None or key in found:
            return None
        found[key] = arg.value
    return [found["x"], found["y"]] if "x" in found and "y" in found else None


def _tensor_dtype(rule: MigrationRule, operands: list[cst.BaseExpression]) -> str | None:
    """The dtype TF1 divided in: x's, with y converted to it (a bare integer converts to any, a float to floats)."""
    x, y = operands
    x_dtype, y_dtype = static_dtype(rule, x), static_dtype(rule, y)
    if x_dtype == y_dtype:
        return x_dtype
    if x_dtype is not None and _is_number(y) and (y_dtype == "int32" or x_dtype in FLOATS):
        return x_dtype
    return None


def _floating_numerator(rule: MigrationRule, operands: list[cst.BaseExpression]) -> bool:
    """x can only be floating, and y is not stated to be of another kind (TF1 raised there: kept, reported)."""
    x, y = operands
    y_dtype = static_dtype(rule, y)
    return floating_or_raises(rule, x) and (y_dtype is None or y_dtype in FLOATS or _is_numbers(y))


def _is_numbers(node: cst.BaseExpression) -> bool:
    """A number or a (nested) list or tuple of numbers: TF1 converted it to x's dtype."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return all(_is_numbers(element.value) for element in node.elements)
    return _is_number(node)


def _is_number(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        node = node.expression
    return isinstance(node, (cst.Integer, cst.Float))
