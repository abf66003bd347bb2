"""Numbers as numpy printed them: read printed arrays back, print ours alike.

A printed array is not a lossless record. numpy's default print options
(``precision=8``, ``floatmode="maxprec"``) show the shortest decimal that
identifies each float, but never more than 8 fractional digits, so a token
such as ``0.01010102`` can stand for any float32 within half a unit of its
last digit. Two comparisons are therefore honest:

* print our value the way numpy prints that array and compare the tokens as
  strings (:func:`format_like_numpy`, :func:`match_tokens`);
* or accept a difference up to half a unit in the last printed digit plus
  one ulp of conversion slack (:func:`within_printed_precision`).

numpy only: nothing here needs TensorFlow.
"""

from __future__ import annotations

import dataclasses
import fractions
import re
import sys
from collections.abc import Sequence

import numpy as np

NUMBER_PATTERN = r"[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)"
_NUMBER = re.compile(NUMBER_PATTERN)
_ELLIPSIS = "..."
_DTYPE_TAIL = re.compile(r"\s*,\s*dtype\s*=\s*([A-Za-z_][\w.]*)\s*\)")
_SCALAR_WRAPPERS = (
    # numpy >= 2 scalar reprs: np.float32(1.1769392)
    re.compile(r"np\.(\w+)\((" + NUMBER_PATTERN + r")\)"),
    # eager tensor reprs: <tf.Tensor: shape=(), dtype=float32, numpy=1.1769392>
    re.compile(r"dtype=(\w+), numpy=(" + NUMBER_PATTERN + r")>"),
)

# numpy's defaults since 1.14; the article's arrays were printed with them.
NUMPY_DEFAULT_PRECISION = 8
NUMPY_DEFAULT_FLOATMODE = "maxprec"


@dataclasses.dataclass(frozen=True)
class PrintedArray:
    """One array (or scalar) found in printed text."""

    tokens: tuple[str, ...]
    shape: tuple[int, ...]
    dtype: str | None
    truncated: bool
    start: int
    end: int

    def values(self, dtype: str | None = None) -> np.ndarray:
        """The tokens as numbers, shaped like the print (flat if truncated)."""
        target = np.dtype(dtype or self.dtype or "float64")
        if target.kind in "iub":
            flat = np.array([int(parse_number(t)) for t in self.tokens], dtype=target)
        else:
            flat = np.array([nearest_float(t, target) for t in self.tokens], dtype=target)
        return flat if self.truncated else flat.reshape(self.shape)


@dataclasses.dataclass(frozen=True)
class TokenMatch:
    """How many printed tokens we reproduce character for character."""

    total: int
    identical: int
    mismatches: tuple[tuple[int, str, str], ...]

    @property
    def all_identical(self) -> bool:
        return self.total > 0 and self.identical == self.total

    def summary(self) -> str:
        return f"{self.identical}/{self.total}"


class _NotAnArray(ValueError):
    """The bracket at this position does not open a printed numeric array."""

    def __init__(self, reason: str, resume_at: int = -1) -> None:
        super().__init__(reason)
        self.resume_at = resume_at


def parse_number(token: str) -> float:
    return float(token)


def nearest_float(token: str, dtype: np.dtype | str = "float32") -> np.floating:
    """The float of *dtype* nearest to the decimal *token*, ties to even.

    Going through float64 and then narrowing could round twice; checking the
    narrowed value's neighbours against the exact decimal cannot.
    """
    kind = np.dtype(dtype).type
    with np.errstate(over="ignore"):
        first = kind(parse_number(token))
    if not np.isfinite(first):
        return first
    exact = fractions.Fraction(token)
    candidates = (np.nextafter(first, kind(-np.inf)), first, np.nextafter(first, kind(np.inf)))
    finite = [c for c in candidates if np.isfinite(c)]
    return min(finite, key=lambda c: (abs(fractions.Fraction(float(c)) - exact), _odd_mantissa(c)))


def _odd_mantissa(value: np.floating) -> int:
    bits = np.array(value).view(f"u{value.itemsize}")
    return int(bits) & 1


def find_printed_arrays(text: str) -> list[PrintedArray]:
    """Every printed numpy array or scalar in *text*, in order of appearance.

    Understands ``array([...], dtype=float32)``, bare ``[1. 2.]`` prints
    (nested for more dimensions), ``np.float32(0.5)`` and eager tensor
    reprs. A lone number with nothing else on its line counts as a scalar.
    """
    found: list[PrintedArray] = []
    position = 0
    while position < len(text):
        bracket = text.find("[", position)
        if bracket < 0:
            break
        try:
            array, end = _parse_array_at(text, bracket)
        except _NotAnArray as refusal:
            # A well-bracketed but ragged list is skipped whole, so that its
            # rows are not reported as arrays of their own.
            position = refusal.resume_at if refusal.resume_at > bracket else bracket + 1
            continue
        found.append(array)
        position = end
    found.extend(_find_scalars(text, [(a.start, a.end) for a in found]))
    found.sort(key=lambda a: a.start)
    return found


def _parse_array_at(text: str, bracket: int) -> tuple[PrintedArray, int]:
    nested, end = _parse_list(text, bracket)
    try:
        tokens, shape, truncated = _flatten(nested)
    except _NotAnArray as refusal:
        raise _NotAnArray(str(refusal), resume_at=end) from None
    if not tokens:
        raise _NotAnArray("empty", resume_at=end)
    start, dtype = bracket, None
    opener = text.rfind("array(", 0, bracket)
    if opener >= 0 and text[opener + len("array("):bracket].strip() == "":
        start = opener
        tail = _DTYPE_TAIL.match(text, end)
        if tail:
            dtype, end = tail.group(1), tail.end()
        elif text[end:end + 1] == ")":
            end += 1
    return PrintedArray(tuple(tokens), shape, dtype, truncated, start, end), end


def _parse_list(text: str, position: int) -> tuple[list[object], int]:
    """Parse ``[`` ... ``]`` starting at *position*; numbers and sublists only."""
    assert text[position] == "["
    items: list[object] = []
    position += 1
    while position < len(text):
        char = text[position]
        if char.isspace() or char == ",":
            position += 1
        elif char == "]":
            return items, position + 1
        elif char == "[":
            sub, position = _parse_list(text, position)
            items.append(sub)
        elif text.startswith(_ELLIPSIS, position):
            items.append(_ELLIPSIS)
            position += len(_ELLIPSIS)
        else:
            match = _NUMBER.match(text, position)
            if not match:
                raise _NotAnArray(f"unexpected {char!r} at {position}")
            items.append(match.group(0))
            position = match.end()
    raise _NotAnArray("unclosed bracket")


def _flatten(nested: list[object]) -> tuple[list[str], tuple[int, ...], bool]:
    tokens: list[str] = []
    truncated = False
    sublists = [item for item in nested if isinstance(item, list)]
    if sublists and len(sublists) + nested.count(_ELLIPSIS) != len(nested):
        raise _NotAnArray("numbers and lists mixed at one level")
    if not sublists:
        truncated = _ELLIPSIS in nested
        tokens = [item for item in nested if isinstance(item, str) and item != _ELLIPSIS]
        return tokens, (len(tokens),), truncated
    inner_shapes = set()
    for sub in sublists:
        sub_tokens, sub_shape, sub_truncated = _flatten(sub)
        tokens.extend(sub_tokens)
        inner_shapes.add(sub_shape)
        truncated = truncated or sub_truncated
    truncated = truncated or _ELLIPSIS in nested
    if len(inner_shapes) != 1 and not truncated:
        raise _NotAnArray("ragged")
    return tokens, (len(sublists), *next(iter(inner_shapes))), truncated


def _find_scalars(text: str, taken: list[tuple[int, int]]) -> list[PrintedArray]:
    def inside_array(index: int) -> bool:
        return any(start <= index < end for start, end in taken)

    scalars: list[PrintedArray] = []
    for pattern in _SCALAR_WRAPPERS:
        for match in pattern.finditer(text):
            if not inside_array(match.start()):
                scalars.append(PrintedArray((match.group(2),), (), match.group(1), False,
                                            match.start(), match.end()))
    for match in re.finditer(r"(?m)^[ \t]*(" + NUMBER_PATTERN + r")[ \t]*$", text):
        if not inside_array(match.start(1)):
            scalars.append(PrintedArray((match.group(1),), (), None, False,
                                        match.start(1), match.end(1)))
    return scalars


def format_like_numpy(values: object, *, scalar: bool = False) -> tuple[str, ...]:
    """The tokens numpy's default print would show for *values*.

    Arrays are formatted as a whole (numpy picks fixed or scientific notation
    and the digit count from all elements together). ``scalar=True`` formats
    like ``print(np.float32(x))``: the shortest round-trip repr, no digit cap.
    """
    array = np.asarray(values)
    if scalar or array.ndim == 0:
        return tuple(_scalar_token(v) for v in array.reshape(-1))
    with np.printoptions(precision=NUMPY_DEFAULT_PRECISION, floatmode=NUMPY_DEFAULT_FLOATMODE,
                         threshold=sys.maxsize, linewidth=sys.maxsize, suppress=False,
                         sign="-", legacy=False):
        text = np.array2string(array, separator=" ")
    printed, _ = _parse_array_at(text, text.index("["))
    return printed.tokens


def _scalar_token(value: object) -> str:
    if isinstance(value, (np.floating, float)):
        return np.format_float_positional(value, unique=True, trim=".") if np.isfinite(value) \
            else str(value)
    return str(value)


def match_tokens(expected: Sequence[str], actual: Sequence[str]) -> TokenMatch:
    """Compare printed tokens as strings, position by position."""
    mismatches = tuple((i, e, a) for i, (e, a) in enumerate(zip(expected, actual)) if e != a)
    if len(expected) != len(actual):
        extra = max(len(expected), len(actual))
        mismatches += tuple((i, _at(expected, i), _at(actual, i))
                            for i in range(min(len(expected), len(actual)), extra))
    total = max(len(expected), len(actual))
    return TokenMatch(total, total - len(mismatches), mismatches)


def _at(tokens: Sequence[str], index: int) -> str:
    return tokens[index] if index < len(tokens) else "<missing>"


def half_unit_in_last_digit(token: str) -> float:
    """Half of one unit in the last printed digit: ``0.97979796`` -> 5e-9."""
    mantissa, _, exponent = token.lower().partition("e")
    fraction = mantissa.partition(".")[2]
    return 0.5 * 10.0 ** (int(exponent or 0) - len(fraction))


def within_printed_precision(token: str, value: float, dtype: str = "float32") -> bool:
    """Could numpy have printed *value* (of *dtype*) as *token*?

    The bound is half a unit in the last printed digit plus one ulp of the
    dtype at *value*, the slack for converting the decimal to binary.
    """
    if token.lower() in ("nan", "+nan", "-nan"):
        return bool(np.isnan(value))
    printed = parse_number(token)
    if np.isinf(printed) or np.isinf(value):
        return printed == value
    slack = float(np.spacing(np.abs(np.dtype(dtype).type(value))))
    return abs(float(value) - printed) <= half_unit_in_last_digit(token) + slack
