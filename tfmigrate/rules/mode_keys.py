"""TFM506: the mode keys of tf.estimator and tf.contrib.learn -> the strings they were.

``tf.estimator.ModeKeys`` (removed with the estimators in TF 2.16) and
``tf.contrib.learn.ModeKeys`` held three string constants, and code compared
its ``mode`` arguments with them. The strings themselves mean the same
everywhere: TF 1.15 defines ``TRAIN = 'train'``, ``EVAL = 'eval'`` and
``PREDICT = 'infer'`` (estimator) / ``INFER = 'infer'`` (contrib.learn).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.base import Case
from tfmigrate.rules.constant_strings import ConstantStringRule
from tfmigrate.rules.tfnames import is_chain_head

# TF 1.15's values (estimator's EstimatorModeKeys, contrib.learn's model_fn.ModeKeys).
VALUES: dict[str, str] = {
    "tf.estimator.ModeKeys.TRAIN": "train",
    "tf.estimator.ModeKeys.EVAL": "eval",
    "tf.estimator.ModeKeys.PREDICT": "infer",
    "tf.contrib.learn.ModeKeys.TRAIN": "train",
    "tf.contrib.learn.ModeKeys.EVAL": "eval",
    "tf.contrib.learn.ModeKeys.INFER": "infer",
}


class ModeKeys(ConstantStringRule):
    CODE = "TFM506"
    NAME = "mode-keys"
    DESCRIPTION = "Write tf.estimator.ModeKeys and tf.contrib.learn.ModeKeys constants as the strings they hold."
    WHY = (
        "TF 2 has neither tf.contrib.learn nor, since 2.16, tf.estimator, so a module that compares its mode "
        "with ModeKeys.TRAIN fails on TF 2 at that name. The constants were plain strings ('train', 'eval', "
        "'infer'), and the code compared and passed them as strings, so writing the string computes the same."
    )
    LEAVES = (
        "The ModeKeys class itself when it is used other than through one of its three constants "
        "(keys = tf.estimator.ModeKeys), which is reported with tf.contrib's or tf.estimator's finding."
    )
    INSTEAD = "mode == 'train', mode == 'eval', mode == 'infer' (PREDICT and INFER were both 'infer')."
    CASES = (
        Case(
            "import tensorflow as tf\nif mode == tf.estimator.ModeKeys.PREDICT:\n    pass\n",
            "import tensorflow as tf\nif mode == 'infer':\n    pass\n",
            findings=("2:12 TFM506",),
        ),
        Case(
            'import tensorflow as tf\ntraining = mode == tf.contrib.learn.ModeKeys.TRAIN\nname = "x"\n',
            'import tensorflow as tf\ntraining = mode == "train"\nname = "x"\n',
            findings=("2:20 TFM506",),
        ),
        Case("import tensorflow as tf\nkeys = tf.estimator.ModeKeys\n", findings=("2:8 TFM418",)),
    )

    def value_of(self, chain: cst.Attribute) -> str | None:
        if not is_chain_head(chain, self.parent(chain)):
            return None
        return VALUES.get(self.tf_name(chain) or "")

