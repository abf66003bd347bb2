"""TFM115: TF1's tf.name_scope(name, default_name, values) -> TF 2's tf.name_scope(name).

Before/after pairs, a no-op list, then the names: each TF1 program runs with
TF1's own name_scope (tf.compat.v1, v2 behaviour disabled, in a graph) and its
migration runs both eagerly and in a graph, in one TensorFlow subprocess. The
scope string a ``with ... as sc`` gives and the names of the variables and
ops made inside must be TF1's.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tfmigrate.engine import migrate_source

PAIRS = [
    ("import tensorflow as tf\nwith tf.name_scope(None, 'f', [x]):\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope('f'):\n    pass\n"),
    ("import tensorflow as tf\nwith tf.name_scope(scope, 'f'):\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope('f' if scope is None else scope):\n    pass\n"),
    ("import tensorflow as tf\nwith tf.name_scope(name=scope, default_name='f', values=[x, y]):\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope('f' if scope is None else scope):\n    pass\n"),
    ("import tensorflow as tf\nwith tf.name_scope('block', 'f', [x]) as sc:\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope('block') as sc:\n    pass\n"),
    ("import tensorflow as tf\nwith tf.name_scope(scope, values=[x]):\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope(scope):\n    pass\n"),
    ("import tensorflow as tf\nwith tf.name_scope(scope, 'a' if b else 'c'):\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope(('a' if b else 'c') if scope is None else scope):\n    pass\n"),
    ("from tensorflow import name_scope\nwith name_scope(None, 'f', [x]):\n    pass\n",
     "import tensorflow as tf\n\nwith tf.name_scope('f'):\n    pass\n"),
    ("import tensorflow.compat.v1 as tf\nwith tf.name_scope(None, 'f', [x]):\n    pass\n",
     "import tensorflow as tf\nwith tf.name_scope('f'):\n    pass\n"),
]

NO_OPS = [
    "import tensorflow as tf\nwith tf.name_scope('f'):\n    pass\n",
    "import tensorflow as tf\nwith tf.name_scope(scope):\n    pass\n",
    "import tensorflow as tf\nwith tf.name_scope(name='f'):\n    pass\n",
    "import tensorflow as tf\nwith tf.variable_scope(scope, 'f', [x]):\n    pass\n",
    "import tensorflow as tf\ndef name_scope(a, b, c):\n    pass\nwith name_scope(scope, 'f', [x]):\n    pass\n",
]

KEPT = [
    "import tensorflow as tf\nwith tf.name_scope(make(), 'f', [x]):\n    pass\n",
    "import tensorflow as tf\nwith tf.name_scope(None, None, [x]):\n    pass\n",
    "import tensorflow as tf\nwith tf.name_scope(*args):\n    pass\n",
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_rewrites(before: str, after: str) -> None:
    result = migrate_source(before, layout=False, fallback="none")
    assert result.code == after
    assert [f for f in result.findings if f.code == "TFM115" and f.kind.value == "fixed"]
    assert migrate_source(result.code, layout=False, fallback="none").code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves(source: str) -> None:
    result = migrate_source(source, layout=False, fallback="none")
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM115"]


@pytest.mark.parametrize("source", KEPT)
def test_kept_with_a_finding(source: str) -> None:
    result = migrate_source(source, layout=False, fallback="none")
    assert result.code == source
    (finding,) = [f for f in result.findings if f.code == "TFM115"]
    assert finding.kind.value == "manual" and "left as written" in finding.message


# -- names: TF1's name_scope against the migration -------------------------
# Each program defines block(x, scope) and leaves in ``result`` what it named: [scope string, variable, op].
PROGRAMS = {
    "default-when-none": "result = block(x, None)",
    "given-name": "result = block(x, 'encoder')",
    "absolute-name": "result = block(x, 'outer/inner/')",
    "nested": "with tf.name_scope('model'):\n    result = block(x, None)",
}
BLOCK = """
import tensorflow as tf
x = tf.constant([1.0, -2.0])

def block(x, scope):
    with tf.name_scope(scope, 'dense_block', [x]) as sc:
        v = tf.Variable(2.0, name='w')
        y = tf.multiply(x, v, name='scaled')
        return [sc, v.name, getattr(y, 'name', None)]
"""

RUNNER = r'''
import json, sys
import tensorflow as tf

cases = json.loads(sys.stdin.read())
out = {name: {} for name in cases}
for name, (original, migrated) in cases.items():
    scope = {}
    exec(migrated, scope)
    out[name]["eager"] = scope["result"][:2]  # eager ops have no names
    with tf.Graph().as_default():
        scope = {}
        exec(migrated, scope)
        out[name]["graph"] = scope["result"]
tf.compat.v1.disable_v2_behavior()
for name, (original, migrated) in cases.items():
    with tf.Graph().as_default():
        scope = {}
        exec(original, scope)
        out[name]["tf1"] = scope["result"]
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def runs() -> dict[str, dict[str, list]]:
    cases = {}
    for name, tail in PROGRAMS.items():
        original = BLOCK.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf") + tail + "\n"
        migrated = migrate_source(original, fallback="none").code
        assert "compat" not in migrated and "if scope is None else scope" in migrated, migrated
        cases[name] = [original, migrated]
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(cases), capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_migration_names_what_tf1_named(runs: dict[str, dict[str, list]], name: str) -> None:
    names = runs[name]
    assert names["graph"] == names["tf1"]
    assert names["eager"] == names["tf1"][:2]


def test_tf1_names_are_the_hand_written_ones(runs: dict[str, dict[str, list]]) -> None:
    assert runs["default-when-none"]["tf1"] == ["dense_block/", "dense_block/w:0", "dense_block/scaled:0"]
    assert runs["given-name"]["tf1"] == ["encoder/", "encoder/w:0", "encoder/scaled:0"]
    assert runs["absolute-name"]["tf1"] == ["outer/inner/", "outer/inner/w:0", "outer/inner/scaled:0"]
    assert runs["nested"]["tf1"] == ["model/dense_block/", "model/dense_block/w:0", "model/dense_block/scaled:0"]

