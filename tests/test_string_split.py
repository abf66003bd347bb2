"""TFM110: TF1's tf.string_split written as the StringSplit op it ran.

Before/after pairs, a no-op list and the calls left with a finding, then the
values: each TF1 call runs in TF1 graph mode (tf.compat.v1, v2 behaviour
disabled, a session) and its migration eagerly, in one TensorFlow subprocess,
and both are compared with tokens written out by hand.
"""

from __future__ import annotations

import pytest

from tfmigrate.engine import migrate_source
from tests.tf1_graph_runs import SPARSE_STRINGS, run_both

PAIRS = [
    ("import tensorflow as tf\nw = tf.string_split([s]).values\n",
     'import tensorflow as tf\nw = tf.raw_ops.StringSplit(input=[s], delimiter=" ", skip_empty=True).values\n'),
    ("import tensorflow as tf\ni = tf.string_split(lines, '|').indices\n",
     "import tensorflow as tf\ni = tf.raw_ops.StringSplit(input=lines, delimiter='|', skip_empty=True).indices\n"),
    ("import tensorflow as tf\nst = tf.string_split(lines)\n",
     'import tensorflow as tf\nst = tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(input=lines, delimiter=" ", skip_empty=True))\n'),
    ("import tensorflow as tf\nn = tf.string_split(lines).dense_shape\n",
     'import tensorflow as tf\nn = tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(input=lines, delimiter=" ", skip_empty=True)).dense_shape\n'),
    ("import tensorflow as tf\nst = tf.string_split(source=lines, delimiter=d, skip_empty=False, name='split')\n",
     "import tensorflow as tf\nst = tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(input=lines, delimiter=d, skip_empty=False, name='split'))\n"),
    ("import tensorflow as tf\nst = tf.string_split(lines, sep=None, result_type='SparseTensor')\n",
     'import tensorflow as tf\nst = tf.sparse.SparseTensor(*tf.raw_ops.StringSplit(input=lines, delimiter=" ", skip_empty=True))\n'),
    ("import tensorflow.compat.v1 as tf\nw = tf.string_split(lines, '').values\n",
     "import tensorflow as tf\nw = tf.raw_ops.StringSplit(input=lines, delimiter='', skip_empty=True).values\n"),
    ("import tensorflow as tfx\nw = tfx.compat.v1.string_split(lines).values\n",
     'import tensorflow as tfx\nw = tfx.raw_ops.StringSplit(input=lines, delimiter=" ", skip_empty=True).values\n'),
]

NO_OPS = [
    "import tensorflow as tf\nst = tf.strings.split(lines)\n",
    "import tensorflow as tf\nst = tf.raw_ops.StringSplit(input=lines, delimiter=' ', skip_empty=True)\n",
    "import tensorflow as tf\ndef string_split(x):\n    return x\nst = string_split(lines)\n",
    "import numpy as np\nst = np.string_split(lines)\n",
]

#: calls kept as written, each with the finding's line and column
KEPT = [
    ("import tensorflow as tf\nst = tf.string_split(*parts)\n", "2:6"),
    ("import tensorflow as tf\nst = tf.string_split(lines, **options)\n", "2:6"),
    ("import tensorflow as tf\nst = tf.string_split(lines, sep=' ', delimiter=',')\n", "2:6"),
    ("import tensorflow as tf\nst = tf.string_split(lines, result_type='RaggedTensor')\n", "2:6"),
    ("import tensorflow as tf\nst = tf.string_split(lines, result_type=kind)\n", "2:6"),
    ("import tensorflow as tf\nst = tf.string_split(lines, maxsplit=2)\n", "2:6"),
    ("import tensorflow as tf\na = tf.string_split(*p)\nb = tf.string_split(q, result_type='RaggedTensor')\n", "2:5 3:5"),
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_rewrites(before: str, after: str) -> None:
    result = migrate_source(before, layout=False)
    assert result.code == after
    assert [f.code for f in result.findings if f.code == "TFM110"], result.findings
    assert migrate_source(result.code, layout=False).code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves(source: str) -> None:
    result = migrate_source(source, layout=False)
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM110"]


@pytest.mark.parametrize(("source", "where"), KEPT)
def test_kept_with_a_finding_at_each_call(source: str, where: str) -> None:
    result = migrate_source(source, layout=False)
    assert result.code == source
    found = [f for f in result.findings if f.code == "TFM110"]
    assert [f"{f.line}:{f.col}" for f in found] == where.split()
    assert all(f.kind.value == "manual" and "left as written" in f.message for f in found)


# -- values -------------------------------------------------------------------------------------

LINES = ["hello  world", "a,b,,c", " lead trail ", "tab\tsplit", ""]

#: (TF1 expression of ``lines``, the tokens per line TF1's StringSplit gives, worked out by hand)
CALLS: dict[str, tuple[str, list[list[str]]]] = {
    "default": ("tf.string_split(lines)",
                [["hello", "world"], ["a,b,,c"], ["lead", "trail"], ["tab\tsplit"], []]),
    "comma": ("tf.string_split(lines, ',')",
              [["hello  world"], ["a", "b", "c"], [" lead trail "], ["tab\tsplit"], []]),
    "keep-empty": ("tf.string_split(lines, delimiter=',', skip_empty=False)",
                   # an empty line has no token even then: the kernel splits only non-empty strings
                   [["hello  world"], ["a", "b", "", "c"], [" lead trail "], ["tab\tsplit"], []]),
    "char-set": ("tf.string_split(lines, sep=' \\t')",
                 [["hello", "world"], ["a,b,,c"], ["lead", "trail"], ["tab", "split"], []]),
    "values": ("tf.string_split(lines).values",
               [["hello", "world"], ["a,b,,c"], ["lead", "trail"], ["tab\tsplit"], []]),
    "one-line-values": ("tf.string_split([lines[0]]).values", [["hello", "world"]]),
}

def _program(call: str) -> str:
    return f"import tensorflow as tf\nlines = tf.constant({LINES!r})\nresult = {call}\n"


@pytest.fixture(scope="module")
def runs() -> dict[str, list[dict]]:
    cases = {}
    for name, (call, _) in CALLS.items():
        migrated = migrate_source(_program(call), fallback="none").code
        assert "string_split" not in migrated and "compat" not in migrated, migrated
        original = _program(call).replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf", 1)
        cases[name] = [original, migrated]
    return run_both(cases, SPARSE_STRINGS)


def _hand(tokens: list[list[str]], values_only: bool) -> dict:
    values = [token for row in tokens for token in row]
    if values_only:
        return {"values": values}
    indices = [[row, column] for row, line in enumerate(tokens) for column in range(len(line))]
    return {"indices": indices, "values": values, "shape": [len(tokens), max(len(line) for line in tokens)]}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_migration_gives_what_tf1_gave(runs: dict[str, list[dict]], name: str) -> None:
    tf1, migrated = runs[name]
    call, tokens = CALLS[name]
    assert tf1 == _hand(tokens, call.endswith(".values"))
    assert migrated == tf1

