"""TFM506: tf.estimator.ModeKeys / tf.contrib.learn.ModeKeys constants written as the strings they held.

The strings are TF 1.15's (estimator: TRAIN 'train', EVAL 'eval', PREDICT
'infer'; contrib.learn: TRAIN, EVAL, INFER likewise).
"""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source

PAIRS = [
    ("import tensorflow as tf\nt = mode == tf.estimator.ModeKeys.TRAIN\n",
     "import tensorflow as tf\nt = mode == 'train'\n"),
    ("import tensorflow as tf\ne = tf.estimator.ModeKeys.EVAL\np = tf.estimator.ModeKeys.PREDICT\n",
     "import tensorflow as tf\ne = 'eval'\np = 'infer'\n"),
    ("import tensorflow as tf\nk = [tf.contrib.learn.ModeKeys.TRAIN, tf.contrib.learn.ModeKeys.EVAL,\n"
     "     tf.contrib.learn.ModeKeys.INFER]\n",
     "import tensorflow as tf\nk = ['train', 'eval',\n     'infer']\n"),
    # the module's own quotes
    ('import tensorflow as tf\nname = "model"\nif mode == tf.contrib.learn.ModeKeys.INFER:\n    pass\n',
     'import tensorflow as tf\nname = "model"\nif mode == "infer":\n    pass\n'),
    # aliases and from-imports resolve to the same names
    ("from tensorflow.contrib import learn\nf(mode=learn.ModeKeys.TRAIN)\n",
     "from tensorflow.contrib import learn\nf(mode='train')\n"),
    ("import tensorflow.compat.v1 as tf\nif mode != tf.estimator.ModeKeys.PREDICT:\n    pass\n",
     "import tensorflow as tf\nif mode != 'infer':\n    pass\n"),
]

NO_OPS = [
    "import tensorflow as tf\nkeys = tf.estimator.ModeKeys\n",  # the class, not a constant
    "import tensorflow as tf\nk = tf.estimator.ModeKeys.NOT_A_KEY\n",
    "class ModeKeys:\n    TRAIN = 'fit'\nk = ModeKeys.TRAIN\n",
    "import keras\nk = keras.ModeKeys.TRAIN\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_pair(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.code == after
    assert {f.code for f in result.findings if f.kind == "fixed"} >= {"TFM506"}


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    result = migrate_source(source)
    assert "TFM506" not in {f.code for f in result.findings}
    assert result.code == source
