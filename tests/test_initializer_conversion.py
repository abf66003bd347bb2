"""TF1 initializer classes -> tf.keras.initializers (TFM503): the migration draws from TF1's distribution.

Each TF1 expression is migrated, then both sides are called on the same shape:
TF1 through tf.compat.v1 (its own init_ops), TF 2 through the emitted Keras
class. Random draws cannot match value for value (the two use different
random generators), so the samples are compared by a two-sample
Kolmogorov-Smirnov statistic; a wrong default (Keras' stddev 0.05 for TF1's
1.0) or a wrong fan is far outside the bound, as the control shows.
"""

from __future__ import annotations

import numpy as np
import pytest

from tfmigrate.engine import migrate_source

tf = pytest.importorskip("tensorflow")

DENSE = (300, 200)
CONV = (5, 5, 64, 48)
SQUARE = (200, 200)
KS_BOUND = 0.02  # the 0.001 critical value for 60,000 draws a side is about 0.011

# (TF1 expression, shape)
CASES = [
    ("tf.truncated_normal_initializer()", DENSE),
    ("tf.truncated_normal_initializer(mean=0.5, stddev=0.02, seed=3)", DENSE),
    ("tf.random_normal_initializer()", DENSE),
    ("tf.random_normal_initializer(1.0, 0.1)", DENSE),
    ("tf.random_uniform_initializer()", DENSE),
    ("tf.random_uniform_initializer(-0.1, 0.3)", DENSE),
    ("tf.glorot_uniform_initializer()", CONV),
    ("tf.glorot_normal_initializer(dtype=tf.float32)", CONV),
    ("tf.variance_scaling_initializer(2.0, distribution='normal')", CONV),
    ("tf.variance_scaling_initializer(mode='fan_out', distribution='uniform')", DENSE),
    ("tf.variance_scaling_initializer(distribution='untruncated_normal', mode='fan_avg')", CONV),
    ("tf.orthogonal_initializer(gain=2.0)", SQUARE),
    ("tf.initializers.truncated_normal(stddev=0.3)", DENSE),
    ("tf.initializers.he_normal()", CONV),
    ("tf.initializers.he_uniform()", CONV),
    ("tf.initializers.lecun_normal()", DENSE),
    ("tf.initializers.lecun_uniform()", DENSE),
]


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.sort(a.ravel()), np.sort(b.ravel())
    points = np.concatenate([a, b])
    cdf_a = np.searchsorted(a, points, side="right") / a.size
    cdf_b = np.searchsorted(b, points, side="right") / b.size
    return float(np.max(np.abs(cdf_a - cdf_b)))


def migrated(expression: str) -> str:
    """The emitted TF 2 expression (the module is TF1 code: it imports tensorflow.compat.v1)."""
    result = migrate_source(f"import tensorflow.compat.v1 as tf\ninit = {expression}\n")
    line = result.code.splitlines()[1]
    assert line.startswith("init = tf.keras.initializers."), result.code
    assert any(f.code == "TFM503" for f in result.findings)
    return line[len("init = "):]


def draw(expression: str, module: object, shape: tuple[int, ...]) -> np.ndarray:
    initializer = eval(expression, {"tf": module})  # noqa: S307 - test expressions written above
    return np.asarray(initializer(shape, dtype=tf.float32))


@pytest.mark.parametrize(("expression", "shape"), CASES)
def test_same_distribution_as_tf1(expression: str, shape: tuple[int, ...]) -> None:
    tf1 = draw(expression, tf.compat.v1, shape)
    tf2 = draw(migrated(expression), tf, shape)
    assert tf2.shape == tf1.shape and tf2.dtype == tf1.dtype
    assert ks_statistic(tf1, tf2) < KS_BOUND


def test_orthogonal_stays_orthogonal_with_its_gain() -> None:
    q = draw(migrated("tf.orthogonal_initializer(gain=2.0)"), tf, SQUARE)
    np.testing.assert_allclose(q.T @ q, 4.0 * np.eye(SQUARE[0]), atol=1e-3)


def test_xavier_is_glorot_uniform_by_hand() -> None:
    """contrib is not installed: the bound sqrt(6 / (fan_in + fan_out)) is computed by hand."""
    fan_in, fan_out = 5 * 5 * 64, 5 * 5 * 48
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    values = draw(migrated("tf.contrib.layers.xavier_initializer(seed=2)"), tf, CONV)
    assert limit * 0.99 < np.abs(values).max() <= limit
    uniform = np.random.default_rng(0).uniform(-limit, limit, values.size)
    assert ks_statistic(values, uniform) < KS_BOUND


def test_the_bound_catches_keras_defaults() -> None:
    """Control: TF 2's own tf.random_normal_initializer() (stddev 0.05) is not TF1's (stddev 1.0)."""
    tf1 = draw("tf.random_normal_initializer()", tf.compat.v1, DENSE)
    keras_default = draw("tf.random_normal_initializer()", tf, DENSE)
    assert ks_statistic(tf1, keras_default) > 20 * KS_BOUND
