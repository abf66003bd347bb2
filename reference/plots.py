"""The article's loss families as figures, drawn from :mod:`tfmigrate.reference.losses`.

Two figures, the article's comparison:

* regression losses against the prediction for target 0: L1, L2, and Huber
  and pseudo-Huber at two deltas;
* classification losses against the prediction for target 1: hinge,
  cross-entropy, sigmoid cross-entropy, and weighted sigmoid cross-entropy at
  two weights.

matplotlib is an optional dependency (``pip install 'tfmigrate[plot]'``); it is
imported only when a figure is drawn, with the Agg backend, so no display is
needed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from tfmigrate.reference import losses

#: The article's ranges: predictions from -1 to 1 (regression), -3 to 5 (classification).
REGRESSION_RANGE = (-1.0, 1.0)
CLASSIFICATION_RANGE = (-3.0, 5.0)
POINTS = 401
DELTAS = (0.25, 1.0)  # within |y| <= 1: one mostly linear, one all quadratic
POS_WEIGHTS = (0.5, 2.0)  # 0.5 is the article's weight


@dataclasses.dataclass(frozen=True)
class Curve:
    label: str
    x: np.ndarray
    y: np.ndarray
    style: str = "-"


@dataclasses.dataclass(frozen=True)
class Panel:
    name: str
    title: str
    xlabel: str
    ylabel: str
    curves: tuple[Curve, ...]
    ylim: tuple[float, float]
    legend: str  # where the curves leave room


def _curve(label: str, x: np.ndarray, loss: Callable[[np.ndarray], Any], style: str = "-") -> Curve:
    return Curve(label, x, np.asarray(loss(x), dtype=np.float64), style)


def regression_panel() -> Panel:
    x = np.linspace(*REGRESSION_RANGE, POINTS).astype(np.float32)
    target = np.zeros_like(x)
    curves = [
        _curve("L1  |y - t|", x, lambda p: losses.l1_loss(target, p)),
        _curve("L2  (y - t)²", x, lambda p: losses.l2_loss(target, p)),
    ]
    for delta, style in zip(DELTAS, ("--", ":")):
        curves.append(_curve(f"Huber, δ = {delta:g}", x, lambda p, d=delta: losses.huber(target, p, d), style))
    for delta, style in zip(DELTAS, ("-.", (0, (5, 1, 1, 1, 1, 1)))):
        curves.append(_curve(f"pseudo-Huber, δ = {delta:g}", x, lambda p, d=delta: losses.pseudo_huber(target, p, d), style))
    return Panel("regression_losses", "Regression losses, target t = 0", "prediction y", "loss",
                 tuple(curves), (-0.05, 1.05), "upper center")


def classification_panel() -> Panel:
    x = np.linspace(*CLASSIFICATION_RANGE, POINTS).astype(np.float32)
    target = np.ones_like(x)
    probability = np.where((x > 0) & (x < 1), x, np.nan)  # cross-entropy takes a probability
    curves = [
        _curve("hinge  max(0, 1 - t·y)", x, lambda p: losses.hinge(target, p)),
        _curve("cross-entropy (y as a probability)", x, lambda p: losses.binary_cross_entropy(target, probability)),
        _curve("sigmoid cross-entropy (y as a logit)", x, lambda p: losses.sigmoid_cross_entropy_with_logits(target, p), "--"),
    ]
    for weight, style in zip(POS_WEIGHTS, (":", "-.")):
        curves.append(_curve(f"weighted sigmoid cross-entropy, w = {weight:g}", x,
                             lambda p, w=weight: losses.weighted_sigmoid_cross_entropy(target, p, w), style))
    return Panel("classification_losses", "Classification losses, target t = 1", "prediction y", "loss",
                 tuple(curves), (-0.1, 4.0), "upper right")


def panels() -> tuple[Panel, ...]:
    return (regression_panel(), classification_panel())


def draw(panel: Panel) -> Any:
    """A matplotlib Figure of one panel (Agg backend: no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.0, 4.4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    for curve in panel.curves:
        axes.plot(curve.x, curve.y, linestyle=curve.style, linewidth=2.2, label=curve.label)
    axes.set_title(panel.title, fontsize=14)
    axes.set_xlabel(panel.xlabel, fontsize=13)
    axes.set_ylabel(panel.ylabel, fontsize=13)
    axes.set_xlim(float(panel.curves[0].x[0]), float(panel.curves[0].x[-1]))
    axes.set_ylim(*panel.ylim)
    axes.tick_params(labelsize=11)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=10.5, loc=panel.legend, framealpha=0.9)
    return figure


def save_all(out_dir: Path, fmt: str = "png") -> list[Path]:
    """Draw every panel into ``out_dir/<name>.<fmt>``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for panel in panels():
        path = out_dir / f"{panel.name}.{fmt}"
        # Fixed metadata keeps the files byte-stable across runs (no creation date).
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        draw(panel).savefig(path, format=fmt, dpi=150, metadata=metadata)
        written.append(path)
    return written
