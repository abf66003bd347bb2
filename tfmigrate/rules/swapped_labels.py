"""TFM302: report cross-entropy calls whose labels and logits look swapped."""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.loss_arguments import gradient_free
from tfmigrate.rules.losscalls import (
    LOSS_FUNCTIONS,
    bind,
    has_positional,
    keyword_args,
)
from tfmigrate.rules.swapevidence import CLASS_INDICES, PROBABILITIES, swap_evidence

SPARSE_SOFTMAX = "tf.nn.sparse_softmax_cross_entropy_with_logits"


class SwappedLabels(MigrationRule):
    CODE = "TFM302"
    NAME = "swapped-labels-logits"
    DESCRIPTION = "Report cross-entropy calls whose labels look like predictions and logits like targets (--fix-swaps fixes them)."
    WHY = (
        "A cross-entropy with labels and logits swapped runs without an error and returns numbers of the "
        "right shape, so the mistake shows only as a model that learns the wrong thing. The rule looks at "
        "what the arguments hold: labels that take values outside [0, 1], or names such as y_pred passed "
        "as labels and y_true as logits."
    )
    LEAVES = (
        "The values: without --fix-swaps a suspect call stays as written, so the migration computes what "
        "the original computed. Calls whose labels could be targets, or whose arguments it knows nothing "
        "about, are not reported."
    )
    INSTEAD = "labels=<targets>, logits=<predictions>, or rerun with --fix-swaps to swap them."
    CASES = (
        Case("import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)\n", findings=("2:5 TFM302",)),
        Case(
            "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_true)\n",
            "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)\n",
            options=("fix_swaps",),
            findings=("2:5 TFM302",),
        ),
        Case(
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(logits, targets, 0.5)\n",
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(labels=targets, logits=logits, pos_weight=0.5)\n",
            options=("fix_swaps",),
            findings=("2:5 TFM301", "2:5 TFM302"),
        ),
        Case("import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)\n"),
        Case("import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=onehot, logits=net)\n"),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.resolved_name(original_node.func)
        if name not in LOSS_FUNCTIONS:
            return updated_node
        reading = self.loss_call_reading(original_node, name)
        if reading is None and has_positional(original_node):
            return updated_node  # which argument is which is TFM301's finding
        reading = reading or "1.x"  # keywords only: no order to choose
        bound = bind(original_node, name, reading)
        if bound is None or "labels" not in bound.args or "logits" not in bound.args:
            return updated_node
        evidence = self._swap_evidence(bound.value("labels"), bound.value("logits"), name)  # type: ignore[arg-type]
        if not evidence:
            return updated_node
        labels, logits = _code(bound.value("labels")), _code(bound.value("logits"))
        fixed_call = f"{name.rsplit('.', 1)[-1]}(labels={logits}, logits={labels}, ...)"
        if self.options.fix_swaps:
            self.report(original_node, f"swapped labels={labels} and logits={logits} ({evidence}); "
                        f"fixed as {fixed_call}: the computed values change", kind=Kind.SWAP)
            return self._swap(original_node, updated_node, name, reading)
        self.report(original_node, f"labels={labels} and logits={logits} look swapped ({evidence}); "
                    "kept as written so values stay the same", kind=Kind.SWAP,
                    action=f"write {fixed_call} or rerun with --fix-swaps")
        return updated_node

    def _swap(self, original: cst.Call, call: cst.Call, name: str, reading: str) -> cst.Call:
        bound = bind(call, name, reading)
        original_bound = bind(original, name, reading)
        if bound is None or original_bound is None:
            return call
        labels, logits = bound.args["labels"], bound.args["logits"]
        new_labels, new_logits = logits.value, labels.value
        guard = self._added_stop_gradient(original_bound.value("labels"), labels.value)
        if guard is not None:
            # TFM301 guarded the labels slot (TF1's softmax sent labels no gradient):
            # the guard stays with the slot, not with the value that moves to logits.
            new_logits = guard.args[0].value
            if not gradient_free(self, original_bound.value("logits")):  # type: ignore[arg-type]
                new_labels = guard.with_changes(args=[guard.args[0].with_changes(value=new_labels)])
        bound.args["labels"], bound.args["logits"] = labels.with_changes(value=new_labels), logits.with_changes(value=new_logits)
        return call.with_changes(args=keyword_args(bound))

    def _added_stop_gradient(self, original: cst.BaseExpression | None, updated: cst.BaseExpression) -> cst.Call | None:
        """The tf.stop_gradient(...) call another rule wrapped around the labels, if any."""
        if not isinstance(updated, cst.Call) or len(updated.args) != 1 or original is updated:
            return None
        if isinstance(original, cst.Call) and self.tf_name(original.func) == "tf.stop_gradient":
            return None  # the user's own stop_gradient travels with its value
        return updated if _code(updated.func) == _code(self.names.spell("tf.stop_gradient")) else None

    def _swap_evidence(self, labels: cst.BaseExpression, logits: cst.BaseExpression, name: str = "") -> str:
        holds = CLASS_INDICES if name == SPARSE_SOFTMAX else PROBABILITIES
        return swap_evidence(self, labels, logits, holds, "labels take")


def _code(node: cst.BaseExpression | None) -> str:
    return cst.Module(body=[]).code_for_node(node) if node is not None else "?"
