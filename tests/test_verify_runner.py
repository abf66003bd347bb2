"""Both sides of a verification, run for real in subprocesses.

Small scripts written here exercise one behaviour each: the TF1 shim, what is
captured and what is not, the shared random stream, and failures on either
side (timeout, import error, crash, memory, syntax). Expected values are
worked out by hand in the scripts' comments. All runs of the module share one
batch, two at a time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tfmigrate.verify.runner import SideRun, compare_sides, launch_sides, run_many

REPO = Path(__file__).resolve().parents[1]

SCRIPTS: dict[str, str] = {
    "aliases.tf1": """
        import tensorflow as tf
        a = tf.constant([1., 2., 3.])
        b = tf.constant([4., 5., 6.])
        sess = tf.Session()
        prod = sess.run(tf.mul(a, b))          # [4, 10, 18]
        diff = sess.run(tf.sub(a, b))          # [-3, -3, -3]
        neg = sess.run(tf.neg(a))              # [-1, -2, -3]
        mean = sess.run(tf.reduce.mean(b))     # 5
        stacked = sess.run(tf.pack([a, b]))    # shape (2, 3)
    """,
    "aliases.tf2": """
        import tensorflow as tf
        a = tf.constant([1., 2., 3.])
        b = tf.constant([4., 5., 6.])
        prod = tf.multiply(a, b).numpy()
        diff = tf.subtract(a, b).numpy()
        neg = tf.negative(a).numpy()
        mean = tf.reduce_mean(b).numpy()
        stacked = tf.stack([a, b]).numpy()
    """,
    "capture.tf1": """
        import tensorflow as tf
        x = tf.constant(2.0)
        y = x * 3.0
        sess = tf.InteractiveSession()
        pair = sess.run({"first": y, "second": [x, y]})   # 6, then 2, 6
        evaluated = y.eval()                               # 6
        v = tf.Variable(7.0)
        sess.run(tf.global_variables_initializer())        # None: not a value
        v_value = v.eval()                                 # 7
    """,
    "capture.tf2": """
        import tensorflow as tf
        x = tf.constant(2.0)
        y = x * 3.0
        pair = {"first": y.numpy(), "second": [x.numpy(), y.numpy()]}
        print(y)  # TF calls numpy() itself to print: not a fetch of the script's
        evaluated = y.numpy()
        v = tf.Variable(7.0)
        total = tf.keras.ops.sum(tf.keras.ops.convert_to_tensor([1.0, 2.0]))
        v_value = v.numpy()
    """,
    "random.tf1": """
        import random
        import numpy as np
        import tensorflow as tf
        w = tf.Variable(tf.random_normal([2, 3], mean=1.0, stddev=0.5))
        u = tf.random_uniform([4], minval=-1, maxval=1)
        t = tf.truncated_normal([5], stddev=2.0)
        k = tf.random_uniform([3], minval=0, maxval=10, dtype=tf.int32)
        s = tf.random_shuffle(tf.constant([10, 20, 30, 40, 50]))
        n = np.random.rand(3)
        r = random.random()
        g = np.random.default_rng().normal(size=2)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        w_val, u_val, t_val, k_val = sess.run([w, u, t, k])
        s_val = sess.run(s)
        u_again = sess.run(u)
    """,
    "random.tf2": """
        import random
        import numpy as np
        import tensorflow as tf
        w = tf.Variable(tf.random.normal([2, 3], mean=1.0, stddev=0.5))
        u = tf.random.uniform([4], minval=-1, maxval=1)
        t = tf.random.truncated_normal([5], stddev=2.0)
        k = tf.random.uniform([3], minval=0, maxval=10, dtype=tf.int32)
        s = tf.random.shuffle(tf.constant([10, 20, 30, 40, 50]))
        n = np.random.rand(3)
        r = random.random()
        g = np.random.default_rng().normal(size=2)
        w_val, u_val, t_val, k_val = w.numpy(), u.numpy(), t.numpy(), k.numpy()
        s_val = s.numpy()
        u_again = u.numpy()
    """,
    "random_reordered.tf2": """
        import tensorflow as tf
        u = tf.random.uniform([4], minval=-1, maxval=1)
        w = tf.Variable(tf.random.normal([2, 3], mean=1.0, stddev=0.5))
        t = tf.random.truncated_normal([5], stddev=2.0)
        k = tf.random.uniform([3], minval=0, maxval=10, dtype=tf.int32)
        w_val, u_val, t_val, k_val = w.numpy(), u.numpy(), t.numpy(), k.numpy()
        u_again = u.numpy()
    """,
    "missing.tf2": """
        import tensorflow as tf
        a = tf.constant([1., 2., 3.])
        b = tf.constant([4., 5., 6.])
        prod = tf.multiply(a, b).numpy()
    """,
    "nothing.tf1": """
        import tensorflow as tf
        message = "no numbers here"
    """,
    "plots.tf1": """
        import matplotlib.pyplot as plt
        import tensorflow as tf
        xs = tf.Session().run(tf.linspace(0., 1., 5))
        plt.plot(xs, xs ** 2, "r-")
        plt.legend(loc="upper left")
        plt.show()
    """,
    "plots.tf2": """
        import matplotlib.pyplot as plt
        import tensorflow as tf
        xs = tf.linspace(0., 1., 5).numpy()
        plt.plot(xs, xs ** 2, "r-")
        plt.legend(loc="upper left")
        plt.show()
    """,
    "import_error.tf2": """
        import tensorflow as tf
        import not_a_module_tfmigrate_tests
    """,
    "abort.tf2": """
        import os
        os.abort()
    """,
    "memory.tf2": """
        import numpy as np
        big = np.ones(16 * 2**30, dtype=np.uint8)
    """,
    "syntax.tf1": """
        x = (
    """,
    "latin1.tf1": """
        # -*- coding: latin-1 -*-
        import tensorflow as tf
        from tensorflow import nn
        name = "caf\xe9"
        length = tf.Session().run(nn.relu(tf.constant(float(len(name)))))  # 4
    """,
    "exit3.tf2": """
        import sys
        sys.exit(3)
    """,
    "sleep.tf1": """
        import time
        time.sleep(120)
    """,
}

# (name, script, mode) for every run of the batch.
RUNS: list[tuple[str, str, str]] = [
    ("aliases.tf1", "aliases.tf1", "graph"), ("aliases.tf2", "aliases.tf2", "eager"),
    ("capture.tf1", "capture.tf1", "graph"), ("capture.tf2", "capture.tf2", "eager"),
    ("random.tf1", "random.tf1", "graph"), ("random.tf2", "random.tf2", "eager"),
    ("random_reordered.tf2", "random_reordered.tf2", "eager"), ("missing.tf2", "missing.tf2", "eager"),
    ("nothing.tf1", "nothing.tf1", "graph"), ("nothing.tf2", "nothing.tf1", "eager"),
    ("plots.tf1", "plots.tf1", "graph"), ("plots.tf2", "plots.tf2", "eager"),
    ("import_error.tf2", "import_error.tf2", "eager"), ("abort.tf2", "abort.tf2", "eager"),
    ("memory.tf2", "memory.tf2", "eager"), ("syntax.tf1", "syntax.tf1", "graph"),
    ("exit3.tf2", "exit3.tf2", "eager"), ("latin1.tf1", "latin1.tf1", "graph"),
]


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scripts")
    paths = {}
    for name, text in SCRIPTS.items():
        path = folder / f"{name.replace('.', '_')}.py"
        encoding = "latin-1" if "coding: latin-1" in text else "utf-8"
        path.write_text(textwrap.dedent(text).lstrip(), encoding=encoding)
        paths[name] = path
    return paths


@pytest.fixture(scope="module")
def runs(scripts: dict[str, Path]) -> dict[str, SideRun]:
    specs = [("original" if mode == "graph" else "migrated", scripts[script], mode, None)
             for _, script, mode in RUNS]
    return dict(zip([name for name, _, _ in RUNS], run_many(specs, jobs=2, timeout=120, memory_gib=8)))


def _values(run: SideRun) -> list[object]:
    return [run.arrays[entry["key"]].tolist() for entry in run.runs]


# --- the original side -------------------------------------------------------


def test_pre_1_0_names_run_and_are_reported(runs: dict[str, SideRun]) -> None:
    original = runs["aliases.tf1"]
    assert original.status.ok, original.status.describe()
    assert _values(original)[:4] == [[4.0, 10.0, 18.0], [-3.0, -3.0, -3.0], [-1.0, -2.0, -3.0], 5.0]
    assert original.names["stacked"].shape == (2, 3)
    report = compare_sides(original, runs["aliases.tf2"], title="aliases")
    assert report.substitutions == [
        "original used pre-1.0 name: tf.mul -> tf.multiply (line 5)",
        "original used pre-1.0 name: tf.sub -> tf.subtract (line 6)",
        "original used pre-1.0 name: tf.neg -> tf.negative (line 7)",
        "original repaired at run time: tf.reduce.mean -> tf.reduce_mean (line 8)",
        "original used pre-1.0 name: tf.pack -> tf.stack (line 9)",
    ]
    assert report.passed, report.summary()


def test_graph_fetches_are_flattened_in_order_and_none_is_skipped(runs: dict[str, SideRun]) -> None:
    original = runs["capture.tf1"]
    assert original.status.ok, original.status.describe()
    assert _values(original) == [6.0, 2.0, 6.0, 6.0, 7.0]
    assert [entry["line"] for entry in original.runs] == [5, 5, 5, 6, 9]
    assert [entry["via"] for entry in original.runs] == ["Session.run"] * 3 + ["Tensor.eval", "Variable.eval"]


def test_eager_side_records_the_scripts_numpy_calls_only(runs: dict[str, SideRun]) -> None:
    migrated = runs["capture.tf2"]
    assert migrated.status.ok, migrated.status.describe()
    assert _values(migrated) == [6.0, 2.0, 6.0, 6.0, 7.0]
    assert "tf.Tensor(6.0" in migrated.stdout
    assert compare_sides(runs["capture.tf1"], migrated, title="capture").passed


def test_a_declared_source_encoding_and_from_imports_work(runs: dict[str, SideRun]) -> None:
    original = runs["latin1.tf1"]
    assert original.status.ok, original.status.describe()
    assert original.names["length"].tolist() == 4.0


# --- randomness ----------------------------------------------------------------


def test_both_sides_draw_the_same_random_numbers(runs: dict[str, SideRun]) -> None:
    original, migrated = runs["random.tf1"], runs["random.tf2"]
    report = compare_sides(original, migrated, title="random")
    assert report.passed, [(r.label, r.detail) for r in report.rows if not r.ok]
    names = original.names
    assert names["w_val"].dtype == np.float32 and names["w_val"].shape == (2, 3)
    assert np.all(np.abs(names["t_val"]) <= 4.0)  # truncated at two standard deviations of 2
    assert names["k_val"].dtype == np.int32 and set(names["k_val"].tolist()) <= set(range(10))
    assert np.all((names["u_val"] >= -1) & (names["u_val"] < 1))
    # Graph mode draws once: the op returns the same values on every run.
    np.testing.assert_array_equal(names["u_again"], names["u_val"])
    assert sorted(names["s_val"].tolist()) == [10, 20, 30, 40, 50]
    assert len(original.meta["random"]) == 5


def test_random_ops_are_paired_in_call_order(runs: dict[str, SideRun]) -> None:
    report = compare_sides(runs["random.tf1"], runs["random_reordered.tf2"], title="reordered")
    assert not report.passed
    assert {"w_val", "u_val"} <= {row.label for row in report.rows if not row.ok}


# --- comparison outcomes -------------------------------------------------------


def test_a_name_and_fetches_missing_on_the_migrated_side_fail(runs: dict[str, SideRun]) -> None:
    report = compare_sides(runs["aliases.tf1"], runs["missing.tf2"], title="missing")
    assert not report.passed
    missing = {row.label: row.detail for row in report.rows if row.verdict == "MISSING"}
    assert missing["diff"] == "absent (or not numeric) on migrated side"
    assert missing["run #2"] == "not fetched by migrated side"


def test_nothing_compared_is_a_failure(runs: dict[str, SideRun]) -> None:
    report = compare_sides(runs["nothing.tf1"], runs["nothing.tf2"], title="nothing")
    assert all(side.ok for side in report.sides)
    assert report.rows == [] and not report.passed
    assert report.summary() == "FAILED: no value was compared (the scripts fetched nothing numeric)"


def test_plotting_is_headless(runs: dict[str, SideRun]) -> None:
    report = compare_sides(runs["plots.tf1"], runs["plots.tf2"], title="plots")
    assert report.passed, report.summary()


# --- failures, with the side named ---------------------------------------------


def _problem(runs: dict[str, SideRun], original: str, migrated: str) -> str:
    return compare_sides(runs[original], runs[migrated], title="t").summary()


def test_import_error_is_reported_with_side_and_line(runs: dict[str, SideRun]) -> None:
    assert _problem(runs, "aliases.tf1", "import_error.tf2") == (
        "FAILED: migrated: ModuleNotFoundError: No module named 'not_a_module_tfmigrate_tests' (line 2)")


def test_a_crash_is_reported_with_the_signal(runs: dict[str, SideRun]) -> None:
    assert _problem(runs, "aliases.tf1", "abort.tf2").startswith("FAILED: migrated: crashed (killed by SIGABRT)")


def test_the_memory_limit_stops_a_runaway_allocation(runs: dict[str, SideRun]) -> None:
    summary = _problem(runs, "aliases.tf1", "memory.tf2")
    assert summary.startswith("FAILED: migrated: MemoryError: ")
    assert summary.endswith("(line 2); the memory limit is 8 GiB (--memory)")


def test_a_syntax_error_in_the_original_is_reported(runs: dict[str, SideRun]) -> None:
    summary = _problem(runs, "syntax.tf1", "aliases.tf2")
    assert summary.startswith("FAILED: original: SyntaxError: ") and summary.endswith("(line 1)")


def test_a_non_zero_exit_is_a_failure(runs: dict[str, SideRun]) -> None:
    assert _problem(runs, "aliases.tf1", "exit3.tf2") == "FAILED: migrated: SystemExit: exit status 3 (line 2)"


def test_a_timeout_is_reported_and_the_process_killed(scripts: dict[str, Path]) -> None:
    original, migrated = launch_sides([("original", scripts["sleep.tf1"], "graph", None),
                                       ("migrated", scripts["aliases.tf2"], "eager", None)],
                                      timeout=40, memory_gib=8)
    assert original.status.problem == "timed out after 40 s"
    assert original.status.seconds < 60  # killed, not left to sleep its 120 s
    # The migrated side imports TensorFlow under the same limit, which a loaded machine can exceed: it must
    # end either way, and the summary names the original first.
    assert migrated.status.ok or migrated.status.problem == "timed out after 40 s"
    assert compare_sides(original, migrated, title="t").summary() == "FAILED: original: timed out after 40 s"


# --- the command line ----------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tfmigrate", "verify", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_cli_pair_passes_with_a_table_and_fails_with_exit_1(scripts: dict[str, Path]) -> None:
    good = _cli(str(scripts["aliases.tf1"]), str(scripts["aliases.tf2"]))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "run #1 (line 5|4)" in good.stdout
    assert good.stdout.rstrip().endswith("PASSED: all 10 values match (5/5 fetched values, 5/5 module-level names)")
    bad = _cli("--json", str(scripts["aliases.tf1"]), str(scripts["missing.tf2"]))
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert data["passed"] is False and data["compared"] == 10 and data["matched"] == 2


@pytest.mark.parametrize("args, message", [
    (["nonexistent_tfmigrate.py", "b.py"], "nonexistent_tfmigrate.py: error: no such file"),
    (["README.md"], "README.md: error: a single path must be a notebook (.ipynb); "
                    "for scripts give ORIGINAL MIGRATED"),
    (["tfmigrate", "README.md"], "tfmigrate: error: not a file"),
])
def test_cli_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert result.stdout == ""


def test_verify_sources_compares_texts_and_finds_the_scripts_own_imports(tmp_path: Path) -> None:
    from tfmigrate.verify.runner import verify_sources

    (tmp_path / "helper_scale.py").write_text("SCALE = 3.0\n", encoding="utf-8")
    original = ("import tensorflow as tf\nfrom helper_scale import SCALE\n"
                "out = tf.Session().run(tf.constant(2.0) * SCALE)\n")
    migrated = "import tensorflow as tf\nfrom helper_scale import SCALE\nout = (tf.constant(2.0) * SCALE).numpy()\n"
    report = verify_sources(original, migrated, path=tmp_path / "script.py")
    assert report.passed, report.summary()
    assert [side.path for side in report.sides] == [str(tmp_path / "script.py")] * 2
    assert [row.label for row in report.rows] == ["run #1", "SCALE", "out"]


def _harness_pids(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "tfmigrate.verify.harness" in command and marker in command:
                pids.append(int(entry.name))
    return pids


def test_ctrl_c_stops_both_sides(scripts: dict[str, Path]) -> None:
    import signal
    import time

    sleeper = str(scripts["sleep.tf1"])
    process = subprocess.Popen([sys.executable, "-m", "tfmigrate", "verify", sleeper, sleeper], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_harness_pids(sleeper)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_harness_pids(sleeper)) == 2
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted" in err
    assert _harness_pids(sleeper) == []
