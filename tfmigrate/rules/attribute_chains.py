"""TFM102: repair attribute chains that name nothing, such as ``tf.reduce.mean``."""

from __future__ import annotations

import libcst as cst

from tfmigrate import api
from tfmigrate.findings import Kind
from tfmigrate.rules.base import Case, MigrationRule
from tfmigrate.rules.renames import is_chain_head

# Keras is a project of its own; only part of its API is in our name list.
UNCHECKED_PREFIXES = ("tf.keras.", "tf.contrib.", "tf.compat.")
# Real modules outside the public API lists: private packages and TF1's examples.
UNLISTED_PREFIXES = ("tf.python.", "tf.core.", "tf.tools.", "tf.compiler.", "tf.examples.")


def is_unchecked(name: str) -> bool:
    """Names the API lists cannot judge: Keras, contrib, compat, private packages, dunders (tf.__version__)."""
    return name.startswith(UNCHECKED_PREFIXES + UNLISTED_PREFIXES) or any(
        part.startswith("__") for part in name.split(".")
    )


def is_module(name: str) -> bool:
    """A name that other public names live under (``tf.nn``, not ``tf.float32``)."""
    return name in _module_index(name)


def _module_index(name: str) -> frozenset[str]:
    return api.module_names()


def known(name: str) -> bool:
    return name in api.tf2_names() or name in api.tf1_names() or name in api.PRE_1_0_RENAMES


def longest_known_prefix(name: str) -> str:
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:split])
        if known(head):
            return head
    return "tf"


def repair(name: str) -> str | None:
    """The real name an unknown chain meant: its tail joined by underscores."""
    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:split])
        if not known(head) and head != "tf":
            continue
        if head != "tf" and not is_module(head):
            continue
        candidate = f"{head}.{'_'.join(parts[split:])}"
        return candidate if known(candidate) else None
    return None


def resolved_name(rule: MigrationRule, node: cst.CSTNode) -> str | None:
    """The TF name a node refers to, read through this rule's repair when it runs.

    Rules that key on a call's name (keyword renames, loss arguments) must see
    ``tf.reduce.mean(..., keep_dims=True)`` as the tf.reduce_mean it becomes in
    the same pass, or a second run would still have work to do.
    """
    name = rule.tf_name(node)
    if name is None or known(name) or is_unchecked(name):
        return name
    if AttributeChains.CODE not in rule.context.scratch.get("tfmigrate.selected", ()):
        return name
    return repair(name) or name


class AttributeChains(MigrationRule):
    CODE = "TFM102"
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
        if name is None or name == "tf" or known(name) or is_unchecked(name):
            return updated_node  # "tf": the module itself, e.g. tensorflow.compat.v1
        fixed = repair(name)
        if fixed is None:
            if is_module(longest_known_prefix(name)):
                self.report(original_node, f"{name} exists in no TensorFlow version", action="check the spelling")
            return updated_node
        target = api.tf2_rename(fixed)
        if target is None:
            self.report(original_node, f"{name} exists in no TensorFlow version; it means {fixed}, which has no TF 2 form",
                        action=f"write {fixed} and port it by hand")
            return updated_node
        self.report(original_node, f"{name} exists in no TensorFlow version; rewrote it as {target}", kind=Kind.FIXED)
        return self.spell(target)
