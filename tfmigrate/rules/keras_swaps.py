"""TFM303: report Keras loss calls and compiled loss functions whose y_true and y_pred look swapped."""

from __future__ import annotations

from typing import TypeVar

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules import keraslosses
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.swapevidence import swap_evidence


Function = TypeVar("Function", cst.FunctionDef, cst.Lambda)


class KerasLossOrder(MigrationRule):
    CODE = "TFM303"
    NAME = "keras-loss-argument-order"
    DESCRIPTION = "Report Keras loss calls, and functions compiled as a model's loss, whose y_true and y_pred look swapped (--fix-swaps fixes them)."
    WHY = (
        "Keras losses take (y_true, y_pred), targets first. Called the other way round, a loss such as "
        "sparse_categorical_crossentropy still returns numbers, and a function compiled as a model's loss "
        "whose first parameter is used as the prediction trains on the wrong quantity; nothing fails. The "
        "rule looks at what the arguments hold (integer labels passed as y_pred, probabilities as y_true) "
        "and at parameter names."
    )
    LEAVES = (
        "The values: without --fix-swaps a suspect call or function stays as written. Calls in the right "
        "order, symmetric losses such as mean_squared_error, and functions whose parameters are used as "
        "their names say are not reported."
    )
    INSTEAD = "loss(y_true, y_pred) with the targets first, and def my_loss(y_true, y_pred) using y_true as the targets; or rerun with --fix-swaps."
    CASES = (
        Case(
            "import tensorflow as tf\ny_true = tf.constant([1, 2])\ny_pred = tf.constant([[0.05, 0.95, 0.], [0.1, 0.8, 0.1]])\n"
            "l = tf.keras.losses.sparse_categorical_crossentropy(y_pred, y_true)\n",
            findings=("4:5 TFM303",),
        ),
        Case(
            "import tensorflow as tf\nl = tf.keras.losses.SparseCategoricalCrossentropy()(y_pred, y_true)\n",
            "import tensorflow as tf\nl = tf.keras.losses.SparseCategoricalCrossentropy()(y_true, y_pred)\n",
            options=("fix_swaps",),
            findings=("2:5 TFM303",),
        ),
        Case(
            "import keras\nimport tensorflow as tf\nbce = keras.losses.BinaryCrossentropy(from_logits=True)\nl = bce(logits, labels)\n",
            findings=("4:5 TFM303",),
        ),
        Case(
            "import tensorflow as tf\ndef my_loss(y_pred, y_true):\n    return tf.reduce_mean(y_true - y_pred)\n"
            "model.compile(optimizer='sgd', loss=my_loss)\n",
            "import tensorflow as tf\ndef my_loss(y_true, y_pred):\n    return tf.reduce_mean(y_true - y_pred)\n"
            "model.compile(optimizer='sgd', loss=my_loss)\n",
            options=("fix_swaps",),
            findings=("2:1 TFM303",),
        ),
        Case("import tensorflow as tf\nl = tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred)\n"),
        Case("import tensorflow as tf\nl = tf.keras.losses.mean_squared_error(y_pred, y_true)\n"),
        Case("import tensorflow as tf\ndef my_loss(y_true, y_pred):\n    return y_pred - y_true\nmodel.compile(loss=my_loss)\n"),
    )

    def visit_Module(self, node: cst.Module) -> None:
        # Which functions a compile(loss=...) call names is known before any is visited.
        self._compiled = keraslosses.compiled_losses(self)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        found = keraslosses.loss_call(self, original_node)
        if found is None:
            return updated_node
        what, holds = found
        slots = keraslosses.true_pred_slots(original_node)
        if holds == keraslosses.SYMMETRIC or slots is None:
            return updated_node
        y_true, y_pred = (original_node.args[index].value for index in slots)
        evidence = swap_evidence(self, y_true, y_pred, holds, "y_true takes")
        if not evidence:
            return updated_node
        true_code, pred_code = _code(y_true), _code(y_pred)
        fixed = f"{what}({pred_code}, {true_code}, ...)"
        if self.options.fix_swaps:
            self.report(original_node, f"swapped y_true={true_code} and y_pred={pred_code} ({evidence}); fixed as "
                        f"{fixed}: the computed values change", kind=Kind.SWAP)
            return _swap_values(updated_node, slots)
        self.report(original_node, f"y_true={true_code} and y_pred={pred_code} of {what} look swapped ({evidence}); "
                    "kept as written so values stay the same", kind=Kind.SWAP,
                    action=f"write {fixed} or rerun with --fix-swaps")
        return updated_node

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        return self._swapped_parameters(original_node, updated_node, original_node.name.value)

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        return self._swapped_parameters(original_node, updated_node, "the lambda")

    def _swapped_parameters(self, original: Function, updated: Function, what: str) -> Function:
        compiled = self._compiled.get(original)
        if compiled is None:
            return updated
        first, second = (param.name.value for param in [*original.params.posonly_params, *original.params.params][:2])
        named = f"{what}'s parameters are named ({first}, {second}), but compile(loss=...) calls it as loss(y_true, y_pred)"
        if self.options.fix_swaps and not compiled.other_uses and len(original.params.params) >= 2:
            self.report(original, f"{named}; renamed them ({second}, {first}): the computed values change", kind=Kind.SWAP)
            return _rename_first_two(updated, second, first)
        action = f"name them ({second}, {first}) if the body means what the names say, or rerun with --fix-swaps"
        if compiled.other_uses:
            lines = ", ".join(str(line) for line in compiled.other_uses)
            action = f"name them ({second}, {first}) and fix its other calls (line {lines}) by hand"
        self.report(original, f"{named}: inside it, {first} holds the targets", kind=Kind.SWAP, action=action)
        return updated


def _swap_values(call: cst.Call, slots: tuple[int, int]) -> cst.Call:
    """Exchange the values of two arguments, keeping each slot's keyword and comma."""
    args = list(call.args)
    first, second = slots
    args[first], args[second] = (args[first].with_changes(value=call.args[second].value),
                                 args[second].with_changes(value=call.args[first].value))
    return call.with_changes(args=args)


def _rename_first_two(function: Function, first: str, second: str) -> Function:
    """Name the first two parameters ``first`` and ``second``: what the body calls them now holds what Keras passes."""
    params = list(function.params.params)
    params[0] = params[0].with_changes(name=cst.Name(first))
    params[1] = params[1].with_changes(name=cst.Name(second))
    return function.with_changes(params=function.params.with_changes(params=params))


def _code(node: cst.BaseExpression) -> str:
    return cst.Module(body=[]).code_for_node(node)
