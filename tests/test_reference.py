"""Reference losses against independent sources.

Golden values come from Keras built-ins, from arithmetic written out here in
plain Python floats, and from finite differences; never from ``reference``.
"""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfmigrate.reference import article, losses

FLOAT32_RTOL = 1e-6
FLOAT32_ATOL = 1e-6


def _close(ours: object, theirs: object, rtol: float = FLOAT32_RTOL, atol: float = FLOAT32_ATOL) -> None:
    np.testing.assert_allclose(np.asarray(ours, np.float64), np.asarray(theirs, np.float64),
                               rtol=rtol, atol=atol)


@pytest.fixture(scope="module")
def regression_batch() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    y_true = rng.normal(size=(8, 5)).astype(np.float32)
    y_pred = (y_true + rng.normal(scale=2.0, size=(8, 5))).astype(np.float32)
    return y_true, y_pred


@pytest.fixture(scope="module")
def binary_batch() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    labels = rng.integers(0, 2, size=(6, 4)).astype(np.float32)
    logits = rng.normal(scale=3.0, size=(6, 4)).astype(np.float32)
    probabilities = (1.0 / (1.0 + np.exp(-logits))).clip(0.02, 0.98).astype(np.float32)
    return labels, logits, probabilities


@pytest.fixture(scope="module")
def class_batch() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    logits = rng.normal(scale=2.0, size=(7, 4)).astype(np.float32)
    soft_labels = rng.dirichlet(np.ones(4), size=7).astype(np.float32)
    sparse = rng.integers(0, 4, size=(7,)).astype(np.int32)
    return logits, soft_labels, sparse


# --- against Keras built-ins ------------------------------------------------


def test_l1_loss_averages_to_keras_mean_absolute_error(regression_batch):
    y_true, y_pred = regression_batch
    _close(losses.L1Loss()(y_true, y_pred), keras.losses.MeanAbsoluteError()(y_true, y_pred))


def test_l2_and_mse_average_to_keras_mean_squared_error(regression_batch):
    y_true, y_pred = regression_batch
    expected = keras.losses.MeanSquaredError()(y_true, y_pred)
    _close(losses.L2Loss()(y_true, y_pred), expected)
    _close(losses.MeanSquaredError()(y_true, y_pred), expected)
    _close(losses.mean_squared_error(y_true, y_pred),
           keras.losses.mean_squared_error(y_true, y_pred))


@pytest.mark.parametrize("delta", [0.5, 1.0, 2.5])
def test_huber_matches_keras_huber(regression_batch, delta):
    y_true, y_pred = regression_batch
    _close(losses.Huber(delta=delta)(y_true, y_pred), keras.losses.Huber(delta=delta)(y_true, y_pred))


def test_hinge_matches_keras_hinge_on_plus_minus_one_labels(binary_batch):
    labels, logits, _ = binary_batch
    signed = 2.0 * labels - 1.0
    _close(losses.Hinge()(signed, logits), keras.losses.Hinge()(signed, logits))


def test_hinge_keeps_zero_labels_where_keras_relabels_them(binary_batch):
    # Keras turns {0, 1} labels into {-1, 1}; ours uses labels as given, so
    # the two agree only once we relabel ourselves.
    labels, logits, _ = binary_batch
    keras_value = float(keras.losses.Hinge()(labels, logits))
    assert float(losses.Hinge()(2.0 * labels - 1.0, logits)) == pytest.approx(keras_value, rel=1e-6)
    assert float(losses.Hinge()(labels, logits)) != pytest.approx(keras_value, rel=1e-3)


def test_binary_cross_entropy_matches_keras_on_probabilities(binary_batch):
    labels, _, probabilities = binary_batch
    _close(losses.BinaryCrossEntropy()(labels, probabilities),
           keras.losses.BinaryCrossentropy()(labels, probabilities))


def test_sigmoid_cross_entropy_matches_keras_from_logits(binary_batch):
    labels, logits, _ = binary_batch
    _close(losses.SigmoidCrossEntropy()(labels, logits),
           keras.losses.BinaryCrossentropy(from_logits=True)(labels, logits))


def test_weighted_sigmoid_with_unit_weight_is_plain_sigmoid_cross_entropy(binary_batch):
    labels, logits, _ = binary_batch
    _close(losses.WeightedSigmoidCrossEntropy(pos_weight=1.0)(labels, logits),
           keras.losses.BinaryCrossentropy(from_logits=True)(labels, logits))


def test_softmax_cross_entropy_matches_keras_with_soft_labels(class_batch):
    logits, soft_labels, _ = class_batch
    _close(losses.SoftmaxCrossEntropy()(soft_labels, logits),
           keras.losses.CategoricalCrossentropy(from_logits=True)(soft_labels, logits))
    _close(losses.softmax_cross_entropy_with_logits(soft_labels, logits),
           keras.losses.categorical_crossentropy(soft_labels, logits, from_logits=True))


def test_sparse_categorical_matches_keras_from_logits(class_batch):
    logits, _, sparse = class_batch
    _close(losses.SparseCategoricalCrossEntropy(from_logits=True)(sparse, logits),
           keras.losses.SparseCategoricalCrossentropy(from_logits=True)(sparse, logits))


def test_sparse_categorical_matches_keras_on_probabilities(class_batch):
    logits, _, sparse = class_batch
    probabilities = tf.nn.softmax(logits).numpy()
    _close(losses.SparseCategoricalCrossEntropy()(sparse, probabilities),
           keras.losses.SparseCategoricalCrossentropy()(sparse, probabilities))
    # Keras clips and then renormalises rows that do not sum to one; so do we.
    unnormalised = probabilities * 3.0
    _close(losses.sparse_categorical_cross_entropy(sparse, unnormalised),
           keras.losses.sparse_categorical_crossentropy(sparse, unnormalised))


@pytest.mark.parametrize("penalty, regularizer", [("l1", keras.regularizers.L1), ("l2", keras.regularizers.L2)])
def test_regularized_objective_is_mse_plus_keras_regularizer(regression_batch, penalty, regularizer):
    y_true, y_pred = regression_batch
    weights = [np.array([[0.5, -1.5], [2.0, 0.25]], np.float32), np.array([-3.0, 1.0], np.float32)]
    lam = 0.01
    expected = float(keras.losses.MeanSquaredError()(y_true, y_pred)) + sum(
        float(regularizer(lam)(w)) for w in weights)
    ours = losses.regularized_objective(y_true, y_pred, weights, lam, penalty=penalty)
    assert float(ours) == pytest.approx(expected, rel=1e-6)


# --- against hand arithmetic ------------------------------------------------


def test_l1_l2_by_hand():
    assert losses.l1_loss([1.0, -2.0], [0.5, 1.0]).numpy().tolist() == [0.5, 3.0]
    assert losses.l2_loss([1.0, -2.0], [0.5, 1.0]).numpy().tolist() == [0.25, 9.0]


def test_huber_by_hand():
    # delta 1: r = 0.5 -> 0.5 * 0.25; r = 2 -> 1 * (2 - 0.5); r = -3 -> 1 * (3 - 0.5)
    _close(losses.huber([0.0, 0.0, 0.0], [0.5, 2.0, -3.0], delta=1.0), [0.125, 1.5, 2.5])
    # delta 2: r = 1 -> 0.5; r = 2 (the joint) -> 0.5 * 4 = 2 * (2 - 1); r = 3 -> 2 * (3 - 1)
    _close(losses.huber([0.0, 0.0, 0.0], [1.0, 2.0, 3.0], delta=2.0), [0.5, 2.0, 4.0])


def test_pseudo_huber_by_hand():
    delta = 2.0
    residuals = [0.0, 2.0, -4.0, 0.1]
    expected = [delta ** 2 * (math.sqrt(1.0 + (r / delta) ** 2) - 1.0) for r in residuals]
    # r = 2 -> 4 (sqrt 2 - 1) = 1.65685...; r = -4 -> 4 (sqrt 5 - 1) = 4.94427...
    assert expected[1] == pytest.approx(1.6568542, abs=1e-7)
    assert expected[2] == pytest.approx(4.9442719, abs=1e-7)
    _close(losses.pseudo_huber([0.0] * 4, residuals, delta=delta), expected)


def test_pseudo_huber_tends_to_half_square_near_zero_and_linear_far_away():
    assert float(losses.pseudo_huber(0.0, 1e-2, delta=1.0)) == pytest.approx(0.5e-4, rel=1e-3)
    far = float(losses.pseudo_huber(0.0, 1000.0, delta=1.5))
    assert far == pytest.approx(1.5 * 1000.0 - 1.5 ** 2, rel=1e-3)


def test_hinge_by_hand():
    _close(losses.hinge(1.0, [-3.0, 0.5, 1.0, 5.0]), [4.0, 0.5, 0.0, 0.0])
    _close(losses.hinge(-1.0, [-3.0, 0.5]), [0.0, 1.5])


def test_binary_cross_entropy_by_hand():
    expected = [-math.log(0.8), -math.log(1.0 - 0.3)]
    _close(losses.binary_cross_entropy([1.0, 0.0], [0.8, 0.3]), expected)


def test_binary_cross_entropy_stays_finite_at_certain_wrong_answers():
    values = losses.binary_cross_entropy([1.0, 0.0], [0.0, 1.0]).numpy()
    assert np.all(np.isfinite(values))
    # p = 0 is clipped to 1e-7; p = 1 to float32(1 - 1e-7), whose complement
    # is 2**-23 (the float32 step below 1), not 1e-7.
    assert 1.0 - float(np.float32(1.0 - 1e-7)) == 2.0 ** -23
    _close(values, [-math.log(1e-7), -math.log(2.0 ** -23)])
    _close(values, keras.losses.binary_crossentropy([[1.0], [0.0]], [[0.0], [1.0]]))


def test_sigmoid_cross_entropy_by_hand_including_extreme_logits():
    def by_definition(z: float, x: float) -> float:
        s = 1.0 / (1.0 + math.exp(-x))
        return -(z * math.log(s) + (1.0 - z) * math.log(1.0 - s))

    labels = [1.0, 0.0, 0.3, 1.0]
    logits = [2.0, 2.0, -1.5, 0.0]
    _close(losses.sigmoid_cross_entropy_with_logits(labels, logits),
           [by_definition(z, x) for z, x in zip(labels, logits)])
    # Far outside float32's exp range the stable form is max(x,0) - x z.
    _close(losses.sigmoid_cross_entropy_with_logits([0.0, 1.0], [200.0, -200.0]), [200.0, 200.0])


def test_weighted_sigmoid_cross_entropy_by_definition():
    def by_definition(z: float, x: float, q: float) -> float:
        s = 1.0 / (1.0 + math.exp(-x))
        return -(q * z * math.log(s) + (1.0 - z) * math.log(1.0 - s))

    labels = [1.0, 0.0, 0.25, 1.0, 0.0]
    logits = [2.0, 2.0, -1.5, -3.0, -0.5]
    for q in (0.5, 3.0):
        _close(losses.weighted_sigmoid_cross_entropy(labels, logits, q),
               [by_definition(z, x, q) for z, x in zip(labels, logits)])
    _close(losses.weighted_sigmoid_cross_entropy(labels, logits, 3.0),
           tf.nn.weighted_cross_entropy_with_logits(labels, logits, 3.0))


def test_softmax_cross_entropy_by_hand_on_the_articles_corrected_inputs():
    scores = [1.0, -3.0, 10.0]
    target = [0.1, 0.02, 0.88]
    log_normaliser = math.log(sum(math.exp(s) for s in scores))
    expected = -sum(t * (s - log_normaliser) for t, s in zip(target, scores))
    assert expected == pytest.approx(1.1601257, abs=1e-6)
    _close(losses.softmax_cross_entropy_with_logits([target], [scores]), [expected])


def test_sparse_categorical_zero_probability_costs_log_epsilon():
    # Label 0 has probability 0: clipped to 1e-7, then the row [1e-7, 1 - 1e-7]
    # sums to one, so the loss is -log(1e-7).
    ours = losses.sparse_categorical_cross_entropy([0], [[0.0, 1.0]])
    _close(ours, [-math.log(1e-7)], rtol=1e-5)


def test_sparse_categorical_by_hand_on_the_articles_example():
    # Label 1 of [0.05, 0.95, 0] and label 2 of [0.1, 0.8, 0.1].
    expected = (-math.log(0.95) - math.log(0.1)) / 2.0
    assert expected == pytest.approx(1.1769392, abs=1e-7)
    ours = tf.reduce_mean(losses.sparse_categorical_cross_entropy(
        [1, 2], [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]))
    assert float(ours) == pytest.approx(expected, rel=1e-6)


def test_regularized_objective_by_hand():
    # mean((2-1)^2, (0-2)^2) = 2.5; l1 = |3| + |-4| = 7; l2 = 9 + 16 = 25
    assert float(losses.regularized_objective([1.0, 2.0], [2.0, 0.0], [[3.0, -4.0]], 0.1, "l1")) == \
        pytest.approx(2.5 + 0.7)
    assert float(losses.regularized_objective([1.0, 2.0], [2.0, 0.0], [[3.0, -4.0]], 0.1, "l2")) == \
        pytest.approx(2.5 + 2.5)
    with pytest.raises(ValueError, match="penalty"):
        losses.regularized_objective([1.0], [1.0], [[1.0]], 0.1, "l3")


def test_bad_delta_is_rejected():
    with pytest.raises(ValueError, match="delta"):
        losses.Huber(delta=0.0)


# --- gradients ----------------------------------------------------------------


def _numeric_jacobian_matches(function, point: np.ndarray) -> None:
    theoretical, numerical = tf.test.compute_gradient(function, [tf.constant(point, tf.float64)])
    np.testing.assert_allclose(theoretical[0], numerical[0], rtol=1e-5, atol=1e-6)


GRADIENT_POINT = np.array([-2.5, -0.7, -0.1, 0.3, 1.2, 3.0])


@pytest.mark.parametrize("name, function", [
    ("huber", lambda x: losses.huber(tf.zeros_like(x), x, delta=1.0)),
    ("pseudo_huber", lambda x: losses.pseudo_huber(tf.zeros_like(x), x, delta=0.8)),
    ("sigmoid", lambda x: losses.sigmoid_cross_entropy_with_logits(tf.fill(tf.shape(x), 0.3), x)),
    ("weighted", lambda x: losses.weighted_sigmoid_cross_entropy(tf.fill(tf.shape(x), 0.7), x, 2.5)),
    ("binary", lambda x: losses.binary_cross_entropy(tf.fill(tf.shape(x), 0.4), tf.sigmoid(x))),
])
def test_gradients_match_finite_differences(name, function):
    _numeric_jacobian_matches(function, GRADIENT_POINT)


def test_softmax_gradient_matches_finite_differences():
    _numeric_jacobian_matches(
        lambda x: losses.softmax_cross_entropy_with_logits(tf.constant([[0.2, 0.5, 0.3]], tf.float64), x),
        np.array([[1.0, -3.0, 10.0]]))


def _gradient(function, point: np.ndarray) -> np.ndarray:
    x = tf.constant(point, tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        value = function(x)
    return tape.gradient(value, x).numpy()


def test_gradients_match_closed_forms():
    x = GRADIENT_POINT
    sigma = 1.0 / (1.0 + np.exp(-x))
    # Huber: the residual clipped to [-delta, delta].
    _close(_gradient(lambda t: losses.huber(tf.zeros_like(t), t, 1.0), x), np.clip(x, -1.0, 1.0))
    # Pseudo-Huber: r / sqrt(1 + (r / delta)^2).
    _close(_gradient(lambda t: losses.pseudo_huber(tf.zeros_like(t), t, 0.8), x),
           x / np.sqrt(1.0 + (x / 0.8) ** 2))
    # Sigmoid cross-entropy: sigmoid(x) - z.
    _close(_gradient(lambda t: losses.sigmoid_cross_entropy_with_logits(tf.fill(tf.shape(t), 0.3), t), x),
           sigma - 0.3)
    # Weighted: sigmoid(x) (1 - z + q z) - q z.
    z, q = 0.7, 2.5
    _close(_gradient(lambda t: losses.weighted_sigmoid_cross_entropy(tf.fill(tf.shape(t), z), t, q), x),
           sigma * (1.0 - z + q * z) - q * z)
    # Softmax with normalised labels: softmax(x) - y.
    logits = np.array([[1.0, -3.0, 10.0]])
    labels = np.array([[0.2, 0.5, 0.3]])
    softmax = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    _close(_gradient(lambda t: losses.softmax_cross_entropy_with_logits(tf.constant(labels), t), logits),
           softmax - labels)


# --- the article's computations ---------------------------------------------


def test_article_inputs_are_the_articles():
    assert article.regression_predictions().numpy()[[0, -1]].tolist() == [-1.0, 1.0]
    assert article.classification_predictions().numpy()[[0, -1]].tolist() == [-3.0, 5.0]
    assert article.classification_predictions().shape == (100,)
    assert article.classification_targets().numpy().tolist() == [1.0] * 100


def test_mse_as_run_is_the_mean_square_of_an_even_grid():
    # For n evenly spaced points on [-1, 1] the mean square is (n + 1) / (3 (n - 1)).
    expected = 101.0 / 297.0
    assert float(article.BY_NAME["mean_squared_error"].as_run()) == pytest.approx(expected, rel=1e-6)
    assert float(article.BY_NAME["mean_squared_error"].corrected()) == pytest.approx(expected, rel=1e-6)


def test_hinge_as_run_by_hand():
    x = np.linspace(-3.0, 5.0, 100)
    _close(article.BY_NAME["hinge"].as_run(), np.maximum(0.0, 1.0 - x))


def test_swapped_sigmoid_as_run_by_hand():
    # labels = predictions x, logits = 1: max(1, 0) - 1 * x + log(1 + e^-1).
    x = np.linspace(-3.0, 5.0, 100)
    _close(article.BY_NAME["sigmoid_cross_entropy"].as_run(), 1.0 - x + math.log1p(math.exp(-1.0)))


def test_swapped_weighted_as_run_by_hand():
    # targets = x, logits = 1, q = 0.5: (1 - x) + (1 - 0.5 x) log(1 + e^-1).
    x = np.linspace(-3.0, 5.0, 100)
    _close(article.BY_NAME["weighted_cross_entropy"].as_run(),
           (1.0 - x) + (1.0 - 0.5 * x) * math.log1p(math.exp(-1.0)))


def test_swapped_softmax_as_run_by_hand():
    # labels = [1, -3, 10] (sum 8), logits = [0.1, 0.02, 0.88]:
    # -sum(l (x - lse)) = 8 lse - (0.1 - 0.06 + 8.8).
    log_normaliser = math.log(math.exp(0.1) + math.exp(0.02) + math.exp(0.88))
    _close(article.BY_NAME["softmax_cross_entropy"].as_run(), [8.0 * log_normaliser - 8.84])


def test_sparse_as_run_matches_hand_value():
    assert float(article.BY_NAME["sparse_categorical_cross_entropy"].as_run()) == pytest.approx(
        (-math.log(0.95) - math.log(0.1)) / 2.0, rel=1e-6)


@pytest.mark.parametrize("name", ["sigmoid_cross_entropy", "weighted_cross_entropy", "softmax_cross_entropy"])
def test_swapped_computations_are_flagged_and_corrected_form_differs(name):
    computation = article.BY_NAME[name]
    assert computation.swapped
    assert computation.binding.get("logits") in ("y_targets", "y_target")
    assert not np.allclose(computation.as_run().numpy(), computation.corrected().numpy())


def test_corrected_cross_entropies_match_keras():
    x = np.linspace(-3.0, 5.0, 100).astype(np.float32)[:, None]
    ones = np.ones_like(x)
    _close(article.BY_NAME["sigmoid_cross_entropy"].corrected(),
           keras.losses.binary_crossentropy(ones, x, from_logits=True))
    _close(article.BY_NAME["softmax_cross_entropy"].corrected(),
           keras.losses.categorical_crossentropy([[0.1, 0.02, 0.88]], [[1.0, -3.0, 10.0]],
                                                 from_logits=True))
    # With every target 1, the weighted loss is pos_weight times the plain one.
    _close(article.BY_NAME["weighted_cross_entropy"].corrected(),
           0.5 * keras.losses.binary_crossentropy(ones, x, from_logits=True))


def test_reference_losses_with_the_articles_binding_reproduce_tf_nn_bit_for_bit():
    predictions = article.classification_predictions()
    targets = article.classification_targets()
    np.testing.assert_array_equal(
        losses.sigmoid_cross_entropy_with_logits(predictions, targets).numpy(),
        article.BY_NAME["sigmoid_cross_entropy"].as_run().numpy())
    np.testing.assert_array_equal(
        losses.weighted_sigmoid_cross_entropy(predictions, targets, 0.5).numpy(),
        article.BY_NAME["weighted_cross_entropy"].as_run().numpy())


def test_printed_arrays_are_the_four_fixtures_in_float32():
    arrays = article.printed_arrays()
    assert sorted(arrays) == ["l1_loss", "l2_loss", "sigmoid_cross_entropy", "weighted_cross_entropy"]
    assert all(a.dtype == np.float32 and a.shape == (100,) for a in arrays.values())
    assert set(article.printed_arguments()["weighted_cross_entropy"]) == {"labels", "logits", "pos_weight"}


# --- Keras config -------------------------------------------------------------


@pytest.mark.parametrize("loss", [
    losses.Huber(delta=0.3), losses.PseudoHuber(delta=2.0), losses.WeightedSigmoidCrossEntropy(pos_weight=4.0),
    losses.SparseCategoricalCrossEntropy(from_logits=True), losses.SoftmaxCrossEntropy(axis=1),
    losses.BinaryCrossEntropy(epsilon=1e-5), losses.L1Loss(reduction="sum"),
])
def test_config_round_trips_through_keras_serialization(loss):
    serialized = keras.saving.serialize_keras_object(loss)
    assert serialized["registered_name"].startswith(losses.PACKAGE + ">")
    restored = keras.saving.deserialize_keras_object(serialized)
    assert type(restored) is type(loss)
    assert restored.get_config() == loss.get_config()
