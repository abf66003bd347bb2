"""TFM111: TF1's tf.strings.split (a SparseTensor) under TF 2's (a RaggedTensor) with .to_sparse().

Before/after pairs for TF1 code, a no-op list (TF 2 code keeps its calls), the
calls left with a finding, then the values: each TF1 call runs in TF1 graph
mode (tf.compat.v1, v2 behaviour disabled, a session) and its migration
eagerly, in one TensorFlow subprocess, and both are compared with tokens
written out by hand.
"""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source
from tests.tf1_graph_runs import SPARSE_STRINGS, run_both

TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.string)\n"

PAIRS = [
    (f"{TF1}w = tf.strings.split(x).values\n", f"{TF1}w = tf.strings.split(x).to_sparse().values\n"),
    (f"{TF1}st = tf.strings.split(x, ',')\n", f"{TF1}st = tf.strings.split(x, ',').to_sparse()\n"),
    (f"{TF1}st = tf.strings.split(x, sep='<>', maxsplit=2)\n",
     f"{TF1}st = tf.strings.split(x, sep='<>', maxsplit=2).to_sparse()\n"),
    (f"{TF1}st = tf.strings.split(source=x)\n", f"{TF1}st = tf.strings.split(input=x).to_sparse()\n"),
    (f"{TF1}st = tf.strings.split(x, None, -1, 'SparseTensor', None, 'words')\n",
     f"{TF1}st = tf.strings.split(x, None, -1, name='words').to_sparse()\n"),
    (f"{TF1}n = tf.sparse.to_dense(tf.strings.split(x, result_type='SparseTensor', sep=' '), '')\n",
     f"{TF1}n = tf.sparse.to_dense(tf.strings.split(x, sep=' ').to_sparse(), '')\n"),
    ("import tensorflow.compat.v1 as tf\nw = tf.strings.split(x).values\n",
     "import tensorflow as tf\nw = tf.strings.split(x).to_sparse().values\n"),
    ("import tensorflow as tf\nw = tf.compat.v1.strings.split(x).values\n",
     "import tensorflow as tf\nw = tf.strings.split(x).to_sparse().values\n"),
    ("import tensorflow as tfx\nw = tfx.compat.v1.strings.split(input=x)\n",
     "import tensorflow as tfx\nw = tfx.strings.split(input=x).to_sparse()\n"),
]

NO_OPS = [
    "import tensorflow as tf\nw = tf.strings.split(x).values\n",
    "import tensorflow as tf\nw = tf.strings.split(x, sep=',', maxsplit=1, name='n')\n",
    "import tensorflow.compat.v2 as tf\nw = tf.strings.split(x)\n",
    f"{TF1}w = tf.strings.split(x).to_sparse()\n",
    f"{TF1}def split(v):\n    return v\nw = split(x)\n",
    f"{TF1}import numpy as np\nstrings = np.char\nw = strings.split(x)\n",
]

#: calls kept as written (or spelled by their full TF1 name), each with the finding's line and column
KEPT = [
    (f"{TF1}st = tf.strings.split(*parts)\n", None, "3:6"),
    (f"{TF1}st = tf.strings.split(x, **options)\n", None, "3:6"),
    (f"{TF1}st = tf.strings.split(x, source=y)\n", None, "3:6"),
    (f"{TF1}st = tf.strings.split(x, result_type='RaggedTensor')\n", None, "3:6"),
    (f"{TF1}st = tf.strings.split(x, result_type=kind)\n", None, "3:6"),
    (f"{TF1}st = tf.strings.split(x, skip_empty=True)\n", None, "3:6"),
    (f"{TF1}a = tf.strings.split(*p)\nb = tf.strings.split(q, result_type=r)\n", None, "3:5 4:5"),
    ("import tensorflow.compat.v1 as tf\nst = tf.strings.split(x, result_type=kind)\n",
     "import tensorflow as tf\nst = tf.compat.v1.strings.split(x, result_type=kind)\n", "2:6"),
    ("import tensorflow as tf\nst = tf.compat.v1.strings.split(x, result_type='RaggedTensor')\n", None, "2:6"),
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_rewrites(before: str, after: str) -> None:
    result = migrate_source(before, layout=False)
    assert result.code == after
    assert [f.code for f in result.findings if f.code == "TFM111"], result.findings
    assert migrate_source(result.code, layout=False).code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves(source: str) -> None:
    result = migrate_source(source, layout=False)
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM111"]


@pytest.mark.parametrize(("source", "after", "where"), KEPT)
def test_kept_with_a_finding_at_each_call(source: str, after: str | None, where: str) -> None:
    result = migrate_source(source, layout=False)
    assert result.code == (after or source)
    found = [f for f in result.findings if f.code == "TFM111"]
    assert [f"{f.line}:{f.col}" for f in found] == where.split()
    assert all(f.kind.value == "manual" and "left as written" in f.message for f in found)
    again = migrate_source(result.code, layout=False)
    assert again.code == result.code


# -- values -------------------------------------------------------------------------------------

LINES = ["hello  world", "a,b,,c", " lead trail ", "tab\tsplit", ""]

#: (TF1 program after ``lines = ...``, the tokens per row TF1 gave, worked out by hand as Python's str.split does)
CALLS: dict[str, tuple[str, list[list[str]]]] = {
    "default": ("result = tf.strings.split(lines)",
                [["hello", "world"], ["a,b,,c"], ["lead", "trail"], ["tab", "split"], []]),
    "sep": ("result = tf.strings.split(lines, ',')",
            [["hello  world"], ["a", "b", "", "c"], [" lead trail "], ["tab\tsplit"], [""]]),
    "maxsplit": ("result = tf.strings.split(lines, sep=' ', maxsplit=1)",
                 [["hello", " world"], ["a,b,,c"], ["", "lead trail "], ["tab\tsplit"], [""]]),
    "source-values": ("result = tf.strings.split(source=lines).values",
                      [["hello", "world"], ["a,b,,c"], ["lead", "trail"], ["tab", "split"], []]),
    "matrix": ("result = tf.strings.split(tf.reshape(lines[:4], [2, 2]))",
               [["hello", "world"], ["a,b,,c"], ["lead", "trail"], ["tab", "split"]]),
}

def _program(call: str) -> str:
    return f"import tensorflow.compat.v1 as tf\nlines = tf.constant({LINES!r})\n{call}\n"


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict]]:
    cases = {}
    for name, (call, _) in CALLS.items():
        migrated = migrate_source(_program(call), fallback="none").code
        assert "compat" not in migrated and ".to_sparse()" in migrated, migrated
        cases[name] = [_program(call), migrated]
    return run_both(cases, SPARSE_STRINGS)


def _hand(name: str, tokens: list[list[str]], values_only: bool) -> dict:
    values = [token for row in tokens for token in row]
    if values_only:
        return {"values": values}
    width = max(len(row) for row in tokens)
    if name == "matrix":  # rows of a [2, 2] input: indices are [row, column, token]
        indices = [[r // 2, r % 2, t] for r, row in enumerate(tokens) for t in range(len(row))]
        return {"indices": indices, "values": values, "shape": [2, 2, width]}
    indices = [[r, t] for r, row in enumerate(tokens) for t in range(len(row))]
    return {"indices": indices, "values": values, "shape": [len(tokens), width]}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_migration_gives_what_tf1_gave(runs: dict[str, list[dict]], name: str) -> None:
    tf1, migrated = runs[name]
    call, tokens = CALLS[name]
    assert tf1 == _hand(name, tokens, call.endswith(".values"))
    assert migrated == tf1
