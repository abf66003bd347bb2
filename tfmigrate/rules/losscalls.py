"""Signatures of the ``*_cross_entropy_with_logits`` family across TF versions."""

from __future__ import annotations

import dataclasses

import libcst as cst

# Positional parameter order. TF 0.x took logits first; TF 1.x made three of
# them keyword-only (a sentinel rejected positions) but weighted_... kept
# positions, reordered to (targets, logits, pos_weight).
TF0_ORDER: dict[str, tuple[str, ...]] = {
    "tf.nn.sigmoid_cross_entropy_with_logits": ("logits", "labels", "name"),
    "tf.nn.softmax_cross_entropy_with_logits": ("logits", "labels", "dim", "name"),
    "tf.nn.sparse_softmax_cross_entropy_with_logits": ("logits", "labels", "name"),
    "tf.nn.weighted_cross_entropy_with_logits": ("logits", "labels", "pos_weight", "name"),
}
TF1_ORDER: dict[str, tuple[str, ...]] = {
    "tf.nn.weighted_cross_entropy_with_logits": ("labels", "logits", "pos_weight", "name"),
    "tf.nn.softmax_cross_entropy_with_logits_v2": ("_sentinel", "labels", "logits", "axis", "name", "dim"),
}
KEYWORD_RENAMES: dict[str, str] = {"targets": "labels", "dim": "axis"}
LOSS_FUNCTIONS = frozenset(TF0_ORDER) | frozenset(TF1_ORDER)


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
    """The positional order a call was written under, and which version that is."""
    if written_for == "1.x" and name in TF1_ORDER:
        return TF1_ORDER[name], "TF 1.x"
    # TF 1.x rejected positions for the others, so positional code is TF 0.x code.
    return TF0_ORDER.get(name, ()), "TF 0.x"


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
