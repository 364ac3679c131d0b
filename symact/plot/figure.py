"""``symact.plot``: activations, derivatives, kinks, asymptotes and counterexamples on one Figure.

The figure is a plain :class:`matplotlib.figure.Figure` on the Agg canvas: no pyplot state, no
window, safe in scripts, servers and tests.  Values come from the numeric bridge
(``to_numpy()``); kinks, jumps and asymptotes are exact (:mod:`symact.plot.features`).
Every artist carries a ``gid`` (``curve:relu``, ``asymptote:sigmoid:+``, ``kink:relu``, ...)
so scripts and tests can find it.

>>> fig = plot("relu", "sigmoid")
>>> [ax.get_gid() for ax in fig.axes]
['f']
>>> sorted(line.get_gid() for line in fig.axes[0].lines if line.get_gid().startswith("kink"))
['kink:relu']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import sympy

from symact.activations.function import ActivationFunction
from symact.activations.registry import get
from symact.errors import ParameterError, SymactError, UnknownActivationError
from symact.plot import features
from symact.plot.counterexample import draw_law

__all__ = ["activation", "plot"]

#: Samples across the plotted range (plus the exact kinks).
POINTS = 801
#: Inches per row of panels, and the figure's width.
ROW_HEIGHT, WIDTH = 3.4, 8.0


def activation(item: ActivationFunction | str) -> ActivationFunction:
    """An element-wise activation from an object, a catalog name or a formula in x."""
    if isinstance(item, ActivationFunction):
        found: Any = item
    elif isinstance(item, str):
        try:
            found = get(item)
        except UnknownActivationError as unknown:
            from symact.activations.parse import parse

            try:
                found = parse(item)
            except SymactError:
                if item.strip().isidentifier():
                    raise unknown from None
                raise
    elif getattr(item, "kind", None) == "vector":
        found = item
    else:
        msg = f"plot takes activation names, formulas or ActivationFunction objects, got {item!r}"
        raise TypeError(msg)
    if getattr(found, "kind", None) != "elementwise":
        msg = f"{found.name} is a vector activation; plot draws element-wise ones (e.g. relu)"
        raise ParameterError(msg)
    free = sorted(str(s) for s in found.expr.free_symbols - {found.x})
    if free:
        hint = " ".join(f"--param {name}=VALUE" for name in free)
        msg = (
            f"{found.name} has parameters without values: {', '.join(free)}; bind them "
            f"({hint} on the command line, .bind(...) in Python)"
        )
        raise ParameterError(msg)
    return found


def label(f: ActivationFunction) -> str:
    """The name shown for ``f``: its name, or its formula when the parser named it ``f``."""
    if f.name == "f" and f.source == "symact.parse" and f.description:
        return f.description
    return f.name


def _bounds(value: Sequence[float]) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        msg = f"range must be two numbers (A, B), got {value!r}"
        raise ParameterError(msg) from None
    if not (math.isfinite(lo) and math.isfinite(hi)):
        msg = f"the plot range must be finite, got [{lo}, {hi}]; give two finite numbers"
        raise ParameterError(msg)
    if not lo < hi:
        msg = f"the plot range needs A < B, got A = {lo}, B = {hi}; swap or widen them"
        raise ParameterError(msg)
    return lo, hi


def _inside(points: Sequence[Any], lo: float, hi: float) -> list[float]:
    return [float(p) for p in points if lo <= float(p) <= hi]


def curve(
    f: ActivationFunction, lo: float, hi: float, kinks: Sequence[Any], jumps: Sequence[Any]
) -> tuple[Any, Any]:
    """Samples of f on [lo, hi] through the numeric bridge: the kinks are sample points, and
    each jump is a NaN so that no vertical segment joins its two sides."""
    breaks = _inside(jumps, lo, hi)
    xs = np.union1d(np.linspace(lo, hi, POINTS), _inside(kinks, lo, hi) + breaks)
    ys = np.asarray(f.to_numpy()(xs), dtype=float)
    ys[np.isin(xs, breaks)] = np.nan
    return xs, ys


def _draw(
    ax: Any, f: ActivationFunction, name: str, color: str, bounds: Any, budget: Any, gaps: Any = ()
) -> tuple[Any, ...]:
    """f, called ``name``, with its kinks and jumps on ``ax`` (the artists carry gids), broken
    at its jumps and at ``gaps``; returns the points where f has no derivative."""
    lo, hi = bounds
    kinks, jumps = features.kinks_and_jumps(f, budget)
    xs, ys = curve(f, lo, hi, kinks, (*jumps, *gaps))
    ax.plot(xs, ys, color=color, label=name, gid=f"curve:{name}")
    at = _inside(kinks, lo, hi)
    if at:
        ax.plot(
            at,
            np.asarray(f.to_numpy()(np.array(at)), dtype=float),
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            color=color,
            label=f"kink of {name} at x = {', '.join(str(k) for k in kinks)}",
            gid=f"kink:{name}",
        )
    return (*kinks, *jumps)


def derivative_of(f: ActivationFunction) -> ActivationFunction:
    """f' for plotting: DiracDelta terms (from Heaviside or sign) dropped, since they vanish
    wherever f' exists; the points where it does not are drawn as gaps."""
    d = f.derivative()
    if d.expr.has(sympy.DiracDelta):
        d = replace(d, expr=d.expr.replace(sympy.DiracDelta, lambda *args: sympy.S.Zero))
    return d


def _asymptotes(ax: Any, entries: Sequence[ActivationFunction], budget: Any) -> None:
    """Dashed lines y = L for every finite limit at ±∞, one label per distinct line."""
    named: dict[features.Asymptote, list[str]] = {}
    for i, f in enumerate(entries):
        for line in features.horizontal_asymptotes(f, budget):
            side = "+" if line.side > 0 else "-"
            ax.axhline(
                float(line.value),
                color=f"C{i}",
                linestyle="--",
                linewidth=0.9,
                alpha=0.7,
                gid=f"asymptote:{label(f)}:{side}",
            )
            named.setdefault(line, []).append(label(f))
    for line, who in named.items():
        ax.annotate(
            f"{line.label}: {', '.join(who)}",
            xy=(0.99 if line.side > 0 else 0.01, float(line.value)),
            xycoords=("axes fraction", "data"),
            ha="right" if line.side > 0 else "left",
            va="bottom",
            fontsize=8,
            color="0.2",
        )


def _layout(count: int, derivative: bool, counterexample: bool) -> tuple[Any, list[Any]]:
    """A Figure on the Agg canvas with its axes: f, then f', then two law panels per
    activation."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = 1 + int(derivative) + (count if counterexample else 0)
    fig = Figure(figsize=(WIDTH, ROW_HEIGHT * rows), layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(rows, 2)
    axes = [fig.add_subplot(grid[r, :]) for r in range(1 + int(derivative))]
    for r in range(len(axes), rows):
        axes += [fig.add_subplot(grid[r, 0]), fig.add_subplot(grid[r, 1])]
    return fig, axes


def _finish(ax: Any, gid: str, ylabel: str, lo: float, hi: float) -> None:
    ax.set_gid(gid)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("x")
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")


def plot(
    *activations: ActivationFunction | str,
    derivative: bool = False,
    counterexample: bool = False,
    range: Sequence[float] = (-5, 5),
    budget: float | None = features.DEFAULT_BUDGET,
) -> Any:
    """A :class:`matplotlib.figure.Figure` of the activations (names, formulas or objects).

    ``derivative`` adds a panel of f'; ``counterexample`` adds, per activation, the panels of
    additivity and homogeneity (:mod:`symact.plot.counterexample`).  ``range`` is the x
    interval; ``budget`` bounds each exact feature computation and each linearity check
    (seconds; None: no limit).
    Save it with ``fig.savefig("relu.png")``.
    """
    if not activations:
        msg = "plot needs at least one activation, e.g. plot('relu')"
        raise ParameterError(msg)
    entries = [activation(item) for item in activations]
    lo, hi = _bounds(range)
    fig, axes = _layout(len(entries), derivative, counterexample)
    singular = [
        _draw(axes[0], f, label(f), f"C{i}", (lo, hi), budget) for i, f in enumerate(entries)
    ]
    _asymptotes(axes[0], entries, budget)
    _finish(axes[0], "f", "f(x)", lo, hi)
    axes[0].set_title(", ".join(label(f) for f in entries), fontsize=10)
    rest = axes[1:]
    if derivative:
        for i, f in enumerate(entries):
            d = derivative_of(f)
            _draw(rest[0], d, f"{label(f)}′", f"C{i}", (lo, hi), budget, singular[i])
        _finish(rest[0], "derivative", "f′(x)", lo, hi)
        rest = rest[1:]
    if counterexample:
        from symact.prover import check_linearity

        for i, f in enumerate(entries):
            report = check_linearity(f, budget=budget)
            draw_law(rest[2 * i], f, label(f), report.additivity, (lo, hi))
            draw_law(rest[2 * i + 1], f, label(f), report.homogeneity, (lo, hi))
    return fig
