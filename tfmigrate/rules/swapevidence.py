"""Evidence that a loss call's targets and predictions traded places, shared by the swap rules.

Zero false alarms: a call is reported only when the targets' known values
cannot be targets of that loss (values outside [0, 1] for probabilities,
fractions or negatives for class indices), or when both arguments are plain
names that say the opposite of where they stand (``loss(y_pred, y_true)``).
"""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.rules.base import MigrationRule
from tfmigrate.rules.dataflow import literal_numbers, numeric_literal, reaching_value

PROBABILITIES = "probabilities"  # targets in [0, 1]
CLASS_INDICES = "class indices"  # targets 0, 1, 2, ...
ANY_VALUES = "any values"  # only names can tell

PREDICTION_WORDS = ("pred", "logit", "output", "score", "yhat", "hat", "activation", "prob")
TARGET_WORDS = ("target", "label", "true", "truth", "onehot", "gold")


def _words(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def looks_like_prediction(name: str) -> bool:
    return any(word in _words(name) for word in PREDICTION_WORDS) and not looks_like_target_only(name)


def looks_like_target_only(name: str) -> bool:
    return any(word in _words(name) for word in TARGET_WORDS)


def looks_like_target(name: str) -> bool:
    return looks_like_target_only(name) or name in ("y_", "y", "gt")


def names_swapped(first: str, second: str) -> bool:
    """``(y_pred, y_true)`` where ``(targets, predictions)`` belong."""
    return looks_like_prediction(first) and looks_like_target(second)


def swap_evidence(rule: MigrationRule, targets: cst.BaseExpression, predictions: cst.BaseExpression,
                  holds: str, subject: str) -> str:
    """Why ``targets`` looks like the predictions and ``predictions`` like the targets; "" if nothing says so.

    ``holds`` is what the loss's targets hold; ``subject`` names the targets in
    the message, with its verb ("labels take", "y_true takes").
    """
    known = known_values(rule, targets)
    if known is not None:
        values, evenly_spaced = known
        low, high = min(values), max(values)
        if holds == CLASS_INDICES:
            if low < 0 or evenly_spaced or any(not value.is_integer() for value in values):
                return f"{subject} values from {low:g} to {high:g}, which are not class indices"
        elif holds == PROBABILITIES and (low < 0 or high > 1):
            return f"{subject} values from {low:g} to {high:g}, outside [0, 1]"
    if isinstance(targets, cst.Name) and isinstance(predictions, cst.Name):
        if names_swapped(targets.value, predictions.value):
            return f"{targets.value!r} names predictions, {predictions.value!r} names targets"
    return ""


def known_values(rule: MigrationRule, node: cst.BaseExpression) -> tuple[list[float], bool] | None:
    """Values a tensor is known to take (a constant's numbers, a linspace's ends), and whether a linspace."""
    value = reaching_value(rule, node) if isinstance(node, cst.Name) else node
    if not isinstance(value, cst.Call) or not value.args:
        return None
    callee = rule.tf_name(value.func)
    if callee in ("tf.linspace", "tf.lin_space") and len(value.args) >= 2:
        start, stop = numeric_literal(value.args[0].value), numeric_literal(value.args[1].value)
        return None if start is None or stop is None else ([start, stop], True)
    if callee == "tf.constant":
        numbers = literal_numbers(value.args[0].value)
        return (numbers, False) if numbers else None
    return None
