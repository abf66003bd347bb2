"""Dropout masks are replayed identically on both sides, a new mask on every graph run.

The TF1 original runs one graph three times with ``tf.nn.dropout`` on a
``keep_prob`` placeholder and ``tf.layers.dropout`` stacked on it, then once
with ``keep_prob: 1.0`` and once more at 0.5; TF1 draws new masks on every
``Session.run``. Its migration calls ``tf.nn.dropout`` and a Keras 3
``Dropout`` layer eagerly, once per step. The golden values are worked out
here: masks drawn from the dropout stream in order (nothing drawn while the
rate is 0), kept units scaled by 1 / (1 - rate). A migration that draws its
first mask once and reuses it must fail.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from tfmigrate.verify import rng
from tfmigrate.verify.dropout_rng import DROPOUT_STREAM
from tfmigrate.verify.runner import SideRun, compare_sides, run_many
from tfmigrate.verify.warm import warm_workers

pytestmark = pytest.mark.skipif(importlib.util.find_spec("tf_keras") is None,
                                reason="tf.layers needs the tf-keras package")

ORIGINAL = """\
import numpy as np
import tensorflow as tf

x_np = np.linspace(-1, 1, 24, dtype=np.float32).reshape(4, 6)
x = tf.placeholder(tf.float32, [None, 6])
keep_prob = tf.placeholder(tf.float32)
h = tf.nn.dropout(tf.nn.relu(x) + 1.0, keep_prob)
h2 = tf.layers.dropout(h, rate=0.25, training=True)
with tf.Session() as sess:
    runs = [sess.run(h2, {x: x_np, keep_prob: 0.5}) for _ in range(3)]
    evaluated = sess.run(h, {x: x_np, keep_prob: 1.0})
    last = sess.run(h, {x: x_np, keep_prob: 0.5})
"""

MIGRATED = """\
import numpy as np
import tensorflow as tf

x_np = np.linspace(-1, 1, 24, dtype=np.float32).reshape(4, 6)
drop = tf.keras.layers.Dropout(0.25)


def h(x, keep_prob):
    return tf.nn.dropout(tf.nn.relu(x) + 1.0, rate=1 - keep_prob)


runs = [drop(h(x_np, 0.5), training=True).numpy() for _ in range(3)]
evaluated = h(x_np, 1.0).numpy()
last = h(x_np, 0.5).numpy()
"""

# The first mask drawn once and reused in every step: not what TF1 computed.
MIGRATED_MASK_ONCE = MIGRATED.replace(
    "runs = [drop(h(x_np, 0.5), training=True).numpy() for _ in range(3)]",
    "first = h(x_np, 0.5)\nruns = [drop(first, training=True).numpy() for _ in range(3)]")


def hand_values() -> dict[str, np.ndarray]:
    stream = rng.SharedRandom(rng.DEFAULT_SEED, stream=DROPOUT_STREAM)
    f32 = np.dtype(np.float32)
    base = np.maximum(np.linspace(-1, 1, 24, dtype=np.float32).reshape(4, 6), 0) + np.float32(1.0)

    def dropout(values: np.ndarray, rate: float) -> np.ndarray:
        kept = stream.uniform(list(values.shape), 0.0, 1.0, f32) >= np.float32(rate)
        # TF divides by a rate given as a tensor (the fed keep_prob), multiplies by 1 / (1 - rate) for a number.
        scaled = values / np.float32(1 - rate) if rate == 0.5 else values * np.float32(1 / (1 - rate))
        return np.where(kept, scaled, np.float32(0))

    runs = [dropout(dropout(base, 0.5), 0.25) for _ in range(3)]
    return {"runs": np.stack(runs), "evaluated": base, "last": dropout(base, 0.5)}


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SideRun]:
    folder = tmp_path_factory.mktemp("dropout-replay")
    scripts = {"original": ORIGINAL, "migrated": MIGRATED, "mask_once": MIGRATED_MASK_ONCE}
    specs = []
    for name, code in scripts.items():
        path = folder / f"{name}.py"
        path.write_text(code, encoding="utf-8")
        specs.append((name, path, "graph" if name == "original" else "eager", None))
    with warm_workers():
        runs = run_many(specs, jobs=2)
    return dict(zip(scripts, runs))


def test_graph_runs_draw_a_new_mask_each_and_equal_the_hand_values(sides: dict[str, SideRun]) -> None:
    original = sides["original"]
    assert original.status.ok, original.status.describe()
    expected = hand_values()
    for name, values in expected.items():
        np.testing.assert_array_equal(original.names[name], values, err_msg=name)
    runs = original.names["runs"]
    assert not np.array_equal(runs[0], runs[1]) and not np.array_equal(runs[1], runs[2])
    # three runs of two dropouts, none at keep_prob 1.0, one at the end
    assert len(original.meta["dropout_random"]) == 7


def test_eager_migration_draws_the_same_masks(sides: dict[str, SideRun]) -> None:
    report = compare_sides(sides["original"], sides["migrated"], title="dropout")
    assert report.passed, report.rows
    assert all(row.max_abs == 0 for row in report.rows), report.rows


def test_a_mask_drawn_once_instead_of_per_run_is_caught(sides: dict[str, SideRun]) -> None:
    report = compare_sides(sides["original"], sides["mask_once"], title="mask once")
    assert not report.passed
    assert any("dropout masks drawn: original 7, mask_once 5" in note for note in report.notes), report.notes
