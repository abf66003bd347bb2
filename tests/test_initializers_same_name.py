"""TFM503 on the initializers TF 2 kept by name: TF1's constructor dtype goes, the values stay.

Each migrated module makes its variables through tf.compat.v1.get_variable in a
graph (the compat fallback) and is run on TF 2; the values are written by hand
from TF1's documentation: a zeros, ones or constant initializer fills every
entry with 0, 1 or the constant, whatever shape the variable has.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tfmigrate.engine import migrate_source

SOURCE = """\
import tensorflow as tf
x = tf.placeholder(tf.float32, [2, 3])
w = tf.get_variable("w", [2, 3], initializer=tf.constant_initializer(value=0.5, dtype=tf.float32))
z = tf.get_variable("z", [3], initializer=tf.zeros_initializer(tf.float32))
o = tf.get_variable("o", [1, 2], initializer=tf.ones_initializer(dtype=tf.float32))
c = tf.get_variable("c", [2], initializer=tf.constant_initializer(-2, verify_shape=False))
"""

DRIVER = """\
import json, sys
import tensorflow as tf
scope = {}
exec(sys.stdin.read(), scope)
with tf.compat.v1.Session(graph=scope["w"].graph) as session:
    session.run(tf.compat.v1.variables_initializer([scope[n] for n in "wzoc"]))
    print(json.dumps({n: session.run(scope[n]).tolist() for n in "wzoc"}))
"""


def test_migrated_initializers_fill_what_tf1_filled() -> None:
    result = migrate_source(SOURCE, fallback="compat")
    assert "dtype=tf.float32" not in result.code and "verify_shape" not in result.code, result.code
    assert result.state == "compat"
    run = subprocess.run([sys.executable, "-c", DRIVER], input=result.code, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    values = json.loads(run.stdout.strip().splitlines()[-1])
    assert values == {"w": [[0.5, 0.5, 0.5], [0.5, 0.5, 0.5]], "z": [0.0, 0.0, 0.0], "o": [[1.0, 1.0]],
                      "c": [-2.0, -2.0]}
