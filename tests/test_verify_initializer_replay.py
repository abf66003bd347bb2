"""Initializer draws are replayed identically on both sides of a verification.

A TF1 original creates weights with ``tf.get_variable`` (glorot-uniform by
default), TF1 initializer objects and ``tf.layers.dense`` (run through
tf-keras); the migration creates the same weights with Keras 3 initializers
and Keras 3 ``Dense`` and ``Conv2D`` layers. Every weight must come out bit for bit equal.

The golden values are worked out here, independently of both libraries: the
distribution parameters by hand from each shape's fan-in and fan-out (glorot:
limit = sqrt(3 / ((fan_in + fan_out) / 2)); variance scaling with a truncated
normal: stddev = sqrt(scale / fan_in) / .87962566103423978, the standard
deviation of a unit normal truncated at two), drawn from the initializer
stream in creation order. A migration that gets a parameter wrong (Keras'
RandomNormal default stddev 0.05 for TF1's explicit 0.5) must fail.
"""

from __future__ import annotations

import importlib.util
import math
import sys

import numpy as np
import pytest

from tfmigrate.verify import rng
from tfmigrate.verify.initializer_rng import INITIALIZER_STREAM
from tfmigrate.verify.report import MATCH
from tfmigrate.verify.runner import SideRun, compare_sides, run_many
from tfmigrate.verify.tf1_shim import TF_KERAS_NEEDED, TFLayersNeedTFKeras, _LegacyLayers
from tfmigrate.verify.warm import warm_workers

TF_KERAS_MISSING = importlib.util.find_spec("tf_keras") is None

ORIGINAL = """\
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
w = tf.get_variable("w", [3, 5])
t = tf.get_variable("t", [4, 2], initializer=tf.truncated_normal_initializer(stddev=0.3))
k = tf.get_variable("k", [2, 2, 3, 4], initializer=tf.variance_scaling_initializer(2.0))
u = tf.get_variable("u", [6], initializer=tf.random_uniform_initializer(-0.5, 0.25))
n = tf.get_variable("n", [3], initializer=tf.random_normal_initializer(1.0, 0.5))
h = tf.layers.dense(x, 4)
image = tf.placeholder(tf.float32, [None, 5, 5, 1])
conv = tf.layers.conv2d(image, 2, 3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    w_, t_, k_, u_, n_ = sess.run([w, t, k, u, n])
    kernel = sess.run(h, {x: np.eye(3, dtype=np.float32)})
    conv_kernel = sess.run(tf.get_default_graph().get_tensor_by_name("conv2d/kernel:0"))
"""

MIGRATED = """\
import numpy as np
import tensorflow as tf

dense = tf.keras.layers.Dense(5)  # a Keras Dense kernel against tf.get_variable's default
dense.build((None, 3))
w = dense.kernel
t = tf.Variable(tf.keras.initializers.TruncatedNormal(stddev=0.3)(shape=[4, 2]))
k = tf.Variable(tf.keras.initializers.VarianceScaling(2.0)(shape=[2, 2, 3, 4]))
u = tf.Variable(tf.keras.initializers.RandomUniform(-0.5, 0.25)(shape=[6]))
n = tf.Variable(NORMAL(shape=[3]))
h = tf.keras.layers.Dense(4)
w_, t_, k_, u_, n_ = w.numpy(), t.numpy(), k.numpy(), u.numpy(), n.numpy()
kernel = h(np.eye(3, dtype=np.float32)).numpy()
conv = tf.keras.layers.Conv2D(2, 3)
conv(np.zeros((1, 5, 5, 1), np.float32))
conv_kernel = conv.kernel.numpy()
"""

COMPAT_V1_IMPORT = "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n"

# The normal initializer of each migration: Keras 3's, TF 2's own, and one with Keras' default stddev.
NORMALS = {
    "keras": "tf.keras.initializers.RandomNormal(1.0, 0.5)",
    "tf2": "tf.random_normal_initializer(1.0, 0.5)",
    "wrong_stddev": "tf.keras.initializers.RandomNormal(1.0)",
}


def hand_values() -> dict[str, np.ndarray]:
    """Each weight drawn from the initializer stream with parameters worked out by hand."""
    stream = rng.SharedRandom(rng.DEFAULT_SEED, stream=INITIALIZER_STREAM)
    f32 = np.dtype(np.float32)

    def glorot_limit(fan_in: int, fan_out: int) -> float:
        return math.sqrt(3.0 * (1.0 / ((fan_in + fan_out) / 2.0)))

    return {
        "w_": stream.uniform([3, 5], -glorot_limit(3, 5), glorot_limit(3, 5), f32),
        "t_": stream.truncated_normal([4, 2], 0.0, 0.3, f32),
        # fan_in of a 2x2 kernel over 3 channels: 2 * 2 * 3
        "k_": stream.truncated_normal([2, 2, 3, 4], 0.0, math.sqrt(2.0 / 12) / .87962566103423978, f32),
        "u_": stream.uniform([6], -0.5, 0.25, f32),
        "n_": stream.normal([3], 1.0, 0.5, f32),
        "kernel": stream.uniform([3, 4], -glorot_limit(3, 4), glorot_limit(3, 4), f32),
        # a 3x3 kernel from 1 channel to 2: fan_in 3 * 3 * 1, fan_out 3 * 3 * 2
        "conv_kernel": stream.uniform([3, 3, 1, 2], -glorot_limit(9, 18), glorot_limit(9, 18), f32),
    }


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SideRun]:
    folder = tmp_path_factory.mktemp("initializer-replay")
    original = folder / "original.py"
    original.write_text(ORIGINAL, encoding="utf-8")
    # The same TF1 code imported as tensorflow.compat.v1, which does not pass through the shim.
    compat_v1 = folder / "original_compat_v1.py"
    compat_v1.write_text(ORIGINAL.replace("import tensorflow as tf\n", COMPAT_V1_IMPORT), encoding="utf-8")
    specs = [("original", original, "graph", None), ("original", compat_v1, "graph", None)]
    for name, normal in NORMALS.items():
        migrated = folder / f"migrated_{name}.py"
        migrated.write_text(MIGRATED.replace("NORMAL", normal), encoding="utf-8")
        specs.append(("migrated", migrated, "eager", None))
    with warm_workers():
        runs = run_many(specs, jobs=2)
    return dict(zip(["original", "original_compat_v1", *NORMALS], runs))


@pytest.mark.skipif(TF_KERAS_MISSING, reason="tf.layers needs the tf-keras package")
def test_original_weights_are_the_hand_computed_draws(sides: dict[str, SideRun]) -> None:
    original = sides["original"]
    assert original.status.ok, original.status.describe()
    for name, expected in hand_values().items():
        np.testing.assert_array_equal(original.names[name], expected, err_msg=name)


@pytest.mark.skipif(TF_KERAS_MISSING, reason="tf.layers needs the tf-keras package")
@pytest.mark.parametrize("migration", ["keras", "tf2"])
def test_keras_3_and_tf2_initializers_replay_tf1_draws_exactly(sides: dict[str, SideRun], migration: str) -> None:
    report = compare_sides(sides["original"], sides[migration], title=migration)
    assert report.passed, report.rows
    assert all(row.max_abs == 0 for row in report.rows), report.rows
    assert len(sides[migration].meta["initializer_random"]) == 7


@pytest.mark.skipif(TF_KERAS_MISSING, reason="tf.layers needs the tf-keras package")
def test_tf_layers_run_through_tf_keras_when_compat_v1_is_imported_directly(sides: dict[str, SideRun]) -> None:
    report = compare_sides(sides["original_compat_v1"], sides["keras"], title="compat.v1 import")
    assert report.passed, report.rows


@pytest.mark.skipif(TF_KERAS_MISSING, reason="tf.layers needs the tf-keras package")
def test_a_wrong_initializer_parameter_is_caught(sides: dict[str, SideRun]) -> None:
    report = compare_sides(sides["original"], sides["wrong_stddev"], title="wrong stddev")
    assert not report.passed
    failing = {row.label for row in report.rows if row.verdict != MATCH}
    assert failing == {"run #5", "n_"}, report.rows  # the fetch of n, and the name n_
    assert {row.label for row in report.rows if row.verdict == MATCH} >= {"kernel", "conv_kernel"}


def test_tf_layers_without_tf_keras_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if tf-keras were not installed: also its submodules, which another test may have imported.
    for name in ["tf_keras", *(n for n in sys.modules if n.startswith("tf_keras."))]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(TFLayersNeedTFKeras) as raised:
        _LegacyLayers().dense  # noqa: B018 - the attribute access is what raises
    assert str(raised.value) == TF_KERAS_NEEDED
    assert "pip install tf-keras" in TF_KERAS_NEEDED and "\n" not in TF_KERAS_NEEDED
