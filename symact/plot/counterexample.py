"""The counterexample panels: both sides of a refuted law drawn along its counterexample family.

For homogeneity ``f(x·a) = x·f(a)`` refuted at ``(x₀, a₀)`` the panel fixes x = x₀ and lets a run
over the family's range (ReLU: x = −1, a < 0, so f(−a) = −a against −f(a) = 0); for additivity
``f(a + b) = f(a) + f(b)`` refuted at ``(a₀, b₀)`` it fixes b = b₀ and lets a run over the
family's region.  The exact witness is marked and named in the title.  A proved or undecided
law gets a panel of text, never a curve.

>>> law_axis_range(None, "a", (-5.0, 5.0), sympy.Integer(1))
(-5.0, 5.0, False, False)
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from symact.activations.function import ActivationFunction

__all__ = ["Sides", "draw_law", "law_axis_range", "sides"]

#: Samples along the family.
POINTS = 401


def _symbol(condition: sympy.Basic, name: str) -> sympy.Symbol | None:
    return next((s for s in condition.free_symbols if s.name == name), None)


def law_axis_range(
    family: sympy.Basic | None, name: str, bounds: tuple[float, float], witness: sympy.Expr
) -> tuple[float, float, bool, bool]:
    """``(lo, hi, open_lo, open_hi)``: the part of ``bounds`` (widened to hold the witness)
    where the univariate ``family`` in variable ``name`` holds, around the witness."""
    lo, hi = min(bounds[0], float(witness) - 1), max(bounds[1], float(witness) + 1)
    window = sympy.Interval(sympy.nsimplify(lo), sympy.nsimplify(hi))
    var = _symbol(family, name) if family is not None else None
    if var is None or family is None or family.free_symbols != {var}:
        return lo, hi, False, False
    try:
        region = family.as_set().intersect(window)
    except (NotImplementedError, TypeError, ValueError):
        return lo, hi, False, False
    parts = region.args if isinstance(region, sympy.Union) else (region,)
    for part in parts:
        if isinstance(part, sympy.Interval) and part.contains(witness) is sympy.true:
            return float(part.start), float(part.end), part.left_open, part.right_open
    return lo, hi, False, False


def _samples(lo: float, hi: float, open_lo: bool, open_hi: bool, witness: float) -> Any:
    grid = np.union1d(np.linspace(lo, hi, POINTS), [witness])
    keep = np.ones(grid.shape, dtype=bool)
    if open_lo:
        keep &= grid > lo
    if open_hi:
        keep &= grid < hi
    return grid[keep]


def _condition_text(condition: sympy.Basic | None) -> str:
    """``x = -1, a < 0`` for ``Eq(x, -1) & (a < 0)``."""
    if condition is None:
        return "no family stated: the curves run over the plot range"
    parts = condition.args if isinstance(condition, sympy.And) else (condition,)
    shown = [
        f"{sympy.sstr(p.lhs)} = {sympy.sstr(p.rhs)}" if isinstance(p, sympy.Eq) else sympy.sstr(p)
        for p in parts
    ]
    return "family: " + ", ".join(shown)


def _text_panel(ax: Any, name: str, result: Any) -> None:
    law = result.law.value
    if result.verdict == "proved":
        words = f"{name}: {law} proved — no counterexample exists."
    else:
        reason = result.reason or "no proof and no counterexample were found"
        words = f"{name}: {law} undecided — {reason}"
    ax.text(0.5, 0.5, textwrap.fill(words, 48), ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    ax.set_gid(f"{law}:{name}")


@dataclass(frozen=True, slots=True)
class Sides:
    """The two sides of a refuted law as functions of the varying variable ``a``."""

    witness: sympy.Expr  # the witness value of a
    left_label: str
    left: Callable[[Any], Any]
    right_label: str
    right: Callable[[Any], Any]


_A, _FA = sympy.Symbol("a"), sympy.Symbol("f(a)")


def sides(f: ActivationFunction, result: Any) -> Sides:
    """Both sides of ``result``'s law along its witness line, through the numeric bridge.

    >>> from symact import get, check_homogeneity
    >>> s = sides(get("relu"), check_homogeneity(get("relu")))
    >>> s.left_label, s.right_label, float(s.left(-2.0)), float(s.right(-2.0))
    ('f(-a)', '-f(a)', 2.0, -0.0)
    """
    fn, w = f.to_numpy(), result.witness
    if result.law.value == "homogeneity":
        x0 = w["x"]
        return Sides(
            w["a"],
            f"f({sympy.sstr(x0 * _A)})",
            lambda a: fn(float(x0) * a),
            sympy.sstr(x0 * _FA),
            lambda a: float(x0) * fn(a),
        )
    b0 = w["b"]
    return Sides(
        w["a"],
        f"f({sympy.sstr(_A + b0)})",
        lambda a: fn(a + float(b0)),
        f"f(a) + f({sympy.sstr(b0)})",
        lambda a: fn(a) + fn(float(b0)),
    )


def _mark_witness(ax: Any, two: Sides, gid: str) -> None:
    """Both sides at the witness, joined by a dotted segment: the gap the law would close."""
    at = np.array([float(two.witness)])
    heights = [two.left(at)[0], two.right(at)[0]]
    style = {"color": "black", "marker": "o", "linestyle": ":"}
    ax.plot([at[0], at[0]], heights, label="witness", gid=gid, **style)


def draw_law(
    ax: Any, f: ActivationFunction, name: str, result: Any, bounds: tuple[float, float]
) -> None:
    """Draw on ``ax`` the panel for one law's result about ``f`` (shown as ``name``)."""
    if result.verdict != "refuted" or not result.witness:
        _text_panel(ax, name, result)
        return
    law = result.law.value
    two = sides(f, result)
    a0 = two.witness
    fixed = result.family
    if fixed is not None:  # the other variable is held at its witness value
        w = result.witness
        others = {s: w[s.name] for s in fixed.free_symbols if s.name in w and s.name != "a"}
        fixed = fixed.subs(others)
    lo, hi, open_lo, open_hi = law_axis_range(fixed, "a", bounds, a0)
    a = _samples(lo, hi, open_lo, open_hi, float(a0))
    ax.plot(a, two.left(a), color="C0", label=two.left_label, gid=f"lhs:{law}:{name}")
    ax.plot(
        a, two.right(a), color="C3", linestyle="--", label=two.right_label, gid=f"rhs:{law}:{name}"
    )
    _mark_witness(ax, two, f"witness:{law}:{name}")
    witness = ", ".join(f"{k} = {sympy.sstr(v)}" for k, v in result.witness.items())
    ax.set_title(
        f"{name}: {law} refuted at {witness}\n{_condition_text(result.family)}", fontsize=9
    )
    ax.set_xlabel("a")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    ax.set_gid(f"{law}:{name}")
