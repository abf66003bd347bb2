"""Run TF1 programs in TF1 graph mode and their migrations eagerly, in one TensorFlow subprocess.

The migrations run first, eagerly; then ``tf.compat.v1.disable_v2_behavior()``
switches the process to TF1's behaviour and each original runs in a graph of
its own through a session. Each program leaves its value in ``result``;
``describe(value, run)`` turns it into JSON, where ``run`` evaluates a list of
tensors (``session.run`` for TF1, ``.numpy()`` for TF 2).
"""

from __future__ import annotations

import json
import subprocess
import sys

RUNNER = '''
import json, sys
import numpy as np
import tensorflow as tf

{describe}

cases = json.loads(sys.stdin.read())
out = {{name: [None, None] for name in cases}}
for name, (original, migrated) in cases.items():
    scope = {{}}
    exec(migrated, scope)
    out[name][1] = describe(scope["result"], lambda tensors: [t.numpy() for t in tensors])
tf.compat.v1.disable_v2_behavior()
for name, (original, migrated) in cases.items():
    with tf.Graph().as_default():
        scope = {{}}
        exec(original, scope)
        with tf.compat.v1.Session() as session:
            out[name][0] = describe(scope["result"], session.run)
print(json.dumps(out))
'''

#: a SparseTensor as its indices, string values and shape; a string tensor as its values
SPARSE_STRINGS = '''
def describe(value, run):
    if hasattr(value, "dense_shape"):
        indices, values, shape = run([value.indices, value.values, value.dense_shape])
        return {"indices": np.asarray(indices).tolist(), "values": [v.decode() for v in np.asarray(values)],
                "shape": np.asarray(shape).tolist()}
    return {"values": [v.decode() for v in np.asarray(run([value])[0])]}
'''


def run_both(cases: dict[str, list[str]], describe: str) -> dict[str, list]:
    """name -> [TF1's value, the migration's value] for name -> [original, migrated]."""
    done = subprocess.run([sys.executable, "-c", RUNNER.format(describe=describe)], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
