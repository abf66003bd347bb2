"""TFM102: repair attribute chains that name nothing, such as ``tf.reduce.mean``."""

from __future__ import annotations

import libcst as cst

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules.base import CHAIN_REPAIR_CODE, Case, MigrationRule
from tfmigrate.rules.tfnames import is_chain_head


class AttributeChains(MigrationRule):
    CODE = CHAIN_REPAIR_CODE
    NAME = "nonexistent-attribute-chain"
    DESCRIPTION = "Repair attribute chains that exist in no TF version (tf.reduce.mean -> tf.reduce_mean)."
    WHY = (
        "A chain such as tf.reduce.mean exists in no TensorFlow version, so the line fails with "
        "AttributeError as soon as it runs. Such chains come from transcribed articles and slides, where "
        "an underscore was read as a dot; joined by underscores, the chain names the function meant."
    )
    LEAVES = (
        "Chains that exist (tf.reduce_mean, tf.float32.max) and names its API lists cannot judge, such as "
        "Keras (tf.keras.utils.to_categorical). A chain whose repair is no TensorFlow name, or has no TF 2 "
        "form, stays as written with a finding."
    )
    INSTEAD = "The real name: tf.reduce_mean for tf.reduce.mean, tf.nn.sigmoid_cross_entropy_with_logits for tf.nn.sigmoid.cross_entropy_with_logits."
    CASES = (
        Case(
            "import tensorflow as tf\nm = tf.reduce.mean(tf.square(d))\n",
            "import tensorflow as tf\nm = tf.reduce_mean(tf.square(d))\n",
            findings=("2:5 TFM102",),
        ),
        Case(
            "import tensorflow as tfx\ns = tfx.reduce.sum(x)\n",
            "import tensorflow as tfx\ns = tfx.reduce_sum(x)\n",
            findings=("2:5 TFM102",),
        ),
        Case("import tensorflow as tf\nr = tf.nn.sigmoid.cross_entropy_with_logits(labels=z, logits=x)\n",
             "import tensorflow as tf\nr = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)\n", findings=("2:5 TFM102",)),
        Case("import tensorflow as tf\nm = tf.reduce_mean(x)\n"),
        Case("import tensorflow as tf\nbig = tf.float32.max\n"),
        Case("import tensorflow as tf\nd = tf.keras.utils.to_categorical(y)\n"),
    )

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if not is_chain_head(original_node, self.parent(original_node)):
            return updated_node
        name = self.tf_name(original_node)
        if name is None or name == "tf" or api.known(name) or api.is_unchecked(name):
            return updated_node  # "tf": the module itself, e.g. tensorflow.compat.v1
        fixed = api.repair(name)
        if fixed is None:
            if api.is_module(api.longest_known_prefix(name)):
                self.report(original_node, f"{name} exists in no TensorFlow version", action="check the spelling")
            return updated_node
        target = api.tf2_rename(fixed)
        if target is None:
            self.report(original_node, f"{name} exists in no TensorFlow version; it means {fixed}, which has no TF 2 form",
                        action=f"write {fixed} and port it by hand")
            return updated_node
        self.report(original_node, f"{name} exists in no TensorFlow version; rewrote it as {target}", kind=Kind.FIXED)
        return self.spell(target)
