"""The article's computations in TensorFlow 2 eager form, bugs and all.

Each :class:`ArticleComputation` runs one snippet *as the article ran it*
(same inputs, same argument binding, including the swapped labels/logits
calls) and, beside it, the *corrected* form built from :mod:`tfmigrate.reference.losses`
with labels = targets and logits = predictions. The metadata says which
article variable landed in which parameter, so a report can say exactly what
went wrong.

TF1 spellings that no longer exist are read as the article meant them:
``tf.mul`` is ``tf.multiply`` and ``tf.reduce.mean`` (a typo) is
``tf.reduce_mean``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

import numpy as np
import tensorflow as tf

from tfmigrate.reference import losses

# --- the article's inputs -----------------------------------------------------


def regression_predictions() -> tf.Tensor:
    """``y_pred = tf.linspace(-1., 1., 100)`` (regression section)."""
    return tf.linspace(-1.0, 1.0, 100)


def regression_target() -> tf.Tensor:
    """``y_target = tf.constant(0.)`` (regression section)."""
    return tf.constant(0.0)


def classification_predictions() -> tf.Tensor:
    """``y_pred = tf.linspace(-3., 5., 100)`` (classification section)."""
    return tf.linspace(-3.0, 5.0, 100)


def classification_target() -> tf.Tensor:
    """``y_target = tf.constant(1.)``: the scalar target the hinge snippet uses."""
    return tf.constant(1.0)


def classification_targets() -> tf.Tensor:
    """``y_targets = tf.fill([100], 1.)``: the target vector of the sigmoid snippets."""
    return tf.fill([100], 1.0)


def positive_weight() -> tf.Tensor:
    """``weight = tf.constant(0.5)`` (weighted cross-entropy)."""
    return tf.constant(0.5)


def softmax_predictions() -> tf.Tensor:
    """``y_pred = tf.constant([[1., -3., 10.]])``: unnormalised scores."""
    return tf.constant([[1.0, -3.0, 10.0]])


def softmax_target() -> tf.Tensor:
    """``y_target = tf.constant([[0.1, 0.02, 0.88]])``: a probability vector."""
    return tf.constant([[0.1, 0.02, 0.88]])


def sparse_labels() -> tf.Tensor:
    """``y_true = tf.constant([1, 2])``: integer class labels."""
    return tf.constant([1, 2])


def sparse_probabilities() -> tf.Tensor:
    """``y_pred = tf.constant([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])``: class probabilities."""
    return tf.constant([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])


# --- the computations ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ArticleComputation:
    """One article snippet: as run, corrected, and where each argument went."""

    name: str
    section: str
    call_as_written: str
    tf2_call: str
    binding: Mapping[str, str]
    corrected_call: str
    note: str
    printed: bool
    as_run: Callable[[], tf.Tensor]
    corrected: Callable[[], tf.Tensor]
    arguments: Callable[[], Mapping[str, tf.Tensor]]

    @property
    def swapped(self) -> bool:
        """The article passed predictions where the targets belong, or the reverse."""
        return self.binding.get("labels") == "y_pred" or self.binding.get("targets") == "y_pred"


def _l1_as_run() -> tf.Tensor:
    return tf.abs(regression_predictions() - regression_target())


def _l2_as_run() -> tf.Tensor:
    return tf.square(regression_predictions() - regression_target())


def _mse_as_run() -> tf.Tensor:
    return tf.reduce_mean(tf.square(regression_predictions() - regression_target()))


def _hinge_as_run() -> tf.Tensor:
    return tf.maximum(0.0, 1.0 - tf.multiply(classification_target(), classification_predictions()))


def _sigmoid_as_run() -> tf.Tensor:
    return tf.nn.sigmoid_cross_entropy_with_logits(labels=classification_predictions(),
                                                   logits=classification_targets())


def _weighted_as_run() -> tf.Tensor:
    # TF1's positional order (targets, logits, pos_weight) is TF2's
    # (labels, logits, pos_weight): the same call binds the same way.
    return tf.nn.weighted_cross_entropy_with_logits(classification_predictions(),
                                                    classification_targets(), positive_weight())


def _softmax_as_run() -> tf.Tensor:
    return tf.nn.softmax_cross_entropy_with_logits(labels=softmax_predictions(),
                                                   logits=softmax_target())


def _sparse_as_run() -> tf.Tensor:
    return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
        sparse_labels(), sparse_probabilities()))


COMPUTATIONS: tuple[ArticleComputation, ...] = (
    ArticleComputation(
        name="l1_loss", section="L1 loss",
        call_as_written="loss_l1_vals=tf.abs(y_pred-y_target)",
        tf2_call="tf.abs(y_pred - y_target)",
        binding={"x": "y_pred - y_target"},
        corrected_call="tfmigrate.reference.losses.l1_loss(y_target, y_pred)",
        note="Correct as written.", printed=True,
        as_run=_l1_as_run,
        corrected=lambda: losses.l1_loss(regression_target(), regression_predictions()),
        arguments=lambda: {"y_pred": regression_predictions(), "y_target": regression_target()},
    ),
    ArticleComputation(
        name="l2_loss", section="L2 loss",
        call_as_written="loss_l2_vals=tf.square(y_pred - y_target)",
        tf2_call="tf.square(y_pred - y_target)",
        binding={"x": "y_pred - y_target"},
        corrected_call="tfmigrate.reference.losses.l2_loss(y_target, y_pred)",
        note="Correct as written.", printed=True,
        as_run=_l2_as_run,
        corrected=lambda: losses.l2_loss(regression_target(), regression_predictions()),
        arguments=lambda: {"y_pred": regression_predictions(), "y_target": regression_target()},
    ),
    ArticleComputation(
        name="mean_squared_error", section="MSE",
        call_as_written="loss_mse_vals= tf.reduce.mean(tf.square(y_pred - y_target))",
        tf2_call="tf.reduce_mean(tf.square(y_pred - y_target))",
        binding={"input_tensor": "tf.square(y_pred - y_target)"},
        corrected_call="tfmigrate.reference.losses.mean_squared_error(y_target, y_pred)",
        note="tf.reduce.mean does not exist in any TensorFlow; the article meant tf.reduce_mean.",
        printed=False,
        as_run=_mse_as_run,
        corrected=lambda: losses.mean_squared_error(
            tf.broadcast_to(regression_target(), [100]), regression_predictions()),
        arguments=lambda: {"y_pred": regression_predictions(), "y_target": regression_target()},
    ),
    ArticleComputation(
        name="hinge", section="Hinge loss",
        call_as_written="loss_hinge_vals = tf.maximum(0., 1. -tf.mul(y_target, y_pred))",
        tf2_call="tf.maximum(0., 1. - tf.multiply(y_target, y_pred))",
        binding={"y_true": "y_target", "y_pred": "y_pred"},
        corrected_call="tfmigrate.reference.losses.hinge(y_target, y_pred)",
        note="tf.mul was renamed tf.multiply in TF 1.0; otherwise correct.",
        printed=False,
        as_run=_hinge_as_run,
        corrected=lambda: losses.hinge(classification_target(), classification_predictions()),
        arguments=lambda: {"y_pred": classification_predictions(),
                           "y_target": classification_target()},
    ),
    ArticleComputation(
        name="sigmoid_cross_entropy", section="Sigmoid cross-entropy",
        call_as_written="loss_sce_vals=tf.nn.sigmoid_cross_entropy_with_logits("
                        "labels=y_pred, logits=y_targets)",
        tf2_call="tf.nn.sigmoid_cross_entropy_with_logits(labels=y_pred, logits=y_targets)",
        binding={"labels": "y_pred", "logits": "y_targets"},
        corrected_call="tfmigrate.reference.losses.sigmoid_cross_entropy_with_logits(y_targets, y_pred)",
        note="Swapped: the predictions went in as labels and the all-ones targets as logits, "
             "so each value is 1 - y_pred + log(1 + exp(-1)) and half of them are negative.",
        printed=True,
        as_run=_sigmoid_as_run,
        corrected=lambda: losses.sigmoid_cross_entropy_with_logits(
            classification_targets(), classification_predictions()),
        arguments=lambda: {"labels": classification_predictions(),
                           "logits": classification_targets()},
    ),
    ArticleComputation(
        name="weighted_cross_entropy", section="Weighted sigmoid cross-entropy",
        call_as_written="loss_wce_vals = tf.nn.weighted_cross_entropy_with_logits("
                        "y_pred, y_targets, weight)",
        tf2_call="tf.nn.weighted_cross_entropy_with_logits(y_pred, y_targets, weight)",
        binding={"targets": "y_pred", "logits": "y_targets", "pos_weight": "weight"},
        corrected_call="tfmigrate.reference.losses.weighted_sigmoid_cross_entropy("
                       "y_targets, y_pred, pos_weight=0.5)",
        note="Swapped by position: TF1's order is (targets, logits, pos_weight), so the "
             "predictions became the targets and the all-ones targets became the logits.",
        printed=True,
        as_run=_weighted_as_run,
        corrected=lambda: losses.weighted_sigmoid_cross_entropy(
            classification_targets(), classification_predictions(), 0.5),
        arguments=lambda: {"labels": classification_predictions(),
                           "logits": classification_targets(),
                           "pos_weight": positive_weight()},
    ),
    ArticleComputation(
        name="softmax_cross_entropy", section="Softmax cross-entropy",
        call_as_written="loss_sce_vals=tf.nn.softmax_cross_entropy_with_logits("
                        "labels=y_pred, logits=y_target)",
        tf2_call="tf.nn.softmax_cross_entropy_with_logits(labels=y_pred, logits=y_target)",
        binding={"labels": "y_pred", "logits": "y_target"},
        corrected_call="tfmigrate.reference.losses.softmax_cross_entropy_with_logits(y_target, y_pred)",
        note="Swapped: the scores [1, -3, 10] went in as labels (they are not a distribution) "
             "and the probabilities [0.1, 0.02, 0.88] as logits.",
        printed=False,
        as_run=_softmax_as_run,
        corrected=lambda: losses.softmax_cross_entropy_with_logits(
            softmax_target(), softmax_predictions()),
        arguments=lambda: {"labels": softmax_predictions(), "logits": softmax_target()},
    ),
    ArticleComputation(
        name="sparse_categorical_cross_entropy", section="Sparse categorical cross-entropy",
        call_as_written="loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy("
                        "y_true, y_pred))",
        tf2_call="tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y_true, y_pred))",
        binding={"y_true": "y_true", "y_pred": "y_pred"},
        corrected_call="tf.reduce_mean(tfmigrate.reference.losses.sparse_categorical_cross_entropy("
                       "y_true, y_pred))",
        note="Correct as written; the SparseCategoricalCrossentropy() object it also builds "
             "is never called.",
        printed=False,
        as_run=_sparse_as_run,
        corrected=lambda: tf.reduce_mean(losses.sparse_categorical_cross_entropy(
            sparse_labels(), sparse_probabilities())),
        arguments=lambda: {"y_true": sparse_labels(), "y_pred": sparse_probabilities()},
    ),
)

BY_NAME: dict[str, ArticleComputation] = {c.name: c for c in COMPUTATIONS}


def printed_arrays() -> dict[str, np.ndarray]:
    """``{fixture name: as-run value}`` for every array the article printed."""
    return {c.name: c.as_run().numpy() for c in COMPUTATIONS if c.printed}


def printed_arguments() -> dict[str, dict[str, np.ndarray]]:
    """The arrays each printed computation received, by parameter name."""
    return {c.name: {k: v.numpy() for k, v in c.arguments().items()}
            for c in COMPUTATIONS if c.printed}
