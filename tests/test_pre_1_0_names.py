"""One table of names removed in TF 1.0 serves both sides: what migrate renames, verify can run.

``tfmigrate.api.PRE_1_0_RENAMES`` is what the migration renames from; the
verification shim reads the same table when it runs an original. The check
runs the real shim over real ``tf.compat.v1`` in a subprocess (TensorFlow is
kept out of the test process): every name the migration renames must resolve
there, and a pre-1.0 name that compat.v1 no longer has to the very object
its successor names.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tfmigrate import api
from tfmigrate.rules.renames import CAST_FUNCTIONS, VARIABLE_METHODS

RESOLVE_IN_SHIM = r"""
import json, sys
from tfmigrate.verify import tf1_shim

names = json.loads(sys.stdin.read())
log = tf1_shim.SubstitutionLog(lambda: 0)
shim = tf1_shim.make_tf1_module(log)
v1 = shim._v1

def resolve(root, dotted):
    value = root
    for part in dotted.split(".")[1:]:
        value = getattr(value, part)
    return value

failed, different, absent = [], [], 0
for name, successor in names.items():
    try:
        value = resolve(shim, name)
    except AttributeError as error:
        failed.append(f"{name}: {error}")
        continue
    try:
        resolve(v1, name)
    except AttributeError:  # gone from compat.v1: the shim must hand out its successor
        absent += 1
        if value is not resolve(v1, successor):
            different.append(name)
print(json.dumps({"failed": failed, "different": different, "absent": absent, "aliases": len(log.entries)}))
"""


def renamed_names() -> dict[str, str | None]:
    """Every name the migration renames, with its TF1 successor for names removed in TF 1.0."""
    names: dict[str, str | None] = dict(api.PRE_1_0_RENAMES)
    for name in api.tf1_names():
        target = api.tf2_rename(name)
        if target is not None and target != name:
            names.setdefault(name, None)
    for name in [*api.TF2_SPELLINGS, *CAST_FUNCTIONS, *VARIABLE_METHODS]:
        names.setdefault(name, None)
    return names


def test_the_table_holds_the_names_the_shim_once_lacked() -> None:
    assert api.PRE_1_0_RENAMES["tf.batch_matrix_inverse"] == "tf.matrix_inverse"
    assert api.PRE_1_0_RENAMES["tf.train.SummaryWriter"] == "tf.summary.FileWriter"


def test_every_name_migrate_renames_runs_in_the_verification_shim() -> None:
    names = renamed_names()
    assert len(names) > 100  # the wheel's tables were read: not only the hand-written ones
    result = subprocess.run([sys.executable, "-c", RESOLVE_IN_SHIM], input=json.dumps(names), capture_output=True,
                            text=True, timeout=300, env={"TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failed"] == []
    assert outcome["different"] == []
    # tf.compat.v1 still has four of them as deprecated wrappers; the shim aliases the rest, each recorded.
    still_in_compat_v1 = {"tf.initialize_all_variables", "tf.initialize_local_variables", "tf.initialize_variables",
                          "tf.all_variables"}
    assert outcome["absent"] == outcome["aliases"] == len(set(api.PRE_1_0_RENAMES) - still_in_compat_v1)
