"""TFM107: TF1's tf.where(cond, x, y) and tf.select -> TF 2 tf.where, where the ranks prove the same selection."""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.losscalls import spelled_through_compat
from tfmigrate.rules.ecosystem import drop_from_import
from tfmigrate.rules.static_types import static_rank

SELECT = "tf.select"  # TF 0.x's name of TF1's tf.where
WHERE = "tf.where"
PARAMETERS = ("condition", "x", "y", "name")


class RowSelect(MigrationRule):
    CODE = "TFM107"
    NAME = "row-select"
    DESCRIPTION = "Rewrite TF1's three-argument tf.where (and tf.select) as TF 2's tf.where when the ranks prove it selects the same elements."
    WHY = (
        "TF1's tf.where(condition, x, y) took a condition of x's shape, a scalar, or a vector that picks "
        "whole rows of x and y. TF 2's tf.where broadcasts instead: a vector condition lines up with the "
        "last axis of x, so the same call picks columns, or fails, and nothing says so. Where the ranks "
        "are known the selection is the same (equal ranks, a scalar condition, or x of rank 1), or is "
        "made the same by reshaping a vector condition to [-1, 1, ...] so that it broadcasts over rows."
    )
    LEAVES = (
        "Calls whose condition and x have ranks the module does not state (function arguments, values "
        "from calls it does not know): those are reported and kept. tf.where with one argument (the "
        "indices of true elements) means the same in TF 2 and is not touched."
    )
    INSTEAD = "tf.where(tf.reshape(condition, [-1, 1]), x, y) to pick rows of matrices by a vector condition."
    CASES = (
        Case(
            "import tensorflow as tf\ncond = tf.constant([True, False])\na = tf.constant([[1., 2.], [3., 4.]])\n"
            "b = tf.constant([[10., 20.], [30., 40.]])\nchosen = tf.select(cond, a, b)\n",
            "import tensorflow as tf\ncond = tf.constant([True, False])\na = tf.constant([[1., 2.], [3., 4.]])\n"
            "b = tf.constant([[10., 20.], [30., 40.]])\nchosen = tf.where(tf.reshape(cond, [-1, 1]), a, b)\n",
            findings=("5:10 TFM107",),
        ),
        Case(
            "import tensorflow as tf\nm = tf.placeholder(tf.bool, [None, 3])\nx = tf.placeholder(tf.float32, [None, 3])\n"
            "z = tf.where(m, x, tf.zeros_like(x))\n",
            findings=("2:5 TFM405", "3:5 TFM405"),
        ),
        Case(
            "import tensorflow as tf\nc = tf.placeholder(tf.bool, [None])\nx = tf.placeholder(tf.float32, [None, 2, 2])\n"
            "y = tf.placeholder(tf.float32, [None, 2, 2])\nz = tf.select(c, x, y)\n",
            "import tensorflow as tf\nc = tf.placeholder(tf.bool, [None])\nx = tf.placeholder(tf.float32, [None, 2, 2])\n"
            "y = tf.placeholder(tf.float32, [None, 2, 2])\nz = tf.where(tf.reshape(c, [-1, 1, 1]), x, y)\n",
            findings=("2:5 TFM405", "3:5 TFM405", "4:5 TFM405", "5:5 TFM107"),
        ),
        Case("import tensorflow as tf\nz = tf.where(c, x, y)\n"),
        Case("import tensorflow as tf\nc = tf.placeholder(tf.bool)\nz = tf.where(c, x, y)\n", findings=("2:5 TFM405", "3:5 TFM107")),
        Case("import tensorflow as tf\nz = tf.select(c, x, y)\n", findings=("2:5 TFM107",)),
        Case(
            "import tensorflow.compat.v1 as tf\nz = tf.where(c, x, y)\n",
            "import tensorflow as tf\nz = tf.where(c, x, y)\n",
            findings=("1:1 TFM103", "2:5 TFM107"),
        ),
        Case(
            "import tensorflow as tf\nc = tf.constant(True)\nz = tf.select(c, [[1, 2]], [[3, 4]])\n",
            "import tensorflow as tf\nc = tf.constant(True)\nz = tf.where(c, [[1, 2]], [[3, 4]])\n",
            findings=("3:5 TFM107",),
        ),
        Case("import tensorflow as tf\nc = tf.placeholder(tf.bool)\ni = tf.where(c)\n", findings=("2:5 TFM405",)),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self._is_select(node):
            self.mark_handled(id(node.func))  # reported here, converted or not: TFM401 must not report it too

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if not self._is_select(original_node):
            return updated_node
        name = self.tf_name(original_node.func)
        bound = _bind(original_node)
        condition_rank = static_rank(self, bound["condition"]) if bound else None
        value_ranks = {static_rank(self, bound[key]) for key in ("x", "y")} - {None} if bound else set()
        value_rank = value_ranks.pop() if len(value_ranks) == 1 else None
        if bound is None or (condition_rank is None and value_rank not in (0, 1)) or (
                condition_rank is not None and condition_rank not in (0, 1, value_rank)) or (
                condition_rank == 1 and value_rank is None):
            self.report(original_node, f"{name}(condition, x, y) kept: with a vector condition TF1 selected rows of "
                        "x and y, TF 2's tf.where broadcasts it against their last axis, and the module does not "
                        "state the ranks", action="for a vector condition and x of rank r, write "
                        "tf.where(tf.reshape(condition, [-1] + [1] * (r - 1)), x, y); else tf.where(condition, x, y)")
            return updated_node
        args = list(updated_node.args)
        if condition_rank == 1 and value_rank is not None and value_rank > 1:
            shape = [-1] + [1] * (value_rank - 1)
            at = _condition_index(updated_node)
            reshaped = cst.Call(self.spell("tf.reshape"), [cst.Arg(args[at].value), cst.Arg(_int_list(shape))])
            args[at] = args[at].with_changes(value=reshaped)
            self.report(original_node, f"rewrote {name}(condition, x, y) as tf.where with the vector condition "
                        f"reshaped to {shape}, so that TF 2's broadcasting picks rows as TF1 did",
                        kind=Kind.FIXED, subject=name or "")
        elif name == SELECT:
            self.report(original_node, "renamed tf.select to tf.where: the ranks make TF 2's broadcasting select "
                        "the same elements", kind=Kind.FIXED, subject=name)
        else:
            return updated_node  # TF 2's tf.where selects the same elements: nothing to change or say
        if isinstance(original_node.func, cst.Name):
            drop_from_import(self, original_node.func)
        return updated_node.with_changes(func=self.spell(WHERE), args=args)

    def _is_select(self, call: cst.Call) -> bool:
        name = self.tf_name(call.func)
        if name == SELECT:
            return True
        three = sum(1 for arg in call.args if arg.keyword is None or arg.keyword.value in PARAMETERS[:3]) >= 3
        return name == WHERE and three and (self.is_tf1_module() or spelled_through_compat(call.func))


def _bind(call: cst.Call) -> dict[str, cst.BaseExpression] | None:
    found: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        key = arg.keyword.value if arg.keyword is not None else PARAMETERS[index] if index < len(PARAMETERS) else None
        if key is None or key in found:
            return None
        found[key] = arg.value
    return found if all(key in found for key in PARAMETERS[:3]) else None


def _condition_index(call: cst.Call) -> int:
    return next((i for i, arg in enumerate(call.args) if arg.keyword is not None and arg.keyword.value == "condition"), 0)


def _int_list(numbers: list[int]) -> cst.List:
    elements = []
    for number in numbers:
        value: cst.BaseExpression = cst.Integer(str(abs(number)))
        if number < 0:
            value = cst.UnaryOperation(cst.Minus(), value)
        elements.append(cst.Element(value))
    return cst.List(elements)
