"""Measure how far each migrated tf.train optimizer drifts from TF1 (the table in docs/design.md).

    python scripts/measure_optimizer_drift.py [--steps 50] [--only RMSProp]

For each optimizer it writes one TF1 script (least squares on 32 seeded
points, ``_, c = sess.run([train, cost], ...)`` per step, then the final
weights; for the sparse rows, an embedding table fitted through
``tf.nn.embedding_lookup`` on 8 seeded ids per step), migrates it, runs both sides with the verifier (TF1 graph mode
against TF 2 eager) and prints the largest ulp distance and absolute
difference over every fetched value. Takes about 30 s per optimizer.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from tfmigrate.engine import migrate_source  # noqa: E402
from tfmigrate.verify.runner import verify_pair  # noqa: E402

OPTIMIZERS = (
    "GradientDescentOptimizer(0.05)",
    "MomentumOptimizer(0.05, 0.9)",
    "MomentumOptimizer(0.05, 0.9, use_nesterov=True)",
    "AdamOptimizer(0.05)",
    "AdagradOptimizer(0.3)",
    "AdadeltaOptimizer(1.0)",
    "FtrlOptimizer(0.3)",
    "RMSPropOptimizer(0.05)",
    "RMSPropOptimizer(0.05, momentum=0.9)",
    "RMSPropOptimizer(0.05, centered=True)",
    "RMSPropOptimizer(0.02, decay=0.8, momentum=0.5, epsilon=1e-06, centered=True)",
    "ProximalAdagradOptimizer(0.3)",
    "ProximalAdagradOptimizer(0.3, l1_regularization_strength=0.01, l2_regularization_strength=0.02)",
    "ProximalGradientDescentOptimizer(0.05, l1_regularization_strength=0.01, l2_regularization_strength=0.02)",
)
# Trained through an embedding lookup: sparse gradients, which TF1 applied to the rows they reach only.
SPARSE_OPTIMIZERS = (
    "RMSPropOptimizer(0.05)",
    "RMSPropOptimizer(0.05, momentum=0.9, centered=True)",
    "ProximalAdagradOptimizer(0.3, l1_regularization_strength=0.01, l2_regularization_strength=0.02)",
    "ProximalGradientDescentOptimizer(0.05, l1_regularization_strength=0.01, l2_regularization_strength=0.02)",
)

SCRIPT = """\
import numpy as np
import tensorflow as tf
rng = np.random.RandomState(0)
xs = rng.randn(32, 3).astype(np.float32)
ys = (xs @ np.array([[1.5], [-2.], [0.5]], np.float32) + 0.3).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
W = tf.Variable(tf.zeros([3, 1]))
b = tf.Variable(tf.zeros([1]))
cost = tf.reduce_mean(tf.square(tf.matmul(x, W) + b - y))
train = tf.train.{optimizer}.minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range({steps}):
    _, c = sess.run([train, cost], feed_dict={{x: xs, y: ys}})
w_final, b_final = sess.run([W, b])
"""

SPARSE_SCRIPT = """\
import numpy as np
import tensorflow as tf
rng = np.random.RandomState(0)
batches = rng.randint(0, 10, size=({steps}, 8)).astype(np.int32)
targets = rng.randn(10, 16).astype(np.float32)
ids = tf.placeholder(tf.int32, [None])
E = tf.Variable(tf.zeros([10, 16]))
cost = tf.reduce_mean(tf.square(tf.nn.embedding_lookup(E, ids) - tf.gather(targets, ids)))
train = tf.train.{optimizer}.minimize(cost)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range({steps}):
    _, c = sess.run([train, cost], feed_dict={{ids: batches[step]}})
e_final = sess.run(E)
"""
# A 1-D variable through a gather: TF1's sparse proximal kernels take a scalar path there.
VECTOR_SCRIPT = SPARSE_SCRIPT.replace("randn(10, 16)", "randn(10)").replace("zeros([10, 16])", "zeros([10])")


def measure(optimizer: str, steps: int, folder: pathlib.Path, script: str = SCRIPT, label: str = "") -> str:
    original = folder / "original.py"
    original.write_text(script.format(optimizer=optimizer, steps=steps), encoding="utf-8")
    result = migrate_source(original.read_text(encoding="utf-8"), path=original.name)
    refused = [f for f in result.findings if f.code == "TFM201" and "left as written" in f.message]
    if refused:
        return f"| `{optimizer}`{label} | left as written | {refused[0].message.split(';')[0]} |"
    migrated = folder / "migrated.py"
    migrated.write_text(result.code, encoding="utf-8")
    report = verify_pair(original, migrated, ulp_bound=10**9)
    ulps = max(row.max_ulp for row in report.rows if row.max_ulp is not None)
    diff = max(row.max_abs for row in report.rows if row.max_abs is not None)
    return f"| `{optimizer}`{label} | {ulps} ulps | {diff:.3g} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--only", default="", help="measure only the optimizers whose call contains this text")
    args = parser.parse_args(argv)
    print(f"| optimizer ({args.steps} steps) | largest distance | largest abs difference |")
    print("|---|---|---|")
    for optimizer in (o for o in OPTIMIZERS if args.only in o):
        with tempfile.TemporaryDirectory() as folder:
            print(measure(optimizer, args.steps, pathlib.Path(folder)), flush=True)
    for optimizer in (o for o in SPARSE_OPTIMIZERS if args.only in o):
        with tempfile.TemporaryDirectory() as folder:
            print(measure(optimizer, args.steps, pathlib.Path(folder), SPARSE_SCRIPT, ", embedding rows"), flush=True)
    for optimizer in (o for o in SPARSE_OPTIMIZERS if args.only in o and "Proximal" in o):
        with tempfile.TemporaryDirectory() as folder:
            print(measure(optimizer, args.steps, pathlib.Path(folder), VECTOR_SCRIPT, ", 1-D gathered"), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
