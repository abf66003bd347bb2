"""TFM508: a tf.GraphKeys constant given as a collection name to a layer -> the string it held.

TF-Slim's and tf.contrib.layers' layers take the collections they add their
variables, updates and outputs to as names (``variables_collections=``,
``updates_collections=``, ``outputs_collections=``), and TF1 code often wrote
those names as ``tf.GraphKeys`` constants. TF 2 has no ``tf.GraphKeys``; the
constants were plain strings (TF 1.15's ``framework/ops.py``), and tf_slim
looks collections up by those same strings, so writing the string adds to the
same collection.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import Case
from tfmigrate.rules.constant_strings import ConstantStringRule
from tfmigrate.rules.tfnames import is_chain_head

# TF 1.15's values (class GraphKeys in tensorflow/python/framework/ops.py).
VALUES: dict[str, str] = {
    "GLOBAL_VARIABLES": "variables",
    "LOCAL_VARIABLES": "local_variables",
    "METRIC_VARIABLES": "metric_variables",
    "MODEL_VARIABLES": "model_variables",
    "TRAINABLE_VARIABLES": "trainable_variables",
    "SUMMARIES": "summaries",
    "MOVING_AVERAGE_VARIABLES": "moving_average_variables",
    "REGULARIZATION_LOSSES": "regularization_losses",
    "WEIGHTS": "weights",
    "BIASES": "biases",
    "ACTIVATIONS": "activations",
    "UPDATE_OPS": "update_ops",
    "LOSSES": "losses",
}
PREFIX = "tf.GraphKeys."
# The layers' parameters that name collections end so (variables_collections, updates_collections, ...).
SUFFIX = "_collections"


class GraphKeyNames(ConstantStringRule):
    CODE = "TFM508"
    NAME = "graph-key-names"
    DESCRIPTION = "Write a tf.GraphKeys constant passed as a layer's *_collections argument as the string it held."
    WHY = (
        "TF 2 has no tf.GraphKeys, so a model file that passes variables_collections=[tf.GraphKeys."
        "TRAINABLE_VARIABLES] to a TF-Slim layer (often in a batch-norm parameter dict for arg_scope) runs "
        "only through tf.compat.v1 for that one name. The constant was a plain string, and tf_slim adds to "
        "and reads collections by that string, so the string computes the same."
    )
    LEAVES = (
        "tf.GraphKeys anywhere else (tf.get_collection(tf.GraphKeys.LOSSES), tf.add_to_collection, ...): "
        "collections are TF1's graph bookkeeping, and there the name is reported with its function."
    )
    INSTEAD = (
        "variables_collections=['trainable_variables'], updates_collections='update_ops', or drop the "
        "argument where it names the layer's default."
    )
    CONTEXT = ", the collection name tf_slim's layers take"
    CASES = (
        Case(
            "import tensorflow as tf\nparams = {\n    'decay': 0.995,\n"
            "    'variables_collections': [tf.GraphKeys.TRAINABLE_VARIABLES],\n}\n",
            "import tensorflow as tf\nparams = {\n    'decay': 0.995,\n"
            "    'variables_collections': ['trainable_variables'],\n}\n",
            findings=("4:31 TFM508",),
        ),
        Case(
            'import tensorflow as tf\nimport tf_slim as slim\n'
            'y = slim.batch_norm(x, updates_collections=tf.GraphKeys.UPDATE_OPS, scope="bn")\n',
            'import tensorflow as tf\nimport tf_slim as slim\n'
            'y = slim.batch_norm(x, updates_collections="update_ops", scope="bn")\n',
            findings=("3:44 TFM508",),
        ),
        Case("import tensorflow as tf\nlosses = tf.get_collection(tf.GraphKeys.LOSSES)\n",
             findings=("2:10 TFM402", "2:28 TFM402")),
        Case("import tensorflow as tf\nparams = {'collections': [tf.GraphKeys.LOSSES]}\n",
             findings=("2:27 TFM402",)),
        Case("import tensorflow as tf\nparams = {'variables_collections': ['trainable_variables']}\n"),
    )

    def value_of(self, chain: cst.Attribute) -> str | None:
        if not is_chain_head(chain, self.parent(chain)):
            return None
        name = self.tf_name(chain) or ""
        if not name.startswith(PREFIX) or not self._names_collections(chain):
            return None
        return VALUES.get(name[len(PREFIX):])

    def _names_collections(self, node: cst.CSTNode) -> bool:
        """The value of a ``*_collections=`` argument or ``'*_collections':`` entry, alone or in a list of them."""
        parent = self.parent(node)
        if isinstance(parent, cst.Element):
            literal = self.parent(parent)
            if not isinstance(literal, (cst.List, cst.Tuple)):
                return False
            node, parent = literal, self.parent(literal)
        if isinstance(parent, cst.Arg) and parent.value is node:
            return parent.keyword is not None and parent.keyword.value.endswith(SUFFIX)
        if isinstance(parent, cst.DictElement) and parent.value is node:
            key = parent.key.evaluated_value if isinstance(parent.key, cst.SimpleString) else None
            return isinstance(key, str) and key.endswith(SUFFIX)
        return False
