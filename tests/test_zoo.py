"""The TF1 zoo (``examples/tf1_zoo/``): how tfmigrate does on tutorial-style TF1 scripts.

Three outcomes, listed in docs/zoo.md:

* CONVERTED: migrated, and the migration computes what the original computes
  (each original runs under TF1 graph mode, each migration under TF2 eager,
  values compared by ``compare_sides``). The golden values are the original's
  own TF1 graph-mode run, never the migration's.
* LEFT: code with no safe TF 2 form. The expected finding codes must be
  reported, at least one of them asking for action, and the flagged TF1 lines
  must still be in the output verbatim (or the whole file unchanged).
* KNOWN_BUGS: scripts that expose a tfmigrate bug, run with the converted ones
  and marked ``xfail(strict=True)`` so that a fix turns them into a failure
  here until they are moved to CONVERTED.

All sides run in one batch, two subprocesses at a time (``run_many``), so the
file costs about two minutes on two cores.
"""

from __future__ import annotations

import dataclasses
import io
import tokenize
from pathlib import Path

import pytest

from tfmigrate.engine import migrate_source
from tfmigrate.findings import Kind
from tfmigrate.verify.report import VerifyReport, format_report
from tfmigrate.verify.runner import SideSpec, compare_sides, run_many

ZOO = Path(__file__).resolve().parents[1] / "examples" / "tf1_zoo"
SIDE_TIMEOUT = 120.0
SIDE_MEMORY_GIB = 4.0
PARALLEL_SIDES = 2

CONVERTED: tuple[str, ...] = (
    "assign_counter",
    "compat_v1_disable",
    "constants_fetch",
    "dropout_keep_prob",
    "from_import_session",
    "interactive_eval",
    "linear_regression_gd",
    "logistic_regression_mnist_style",
    "loss_functions",
    "misc_renames",
    "mlp_momentum",
    "placeholder_feed",
    "pre10_names",
    "reduce_keep_dims",
    "session_in_function",
    "softmax_minibatch",
    "sparse_softmax_labels",
    "to_float_casts",
)

# script -> why its verification fails today.
KNOWN_BUGS: dict[str, str] = {
    "evaluate_in_new_session": "a second tf.Session re-runs the initializer; the eager code keeps the trained "
                               "weights, so the baseline loss changes (no finding)",
    "reinitialize_restart": "sess.run(init) a second time resets the variables in TF1; the migration drops it "
                            "and the second training run starts from trained weights (no finding)",
    "random_normal_init": "Variable.initialized_value() is kept and raises NotImplementedError in eager mode, "
                          "with no finding",
    "python_value_captured": "a tensor that becomes a function reads Python globals when called, not when the "
                             "graph was built: reassigning batch_size later changes the loss (no finding)",
    "mlp_adam": "tf.train.AdamOptimizer becomes Keras Adam, which differs from TF1 by ~30 ulps after 30 steps; "
                "migrate --verify fails and no finding says the values move",
}


@dataclasses.dataclass(frozen=True)
class LeftCase:
    """A script whose TF1-only parts must stay as written, with findings."""

    codes: frozenset[str]
    kept: tuple[str, ...] = ()
    whole_file_unchanged: bool = False


LEFT: dict[str, LeftCase] = {
    "collections_regularization": LeftCase(
        frozenset({"TFM401"}),
        kept=("tf.add_to_collection('losses', tf.nn.l2_loss(w1) * 0.01)",
              "tf.add_n(tf.get_collection('losses'))",
              "tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)")),
    "contrib_layers": LeftCase(
        frozenset({"TFM401"}),
        kept=("tf.contrib.layers.xavier_initializer(seed=1)", "tf.contrib.layers.fully_connected(",
              "tf.get_variable('W', [4, 3]")),
    "control_flow": LeftCase(
        frozenset({"TFM201"}),
        kept=("with tf.Session() as sess:", "b, f = sess.run([bigger, factorial])")),
    "graph_as_default": LeftCase(frozenset({"TFM201"}), whole_file_unchanged=True),
    "layers_dense_classifier": LeftCase(
        frozenset({"TFM401"}),
        kept=("tf.layers.dense(", "tf.losses.sparse_softmax_cross_entropy(labels=y,")),
    "queue_runner": LeftCase(
        frozenset({"TFM201", "TFM401"}),
        kept=("tf.train.QueueRunner(queue, [enqueue])", "tf.train.start_queue_runners(sess=sess, coord=coord)",
              "values = [sess.run(dequeued) for _ in range(3)]")),
    "saver_checkpoint": LeftCase(
        frozenset({"TFM201", "TFM401"}),
        kept=("saver = tf.train.Saver()", "saver.save(sess, path)", "saver.restore(sess, path)",
              "restored = sess.run(v)")),
    "select_rows": LeftCase(frozenset({"TFM401"}), kept=("chosen = tf.select(cond, a, b)",)),
    "session_config": LeftCase(
        frozenset({"TFM401"}),
        kept=("config = tf.ConfigProto(allow_soft_placement=True",)),
    "summary_writer": LeftCase(frozenset({"TFM201", "TFM401"}), whole_file_unchanged=True),
    "train_in_function": LeftCase(frozenset({"TFM201", "TFM401"}), whole_file_unchanged=True),
    "variable_scope_sharing": LeftCase(frozenset({"TFM201", "TFM401"}), whole_file_unchanged=True),
}


def zoo_source(name: str) -> str:
    return (ZOO / f"{name}.py").read_text(encoding="utf-8")


def names_in_code(code: str) -> set[str]:
    """The identifiers of a module, outside comments and strings (headers mention TF1 names)."""
    tokens = tokenize.generate_tokens(io.StringIO(code).readline)
    return {token.string for token in tokens if token.type == tokenize.NAME}


# Identifiers that mean TF1 graph code survived: sessions, or a detour through compat.v1.
TF1_LEFTOVERS = frozenset({"Session", "InteractiveSession", "compat", "placeholder", "disable_v2_behavior"})


def test_every_zoo_script_is_classified() -> None:
    on_disk = {path.stem for path in ZOO.glob("*.py")}
    classified = set(CONVERTED) | set(KNOWN_BUGS) | set(LEFT) | set(CHEAP_BUGS)
    assert on_disk == classified


# --- converted scripts (and the known bugs found by running them) ----------


def write_migration(name: str, out_dir: Path) -> Path:
    result = migrate_source(zoo_source(name), path=f"{name}.py")
    migrated = out_dir / f"{name}.py"
    migrated.write_text(result.code, encoding="utf-8")
    return migrated


@pytest.fixture(scope="module")
def zoo_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, VerifyReport]:
    """Every converted and known-bug script verified, all sides in one batch."""
    out_dir = tmp_path_factory.mktemp("zoo-migrated")
    names = list(CONVERTED) + list(KNOWN_BUGS)
    specs: list[SideSpec] = []
    for name in names:
        migrated = write_migration(name, out_dir)
        specs.append(("original", ZOO / f"{name}.py", "graph", None))
        specs.append(("migrated", migrated, "eager", None))
    sides = run_many(specs, jobs=PARALLEL_SIDES, timeout=SIDE_TIMEOUT, memory_gib=SIDE_MEMORY_GIB)
    return {name: compare_sides(sides[2 * i], sides[2 * i + 1], title=f"zoo: {name}")
            for i, name in enumerate(names)}


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_script_changes_and_verifies(name: str, zoo_reports: dict[str, VerifyReport]) -> None:
    result = migrate_source(zoo_source(name), path=f"{name}.py")
    assert result.changed
    assert all(f.kind is Kind.FIXED for f in result.findings), result.findings
    assert not names_in_code(result.code) & TF1_LEFTOVERS
    report = zoo_reports[name]
    assert report.passed, format_report(report)


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason)) for name, reason in KNOWN_BUGS.items()
])
def test_known_bug_script_verifies(name: str, zoo_reports: dict[str, VerifyReport]) -> None:
    report = zoo_reports[name]
    assert report.passed, format_report(report)


# --- known bugs visible without running anything -----------------------------

CHEAP_BUGS: dict[str, str] = {
    "pre10_concat_split": "TF 0.x tf.concat(dim, values) / tf.split(dim, num, value) are kept as written with "
                          "no finding, even with written_for='0.x', and the migration does not run",
}


# --- scripts left (partly) as written ---------------------------------------


@pytest.mark.parametrize("name", sorted(LEFT))
def test_left_script_keeps_tf1_code_with_findings(name: str) -> None:
    case = LEFT[name]
    source = zoo_source(name)
    result = migrate_source(source, path=f"{name}.py")
    codes = {f.code for f in result.findings}
    assert case.codes <= codes, sorted(codes)
    needing_action = [f for f in result.findings if f.kind is Kind.MANUAL]
    assert needing_action and all(f.action for f in needing_action)
    if case.whole_file_unchanged:
        assert result.code == source
    for snippet in case.kept:
        assert snippet in source, f"test data: {snippet!r} is not in {name}.py"
        assert snippet in result.code, f"{snippet!r} was rewritten"
    assert "compat" not in names_in_code(result.code) - names_in_code(source)


@pytest.mark.xfail(strict=True, reason=CHEAP_BUGS["pre10_concat_split"])
def test_axis_first_concat_and_split_are_reported_or_rewritten() -> None:
    source = zoo_source("pre10_concat_split")
    result = migrate_source(source, path="pre10_concat_split.py", written_for="0.x")
    lines_needing_action = {f.line for f in result.findings if f.kind is Kind.MANUAL}
    concat_handled = "tf.concat([a, b], 1)" in result.code or 7 in lines_needing_action
    split_handled = "tf.split(joined, 2, 1)" in result.code or 8 in lines_needing_action
    assert concat_handled and split_handled
