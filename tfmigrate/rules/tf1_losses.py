"""TFM304: tf.losses.* with TF1's defaults -> the mean of the same per-element loss in tf.nn / tf.math."""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.dataflow import numeric_literal
from tfmigrate.rules.ecosystem import drop_from_import
from tfmigrate.rules.static_types import static_dtype


@dataclasses.dataclass(frozen=True)
class Tf1Loss:
    """One tf.losses function: its TF1 parameters and the per-element op TF1 reduced."""

    parameters: tuple[str, ...]
    op: str  # the TF 2 op computing TF1's per-element losses
    #: True: TF1 cast both inputs to float32 (op(predictions, labels)); False: op(labels=, logits=) in the logits' dtype
    casts_inputs: bool
    #: TF1 wrapped the labels in stop_gradient (softmax_cross_entropy did; TF 2's op passes labels a gradient)
    stops_label_gradient: bool = False


_TAIL = ("weights", "scope", "loss_collection", "reduction")
# Facts from TF1's losses_impl.py (signatures checked against tf.compat.v1.losses).
LOSSES: dict[str, Tf1Loss] = {
    "tf.losses.mean_squared_error": Tf1Loss(("labels", "predictions", *_TAIL), "tf.math.squared_difference", True),
    "tf.losses.absolute_difference": Tf1Loss(("labels", "predictions", *_TAIL), "tf.abs", True),
    "tf.losses.sparse_softmax_cross_entropy": Tf1Loss(
        ("labels", "logits", *_TAIL), "tf.nn.sparse_softmax_cross_entropy_with_logits", False),
    "tf.losses.sigmoid_cross_entropy": Tf1Loss(
        ("multi_class_labels", "logits", "weights", "label_smoothing", *_TAIL[1:]),
        "tf.nn.sigmoid_cross_entropy_with_logits", False),
    "tf.losses.softmax_cross_entropy": Tf1Loss(
        ("onehot_labels", "logits", "weights", "label_smoothing", *_TAIL[1:]),
        "tf.nn.softmax_cross_entropy_with_logits", False, stops_label_gradient=True),
}
SUM_BY_NONZERO_WEIGHTS = "tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS"
# Reading these sees what TF1's losses added to the LOSSES collection.
COLLECTION_READERS = frozenset({
    "tf.losses.get_losses", "tf.losses.get_total_loss", "tf.get_collection", "tf.get_collection_ref",
    "tf.GraphKeys.LOSSES",
})


class Tf1Losses(MigrationRule):
    CODE = "TFM304"
    NAME = "tf1-losses"
    DESCRIPTION = "Rewrite tf.losses calls with TF1's default weights and reduction as tf.reduce_mean of the same per-element loss."
    WHY = (
        "tf.losses is gone in TF 2. With weights=1.0 and its default reduction, SUM_BY_NONZERO_WEIGHTS, "
        "TF1 summed the per-element losses in float32 and divided by their count: a mean, which "
        "tf.reduce_mean computes the same way (a sum, then a division by the count). Keras losses "
        "reduce differently (first over the last axis), so they are not used. With other weights TF1 "
        "divided by the number of nonzero weights, which is not a mean, and such calls are kept."
    )
    LEAVES = (
        "Calls with weights other than 1, another reduction, label smoothing, logits whose dtype the "
        "module does not state as float32 (TF1 took the mean in float32 and cast it back), or in a module "
        "that reads the LOSSES collection TF1 added each loss to: each is reported and kept. tf.losses "
        "functions not listed here (hinge_loss, log_loss, huber_loss, cosine_distance, ...) keep "
        "TFM412's finding. An empty batch gave 0 in TF1 and gives NaN as a mean; labels of "
        "sparse_softmax_cross_entropy with a trailing axis of 1, which TF1 squeezed, raise in TF 2."
    )
    INSTEAD = "tf.reduce_mean(tf.math.squared_difference(predictions, labels)) for mean_squared_error, and so on."
    CASES = (
        Case(
            "import tensorflow as tf\ny = tf.placeholder(tf.float32, [None, 1])\np = tf.layers.dense(y, 1)\n"
            "loss = tf.losses.mean_squared_error(y, p)\n",
            "import tensorflow as tf\ny = tf.placeholder(tf.float32, [None, 1])\np = tf.layers.dense(y, 1)\n"
            "loss = tf.reduce_mean(tf.math.squared_difference(p, y))\n",
            findings=("2:5 TFM405", "3:5 TFM412", "4:8 TFM304"),
        ),
        Case(
            "import tensorflow as tf\nloss = tf.losses.absolute_difference(labels=y, predictions=p)\n",
            "import tensorflow as tf\n"
            "loss = tf.reduce_mean(tf.abs(tf.subtract(tf.cast(p, tf.float32), tf.cast(y, tf.float32))))\n",
            findings=("2:8 TFM304",),
        ),
        Case(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\nlogits = tf.matmul(x, w)\n"
            "loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)\n",
            "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 3])\nlogits = tf.matmul(x, w)\n"
            "loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))\n",
            findings=("2:5 TFM405", "4:8 TFM304"),
        ),
        Case("import tensorflow as tf\nloss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=h)\n",
             findings=("2:8 TFM304",)),
        Case("import tensorflow as tf\nloss = tf.losses.mean_squared_error(y, p, weights=w)\n", findings=("2:8 TFM304",)),
        Case("import tensorflow as tf\nloss = tf.losses.mean_squared_error(y, p)\ntotal = tf.losses.get_total_loss()\n",
             findings=("2:8 TFM304", "3:9 TFM412")),
        Case(
            "from tensorflow.losses import mean_squared_error\nimport tensorflow as tf\ny = tf.constant([1.0, 2.0])\n"
            "l = mean_squared_error(y, y * 2.0)\n",
            "import tensorflow as tf\ny = tf.constant([1.0, 2.0])\nl = tf.reduce_mean(tf.math.squared_difference(y * 2.0, y))\n",
            findings=("4:5 TFM304",),
        ),
        Case("import tensorflow as tf\nloss = tf.reduce_mean(tf.math.squared_difference(p, y))\n"),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.tf_name(node.func) in LOSSES:
            self.mark_handled(id(node.func))  # reported here, converted or not: TFM412 must not report it too

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self.tf_name(original_node.func)
        loss = LOSSES.get(name or "")
        if loss is None:
            return updated_node
        original, updated = _bind(original_node, loss), _bind(updated_node, loss)
        labels, other = loss.parameters[:2]
        complete = original is not None and updated is not None and labels in original and other in original
        refusal = self._refusal(original, loss) if complete and original is not None else (
            "its arguments cannot be read", "pass the labels and the predictions or logits by keyword")
        if refusal is not None or original is None or updated is None:
            why, action = refusal or ("", "")
            self.report(original_node, f"{name} kept: {why}", action=action, subject=name or "")
            return updated_node
        if loss.casts_inputs:
            predictions = self._float32(original[other], updated[other])
            truth = self._float32(original[labels], updated[labels])
            if loss.op == "tf.abs":
                per_element = cst.Call(self.spell(loss.op), [
                    cst.Arg(cst.Call(self.spell("tf.subtract"), [cst.Arg(predictions), cst.Arg(truth)]))])
            else:
                per_element = cst.Call(self.spell(loss.op), [cst.Arg(predictions), cst.Arg(truth)])
        else:
            sparse = loss.op.startswith("tf.nn.sparse")
            truth = updated[labels] if sparse else self._float32(original[labels], updated[labels])
            if loss.stops_label_gradient:
                truth = cst.Call(self.spell("tf.stop_gradient"), [cst.Arg(truth)])
            per_element = cst.Call(self.spell(loss.op), [_keyword("labels", truth), _keyword("logits", updated[other])])
        self.report(original_node, f"rewrote {name} as tf.reduce_mean of {loss.op}: with weights=1.0 TF1's "
                    "SUM_BY_NONZERO_WEIGHTS reduction divided the float32 sum by the element count", kind=Kind.FIXED,
                    subject=name or "")
        if isinstance(original_node.func, cst.Name):
            drop_from_import(self, original_node.func)
        return cst.Call(self.spell("tf.reduce_mean"), [cst.Arg(per_element)])

    def _refusal(self, bound: dict[str, cst.BaseExpression], loss: Tf1Loss) -> tuple[str, str] | None:
        weights = bound.get("weights")
        if weights is not None and numeric_literal(weights) != 1.0:
            return ("with weights other than 1, TF1's SUM_BY_NONZERO_WEIGHTS divided the weighted sum by the number of "
                    "nonzero weights, which is not a mean",
                    "write tf.math.divide_no_nan(tf.reduce_sum(losses * weights), number of nonzero weights broadcast "
                    "to the losses) over the per-element loss")
        reduction = bound.get("reduction")
        if reduction is not None and self.tf_name(reduction) != SUM_BY_NONZERO_WEIGHTS:
            return ("it asks for a reduction other than SUM_BY_NONZERO_WEIGHTS",
                    "reduce the per-element loss (tf.nn / tf.math) as that reduction did")
        smoothing = bound.get("label_smoothing")
        if smoothing is not None and numeric_literal(smoothing) != 0.0:
            return ("it smooths the labels", "smooth the labels by hand before the per-element loss")
        collection = bound.get("loss_collection")
        reader = self._collection_reader()
        if reader is not None and not (isinstance(collection, cst.Name) and collection.value == "None"):
            return (f"TF1 added the loss to the LOSSES collection, which this module reads ({reader})",
                    "keep the losses in a Python list and sum it where the collection was read")
        if not loss.casts_inputs and static_dtype(self, bound[loss.parameters[1]]) != "float32":
            return ("the module does not state that the logits are float32, and TF1 took the mean in float32 and "
                    "cast it back to their dtype",
                    f"write tf.reduce_mean({loss.op}(labels=..., logits=...)) if the logits are float32")
        return None

    def _collection_reader(self) -> str | None:
        for kind in (cst.Attribute, cst.Name):
            for node in self.facts.all(kind):
                name = self.tf_name(node)
                if name in COLLECTION_READERS:
                    return name
        return None

    def _float32(self, original: cst.BaseExpression, updated: cst.BaseExpression) -> cst.BaseExpression:
        """TF1 cast this input to float32: kept as is when the module states it is float32 already."""
        if static_dtype(self, original) == "float32":
            return updated
        return cst.Call(self.spell("tf.cast"), [cst.Arg(updated), cst.Arg(self.spell("tf.float32"))])


def _bind(call: cst.Call, loss: Tf1Loss) -> dict[str, cst.BaseExpression] | None:
    found: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        key = arg.keyword.value if arg.keyword is not None else (
            loss.parameters[index] if index < len(loss.parameters) else None)
        if key is None or key not in loss.parameters or key in found:
            return None
        found[key] = arg.value
    return found


def _keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value, keyword=cst.Name(name), equal=cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")))
