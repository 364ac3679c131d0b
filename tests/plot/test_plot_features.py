"""Kinks, jumps and horizontal asymptotes are decided exactly on the expression.

The tests run without a time budget (``budget=None``): on a loaded machine a budget could run
out, and a test must not depend on wall-clock speed; one test checks the budget itself."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational

import symact
from symact.plot.features import Asymptote, breakpoints, horizontal_asymptotes, jumps, kinks

HALF = Rational(1, 2)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relu", (0,)),
        ("relu6", (0, 6)),
        ("hard_tanh", (-1, 1)),
        ("leaky_relu", (0,)),
        ("hard_sigmoid", (-3, 3)),
        ("soft_shrink", (-HALF, HALF)),
        ("sigmoid", ()),
        ("gelu", ()),
        ("elu", ()),  # alpha = 1: exp(x) - 1 meets x with slope 1, so no corner
        ("hard_shrink", ()),  # it jumps instead
    ],
)
def test_kinks_are_the_exact_corners(name, expected):
    assert kinks(symact.get(name), budget=None) == expected


def test_kinks_of_formulas_with_abs_max_and_min():
    assert kinks(symact.parse("abs(x - 2)"), budget=None) == (2,)
    assert kinks(symact.parse("max(x, 0) + min(x, 1)"), budget=None) == (0, 1)
    assert kinks(symact.get("elu", alpha=2), budget=None) == (0,)  # slopes 1 and alpha differ at 0


def test_the_derivative_of_softsign_has_a_cusp_at_zero():
    # f' = 1/(1 + |x|)^2: continuous, one-sided slopes -2 and +2
    assert kinks(symact.get("softsign").derivative(), budget=None) == (0,)


def test_jumps_are_discontinuities_not_kinks():
    assert jumps(symact.get("hard_shrink"), budget=None) == (-HALF, HALF)
    assert jumps(symact.get("relu").derivative(), budget=None) == (0,)
    assert jumps(symact.parse("sign(x)"), budget=None) == (0,)
    assert jumps(symact.get("relu"), budget=None) == ()


def _limits(name: str, **params: object) -> set[tuple[int, sympy.Expr]]:
    return {
        (a.side, a.value) for a in horizontal_asymptotes(symact.get(name, **params), budget=None)
    }


def test_asymptotes_are_the_exact_finite_limits():
    assert _limits("sigmoid") == {(-1, 0), (1, 1)}
    assert _limits("tanh") == {(-1, -1), (1, 1)}
    assert _limits("softsign") == {(-1, -1), (1, 1)}
    assert _limits("relu") == {(-1, 0)}  # unbounded above: no line at +oo
    assert _limits("relu6") == {(-1, 0), (1, 6)}
    assert _limits("elu", alpha=3) == {(-1, -3)}
    assert _limits("leaky_relu") == set()
    assert _limits("log_sigmoid") == {(1, 0)}


def test_asymptotes_of_symacts_own_nodes_are_found_after_rewriting_with_exp():
    # SymPy leaves lim x*tanh(softplus(x)) at -oo unevaluated; rewritten with exp it is 0
    assert _limits("mish") == {(-1, 0)}
    assert _limits("silu") == {(-1, 0)}


def test_an_oscillating_function_has_no_asymptote():
    assert horizontal_asymptotes(symact.parse("sin(x)"), budget=None) == ()


def test_a_feature_not_found_within_the_budget_is_left_out():
    assert horizontal_asymptotes(symact.get("sigmoid"), budget=1e-9) == ()
    assert kinks(symact.get("relu"), budget=1e-9) == ()


def test_asymptote_labels_state_the_exact_limit():
    assert Asymptote(1, sympy.Integer(1)).label == "y = 1 (x → +∞)"
    assert Asymptote(-1, sympy.pi / 2).label == "y = pi/2 (x → −∞)"
    (selu,) = horizontal_asymptotes(symact.get("selu"), budget=None)
    assert selu.label == "y ≈ -1.75810 (x → −∞)"  # the exact 60-digit rational is too long


def test_breakpoints_are_none_when_a_boundary_is_symbolic():
    f = symact.get("threshold")  # threshold and default_value left as symbols
    assert breakpoints(f.expr, f.x) is None
    assert kinks(f, budget=None) == () and jumps(f, budget=None) == ()
