"""tf.layers as TF 1.x ran it, which TensorFlow 2.16 and later keep only in the tf-keras package.

Under Keras 3 every member of ``tf.compat.v1.layers`` raises. TensorFlow
itself serves ``tf.compat.v1.layers`` from tf-keras's legacy layers when it
runs with Keras 2 (``TF_USE_LEGACY_KERAS=1``), but that switch changes what
``tf.keras`` means for the whole process. Reaching the same module directly
gives a module that falls back to ``tf.compat.v1`` TF1's layers (same
variables, same names, same defaults) and leaves ``tf.keras`` alone.

The names are read from ``tfmigrate/data/tf_keras_legacy_layers.txt``
(written by ``scripts/gen_legacy_layer_names.py``) so the codemod never
imports TensorFlow.
"""

from __future__ import annotations

import functools
import importlib.resources

#: Where TF itself finds tf.compat.v1.layers when it runs with Keras 2
MODULE = "tf_keras.api._v1.keras.__internal__.legacy.layers"
PACKAGE, _, SUBMODULE = MODULE.rpartition(".")
#: The local name migrated code reaches it by (``from ... import layers as tf1_layers``)
LOCAL_NAME = "tf1_layers"
TF1_PREFIX = "tf.layers."
INSTALL = "pip install tf-keras"


@functools.lru_cache(maxsize=None)
def names() -> frozenset[str]:
    """The members of tf-keras's legacy layers module (``dense``, ``Conv2D``)."""
    text = importlib.resources.files("tfmigrate.data").joinpath("tf_keras_legacy_layers.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def member(chain: str) -> str | None:
    """``tf.layers.dense`` -> ``dense`` when tf-keras's legacy layers have it; deeper chains go with their head."""
    if not chain.startswith(TF1_PREFIX):
        return None
    head = chain[len(TF1_PREFIX):].split(".")[0]
    return head if head in names() else None
