"""Signatures of the ``*_cross_entropy_with_logits`` family across TF versions."""

from __future__ import annotations

import dataclasses

import libcst as cst

from tfmigrate import api
from tfmigrate.rules.tfnames import dotted_name

TF0_ORDER = api.TF0_LOSS_ORDER
TF1_ORDER = api.TF1_LOSS_ORDER
TF2_ORDER = api.TF2_LOSS_ORDER
KEYWORD_RENAMES = api.LOSS_KEYWORD_RENAMES
LOSS_FUNCTIONS = frozenset(TF0_ORDER) | frozenset(TF1_ORDER)
# Calls that TF 1.0-1.15 ran only with keywords: positions there mean TF 0.x (or TF 2).
KEYWORD_ONLY_IN_TF1 = frozenset(TF0_ORDER) - frozenset(TF1_ORDER)


@dataclasses.dataclass
class BoundCall:
    """A loss call's arguments by TF 2 parameter name."""

    args: dict[str, cst.Arg]
    positional: bool  # some argument was passed by position
    order_used: str  # "TF 0.x" or "TF 1.x"

    def value(self, parameter: str) -> cst.BaseExpression | None:
        arg = self.args.get(parameter)
        return arg.value if arg is not None else None


def positional_order(name: str, written_for: str) -> tuple[tuple[str, ...], str]:
    """The positional order a call was written under, and which version that is.

    ``written_for`` is "0.x", "1.x" or "2.x" (tf.compat.v1 code of the TF 2 era).
    """
    if written_for == "2.x":
        return TF2_ORDER.get(name, ()), "TF 2"
    if name in TF1_ORDER and (written_for == "1.x" or name not in TF0_ORDER):
        return TF1_ORDER[name], "TF 1.x"
    # TF 1.x rejected positions for the others, so positional code is TF 0.x code.
    return TF0_ORDER.get(name, ()), "TF 0.x"


def spelled_through_compat(func: cst.BaseExpression) -> bool:
    """``tf.compat.v1.nn.sigmoid_cross_entropy_with_logits``: the compat module exists only from TF 1.13."""
    return ".compat.v1." in f".{dotted_name(func) or ''}."


def has_positional(call: cst.Call) -> bool:
    return any(arg.keyword is None and not arg.star for arg in call.args)


def bind(call: cst.Call, name: str, written_for: str) -> BoundCall | None:
    """Map each argument to its parameter; None if that cannot be done safely."""
    order, version = positional_order(name, written_for)
    bound: dict[str, cst.Arg] = {}
    positional = False
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            if index >= len(order):
                return None
            parameter = order[index]
            positional = True
        else:
            parameter = arg.keyword.value
        parameter = KEYWORD_RENAMES.get(parameter, parameter)
        if parameter in bound:
            return None
        bound[parameter] = arg
    return BoundCall(bound, positional, version)


def keyword_args(bound: BoundCall) -> list[cst.Arg]:
    """Every argument as ``name=value`` with its TF 2 name, in the call's own order."""
    return [
        arg.with_changes(
            keyword=cst.Name(parameter),
            equal=arg.equal
            if arg.keyword is not None
            else cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
        )
        for parameter, arg in bound.args.items()
    ]
