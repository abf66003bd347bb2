"""A module's TF generation is judged once, from all its evidence, and every positional loss call follows it.

Before/after tables (pyupgrade style): each expected text was written by hand
from what the version the evidence points to computed. TF 0.x took
``weighted_cross_entropy_with_logits(logits, targets, pos_weight)`` and
``sigmoid_cross_entropy_with_logits(logits, targets)``; TF 1.x took
``weighted_...(targets, logits, pos_weight)`` and keywords only for sigmoid.
"""

from __future__ import annotations

import textwrap

import pytest

from tfmigrate.engine import judge_generation, migrate_source
from tfmigrate.findings import Kind

# The two shapes of a public loss-function script: a TF 0.x original, and a
# later revision with TF 1.0 names that kept the logits-first sigmoid call.
LOSSES_TF0 = """\
import tensorflow as tf

sess = tf.Session()
x_vals = tf.linspace(-3., 5., 9)
target = tf.constant(1.)
targets = tf.fill([9], 1.)
hinge = tf.maximum(0., 1. - tf.mul(target, x_vals))
xentropy = tf.nn.sigmoid_cross_entropy_with_logits(x_vals, targets)
weight = tf.constant(0.5)
weighted = tf.nn.weighted_cross_entropy_with_logits(x_vals, targets, weight)
hinge_out = sess.run(hinge)
xentropy_out = sess.run(xentropy)
weighted_out = sess.run(weighted)
"""
LOSSES_TF0_MIGRATED = """\
import tensorflow as tf

x_vals = tf.linspace(-3., 5., 9)
target = tf.constant(1.)
targets = tf.fill([9], 1.)
hinge = tf.maximum(0., 1. - tf.multiply(target, x_vals))
xentropy = tf.nn.sigmoid_cross_entropy_with_logits(logits=x_vals, labels=targets)
weight = tf.constant(0.5)
weighted = tf.nn.weighted_cross_entropy_with_logits(logits=x_vals, labels=targets, pos_weight=weight)
hinge_out = hinge.numpy()
xentropy_out = xentropy.numpy()
weighted_out = weighted.numpy()
"""
LOSSES_TF012 = LOSSES_TF0.replace("tf.mul(", "tf.multiply(")
LOSSES_TF012_MIGRATED = LOSSES_TF0_MIGRATED

CASES = [
    pytest.param(LOSSES_TF0, LOSSES_TF0_MIGRATED, id="tf-mul-and-positional-sigmoid"),
    pytest.param(LOSSES_TF012, LOSSES_TF012_MIGRATED, id="tf1-names-and-positional-sigmoid"),
    pytest.param(
        "import tensorflow as tf\nh = tf.sub(x, y)\nl = tf.nn.weighted_cross_entropy_with_logits(x, z, w)\n",
        "import tensorflow as tf\nh = tf.subtract(x, y)\nl = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=w)\n",
        id="pre-1.0-name-alone",
    ),
    pytest.param(
        "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(x, z, w)\n"
        "c = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, targets=z)\n",
        "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=w)\n"
        "c = tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=z)\n",
        id="targets-keyword-of-sigmoid-is-tf0",
    ),
    pytest.param(
        "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(z, x, w)\n"
        "c = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)\n",
        "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=w)\n"
        "c = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)\n",
        id="labels-keyword-of-sigmoid-is-tf1",
    ),
    pytest.param(
        # The evidence may come after the call: it is gathered before any call is read.
        "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(x, z, w)\nh = tf.neg(l)\n",
        "import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=w)\nh = tf.negative(l)\n",
        id="evidence-below-the-call",
    ),
    pytest.param(
        "from tensorflow import mul\nimport tensorflow as tf\nh = mul(x, y)\nl = tf.nn.weighted_cross_entropy_with_logits(x, z, w)\n",
        "import tensorflow as tf\nh = tf.multiply(x, y)\nl = tf.nn.weighted_cross_entropy_with_logits(logits=x, labels=z, pos_weight=w)\n",
        id="pre-1.0-name-through-from-import",
    ),
]

# Already TF 2 (or unchanged by this judgement): nothing to do.
NO_OPS = [
    pytest.param("import tensorflow as tf\nl = tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=w)\n",
                 id="keywords"),
    pytest.param("import tensorflow as tf\nh = tf.multiply(x, y)\nl = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)\n",
                 id="tf1-names-keyword-call"),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_positional_calls_follow_the_module_evidence(before: str, after: str) -> None:
    result = migrate_source(before)
    assert result.code == after
    assert migrate_source(result.code).code == result.code


@pytest.mark.parametrize("source", NO_OPS)
def test_no_op(source: str) -> None:
    assert migrate_source(source).code == source


def test_the_finding_states_the_evidence_with_lines() -> None:
    result = migrate_source(LOSSES_TF0, path="losses.py")
    weighted = next(f for f in result.findings if f.line == 10 and f.code == "TFM301")
    assert weighted.kind is Kind.FIXED
    assert weighted.message == (
        "positional tf.nn.weighted_cross_entropy_with_logits call read in TF 0.x order as logits=x_vals, "
        "labels=targets, pos_weight=weight: this file uses tf.mul (line 7) and a positional "
        "sigmoid_cross_entropy_with_logits call (line 8)")
    # The swap judgement reads the call the same way: logits=x_vals is not a swap.
    assert not [f for f in result.findings if f.code == "TFM302"]


def test_written_for_overrides_the_evidence() -> None:
    result = migrate_source(LOSSES_TF0, written_for="1.x")
    assert "weighted_cross_entropy_with_logits(labels=x_vals, logits=targets, pos_weight=weight)" in result.code
    sigmoid = next(f for f in result.findings if f.line == 8)
    assert sigmoid.kind is Kind.MANUAL  # TF 1.x took keywords only: a positional call is not TF 1.x code
    assert "tf.nn.sigmoid_cross_entropy_with_logits(x_vals, targets)" in result.code


CONFLICT = textwrap.dedent("""\
    import tensorflow as tf
    h = tf.mul(x, 2.)
    c = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=h)
    l = tf.nn.weighted_cross_entropy_with_logits(z, h, 0.5)
    """)


def test_conflicting_evidence_keeps_the_values_as_written_and_asks() -> None:
    result = migrate_source(CONFLICT, path="mixed.py")
    # TF 2 reads positions (labels, logits, pos_weight): the keywords say exactly that.
    assert "weighted_cross_entropy_with_logits(labels=z, logits=h, pos_weight=0.5)" in result.code
    finding = next(f for f in result.findings if f.code == "TFM301")
    assert finding.kind is Kind.MANUAL and finding.line == 4
    assert "tf.mul (line 2)" in finding.message and "labels= on sigmoid_cross_entropy_with_logits (line 3)" in finding.message
    assert "--written-for" in finding.action
    assert migrate_source(result.code).code == result.code


@pytest.mark.parametrize(("written_for", "expected"), [
    ("0.x", "weighted_cross_entropy_with_logits(logits=z, labels=h, pos_weight=0.5)"),
    ("1.x", "weighted_cross_entropy_with_logits(labels=z, logits=h, pos_weight=0.5)"),
])
def test_written_for_settles_a_conflict(written_for: str, expected: str) -> None:
    result = migrate_source(CONFLICT, written_for=written_for)
    assert expected in result.code
    assert all(f.kind is not Kind.MANUAL for f in result.findings)


def test_tf1_names_are_not_tf1_only_evidence() -> None:
    # TF 0.12 already had tf.multiply and tf.global_variables_initializer (its own __init__ exports them).
    judgement = judge_generation("import tensorflow as tf\na = tf.multiply(x, y)\ni = tf.global_variables_initializer()\n")
    assert judgement is not None and judgement.clues == () and judgement.reading is None


@pytest.mark.parametrize(("source", "reading", "because"), [
    (LOSSES_TF0, "0.x", "this file uses tf.mul (line 7) and a positional sigmoid_cross_entropy_with_logits call (line 8)"),
    ("import tensorflow as tf\nd = tf.data.Dataset\n", "1.x", "this file uses tf.data (line 2)"),
    ("import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)\n", "2.x",
     "this file imports tf.compat.v1, which reads positions labels first (TF 2)"),
    (CONFLICT, None, "this file mixes TF 0.x code, tf.mul (line 2), with TF 1.x code, "
                     "labels= on sigmoid_cross_entropy_with_logits (line 3)"),
])
def test_judgement(source: str, reading: str | None, because: str) -> None:
    judgement = judge_generation(source)
    assert judgement is not None
    assert (judgement.reading, judgement.because()) == (reading, because)


def test_no_tensorflow_no_judgement() -> None:
    assert judge_generation("import numpy as np\n") is None


# --- verify runs the original as its evidence says ---------------------------

# Hand values: x = -3..5 (step 1) and targets z = 1. With logits x (TF 0.x order),
# sigmoid cross-entropy is max(x, 0) - x*z + log(1 + exp(-|x|)) = log(1 + exp(-x)), and
# weighted cross-entropy with pos_weight q = 0.5 is (1 - z)*x + (1 + (q - 1)*z)*log(1 + exp(-x))
# = 0.5*log(1 + exp(-x)). Read in TF 1.x order (labels x, logits 1) the weighted loss would be
# (1 - x) + (1 - 0.5x)*log(1 + e^-1): 3.63 at x = -3 instead of 1.52.
X = [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0]


def hand_values() -> dict[str, list[float]]:
    import math

    softplus = [math.log1p(math.exp(-x)) for x in X]
    return {"hinge_out": [max(0.0, 1.0 - x) for x in X], "xentropy_out": softplus,
            "weighted_out": [0.5 * value for value in softplus]}


@pytest.fixture(scope="module")
def loss_script_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[object, object]]:
    """Both loss scripts, original and migration, in one batch of four sides, two at a time."""
    from tfmigrate.verify.runner import run_many

    folder = tmp_path_factory.mktemp("losses")
    specs = []
    for name, source in (("tf0", LOSSES_TF0), ("tf012", LOSSES_TF012)):
        original, migrated = folder / f"{name}.py", folder / f"{name}.tf2.py"
        original.write_text(source, encoding="utf-8")
        migrated.write_text(migrate_source(source).code, encoding="utf-8")
        specs += [("original", original, "graph", None), ("migrated", migrated, "eager", None)]
    runs = run_many(specs, jobs=2, timeout=180, memory_gib=4)
    return {"tf0": (runs[0], runs[1]), "tf012": (runs[2], runs[3])}


@pytest.mark.parametrize("name", ["tf0", "tf012"])
def test_migration_equals_the_original_run_under_tf0_signatures(loss_script_runs: dict, name: str) -> None:
    from tfmigrate.verify.runner import compare_sides

    original, migrated = loss_script_runs[name]
    report = compare_sides(original, migrated, title=name)
    assert report.passed, (report.summary(), [(row.label, row.detail) for row in report.rows if not row.ok])
    assert any("ran with the TF 0.x signatures" in note and "positional sigmoid_cross_entropy_with_logits call"
               in note for note in report.notes), report.notes
    assert any("TF 0.x signature: tf.nn.weighted_cross_entropy_with_logits" in line for line in report.substitutions)
    for side in (original, migrated):
        for value_name, expected in hand_values().items():
            actual = [float(v) for v in side.names[value_name]]
            assert actual == pytest.approx(expected, rel=1e-6, abs=1e-6), (side.status.side, value_name)


def test_tf0_signature_binds_positions_logits_first_and_refuses_later_keywords() -> None:
    from tfmigrate.verify.tf0_signatures import tf0_loss

    calls: list[dict[str, object]] = []
    order = ("logits", "targets", "pos_weight", "name")
    loss = tf0_loss(lambda **kwargs: calls.append(kwargs), "weighted_cross_entropy_with_logits", order, lambda: None)
    loss("x", "z", 0.5)
    loss(targets="z", logits="x", pos_weight=2.0)
    assert calls == [{"logits": "x", "labels": "z", "pos_weight": 0.5}, {"labels": "z", "logits": "x", "pos_weight": 2.0}]
    with pytest.raises(TypeError, match="unexpected keyword argument 'labels'"):
        loss("x", labels="z", pos_weight=0.5)
    with pytest.raises(TypeError, match="multiple values"):
        loss("x", logits="x")
