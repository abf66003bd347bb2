"""``tfmigrate plot``: the article's loss families, drawn from the reference losses.

Curve values are checked against the losses' formulas written out in numpy.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from tfmigrate.cli import main
from tfmigrate.commands.plot import MISSING_MATPLOTLIB

REPO = Path(__file__).resolve().parents[1]


def test_without_matplotlib_one_clear_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert main(["plot", "--out", str(tmp_path / "figures")]) == 2
    captured = capsys.readouterr()
    assert captured.err == MISSING_MATPLOTLIB + "\n"
    assert "pip install 'tfmigrate[plot]'" in captured.err
    assert not (tmp_path / "figures").exists()


def _by_label(panel):
    return {curve.label: curve for curve in panel.curves}


def test_regression_curves_are_the_losses_for_target_0():
    from tfmigrate.reference.plots import regression_panel

    curves = _by_label(regression_panel())
    x = next(iter(curves.values())).x.astype(np.float64)
    assert x[0] == -1.0 and x[-1] == 1.0
    r = np.abs(x)
    expected = {
        "L1  |y - t|": r,
        "L2  (y - t)²": x ** 2,
        "Huber, δ = 0.25": np.where(r <= 0.25, 0.5 * x ** 2, 0.25 * (r - 0.125)),
        "Huber, δ = 1": 0.5 * x ** 2,
        "pseudo-Huber, δ = 0.25": 0.25 ** 2 * (np.sqrt(1 + (x / 0.25) ** 2) - 1),
        "pseudo-Huber, δ = 1": np.sqrt(1 + x ** 2) - 1,
    }
    assert set(curves) == set(expected)
    for label, values in expected.items():
        np.testing.assert_allclose(curves[label].y, values, rtol=1e-5, atol=1e-6, err_msg=label)


def test_classification_curves_are_the_losses_for_target_1():
    from tfmigrate.reference.plots import classification_panel

    curves = _by_label(classification_panel())
    x = next(iter(curves.values())).x.astype(np.float64)
    assert x[0] == -3.0 and x[-1] == 5.0
    softplus_minus_x = np.log1p(np.exp(-x))  # -log(sigmoid(x))
    inside = (x > 0) & (x < 1)
    expected = {
        "hinge  max(0, 1 - t·y)": np.maximum(0.0, 1.0 - x),
        "cross-entropy (y as a probability)": np.where(inside, -np.log(np.where(inside, x, 1.0)), np.nan),
        "sigmoid cross-entropy (y as a logit)": softplus_minus_x,
        "weighted sigmoid cross-entropy, w = 0.5": 0.5 * softplus_minus_x,
        "weighted sigmoid cross-entropy, w = 2": 2.0 * softplus_minus_x,
    }
    assert set(curves) == set(expected)
    for label, values in expected.items():
        np.testing.assert_allclose(curves[label].y, values, rtol=1e-5, atol=1e-6, err_msg=label)


def test_figures_have_labelled_axes_and_a_legend_of_every_curve():
    pytest.importorskip("matplotlib")
    from tfmigrate.reference.plots import draw, panels

    for panel in panels():
        axes = draw(panel).axes[0]
        assert axes.get_xlabel() == "prediction y" and axes.get_ylabel() == "loss"
        assert axes.get_title()
        assert [text.get_text() for text in axes.get_legend().get_texts()] == [c.label for c in panel.curves]


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml")])
def test_plot_writes_both_figures(tmp_path, capsys, fmt, magic):
    pytest.importorskip("matplotlib")
    assert main(["plot", "--out", str(tmp_path), "--format", fmt]) == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [f"classification_losses.{fmt}", f"regression_losses.{fmt}"]
    for name in names:
        assert (tmp_path / name).read_bytes().startswith(magic)
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / f"regression_losses.{fmt}"),
                                                      str(tmp_path / f"classification_losses.{fmt}")]


def test_the_readme_shows_the_committed_figures():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("regression_losses", "classification_losses"):
        assert f"](docs/img/{name}.png)" in readme
        assert (REPO / "docs" / "img" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
