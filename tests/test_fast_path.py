"""The fast path (``ast`` prescan, names from the import table, lean positions) answers as libcst does.

``migrate_source(fast=False)`` resolves every name through libcst's
``QualifiedNameProvider`` and every position through its ``PositionProvider``;
the fast path must give the same output and findings on every example, pair,
rule case and generated program, and the same answer node by node.
"""

from __future__ import annotations

import pathlib

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider
from test_migrate_pairs import ALL_PAIRS
from test_properties import tf1_programs

from tfmigrate.engine import migrate_source
from tfmigrate.rules import ALL_RULES
from tfmigrate.rules.facts import gather
from tfmigrate.rules.prescan import prescan
from tfmigrate.rules.tfnames import canonical_tf_name

REPO = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples").rglob("*.py")) + [REPO / "tfmigrate" / "data" / "article_tf1.py"]
CASES = [case.before for rule in ALL_RULES for case in rule.CASES]
PAIRS = [item.before for item in ALL_PAIRS]
SOURCES = [path.read_text(encoding="utf-8") for path in EXAMPLES] + CASES + PAIRS
IDS = [path.name for path in EXAMPLES] + [f"case{i}" for i in range(len(CASES))] + [f"pair{i}" for i in range(len(PAIRS))]

# Shapes where the import table alone is not enough, so the fast path must defer to scope analysis.
SHADOWED = [
    "import tensorflow as tf\ndef f(tf):\n    return tf.mul(1, 2)\ny = tf.mul(3, 4)\n",
    "import tensorflow as tf\ntf = None\n",
    "import tensorflow as tf\nfor tf in range(3):\n    pass\n",
    "import numpy as tf\nimport tensorflow as tf\n",
    "def f():\n    import tensorflow as tf\n    return tf.mul(1, 2)\n",
    "from tensorflow import *\n",
    "import tensorflow.compat.v1\n",
    "import tensorflow as tf\ntensorflow = tf\n",
    "import tensorflow as tf\nclass tf:\n    pass\n",
    "import tensorflow as tf\nf = lambda tf: tf.mul(1, 2)\n",
    "import tensorflow as tf\ny = [tf for tf in range(3)]\n",
    "import tensorflow as tf\ntry:\n    pass\nexcept ValueError as tf:\n    pass\n",
    "import tensorflow as tf\ndef g():\n    global tf\n    tf = 1\n",
]
SIMPLE = [
    "import tensorflow as tf\ny = tf.mul(1, 2)\n",
    "from tensorflow import mul\ny = mul(1, 2)\n",
    "from tensorflow.compat import v1 as tf\nx = tf.placeholder(tf.float32)\n",
    "import tensorflow\nx = tensorflow.log(2.0)\n",
    "import tensorflow as tf\nimport tensorflow as tf\n",
]


def _libcst_tf_names(tree: cst.Module) -> dict[cst.CSTNode, str | None]:
    names = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(QualifiedNameProvider)
    found = {}
    for node, qualified in names.items():
        values = qualified() if callable(qualified) else qualified
        found[node] = next(filter(None, (canonical_tf_name(q.name) for q in values)), None)
    return found


def _results(source: str, fast: bool) -> tuple[str, list[str]]:
    result = migrate_source(source, path="same.py", fast=fast)
    return result.code, [finding.format() for finding in result.findings]


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_fast_and_full_paths_give_the_same_migration(source: str) -> None:
    assert _results(source, fast=True) == _results(source, fast=False)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tf1_programs())
def test_fast_and_full_paths_agree_on_generated_programs(program: str) -> None:
    assert _results(program, fast=True) == _results(program, fast=False)


@pytest.mark.parametrize("source", SOURCES + SIMPLE, ids=IDS + [f"simple{i}" for i in range(len(SIMPLE))])
def test_import_table_names_every_node_as_libcst_does(source: str) -> None:
    scan = prescan(source)
    tree = cst.parse_module(source)
    assert scan is not None and scan.imports_tensorflow == gather(tree).names.uses_tensorflow
    if not scan.imports_tensorflow:
        return
    if scan.tf_bindings is None:
        pytest.skip("aliases rebound: this module takes the scope-analysis path")
    fast = gather(tree, scan).metadata
    expected = _libcst_tf_names(tree)
    assert {node: fast.tf_name(node) for node in expected} == expected


@pytest.mark.parametrize("source", SHADOWED)
def test_rebound_or_shadowed_aliases_take_the_scope_analysis_path(source: str) -> None:
    scan = prescan(source)
    assert scan is not None and scan.imports_tensorflow and scan.tf_bindings is None


@pytest.mark.parametrize("source", SIMPLE)
def test_plain_imports_resolve_from_the_import_table(source: str) -> None:
    scan = prescan(source)
    assert scan is not None and scan.tf_bindings is not None


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_lean_positions_equal_libcst_positions(source: str) -> None:
    tree = cst.parse_module(source)
    expected = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
    lean = gather(tree).metadata
    assert {node: lean.get(PositionProvider, node) for node in expected} == dict(expected)


@pytest.mark.parametrize(
    "source",
    ["import numpy as np\nx = np.log(2)\n", "from . import tensorflow\n", "import tensorflow_datasets as tfds\n", "x = 1\n"],
)
def test_modules_without_a_tensorflow_import_are_settled_by_the_prescan(source: str) -> None:
    scan = prescan(source)
    assert scan is not None and not scan.imports_tensorflow
    assert not gather(cst.parse_module(source)).names.uses_tensorflow  # the concrete tree agrees
    assert migrate_source(source).code == source


def test_prescan_leaves_what_ast_cannot_parse_to_libcst() -> None:
    assert prescan("print 'python 2'\n") is None
