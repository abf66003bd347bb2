"""A call's arguments matched to a function's parameters, as the rules that rewrite calls by parameter need them."""

from __future__ import annotations

import libcst as cst

from tfmigrate.rules.ecosystem import KEYWORD_EQUAL


def bind(call: cst.Call, positions: tuple[str, ...], keywords: frozenset[str] = frozenset()) -> dict[str, cst.Arg] | None:
    """Each argument under its parameter: by position in ``positions``, by keyword among them and ``keywords``.

    None when that cannot be done: ``*args``/``**kwargs``, more positions than parameters, a keyword
    the function does not take, or a parameter given twice.
    """
    bound: dict[str, cst.Arg] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return None
        if arg.keyword is None:
            parameter = positions[index] if index < len(positions) else None
        else:
            parameter = arg.keyword.value
        if parameter is None or parameter not in positions and parameter not in keywords or parameter in bound:
            return None
        bound[parameter] = arg
    return bound


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    """``name=value`` as emitted code writes it."""
    return cst.Arg(value, keyword=cst.Name(name), equal=KEYWORD_EQUAL)


def is_literal(value: cst.BaseExpression, literal: str) -> bool:
    """``value`` is the literal ``True``, ``False`` or ``None`` (``literal`` names it)."""
    return isinstance(value, cst.Name) and value.value == literal


def string_literal(value: cst.BaseExpression) -> str | None:
    """The text of a plain string literal (no f-string, no concatenation), else None."""
    if isinstance(value, cst.SimpleString):
        evaluated = value.evaluated_value
        return evaluated if isinstance(evaluated, str) else None
    return None
