"""``tfmigrate readiness``: its JSON follows its schema, and its counts match an independent count.

The independent count migrates the same project with ``migrate --out-dir``
and judges every ``tf.`` attribute chain of the output by looking it up in
the installed TensorFlow with ``getattr``, not in the name lists the report
uses.
"""

from __future__ import annotations

import ast
import importlib
import importlib.resources
import json
import pathlib
from collections import Counter

import jsonschema
import pytest

from tfmigrate.cli import main

PROJECT = pathlib.Path(__file__).parent / "data" / "readiness_project"


def _readiness(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["readiness", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def tensorflow():
    return pytest.importorskip("tensorflow")


def _chains(tree: ast.AST) -> list[tuple[str, int]]:
    """``tensorflow``-rooted attribute chains (maximal), spelled from the module's ``import tensorflow as X``."""
    aliases = {alias.asname or alias.name: alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names if alias.name == "tensorflow"}
    found: list[tuple[str, int]] = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.Attribute):
            parts, head = [], node
            while isinstance(head, ast.Attribute):
                parts.append(head.attr)
                head = head.value
            if isinstance(head, ast.Name) and head.id in aliases:
                found.append((".".join(reversed(parts)), node.lineno))
                return
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(tree)
    return found


def _oracle_state(code: str, tf: object) -> tuple[str, Counter]:
    """tf2 / compat / left by getattr on the real module, and the uses of chains that are not plain TF 2."""
    remaining: Counter = Counter()
    missing = compat = False
    for chain, _ in _chains(ast.parse(code)):
        target = tf
        try:
            for part in chain.split("."):
                target = getattr(target, part)
        except AttributeError:
            missing = True
            remaining["missing"] += 1
            continue
        if chain.startswith("compat.v1."):
            compat = True
            remaining["compat"] += 1
    if not code.count("import tensorflow"):
        return "not-tf", remaining
    return ("left" if missing else "compat" if compat else "tf2"), remaining


def test_json_follows_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    report = _readiness(capsys, str(PROJECT), "--statistics")
    schema = json.loads(importlib.resources.files("tfmigrate.data").joinpath("readiness.schema.json").read_text())
    jsonschema.validate(report, schema)


def test_counts_match_an_independent_count(capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path, tensorflow) -> None:
    report = _readiness(capsys, str(PROJECT))
    out = tmp_path / "out"
    main(["migrate", "--quiet", "--out-dir", str(out), str(PROJECT)])
    capsys.readouterr()
    states: Counter = Counter()
    uses: Counter = Counter()
    for path in sorted(out.rglob("*.py")):
        state, remaining = _oracle_state(path.read_text(), tensorflow)
        states[state] += 1
        uses.update(remaining)
    assert {state: report["files"][state] for state in ("tf2", "compat", "left")} == {
        state: states[state] for state in ("tf2", "compat", "left")
    }
    assert report["files"]["other"] == states["not-tf"]
    by_kind: Counter = Counter()
    for row in report["names"]:
        by_kind[row["kind"]] += row["uses"]
    assert by_kind["compat"] == uses["compat"]
    # A left file keeps its TF1 names as written: each is missing from TF 2 for the oracle.
    assert by_kind["missing"] + by_kind["tf1"] == uses["missing"]


def test_the_project_has_a_file_in_every_state(capsys: pytest.CaptureFixture[str]) -> None:
    """Hand-judged: renamed.py converts, the collections and graph scripts go compat, contrib stays."""
    report = _readiness(capsys, str(PROJECT))
    states = {pathlib.Path(row["path"]).name: row["state"] for row in report["by_file"]}
    assert states == {
        "renamed.py": "tf2",
        "collections_queue.py": "compat",
        "contrib_model.py": "left",
        "graph_script.py": "compat",
        "helpers.py": "not-tf",
    }


def test_fallback_none_leaves_what_compat_would_run(capsys: pytest.CaptureFixture[str]) -> None:
    report = _readiness(capsys, str(PROJECT), "--fallback", "none")
    assert (report["files"]["tf2"], report["files"]["compat"], report["files"]["left"]) == (1, 0, 3)


def test_table_names_states_and_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readiness", str(PROJECT), "--statistics"]) == 0
    text = capsys.readouterr().out
    assert "4 TensorFlow file(s), 1 other, 0 error(s)" in text
    assert "tf.contrib.tpu.TPUEstimatorSpec" in text
    assert "TFM601" in text


PRIVATE_NAMES = [
    "tensorflow.python.ops.math_ops.cumsum",  # still defined where TF1 had it
    "tensorflow.python.ops.control_flow_ops.cond",  # moved to ops/cond.py
    "tensorflow.python.ops.array_ops.unstack",  # moved to array_ops_stack.py
    "tensorflow.python.platform.flags.BooleanParser",  # bound by `from absl.flags import *`
    "tensorflow.python.framework.ops.GraphKeys",
    "tensorflow.python.ops.math_ops.no_such_function",
    "tensorflow.python.no_such_module.x",
]


@pytest.mark.parametrize("qualified", PRIVATE_NAMES)
def test_private_names_are_judged_as_the_installed_wheel_has_them(qualified: str, tensorflow) -> None:
    from tfmigrate.tfstate import Kind, judge_name

    module, _, name = qualified.rpartition(".")
    try:
        exists = hasattr(importlib.import_module(module), name)
    except ImportError:
        exists = False
    assert judge_name(qualified)[1] == (Kind.TF2 if exists else Kind.MISSING)
