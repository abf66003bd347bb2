"""TFM301: give cross-entropy calls TF 2 keywords under the order they were written for."""

from __future__ import annotations


import libcst as cst

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.dataflow import reaching_value
from tfmigrate.rules.losscalls import (
    LOSS_FUNCTIONS,
    TF0_ORDER,
    TF2_ORDER,
    BoundCall,
    bind,
    has_positional,
    keyword_args,
    spelled_through_compat,
)
from tfmigrate.rules.ecosystem import drop_from_import

# Calls whose result cannot carry a gradient: data, not computation.
GRADIENT_FREE_CALLS = frozenset(
    {
        "tf.constant", "tf.placeholder", "tf.one_hot", "tf.fill", "tf.zeros", "tf.ones",
        "tf.zeros_like", "tf.ones_like", "tf.linspace", "tf.lin_space", "tf.range",
        "tf.stop_gradient", "tf.convert_to_tensor",
    }
)

# The _v2 spellings of TF 1.x are the plain names of TF 2.
V2_NAMES = {
    "tf.nn.softmax_cross_entropy_with_logits_v2": "tf.nn.softmax_cross_entropy_with_logits",
}


class LossArguments(MigrationRule):
    CODE = "TFM301"
    NAME = "loss-call-arguments"
    DESCRIPTION = "Pass cross-entropy arguments by TF 2 keyword (labels=, logits=) under the order the call was written for."
    WHY = (
        "TF 0.x took sigmoid_cross_entropy_with_logits(logits, targets); TF 2 reads the same positions as "
        "(labels, logits). A positional call therefore computes a different loss depending on the version "
        "it was written for, and nothing fails. Keywords fix the meaning once. TF1's "
        "softmax_cross_entropy_with_logits also sent no gradient into its labels while TF 2's does, so "
        "labels computed from other tensors get tf.stop_gradient."
    )
    LEAVES = (
        "Calls that already pass labels= and logits=. A positional call in code that looks like TF 2 is "
        "left as TF 2 reads it, with a finding saying which reading it kept (--written-for 0.x reads it "
        "the TF 0.x way)."
    )
    INSTEAD = "labels= and logits= by keyword: tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)."
    CASES = (
        Case(
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(z, x, 0.5)\n",
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=0.5)\n",
            findings=("2:5 TFM301",),
        ),
        Case(
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(x, z, 2.0)\n",
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=2.0)\n",
            options=("written_for=0.x",),
            findings=("2:5 TFM301",),
        ),
        Case(
            "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(x, z)\n",
            "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=z)\n",
            options=("written_for=0.x",),
            findings=("2:5 TFM301",),
        ),
        Case("import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(y, h)\n", findings=("2:5 TFM301",)),
        Case(
            "import tensorflow.compat.v1 as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(y, h)\n",
            "import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=h)\n",
            findings=("1:1 TFM103", "2:5 TFM301"),
        ),
        Case(
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(targets=z, logits=x, pos_weight=3.)\n",
            "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=3.)\n",
            findings=("2:5 TFM301",),
        ),
        Case("import tensorflow as tf\nz = tf.constant([[0., 1.]])\nl = tf.nn.softmax_cross_entropy_with_logits(labels=z, logits=x)\n"),
        Case(
            "import tensorflow.compat.v1 as tf\nl = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(t), logits=x, dim=1)\n",
            "import tensorflow as tf\nl = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(tf.nn.softmax(t)), logits=x, axis=1)\n",
            findings=("1:1 TFM103", "2:5 TFM301", "2:5 TFM301"),
        ),
        Case("import tensorflow as tf\nl = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(t), logits=x)\n"),
        Case(
            "import tensorflow as tf\nl = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x)\n",
            "import tensorflow as tf\nl = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
            findings=("2:5 TFM301",),
        ),
        Case("import tensorflow as tf\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)\n"),
        # The module's evidence decides: tf.mul is TF 0.x code, so every positional call reads logits first.
        Case(
            "import tensorflow as tf\nh = tf.mul(x, 2.)\nl = tf.nn.weighted_cross_entropy_with_logits(x, z, 2.0)\n",
            "import tensorflow as tf\nh = tf.multiply(x, 2.)\nl = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=2.0)\n",
            findings=("2:5 TFM101", "3:5 TFM301"),
        ),
        # TF 1.0 names and a positional sigmoid call TF 1.x rejected: TF 0.12 code.
        Case(
            "import tensorflow as tf\ns = tf.Session()\na = tf.nn.sigmoid_cross_entropy_with_logits(x, z)\n"
            "b = tf.nn.weighted_cross_entropy_with_logits(x, z, 0.5)\nprint(s.run(tf.multiply(a, b)))\n",
            "import tensorflow as tf\na = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=z)\n"
            "b = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=0.5)\nprint(tf.multiply(a, b).numpy())\n",
            findings=("2:1 TFM201", "3:5 TFM301", "4:5 TFM301"),
        ),
        # tf.layers came with TF 1.0: the weighted call reads (targets, logits).
        Case(
            "import tensorflow as tf\nh = tf.layers.dense(x, 1)\nl = tf.nn.weighted_cross_entropy_with_logits(z, h, 0.5)\n",
            "import tensorflow as tf\nh = tf.layers.dense(x, 1)\nl = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=h, pos_weight=0.5)\n",
            findings=("2:5 TFM412", "3:5 TFM301"),
        ),
        # TF 0.x and TF 1.x evidence conflict: kept as TF 2 reads it, and the user is asked.
        Case(
            "import tensorflow as tf\nh = tf.mul(x, 2.)\nc = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=h)\n"
            "l = tf.nn.weighted_cross_entropy_with_logits(z, h, 0.5)\n",
            "import tensorflow as tf\nh = tf.multiply(x, 2.)\nc = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=h)\n"
            "l = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=h, pos_weight=0.5)\n",
            findings=("2:5 TFM101", "4:5 TFM301"),
        ),
    )

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.resolved_name(original_node.func)
        if name not in LOSS_FUNCTIONS:
            return updated_node
        reading = self.loss_call_reading(original_node, name)
        if reading is None and has_positional(original_node):
            self._report_unreadable(original_node, name)
            return updated_node
        reading = reading or "1.x"  # keywords only: no order to choose
        bound = bind(original_node, name, reading)
        if bound is None:
            self.report(original_node, f"cannot tell which argument of {name} is which",
                        action="pass labels= and logits= by keyword")
            return updated_node
        call = updated_node
        if bound.positional or any(arg.keyword and arg.keyword.value in ("targets", "dim") for arg in original_node.args):
            call = self._keywordise(original_node, updated_node, name, bound, reading)
        through_compat = spelled_through_compat(original_node.func)
        if name in ("tf.nn.softmax_cross_entropy_with_logits", "tf.nn.softmax_cross_entropy_with_logits_v2"):
            # Spelled tf.compat.v1.nn.softmax_..., it is the v1 function whatever else the module holds.
            v1_semantics = not name.endswith("_v2") and (through_compat or self.is_tf1_module())
            call = self._stop_label_gradient(original_node, call, bound, v1_semantics)
        if name in V2_NAMES:
            self.report(original_node, f"renamed {name} to {V2_NAMES[name]}", kind=Kind.FIXED)
            call = call.with_changes(func=self.spell(V2_NAMES[name]))
            if isinstance(original_node.func, cst.Name):
                drop_from_import(self, original_node.func)
        elif through_compat:
            self.report(original_node, f"spelled tf.compat.v1.{name[3:]} as {name}", kind=Kind.FIXED)
            call = call.with_changes(func=self.spell(name))
        return call

    def _keywordise(self, original: cst.Call, updated: cst.Call, name: str, bound: BoundCall, reading: str) -> cst.Call:
        # Rebind the *updated* arguments (children may have been rewritten).
        updated_bound = bind(updated.with_changes(args=updated.args), name, reading)
        if updated_bound is None:
            return updated
        if bound.positional:
            order = ", ".join(f"{p}={_source(bound.value(p))}" for p in bound.args)
            if reading == "2.x" and self.api_generation().conflict and not spelled_through_compat(original.func):
                self._report_conflict(original, name, order)
            else:
                self.report(original, f"positional {name} call read in {bound.order_used} order as {order}: "
                            f"{self.loss_reading_reason(original)}", kind=Kind.FIXED)
        else:
            self.report(original, f"renamed the TF1 keywords of {name} (targets= -> labels=, dim= -> axis=)", kind=Kind.FIXED)
        return updated.with_changes(args=keyword_args(updated_bound))

    def _report_unreadable(self, call: cst.Call, name: str) -> None:
        tf0, tf2 = _order_text(TF0_ORDER[name]), _order_text(TF2_ORDER[name])
        self.report(call, f"positional {name} call: TF 0.x read it as ({tf0}), TF 2 as ({tf2}); left as TF 2 reads it",
                    action="pass labels= and logits= by keyword, or rerun with --written-for 0.x for TF 0.x code")

    def _report_conflict(self, call: cst.Call, name: str, order: str) -> None:
        tf0 = _order_text(TF0_ORDER[name])
        self.report(call, f"positional {name} call kept as TF 2 reads it ({order}), but TF 0.x read it as ({tf0}) "
                    f"and {self.api_generation().because()}",
                    action="rerun with --written-for 0.x or --written-for 1.x to say which this file is")

    def _stop_label_gradient(self, original: cst.Call, call: cst.Call, bound: BoundCall, v1_semantics: bool) -> cst.Call:
        """TF1's v1 softmax loss passed no gradient to labels; keep that where it matters."""
        labels = bound.value("labels")
        if not v1_semantics or labels is None or gradient_free(self, labels):
            return call
        self.report(original, "wrapped labels in tf.stop_gradient: TF1's softmax_cross_entropy_with_logits "
                    "sent no gradient into labels", kind=Kind.FIXED)
        new_args = []
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "labels":
                arg = arg.with_changes(value=cst.Call(self.spell("tf.stop_gradient"), [cst.Arg(arg.value)]))
            new_args.append(arg)
        return call.with_changes(args=new_args)


def gradient_free(rule: MigrationRule, node: cst.BaseExpression, depth: int = 0) -> bool:
    """True when the value is data (constants, placeholders, numpy) that no gradient can flow into."""
    if depth > 8:
        return False
    if isinstance(node, (cst.Integer, cst.Float, cst.List, cst.Tuple)) or _is_numpy(node):
        return True
    if isinstance(node, cst.Name):
        value = reaching_value(rule, node)
        return value is not None and gradient_free(rule, value, depth + 1)
    if isinstance(node, cst.Call):
        callee = rule.tf_name(node.func)
        resolved = api.tf2_rename(callee) if callee else None
        return callee in GRADIENT_FREE_CALLS or resolved in GRADIENT_FREE_CALLS or _is_numpy(node)
    return False


def _is_numpy(node: cst.BaseExpression) -> bool:
    head = node.func if isinstance(node, cst.Call) else node
    while isinstance(head, cst.Attribute):
        head = head.value
    return isinstance(head, cst.Name) and head.value in ("np", "numpy")


def _order_text(order: tuple[str, ...]) -> str:
    return ", ".join(order[:2])


def _source(node: cst.BaseExpression | None) -> str:
    return cst.Module(body=[]).code_for_node(node) if node is not None else "?"
