"""tf.contrib.slim / contrib.framework.arg_scope / contrib.layers -> tf_slim (TFM504): before/after and no-ops."""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source

PAIRS = [
    ("import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
     "with slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(0.1)):\n"
     "    net = slim.repeat(x, 2, slim.conv2d, 64, [3, 3])\n",
     "import tensorflow as tf\nimport tf_slim as slim\n"
     "with slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(0.1)):\n"
     "    net = slim.repeat(x, 2, slim.conv2d, 64, [3, 3])\n"),
    ("from tensorflow.contrib import slim as s\nnet = s.max_pool2d(x, [2, 2])\n",
     "import tf_slim as s\nnet = s.max_pool2d(x, [2, 2])\n"),
    ("import tensorflow as tf\nnet = tf.contrib.slim.fully_connected(x, 10, activation_fn=None)\n",
     "import tensorflow as tf\nimport tf_slim\n\nnet = tf_slim.fully_connected(x, 10, activation_fn=None)\n"),
    ("import tensorflow as tf\nnet = tf.contrib.layers.fully_connected(x, 2)\nr = tf.contrib.layers.l2_regularizer(0.5)\n",
     "import tensorflow as tf\nimport tf_slim\n\nnet = tf_slim.layers.fully_connected(x, 2)\nr = tf_slim.l2_regularizer(0.5)\n"),
    ("import tensorflow as tf\nslim = tf.contrib.slim\ndecoder = slim.tfexample_decoder.TFExampleDecoder(keys, items)\n",
     "import tensorflow as tf\nimport tf_slim as slim\n\ndecoder = slim.tfexample_decoder.TFExampleDecoder(keys, items)\n"),
    # slim is bound twice: the statement stays, pointing at tf_slim
    ("import tensorflow as tf\nslim = tf.contrib.slim\nslim = other\n",
     "import tensorflow as tf\nimport tf_slim\n\nslim = tf_slim\nslim = other\n"),
]

NO_OPS = [
    # a name tf_slim does not have: the import stays, reported
    "import tensorflow as tf\nimport tensorflow.contrib.slim as slim\nnet = slim.no_such_layer(x)\n",
    "import tf_slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_converts(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.code == after
    assert not [f for f in result.findings if f.needs_action], [f.format() for f in result.findings]
    assert all("tf-slim" in f.message for f in result.findings if f.code == "TFM504")
    assert migrate_source(result.code).code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves_alone(source: str) -> None:
    assert migrate_source(source).code == source
