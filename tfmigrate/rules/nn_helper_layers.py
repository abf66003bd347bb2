"""TFM108: write TF1's fully connected helpers ``tf.nn.xw_plus_b`` and ``tf.nn.relu_layer`` as the ops they ran.

TF1 defined both in a few lines (``nn_ops.xw_plus_b``, ``nn_impl.relu_layer``):
``bias_add(matmul(x, weights), biases, name=name)`` and
``relu(bias_add(matmul(x, weights), biases), name=name)``. TF 2 kept every op
they call, under the same names, and dropped only the helpers.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule

# TF1's signature of both helpers.
PARAMETERS = ("x", "weights", "biases", "name")
XW_PLUS_B = "tf.nn.xw_plus_b"
RELU_LAYER = "tf.nn.relu_layer"
HELPERS: dict[str, str] = {
    XW_PLUS_B: "tf.nn.bias_add(tf.matmul(x, weights), biases)",
    RELU_LAYER: "tf.nn.relu(tf.nn.bias_add(tf.matmul(x, weights), biases))",
}


class NnHelperLayers(MigrationRule):
    CODE = "TFM108"
    NAME = "nn-helper-layers"
    DESCRIPTION = "Rewrite tf.nn.xw_plus_b and tf.nn.relu_layer as the matmul, bias_add (and relu) they ran."
    WHY = (
        "TF 2 removed tf.nn.xw_plus_b and tf.nn.relu_layer but kept the ops TF1 built them from: TF1's "
        "xw_plus_b returned tf.nn.bias_add(tf.matmul(x, weights), biases, name=name) and relu_layer returned "
        "tf.nn.relu of the same sum, with name= on the last op. Written out, the call computes the same "
        "tensor with the same ops, and a file that used only these helpers no longer needs tf.compat.v1. "
        "The product now runs before the biases expression is evaluated rather than after it; a matmul "
        "changes no state, so that expression has the same value. TF1 converted a Python list argument to "
        "a tensor on its own, tf.matmul and tf.nn.bias_add convert it to the other operand's dtype: a call "
        "TF1 rejected for mixing float64 with a list of floats now runs, and every call TF1 ran computes the same."
    )
    LEAVES = (
        "Uses that are not calls (op = tf.nn.relu_layer if relu else tf.nn.xw_plus_b: the callers pass "
        "positions the rule cannot see), calls with *args or **kwargs or keywords TF1 did not take, and "
        "names imported with from tensorflow... import xw_plus_b."
    )
    INSTEAD = "tf.nn.bias_add(tf.matmul(x, w), b) for xw_plus_b, tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b)) for relu_layer."
    CASES = (
        Case(
            "import tensorflow as tf\nscores = tf.nn.xw_plus_b(h, W, b, name='scores')\n",
            "import tensorflow as tf\nscores = tf.nn.bias_add(tf.matmul(h, W), b, name='scores')\n",
            findings=("2:10 TFM108",),
        ),
        Case(
            "import tensorflow as tf\nfc = tf.nn.relu_layer(x, weights=w, biases=b)\n",
            "import tensorflow as tf\nfc = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b))\n",
            findings=("2:6 TFM108",),
        ),
        Case(
            "import tensorflow as tf\nfc = tf.nn.relu_layer(x, w, b, 'fc6')\n",
            "import tensorflow as tf\nfc = tf.nn.relu(tf.nn.bias_add(tf.matmul(x, w), b), name='fc6')\n",
            findings=("2:6 TFM108",),
        ),
        # Spelled through tf.compat.v1 (as tf_upgrade_v2 leaves it), and under another alias.
        Case(
            "import tensorflow as tfx\ny = tfx.compat.v1.nn.xw_plus_b(x, w, b)\n",
            "import tensorflow as tfx\ny = tfx.nn.bias_add(tfx.matmul(x, w), b)\n",
            findings=("2:5 TFM108",),
        ),
        # Not a call: which positions reach it is decided elsewhere, so the name stays (with TFM401's finding).
        Case(
            "import tensorflow as tf\nop = tf.nn.relu_layer if relu else tf.nn.xw_plus_b\n",
            findings=("2:6 TFM401", "2:36 TFM401"),
        ),
        # Arguments the rule cannot bind to TF1's parameters stay as written.
        Case("import tensorflow as tf\ny = tf.nn.xw_plus_b(*args)\n", findings=("2:5 TFM401",)),
        Case("import tensorflow as tf\ny = tf.nn.xw_plus_b(x, w, b, scope='s')\n", findings=("2:5 TFM401",)),
        # A function of the module that happens to have the name is not TensorFlow's.
        Case("import tensorflow as tf\ndef xw_plus_b(x, w, b):\n    return x\ny = xw_plus_b(x, w, b)\n"),
        Case("import tensorflow as tf\ny = tf.nn.bias_add(tf.matmul(x, w), b)\n"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._rewritten: dict[int, str] = {}  # id(original call) -> the helper it calls

    def visit_Call(self, node: cst.Call) -> None:
        """Decided before the callee is visited, so that TFM401 does not report a name that goes."""
        if not isinstance(node.func, cst.Attribute):
            return  # a from-import's bare name: its import would have to go too
        name = self.tf_name(node.func)
        if name in HELPERS and _bind(node) is not None:
            self._rewritten[id(node)] = name
            self.mark_handled(id(node.func))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = self._rewritten.get(id(original_node))
        bound = _bind(updated_node) if name else None
        if name is None or bound is None:
            return updated_node
        self.report(original_node, f"rewrote {name} as {HELPERS[name]}, the ops TF1 built it from", kind=Kind.FIXED,
                    subject=name)
        return self._composed(name, bound)

    def _composed(self, name: str, bound: dict[str, cst.BaseExpression]) -> cst.Call:
        product = cst.Call(self.spell("tf.matmul"), [cst.Arg(bound["x"]), cst.Arg(bound["weights"])])
        name_arg = [_named(bound["name"])] if "name" in bound else []
        if name == XW_PLUS_B:
            return cst.Call(self.spell("tf.nn.bias_add"), [cst.Arg(product), cst.Arg(bound["biases"]), *name_arg])
        summed = cst.Call(self.spell("tf.nn.bias_add"), [cst.Arg(product), cst.Arg(bound["biases"])])
        return cst.Call(self.spell("tf.nn.relu"), [cst.Arg(summed), *name_arg])


def _bind(call: cst.Call) -> dict[str, cst.BaseExpression] | None:
    """The call's arguments by TF1 parameter; None for stars, unknown keywords, extra positions or a missing one."""
    bound: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        parameter = arg.keyword.value if arg.keyword is not None else (PARAMETERS[index] if index < len(PARAMETERS) else None)
        if parameter not in PARAMETERS or parameter in bound:
            return None
        bound[parameter] = arg.value
    if not {"x", "weights", "biases"} <= set(bound):
        return None
    return bound


def _named(value: cst.BaseExpression) -> cst.Arg:
    no_space = cst.SimpleWhitespace("")
    return cst.Arg(value, keyword=cst.Name("name"), equal=cst.AssignEqual(whitespace_before=no_space,
                                                                             whitespace_after=no_space))
