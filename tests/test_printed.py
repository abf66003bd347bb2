"""Reading printed numpy output and printing ours alike (numpy only, no TensorFlow)."""

from __future__ import annotations

import numpy as np
import pytest

from tfmigrate.verify.printed import (
    find_printed_arrays,
    format_like_numpy,
    half_unit_in_last_digit,
    match_tokens,
    nearest_float,
    within_printed_precision,
)

ARTICLE_STYLE = """>>>
array([1. , 0.97979796, 0.959596 , 0.93939394, 0.9191919 ,
0.8989899 , 0.8787879 ], dtype=float32)
- next paragraph [not an array]
"""


def test_reads_an_array_repr_across_lines_with_its_dtype():
    (printed,) = find_printed_arrays(ARTICLE_STYLE)
    assert printed.tokens == ("1.", "0.97979796", "0.959596", "0.93939394", "0.9191919",
                              "0.8989899", "0.8787879")
    assert printed.shape == (7,)
    assert printed.dtype == "float32"
    assert not printed.truncated
    assert ARTICLE_STYLE[printed.start:printed.end].startswith("array([1. ,")
    assert ARTICLE_STYLE[printed.start:printed.end].endswith("dtype=float32)")
    assert printed.values().dtype == np.float32


def test_reads_scientific_and_negative_tokens():
    text = "array([ 1.00000000e+00, -9.60004032e-01,\n 1.02030615e-04], dtype=float32)"
    (printed,) = find_printed_arrays(text)
    assert printed.tokens == ("1.00000000e+00", "-9.60004032e-01", "1.02030615e-04")
    np.testing.assert_array_equal(printed.values(),
                                  np.array([1.0, -0.960004032, 1.02030615e-04], np.float32))


def test_reads_bare_prints_in_two_dimensions():
    (printed,) = find_printed_arrays("[[ 1.  2.]\n [ 3. -4.]]\n")
    assert printed.shape == (2, 2)
    assert printed.dtype is None
    np.testing.assert_array_equal(printed.values(), [[1.0, 2.0], [3.0, -4.0]])


def test_rejects_ragged_nesting_and_words():
    assert find_printed_arrays("[[1. 2.] [3.]]") == []
    assert find_printed_arrays("see [docs] and list[int]") == []


def test_marks_summarised_arrays_as_truncated():
    (printed,) = find_printed_arrays("[0. 1. 2. ... 7. 8. 9.]")
    assert printed.truncated
    assert printed.tokens == ("0.", "1.", "2.", "7.", "8.", "9.")


def test_reads_scalars_in_their_usual_wrappers():
    text = ("np.float32(1.1769392)\n"
            "<tf.Tensor: shape=(), dtype=float32, numpy=0.34006733>\n"
            "  2.5  \n"
            "loss 3.0 is not alone on its line\n")
    found = find_printed_arrays(text)
    assert [(a.tokens, a.shape, a.dtype) for a in found] == [
        (("1.1769392",), (), "float32"),
        (("0.34006733",), (), "float32"),
        (("2.5",), (), None),
    ]


def test_tensor_repr_with_an_array_is_one_array_not_a_scalar():
    text = "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([0.5, 1.5], dtype=float32)>"
    (printed,) = find_printed_arrays(text)
    assert printed.tokens == ("0.5", "1.5")


def test_formats_positional_like_numpy_defaults():
    values = np.array([1.0, 1.0 / 3.0, -0.5, 0.0], np.float32)
    # float32(1/3) needs 8 digits to round-trip: 0.33333334.
    assert format_like_numpy(values) == ("1.", "0.33333334", "-0.5", "0.")


def test_formats_scientific_when_magnitudes_are_far_apart():
    # A largest/smallest ratio above 1000 switches numpy to scientific, and
    # every mantissa gets as many digits as the longest one needs.
    values = np.array([1.0, 1.25e-4], np.float32)
    assert format_like_numpy(values) == ("1.00e+00", "1.25e-04")


def test_formats_scalars_as_shortest_round_trip_without_the_digit_cap():
    assert format_like_numpy(np.float32(0.010101020336), scalar=True) == ("0.01010102",)
    assert format_like_numpy(np.float64(1.0) / 3.0) == ("0.3333333333333333",)


def test_array_tokens_are_capped_at_eight_fractional_digits():
    # The float32 just above 0.01010102 round-trips only as 0.010101021.
    value = np.nextafter(np.float32(0.01010102), np.float32(1.0))
    assert format_like_numpy(value, scalar=True) == ("0.010101021",)
    assert format_like_numpy(np.array([value, 1.0], np.float32))[0] == "0.01010102"


def test_match_tokens_counts_identical_tokens_and_length_differences():
    result = match_tokens(["1.", "2.", "3."], ["1.", "2.5"])
    assert (result.total, result.identical) == (3, 1)
    assert result.mismatches == ((1, "2.", "2.5"), (2, "3.", "<missing>"))
    assert result.summary() == "1/3"
    assert not result.all_identical
    assert match_tokens(["1."], ["1."]).all_identical


@pytest.mark.parametrize("token, half_unit", [
    ("0.97979796", 5e-9), ("9.60004032e-01", 5e-10), ("1.", 0.5), ("-3.60593", 5e-6), ("1.02e+03", 5.0),
])
def test_half_unit_in_last_digit(token, half_unit):
    assert half_unit_in_last_digit(token) == pytest.approx(half_unit, rel=1e-12)


def test_within_printed_precision_allows_half_a_unit_and_one_ulp():
    # 0.01010102 printed with 8 digits stands for anything within 5e-9.
    assert within_printed_precision("0.01010102", 0.01010102 + 4.9e-9)
    assert within_printed_precision("0.01010102", 0.01010102 - 4.9e-9)
    assert not within_printed_precision("0.01010102", 0.01010102 + 1e-8)
    assert within_printed_precision("nan", float("nan"))
    assert not within_printed_precision("inf", 1e38)


def test_nearest_float_rounds_once_from_the_exact_decimal():
    one_up = np.nextafter(np.float32(1.0), np.float32(2.0))
    midpoint = "1.000000059604644775390625"  # exactly 1 + 2**-24, halfway
    just_above = midpoint + "0001"
    # float64 rounds just_above onto the midpoint; float32 then rounds to
    # even (down). The exact decimal is above the midpoint, so up is right.
    assert np.float32(float(just_above)) == np.float32(1.0)
    assert nearest_float(just_above) == one_up
    assert nearest_float(midpoint) == np.float32(1.0)
    assert nearest_float("0.97979796") == np.float32(0.97979796)
    assert np.isinf(nearest_float("1e40"))
