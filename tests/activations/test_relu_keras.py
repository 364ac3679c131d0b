"""Keras 3's generalised ``relu``: exact values on a grid of parameters, and no dead pieces.

The reference is ``keras.activations.relu`` (``keras/src/activations/activations.py``,
``ReLU.static_call``), transcribed below with exact fractions: ``leaky_relu`` when only a
slope is given; otherwise ``x·[x > threshold]`` (``relu`` or ``relu6`` when the threshold is
0), clipped to ``[0, max_value]`` when a max is given, minus ``negative_slope·relu(threshold −
x)``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
import sympy

import symact

SLOPES = (F(0), F(1, 10), F(1, 2), F(2), F(-1, 3))
MAXES = (None, F(0), F(1, 2), F(1), F(6))
THRESHOLDS = (F(-2), F(-1, 2), F(0), F(1, 2), F(1), F(6), F(7))


def keras_relu(x: F, negative_slope: F, max_value: F | None, threshold: F) -> F:
    """``keras.activations.relu`` at one exact point (the branch structure of Keras 3)."""
    if negative_slope != 0 and max_value is None and threshold == 0:
        return x if x >= 0 else negative_slope * x  # backend.nn.leaky_relu
    negative_part = max(threshold - x, F(0))
    clip_max = max_value is not None
    if threshold != 0:
        y = x if x > threshold else F(0)
    elif max_value == 6:
        y, clip_max = min(max(x, F(0)), F(6)), False  # backend.nn.relu6
    else:
        y = max(x, F(0))
    if clip_max:
        assert max_value is not None
        y = min(max(y, F(0)), max_value)
    return y - negative_slope * negative_part if negative_slope != 0 else y


def _points(*specials: F | None) -> list[F]:
    """Quarter steps over [-9, 9] and each parameter value with its neighbours."""
    grid = {F(k, 4) for k in range(-36, 37)}
    for value in specials:
        if value is not None:
            grid |= {value - F(1, 16), value, value + F(1, 16)}
    return sorted(grid)


GRID = list(itertools.product(SLOPES, MAXES, THRESHOLDS))


@pytest.mark.parametrize(("slope", "cap", "threshold"), GRID)
def test_relu_equals_keras_formula_at_rational_points(slope, cap, threshold):
    f = symact.get("relu", negative_slope=slope, max_value=cap, threshold=threshold)
    for x in _points(slope, cap, threshold, F(0)):
        got = f.expr.subs(f.x, sympy.Rational(x.numerator, x.denominator))
        assert got == sympy.Rational(*_ratio(keras_relu(x, slope, cap, threshold))), x


def _ratio(value: F) -> tuple[int, int]:
    return value.numerator, value.denominator


def _effective_regions(expr: sympy.Piecewise, x: sympy.Symbol) -> list[sympy.Set]:
    """The set of reals where each piece is the one selected (earlier conditions false)."""
    regions, taken = [], sympy.false
    for _, cond in expr.args:
        regions.append(sympy.And(cond, sympy.Not(taken)).as_set().intersect(sympy.Reals))
        taken = sympy.Or(taken, cond)
    return regions


@pytest.mark.parametrize(("slope", "cap", "threshold"), GRID)
def test_relu_has_no_unreachable_piece(slope, cap, threshold):
    f = symact.get("relu", negative_slope=slope, max_value=cap, threshold=threshold)
    if isinstance(f.expr, sympy.Piecewise):
        for region, (piece, cond) in zip(_effective_regions(f.expr, f.x), f.expr.args, strict=True):
            assert region is not sympy.S.EmptySet, f"dead piece {piece} if {cond}"


def test_issue_example_has_no_dead_zero_piece():
    # threshold 1 > 0: the clip's zero part (threshold, 0] is empty (by hand).
    f = symact.get("relu", max_value=6, threshold=1, negative_slope=0.1)
    x = f.x
    expected = sympy.Piecewise(
        ((x - 1) / 10, x <= 1), (6, x >= 6), (x, True)
    )  # slope·(x − 1) below 1, x up to 6, then 6
    assert f.expr == expected


@pytest.mark.parametrize("name", ["threshold", "max_value", "negative_slope"])
def test_symbolic_parameter_keeps_every_piece_and_matches_keras_once_substituted(name):
    values = {"negative_slope": F(1, 10), "max_value": F(6), "threshold": F(-1, 2)}
    f = symact.get("relu", max_value=6).bind(**{k: v for k, v in values.items() if k != name})
    f = f.symbolic(name)
    symbol = sympy.Symbol(name, real=True)
    for value in (F(-2), F(-1, 2), F(1, 2), F(6), F(7)) if name != "max_value" else (F(1), F(6)):
        at = {**values, name: value}
        bound = f.expr.subs(symbol, sympy.Rational(*_ratio(value)))
        for x in _points(*at.values()):
            got = bound.subs(f.x, sympy.Rational(*_ratio(x)))
            expected = keras_relu(x, at["negative_slope"], at["max_value"], at["threshold"])
            assert got == sympy.Rational(*_ratio(expected)), (name, value, x)
