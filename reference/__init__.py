"""TensorFlow 2 reference implementations of the article's losses.

Importing ``tfmigrate.reference`` registers every ``keras.losses.Loss``
subclass under the package name ``tfmigrate.reference``, so a ``.keras`` file
saved with one of them loads without ``custom_objects`` in any process that
imported it. The folder sits at the top of the repository and installs as
``tfmigrate.reference``; models saved when it installed as ``reference``
still load, since Keras finds a class by its registered name.
:mod:`tfmigrate.reference.article` holds the article's computations as it ran them.
"""

from tfmigrate.reference.losses import (
    PACKAGE,
    BinaryCrossEntropy,
    Hinge,
    Huber,
    L1Loss,
    L2Loss,
    MeanSquaredError,
    PseudoHuber,
    SigmoidCrossEntropy,
    SoftmaxCrossEntropy,
    SparseCategoricalCrossEntropy,
    WeightedSigmoidCrossEntropy,
    WeightPenalty,
    binary_cross_entropy,
    hinge,
    huber,
    l1_loss,
    l1_penalty,
    l2_loss,
    l2_penalty,
    mean_squared_error,
    pseudo_huber,
    regularized_objective,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_categorical_cross_entropy,
    weighted_sigmoid_cross_entropy,
)

__all__ = [
    "PACKAGE",
    "BinaryCrossEntropy",
    "Hinge",
    "Huber",
    "L1Loss",
    "L2Loss",
    "MeanSquaredError",
    "PseudoHuber",
    "SigmoidCrossEntropy",
    "SoftmaxCrossEntropy",
    "SparseCategoricalCrossEntropy",
    "WeightedSigmoidCrossEntropy",
    "WeightPenalty",
    "binary_cross_entropy",
    "hinge",
    "huber",
    "l1_loss",
    "l1_penalty",
    "l2_loss",
    "l2_penalty",
    "mean_squared_error",
    "pseudo_huber",
    "regularized_objective",
    "sigmoid_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits",
    "sparse_categorical_cross_entropy",
    "weighted_sigmoid_cross_entropy",
]
