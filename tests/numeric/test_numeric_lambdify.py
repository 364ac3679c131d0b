"""symact.lambdify takes any single free symbol as its input, by default or by keyword/name."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

import symact
from symact.activations.function import X


def test_plain_sympy_symbol_x_is_the_input() -> None:
    x = sympy.Symbol("x")  # no real=True: the first thing a SymPy user types
    f = symact.lambdify(x**2)
    assert f(3.0) == 9.0
    np.testing.assert_array_equal(f(np.array([-2.0, 0.5])), [4.0, 0.25])


def test_the_only_free_symbol_is_the_input_whatever_its_name() -> None:
    t = sympy.Symbol("t", positive=True)
    f = symact.lambdify(sympy.exp(-t) + 1)
    assert f(0.0) == 2.0
    assert f(1.0) == pytest.approx(1 + math.exp(-1), rel=4 * np.finfo(float).eps)


def test_input_chosen_by_keyword_or_name_with_others_bound() -> None:
    t, w = sympy.symbols("t w")
    expr = (t * w).subs(w, 3)
    assert symact.lambdify(expr, x=t)(2.0) == 6.0
    assert symact.lambdify(expr, x="t")(2.0) == 6.0
    assert symact.lambdify(3 * t, t)(2.0) == 6.0  # positional, as SPEC's lambdify(expr, x) wrote it


def test_positional_real_x_still_works() -> None:
    f = symact.lambdify(sympy.Max(X, 0), X)
    np.testing.assert_array_equal(f(np.array([-1.0, 2.0])), [0.0, 2.0])


def test_several_symbols_without_a_choice_are_refused_naming_them() -> None:
    a, t = sympy.symbols("a t")
    with pytest.raises(symact.SymactError, match=r"it has a, t; pass it as lambdify\(expr, x=a\)"):
        symact.lambdify(a * t + 1)


def test_other_symbols_must_be_bound_and_are_named() -> None:
    t, w = sympy.symbols("t w")
    with pytest.raises(symact.SymactError, match="with input t: it has free parameters w"):
        symact.lambdify(t * w, x=t)
    with pytest.raises(ValueError, match="no symbol named 'q'; its symbols are t, w"):
        symact.lambdify(t * w, x="q")


def test_a_real_and_a_plain_x_together_are_refused() -> None:
    with pytest.raises(symact.SymactError, match="2 different symbols named 'x'"):
        symact.lambdify(X + sympy.Symbol("x"))


def test_input_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(TypeError, match="x must be a SymPy Symbol or its name, got int"):
        symact.lambdify(X, x=3)  # type: ignore[arg-type]
