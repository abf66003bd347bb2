"""The Keras losses, in one table: which take ``(y_true, y_pred)`` and what ``y_true`` holds.

Every Keras loss function and ``Loss`` object is called as
``loss(y_true, y_pred, ...)``. What ``y_true`` may hold decides which evidence
of a swap a call can give: probabilities lie in [0, 1], class indices are
whole numbers from 0. A loss whose value does not change when its two
arguments trade places (mean squared error, ...) is never reported: a swap
there computes the same thing.
"""

from __future__ import annotations

import dataclasses

import libcst as cst
from libcst.metadata import Assignment, PositionProvider, QualifiedNameProvider, ScopeProvider

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.dataflow import defined_function, reaching_value
from tfmigrate.rules.swapevidence import ANY_VALUES, CLASS_INDICES, PROBABILITIES, names_swapped

SYMMETRIC = "symmetric"  # swapping the arguments changes nothing

# Function name -> what y_true holds (names as keras.losses and tf.keras.losses spell them, aliases included).
LOSS_FUNCTIONS: dict[str, str] = {
    "binary_crossentropy": PROBABILITIES,
    "categorical_crossentropy": PROBABILITIES,
    "binary_focal_crossentropy": PROBABILITIES,
    "categorical_focal_crossentropy": PROBABILITIES,
    "sparse_categorical_crossentropy": CLASS_INDICES,
    "categorical_generalized_cross_entropy": ANY_VALUES,
    "categorical_hinge": ANY_VALUES,
    "hinge": ANY_VALUES,
    "squared_hinge": ANY_VALUES,
    "kl_divergence": ANY_VALUES,
    "kld": ANY_VALUES,
    "KLD": ANY_VALUES,
    "kullback_leibler_divergence": ANY_VALUES,
    "poisson": ANY_VALUES,
    "mean_absolute_percentage_error": ANY_VALUES,
    "mape": ANY_VALUES,
    "MAPE": ANY_VALUES,
    "tversky": ANY_VALUES,
    "circle": ANY_VALUES,
    "ctc": ANY_VALUES,
    "mean_squared_error": SYMMETRIC,
    "mse": SYMMETRIC,
    "MSE": SYMMETRIC,
    "mean_absolute_error": SYMMETRIC,
    "mae": SYMMETRIC,
    "MAE": SYMMETRIC,
    "mean_squared_logarithmic_error": SYMMETRIC,
    "msle": SYMMETRIC,
    "MSLE": SYMMETRIC,
    "log_cosh": SYMMETRIC,
    "logcosh": SYMMETRIC,
    "huber": SYMMETRIC,
    "cosine_similarity": SYMMETRIC,
    "dice": SYMMETRIC,
}
# Loss class name -> what y_true holds when an instance is called.
LOSS_CLASSES: dict[str, str] = {
    "BinaryCrossentropy": PROBABILITIES,
    "CategoricalCrossentropy": PROBABILITIES,
    "BinaryFocalCrossentropy": PROBABILITIES,
    "CategoricalFocalCrossentropy": PROBABILITIES,
    "SparseCategoricalCrossentropy": CLASS_INDICES,
    "CategoricalGeneralizedCrossEntropy": ANY_VALUES,
    "CategoricalHinge": ANY_VALUES,
    "Hinge": ANY_VALUES,
    "SquaredHinge": ANY_VALUES,
    "KLDivergence": ANY_VALUES,
    "Poisson": ANY_VALUES,
    "MeanAbsolutePercentageError": ANY_VALUES,
    "Tversky": ANY_VALUES,
    "Circle": ANY_VALUES,
    "CTC": ANY_VALUES,
    "MeanSquaredError": SYMMETRIC,
    "MeanAbsoluteError": SYMMETRIC,
    "MeanSquaredLogarithmicError": SYMMETRIC,
    "LogCosh": SYMMETRIC,
    "Huber": SYMMETRIC,
    "CosineSimilarity": SYMMETRIC,
    "Dice": SYMMETRIC,
}
# Where Keras's losses live, however the module imported them.
LOSS_MODULES = ("keras.losses", "tensorflow.keras.losses", "tensorflow.compat.v1.keras.losses",
                "tensorflow.compat.v2.keras.losses", "tensorflow.python.keras.losses")


def keras_loss_name(rule: MigrationRule, node: cst.CSTNode) -> tuple[str, str] | None:
    """(short name, what y_true holds) when ``node`` names a Keras loss function or Loss class."""
    if not isinstance(node, (cst.Name, cst.Attribute)):
        return None  # a call's result is not the name of what it calls
    for qname in rule.get_metadata(QualifiedNameProvider, node, set()):
        module, _, short = qname.name.rpartition(".")
        if module in LOSS_MODULES and (short in LOSS_FUNCTIONS or short in LOSS_CLASSES):
            return short, LOSS_FUNCTIONS.get(short) or LOSS_CLASSES[short]
    return None


def loss_call(rule: MigrationRule, call: cst.Call) -> tuple[str, str] | None:
    """(what is called, what its y_true holds) for a Keras loss function call or a Loss object call."""
    named = keras_loss_name(rule, call.func)
    if named is not None:
        return named if named[0] in LOSS_FUNCTIONS else None  # a Loss class called: its constructor
    loss_object = reaching_value(rule, call.func) if isinstance(call.func, cst.Name) else call.func
    if isinstance(loss_object, cst.Call):
        made = keras_loss_name(rule, loss_object.func)
        if made is not None and made[0] in LOSS_CLASSES:
            what = call.func.value if isinstance(call.func, cst.Name) else f"{made[0]}()"
            return what, made[1]
    return None


def true_pred_slots(call: cst.Call) -> tuple[int, int] | None:
    """Indexes of the y_true and y_pred arguments of a loss call (by position or keyword); None if unclear."""
    if any(arg.star for arg in call.args):
        return None
    slots: dict[str, int] = {}
    for index, arg in enumerate(call.args):
        name = ("y_true", "y_pred")[index] if arg.keyword is None and index < 2 else arg.keyword.value if arg.keyword else ""
        slots.setdefault(name, index)
    if "y_true" not in slots or "y_pred" not in slots:
        return None
    return slots["y_true"], slots["y_pred"]


@dataclasses.dataclass(frozen=True)
class CompiledLoss:
    """A user's loss function handed to ``compile(loss=...)`` with parameters named (prediction, target)."""

    compile_line: int
    other_uses: tuple[int, ...]  # lines where the function is used otherwise (a direct call, ...)


def compiled_losses(rule: MigrationRule) -> dict[cst.CSTNode, CompiledLoss]:
    """Functions and lambdas passed as ``X.compile(loss=...)`` whose first two parameters look swapped."""
    found: dict[cst.CSTNode, CompiledLoss] = {}
    compiled_names: list[cst.Name] = []
    for call in rule.facts.all(cst.Call):
        loss = _compile_loss_argument(call)
        if loss is None:
            continue
        line = rule.get_metadata(PositionProvider, call).start.line
        if isinstance(loss, cst.Lambda) and _parameters_swapped(loss.params):
            found[loss] = CompiledLoss(line, ())
        elif isinstance(loss, cst.Name):
            compiled_names.append(loss)
            function = defined_function(rule, loss)
            if function is not None and _parameters_swapped(function.params) and function not in found:
                found[function] = CompiledLoss(line, ())
    for function, compiled in list(found.items()):
        if isinstance(function, cst.FunctionDef):
            found[function] = dataclasses.replace(compiled, other_uses=_other_uses(rule, function, compiled_names))
    return found


def _compile_loss_argument(call: cst.Call) -> cst.BaseExpression | None:
    """The ``loss`` of a ``something.compile(optimizer, loss, ...)`` call, by keyword or position."""
    if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "compile"):
        return None
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if (arg.keyword is not None and arg.keyword.value == "loss") or (arg.keyword is None and index == 1):
            return arg.value
    return None


def _parameters_swapped(params: cst.Parameters) -> bool:
    first_two = [*params.posonly_params, *params.params][:2]
    return len(first_two) == 2 and names_swapped(first_two[0].name.value, first_two[1].name.value)


def _other_uses(rule: MigrationRule, function: cst.FunctionDef, compiled: list[cst.Name]) -> tuple[int, ...]:
    """Lines where ``function`` is used other than as a compiled loss: renaming its parameters would move those."""
    scope = rule.get_metadata(ScopeProvider, function, None)
    if scope is None:
        return (0,)
    lines = set()
    for assignment in scope[function.name.value]:
        if not isinstance(assignment, Assignment):
            return (0,)
        for access in assignment.references:
            if access.node not in compiled:
                lines.add(rule.get_metadata(PositionProvider, access.node).start.line)
    return tuple(sorted(lines))
