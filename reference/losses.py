"""Reference losses in TensorFlow 2 eager form, one per loss the article covers.

Each loss is a plain function taking ``(y_true, y_pred, ...)`` (targets first,
as in Keras) plus a thin ``keras.losses.Loss`` subclass that stores its
hyperparameters and returns them from ``get_config``, so a model compiled with
it can be saved as ``.keras`` and loaded back by any process that imports
``tfmigrate.reference``.

Elementwise losses (L1, L2, Huber, pseudo-Huber, hinge, the sigmoid and
two-class cross-entropies) return one value per element; the ``Loss``
classes then average them the Keras way (``sum_over_batch_size``). Losses over
a class axis (softmax and sparse categorical cross-entropy, MSE) reduce that
axis and return one value per example.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Callable

import keras
import tensorflow as tf

PACKAGE = "tfmigrate.reference"

# Keras clips probabilities to [eps, 1 - eps] before taking logs; the same
# value keeps the probability-space cross-entropies finite at 0 and 1.
PROBABILITY_EPSILON = 1e-7

TensorLike = Any


def _as_float(value: TensorLike, like: tf.Tensor | None = None) -> tf.Tensor:
    dtype = like.dtype if like is not None else tf.float32
    return tf.cast(tf.convert_to_tensor(value), dtype)


def _pair(y_true: TensorLike, y_pred: TensorLike) -> tuple[tf.Tensor, tf.Tensor]:
    prediction = tf.convert_to_tensor(y_pred)
    if not prediction.dtype.is_floating:
        prediction = tf.cast(prediction, tf.float32)
    return _as_float(y_true, prediction), prediction


# --- regression -------------------------------------------------------------


def l1_loss(y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
    """Elementwise absolute error ``|y_pred - y_true|``."""
    target, prediction = _pair(y_true, y_pred)
    return tf.abs(prediction - target)


def l2_loss(y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
    """Elementwise squared error ``(y_pred - y_true)**2`` (no one-half factor)."""
    target, prediction = _pair(y_true, y_pred)
    return tf.square(prediction - target)


def mean_squared_error(y_true: TensorLike, y_pred: TensorLike, axis: int = -1) -> tf.Tensor:
    """Mean of the squared error over *axis* (the last one by default)."""
    return tf.reduce_mean(l2_loss(y_true, y_pred), axis=axis)


def huber(y_true: TensorLike, y_pred: TensorLike, delta: float = 1.0) -> tf.Tensor:
    """Quadratic within *delta* of the target, linear beyond it.

    ``0.5 r**2`` for ``|r| <= delta`` and ``delta * (|r| - delta / 2)``
    otherwise; the two pieces meet with equal value and slope at ``|r| = delta``.
    """
    target, prediction = _pair(y_true, y_pred)
    size = tf.abs(prediction - target)
    delta_t = _as_float(delta, size)
    quadratic = 0.5 * tf.square(size)
    linear = delta_t * (size - 0.5 * delta_t)
    return tf.where(size <= delta_t, quadratic, linear)


def pseudo_huber(y_true: TensorLike, y_pred: TensorLike, delta: float = 1.0) -> tf.Tensor:
    """Smooth Huber: ``delta**2 * (sqrt(1 + (r / delta)**2) - 1)``."""
    target, prediction = _pair(y_true, y_pred)
    delta_t = _as_float(delta, prediction)
    squared = tf.square((prediction - target) / delta_t)
    # sqrt(1 + s) - 1 == s / (sqrt(1 + s) + 1); the right side does not lose
    # every digit to cancellation when the residual is small.
    return tf.square(delta_t) * squared / (tf.sqrt(1.0 + squared) + 1.0)


# --- classification ---------------------------------------------------------


def hinge(y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
    """Elementwise ``max(0, 1 - y_true * y_pred)`` for labels in {-1, 1}.

    Labels are used as given: a {0, 1} label of 0 is *not* turned into -1
    (the article's target is 1, and silent relabelling would hide a mistake).
    """
    target, prediction = _pair(y_true, y_pred)
    return tf.maximum(0.0, 1.0 - target * prediction)


def binary_cross_entropy(y_true: TensorLike, y_pred: TensorLike,
                         epsilon: float = PROBABILITY_EPSILON) -> tf.Tensor:
    """Two-class cross-entropy on probabilities, elementwise.

    ``-(y log p + (1 - y) log(1 - p))`` with ``p`` clipped to
    ``[epsilon, 1 - epsilon]`` so that certain-but-wrong predictions stay finite.
    """
    target, probability = _pair(y_true, y_pred)
    eps = _as_float(epsilon, probability)
    p = tf.clip_by_value(probability, eps, 1.0 - eps)
    return -(target * tf.math.log(p) + (1.0 - target) * tf.math.log(1.0 - p))


def _softplus_of_minus_abs(logits: tf.Tensor) -> tf.Tensor:
    # log(1 + exp(-|x|)) never overflows: exp's argument is at most 0.
    return tf.math.log1p(tf.exp(-tf.abs(logits)))


def sigmoid_cross_entropy_with_logits(y_true: TensorLike, logits: TensorLike) -> tf.Tensor:
    """Cross-entropy of ``sigmoid(logits)`` against *y_true*, elementwise.

    Written as ``max(x, 0) - x z + log(1 + exp(-|x|))``, which equals
    ``-(z log s(x) + (1 - z) log(1 - s(x)))`` but never takes the log of a
    rounded-to-zero probability.
    """
    target, x = _pair(y_true, logits)
    return tf.nn.relu(x) - x * target + _softplus_of_minus_abs(x)


def weighted_sigmoid_cross_entropy(y_true: TensorLike, logits: TensorLike,
                                   pos_weight: float) -> tf.Tensor:
    """Sigmoid cross-entropy whose positive term is scaled by *pos_weight*.

    ``-(q z log s(x) + (1 - z) log(1 - s(x)))``, computed as
    ``(1 - z) x + (1 + (q - 1) z) (log(1 + exp(-|x|)) + max(-x, 0))``.
    """
    target, x = _pair(y_true, logits)
    q = _as_float(pos_weight, x)
    log_weight = 1.0 + (q - 1.0) * target
    softplus_minus_x = _softplus_of_minus_abs(x) + tf.nn.relu(-x)
    return (1.0 - target) * x + log_weight * softplus_minus_x


def softmax_cross_entropy_with_logits(y_true: TensorLike, logits: TensorLike,
                                      axis: int = -1) -> tf.Tensor:
    """``-sum(y * log softmax(logits))`` over *axis*; soft labels allowed."""
    target, x = _pair(y_true, logits)
    shifted = x - tf.stop_gradient(tf.reduce_max(x, axis=axis, keepdims=True))
    log_normaliser = tf.math.log(tf.reduce_sum(tf.exp(shifted), axis=axis, keepdims=True))
    return -tf.reduce_sum(target * (shifted - log_normaliser), axis=axis)


def sparse_categorical_cross_entropy(y_true: TensorLike, y_pred: TensorLike,
                                     from_logits: bool = False,
                                     epsilon: float = PROBABILITY_EPSILON) -> tf.Tensor:
    """Cross-entropy with integer class labels along the last axis.

    With ``from_logits=False`` each row of *y_pred* is a probability vector:
    it is clipped to ``[epsilon, 1 - epsilon]`` (so a zero probability costs
    ``-log(epsilon)``, not infinity) and then renormalised to sum to one, as
    Keras does.
    """
    prediction = tf.convert_to_tensor(y_pred)
    if not prediction.dtype.is_floating:
        prediction = tf.cast(prediction, tf.float32)
    labels = tf.cast(tf.convert_to_tensor(y_true), tf.int32)
    # Keras hands labels over as (batch, 1); gather wants (batch,).
    if labels.shape.rank is not None and labels.shape.rank == prediction.shape.rank:
        labels = tf.squeeze(labels, axis=-1)
    depth = tf.shape(prediction)[-1]
    one_hot = tf.one_hot(labels, depth, dtype=prediction.dtype)
    if from_logits:
        return softmax_cross_entropy_with_logits(one_hot, prediction)
    eps = _as_float(epsilon, prediction)
    clipped = tf.clip_by_value(prediction, eps, 1.0 - eps)
    log_probability = tf.math.log(clipped) - tf.math.log(tf.reduce_sum(clipped, axis=-1, keepdims=True))
    return -tf.reduce_sum(one_hot * log_probability, axis=-1)


# --- structural risk ----------------------------------------------------------


def l1_penalty(weights: Sequence[TensorLike]) -> tf.Tensor:
    """Sum of absolute values over all given weight tensors."""
    return tf.add_n([tf.reduce_sum(tf.abs(_as_float(w))) for w in weights])


def l2_penalty(weights: Sequence[TensorLike]) -> tf.Tensor:
    """Sum of squares over all given weight tensors (no one-half factor)."""
    return tf.add_n([tf.reduce_sum(tf.square(_as_float(w))) for w in weights])


PENALTIES: dict[str, Callable[[Sequence[TensorLike]], tf.Tensor]] = {
    "l1": l1_penalty,
    "l2": l2_penalty,
}


def regularized_objective(y_true: TensorLike, y_pred: TensorLike,
                          weights: Sequence[TensorLike], lam: float, penalty: str = "l2",
                          loss: Callable[[TensorLike, TensorLike], tf.Tensor] = l2_loss) -> tf.Tensor:
    """Empirical risk plus structural risk: ``mean(loss) + lam * penalty(weights)``.

    The article's objective: the average per-sample loss over the data plus a
    lambda-weighted L1 (``sum |w|``) or L2 (``sum w**2``) penalty.
    """
    if penalty not in PENALTIES:
        raise ValueError(f"penalty must be one of {sorted(PENALTIES)}, got {penalty!r}")
    empirical = tf.reduce_mean(loss(y_true, y_pred))
    return empirical + _as_float(lam, empirical) * PENALTIES[penalty](weights)


# --- Keras Loss classes -------------------------------------------------------


def _register(cls: type) -> type:
    return keras.saving.register_keras_serializable(package=PACKAGE)(cls)


class _ReferenceLoss(keras.losses.Loss):
    """Base for the reference losses: subclasses set ``call`` and hyperparameters."""

    default_name = "reference_loss"

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str | None = None,
                 dtype: Any = None) -> None:
        super().__init__(name=name or self.default_name, reduction=reduction, dtype=dtype)


@_register
class L1Loss(_ReferenceLoss):
    default_name = "l1_loss"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return l1_loss(y_true, y_pred)


@_register
class L2Loss(_ReferenceLoss):
    default_name = "l2_loss"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return l2_loss(y_true, y_pred)


@_register
class MeanSquaredError(_ReferenceLoss):
    default_name = "mean_squared_error"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return mean_squared_error(y_true, y_pred)


class _DeltaLoss(_ReferenceLoss):
    def __init__(self, delta: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if delta <= 0:
            raise ValueError(f"delta must be positive, got {delta}")
        self.delta = float(delta)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "delta": self.delta}


@_register
class Huber(_DeltaLoss):
    default_name = "huber"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return huber(y_true, y_pred, self.delta)


@_register
class PseudoHuber(_DeltaLoss):
    default_name = "pseudo_huber"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return pseudo_huber(y_true, y_pred, self.delta)


@_register
class Hinge(_ReferenceLoss):
    default_name = "hinge"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return hinge(y_true, y_pred)


@_register
class BinaryCrossEntropy(_ReferenceLoss):
    default_name = "binary_cross_entropy"

    def __init__(self, epsilon: float = PROBABILITY_EPSILON, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.epsilon = float(epsilon)

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return binary_cross_entropy(y_true, y_pred, self.epsilon)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "epsilon": self.epsilon}


@_register
class SigmoidCrossEntropy(_ReferenceLoss):
    """Sigmoid cross-entropy; ``y_pred`` are logits."""

    default_name = "sigmoid_cross_entropy"

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return sigmoid_cross_entropy_with_logits(y_true, y_pred)


@_register
class WeightedSigmoidCrossEntropy(_ReferenceLoss):
    """Sigmoid cross-entropy with positives weighted by ``pos_weight``; logits in."""

    default_name = "weighted_sigmoid_cross_entropy"

    def __init__(self, pos_weight: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pos_weight = float(pos_weight)

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return weighted_sigmoid_cross_entropy(y_true, y_pred, self.pos_weight)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "pos_weight": self.pos_weight}


@_register
class SoftmaxCrossEntropy(_ReferenceLoss):
    """Softmax cross-entropy with (soft) label vectors; ``y_pred`` are logits."""

    default_name = "softmax_cross_entropy"

    def __init__(self, axis: int = -1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.axis = int(axis)

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return softmax_cross_entropy_with_logits(y_true, y_pred, self.axis)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "axis": self.axis}


@_register
class SparseCategoricalCrossEntropy(_ReferenceLoss):
    """Integer labels against probabilities, or logits with ``from_logits=True``."""

    default_name = "sparse_categorical_cross_entropy"

    def __init__(self, from_logits: bool = False, epsilon: float = PROBABILITY_EPSILON,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.from_logits = bool(from_logits)
        self.epsilon = float(epsilon)

    def call(self, y_true: TensorLike, y_pred: TensorLike) -> tf.Tensor:
        return sparse_categorical_cross_entropy(y_true, y_pred, self.from_logits, self.epsilon)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "from_logits": self.from_logits, "epsilon": self.epsilon}


@_register
class WeightPenalty(keras.regularizers.Regularizer):
    """The structural-risk term of the regularised objective, as a Keras regularizer.

    A ``Loss`` sees only ``y_true`` and ``y_pred``, never the weights; Keras
    adds each layer's regularization to the compiled loss instead. So a model
    compiled with a reference loss whose layers carry
    ``kernel_regularizer=WeightPenalty(lam, "l1")`` trains on exactly
    :func:`regularized_objective` over those kernels.
    """

    def __init__(self, lam: float = 0.01, penalty: str = "l2") -> None:
        if penalty not in PENALTIES:
            raise ValueError(f"penalty must be one of {sorted(PENALTIES)}, got {penalty!r}")
        self.lam = float(lam)
        self.penalty = penalty

    def __call__(self, weights: TensorLike) -> tf.Tensor:
        return _as_float(self.lam) * PENALTIES[self.penalty]([weights])

    def get_config(self) -> dict[str, Any]:
        return {"lam": self.lam, "penalty": self.penalty}
