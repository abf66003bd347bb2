"""TFM112: TF1's tf.nn.ctc_loss calls under TF 2's function, which runs TF1's op with blank_index=-1.

Before/after pairs for TF1 code, a no-op list (TF 2 code keeps its calls), the
calls left with a finding, then the values: each TF1 program runs in TF1
graph mode (tf.compat.v1, v2 behaviour disabled, a session; its ctc_loss is
TF1's own) and its migration eagerly, in one TensorFlow subprocess.
"""

from __future__ import annotations

import pytest

from tests.tf1_graph_runs import run_both
from tfmigrate.engine import migrate_source

TF1 = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
OUT = "label_length=None, logit_length=n"

PAIRS = [
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n)\n", f"{TF1}l = tf.nn.ctc_loss(labels=y, logits=x, {OUT}, blank_index=-1)\n"),
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n, False, True, False, True)\n",
     f"{TF1}l = tf.nn.ctc_loss(labels=y, logits=x, {OUT}, logits_time_major=True, blank_index=-1)\n"),
    (f"{TF1}l = tf.nn.ctc_loss(labels=y, inputs=x, sequence_length=n, time_major=False)\n",
     f"{TF1}l = tf.nn.ctc_loss(labels=y, logits=x, {OUT}, logits_time_major=False, blank_index=-1)\n"),
    (f"{TF1}l = tf.nn.ctc_loss(y, logits=x, sequence_length=n, ignore_longer_outputs_than_inputs=False)\n",
     f"{TF1}l = tf.nn.ctc_loss(labels=y, logits=x, {OUT}, blank_index=-1)\n"),
    (f"{TF1}l = tf.reduce_mean(tf.nn.ctc_loss(y, x, n, time_major=major))\n",
     f"{TF1}l = tf.reduce_mean(tf.nn.ctc_loss(labels=y, logits=x, {OUT}, logits_time_major=major, blank_index=-1))\n"),
    ("import tensorflow.compat.v1 as tf\nl = tf.nn.ctc_loss(y, x, n)\n",
     f"import tensorflow as tf\nl = tf.nn.ctc_loss(labels=y, logits=x, {OUT}, blank_index=-1)\n"),
    ("import tensorflow as tfx\nl = tfx.compat.v1.nn.ctc_loss(y, x, n)\n",
     f"import tensorflow as tfx\nl = tfx.nn.ctc_loss(labels=y, logits=x, {OUT}, blank_index=-1)\n"),
    # A TF 0.x file (tf.mul): the logits came first.
    ("import tensorflow as tf\nz = tf.mul(a, b)\nl = tf.nn.ctc_loss(x, y, n)\n",
     f"import tensorflow as tf\nz = tf.multiply(a, b)\nl = tf.nn.ctc_loss(labels=y, logits=x, {OUT}, blank_index=-1)\n"),
]

NO_OPS = [
    "import tensorflow as tf\nl = tf.nn.ctc_loss(y, x, n)\n",
    "import tensorflow as tf\nl = tf.nn.ctc_loss(y, x, label_length, logit_length, blank_index=0)\n",
    f"{TF1}l = tf.nn.ctc_loss(y, x, label_length=None, logit_length=n, blank_index=-1)\n",
    f"{TF1}l = tf.nn.ctc_loss(labels=y, logits=x, label_length=ly, logit_length=n)\n",
    f"{TF1}l = tf.nn.ctc_loss_v2(y, x, ly, n)\n",
    f"{TF1}def ctc_loss(a, b, c):\n    return a\nl = ctc_loss(y, x, n)\n",
]

#: calls kept as written (or spelled by TF1's full name), each with the finding's line and column
KEPT = [
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n", None, "3:5"),
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n, True)\n", None, "3:5"),
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n, ignore_longer_outputs_than_inputs=flag)\n", None, "3:5"),
    (f"{TF1}l = tf.nn.ctc_loss(*args)\n", None, "3:5"),
    (f"{TF1}l = tf.nn.ctc_loss(y, x)\n", None, "3:5"),
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n, logits=x)\n", None, "3:5"),
    (f"{TF1}a = tf.nn.ctc_loss(y, x, n, False, False)\nb = tf.nn.ctc_loss(y, x, n, **extra)\n", None, "3:5 4:5"),
    (f"{TF1}from tensorflow.nn import ctc_loss\nl = ctc_loss(y, x, n)\n", None, "4:5"),
    ("import tensorflow.compat.v1 as tf\nl = tf.nn.ctc_loss(y, x, n, preprocess_collapse_repeated=True)\n",
     "import tensorflow as tf\nl = tf.compat.v1.nn.ctc_loss(y, x, n, preprocess_collapse_repeated=True)\n", "2:5"),
    ("import tensorflow as tf\nl = tf.compat.v1.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n", None, "2:5"),
]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_rewrites(before: str, after: str) -> None:
    result = migrate_source(before, layout=False, fallback="none")
    assert result.code == after
    assert [f.code for f in result.findings if f.code == "TFM112"], result.findings
    assert migrate_source(result.code, layout=False, fallback="none").code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_leaves(source: str) -> None:
    result = migrate_source(source, layout=False, fallback="none")
    assert result.code == source
    assert not [f for f in result.findings if f.code == "TFM112"]


@pytest.mark.parametrize(("source", "after", "where"), KEPT)
def test_kept_with_a_finding_at_each_call(source: str, after: str | None, where: str) -> None:
    result = migrate_source(source, layout=False, fallback="none")
    assert result.code.replace("tf.multiply", "tf.mul") == (after or source)
    found = [f for f in result.findings if f.code == "TFM112"]
    assert [f"{f.line}:{f.col}" for f in found] == where.split()
    said = "spelled tf.compat.v1.nn.ctc_loss" if after is not None else "left as written"
    assert all(f.kind.value == "manual" and said in f.message for f in found)
    assert migrate_source(result.code, layout=False, fallback="none").code == result.code


#: TF1 calls that only TF1's function computes, with the tf.compat.v1 fallback on: TF1's function by its compat name
COMPAT_KEPT = [
    ("import tensorflow as tf\nl = tf.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
     "import tensorflow as tf\nl = tf.compat.v1.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n"),
    (f"{TF1}l = tf.nn.ctc_loss(y, x, n, True)\n", None),
    (f"{TF1}a = tf.nn.ctc_loss(y, x, n, False, False)\n", None),
    # imported by name, and a call that may be TF 0.x's: no compat spelling can be sure to be TF1's function
    ("import tensorflow as tf\nfrom tensorflow.nn import ctc_loss\nl = ctc_loss(y, x, n, ctc_merge_repeated=False)\n",
     "keep"),
    ("import tensorflow as tf\nz = tf.mul(a, b)\nw = tf.layers.dense(z, 3)\nl = tf.nn.ctc_loss(x, y, n, True)\n",
     "keep"),
]


@pytest.mark.parametrize(("source", "after"), COMPAT_KEPT)
def test_kept_calls_run_tf1s_function_under_the_compat_fallback(source: str, after: str | None) -> None:
    result = migrate_source(source, layout=False, fallback="compat")
    calls = [line.strip() for line in result.code.splitlines() if "ctc_loss(" in line]
    if after == "keep":
        assert not any("compat.v1.nn.ctc_loss" in call for call in calls), result.code
        return
    if after is not None:
        assert result.code == after
    assert calls and all(".compat.v1.nn.ctc_loss(" in call for call in calls), result.code
    found = [f for f in result.findings if f.code == "TFM112"]
    assert found and all("spelled tf.compat.v1.nn.ctc_loss" in f.message for f in found)
    assert migrate_source(result.code, layout=False, fallback="compat").code == result.code


def test_mixed_generations_keep_the_positions() -> None:
    """TF 0.x's tf.mul and TF 1.x's tf.layers in one file: whose order the positions follow is unknown.

    (A second run no longer sees tf.mul, renamed by the first, and reads the call in TF 1.x's order.)
    """
    source = "import tensorflow as tf\nz = tf.mul(a, b)\nh = tf.layers.dense(z, 3)\nl = tf.nn.ctc_loss(x, y, n)\n"
    result = migrate_source(source, layout=False, fallback="none")
    assert "tf.nn.ctc_loss(x, y, n)" in result.code
    [finding] = [f for f in result.findings if f.code == "TFM112"]
    assert (finding.line, finding.col) == (4, 5) and "TF 0.x" in finding.message and "tf.mul (line 2)" in finding.message


def test_the_finding_names_the_faithful_form() -> None:
    result = migrate_source(f"{TF1}l = tf.nn.ctc_loss(y, x, n, ctc_merge_repeated=False)\n", fallback="none")
    [finding] = [f for f in result.findings if f.code == "TFM112"]
    assert "ctc_merge_repeated=False" in finding.message and "tf.compat.v1.nn.ctc_loss" in finding.message


# -- values -------------------------------------------------------------------------------------

#: 2 sequences, 4 classes (3 is the blank, as TF1 had it), 6 steps; labels [0, 1, 1] and [2, 0]
SETUP = """
rng = np.random.default_rng(3)
logits_tbc = tf.constant(rng.normal(size=(6, 2, 4)).astype(np.float32))
logits_btc = tf.transpose(logits_tbc, [1, 0, 2])
labels = tf.SparseTensor(indices=[[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], values=tf.constant([0, 1, 1, 2, 0], tf.int32),
                         dense_shape=[2, 3])
seq_len = tf.constant([6, 5], tf.int32)
"""

CALLS = {
    "positional": "tf.nn.ctc_loss(labels, logits_tbc, seq_len)",
    "batch-major": "tf.nn.ctc_loss(labels=labels, inputs=logits_btc, sequence_length=seq_len, time_major=False)",
    "default-flags": "tf.nn.ctc_loss(labels, logits_tbc, seq_len, False, True, False, True)",
    "in-an-expression": "tf.reduce_sum(tf.nn.ctc_loss(labels, logits=logits_tbc, sequence_length=seq_len)) / 2.0",
}

DESCRIBE = '''
def describe(value, run):
    return np.asarray(run([value])[0]).tolist()
'''


def _program(call: str) -> str:
    return f"import numpy as np\nimport tensorflow.compat.v1 as tf\n{SETUP}result = {call}\n"


@pytest.fixture(scope="module")
def runs() -> dict[str, list]:
    cases = {}
    for name, call in CALLS.items():
        migrated = migrate_source(_program(call), fallback="none").code
        assert "compat" not in migrated and "blank_index=-1" in migrated, migrated
        cases[name] = [_program(call), migrated]
    return run_both(cases, DESCRIBE)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_migration_gives_what_tf1_gave(runs: dict[str, list], name: str) -> None:
    tf1, migrated = runs[name]
    assert migrated == tf1


def test_tf1_values_are_losses(runs: dict[str, list]) -> None:
    """TF1's own values: positive negative log-likelihoods, the same for both layouts of one array."""
    assert runs["positional"][0] == runs["batch-major"][0] == runs["default-flags"][0]
    assert all(value > 0 for value in runs["positional"][0])
    assert runs["in-an-expression"][0] == pytest.approx(sum(runs["positional"][0]) / 2, rel=1e-6)
