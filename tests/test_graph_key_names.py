"""TFM508: tf.GraphKeys constants given as a layer's *_collections argument -> the strings they held.

Before/after and no-op tables, the table against the installed tf.compat.v1.GraphKeys (TF1's class,
unchanged in TF 2), and a TF-Slim batch norm built with each spelling, whose collections must hold
the same variables.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind
from tfmigrate.rules.graph_key_names import VALUES

HEAD = "import tensorflow as tf\nimport tf_slim as slim\n"

CONVERTED = [
    ("p = {'variables_collections': [tf.GraphKeys.TRAINABLE_VARIABLES]}\n",
     "p = {'variables_collections': ['trainable_variables']}\n"),
    ("p = dict(updates_collections=tf.GraphKeys.UPDATE_OPS)\n", "p = dict(updates_collections='update_ops')\n"),
    ("y = slim.conv2d(x, 8, 3, outputs_collections=(tf.GraphKeys.ACTIVATIONS,))\n",
     "y = slim.conv2d(x, 8, 3, outputs_collections=('activations',))\n"),
]

# Not a layer's collection argument: left to the functions that read collections (TFM402).
LEFT = [
    "ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)\n",
    "p = {'collections': [tf.GraphKeys.LOSSES]}\n",
    "key = tf.GraphKeys.TRAINABLE_VARIABLES\n",
    "p = {'variables_collections': [tf.GraphKeys.TRAINABLE_VARIABLES + '_x']}\n",
    "p = {b'variables_collections': [tf.GraphKeys.TRAINABLE_VARIABLES]}\n",
]


@pytest.mark.parametrize(("before", "after"), CONVERTED)
def test_converted(before: str, after: str) -> None:
    result = migrate_source(HEAD + before)
    assert result.code == HEAD + after
    assert [(f.code, f.kind) for f in result.findings] == [("TFM508", Kind.FIXED)]


@pytest.mark.parametrize("before", LEFT)
def test_left(before: str) -> None:
    result = migrate_source(HEAD + before)
    assert "tf.GraphKeys." in result.code
    assert not any(f.code == "TFM508" for f in result.findings)


RUN = '''
import json
import tensorflow as tf
import tf_slim as slim

tf.compat.v1.disable_eager_execution()
print(json.dumps({name: getattr(tf.compat.v1.GraphKeys, name) for name in %r}))
found = []
for names in ([tf.compat.v1.GraphKeys.WEIGHTS], ["weights"]):
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [2, 4])
        slim.fully_connected(x, 3, variables_collections=names, outputs_collections="activations")
        found.append({key: [v.name for v in tf.compat.v1.get_collection(key)]
                      for key in (tf.compat.v1.GraphKeys.WEIGHTS, tf.compat.v1.GraphKeys.ACTIVATIONS)})
print(json.dumps(found))
'''


def test_values_and_collections_as_tf1s() -> None:
    pytest.importorskip("tensorflow")
    pytest.importorskip("tf_slim")
    done = subprocess.run([sys.executable, "-c", RUN % (sorted(VALUES),)], capture_output=True, text=True,
                          timeout=300, check=True)
    table, (as_constant, as_string) = (json.loads(line) for line in done.stdout.strip().splitlines()[-2:])
    assert table == VALUES
    assert as_string == as_constant
    assert as_string["weights"] == ["fully_connected/weights:0", "fully_connected/biases:0"]
    assert as_string["activations"] == ["fully_connected/Relu:0"]
