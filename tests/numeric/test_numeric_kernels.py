"""The building blocks of the fast paths: compensated Horner, branch-free selection and
sigmoid, the clip forms of max/min, and the finiteness check — each against exact or
independent arithmetic."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Piecewise, Rational, exp, log

from symact.activations.function import X
from symact.numeric import eft, kernels, lambdify
from symact.numeric.function import _all_finite
from symact.numeric.lower import Context, lower
from symact.numeric.pieces import _vanishing_sum, branch_free
from symact.numeric.segments import segments

FINITE = st.floats(-30, 30, allow_nan=False, allow_infinity=False)
COEFF = st.fractions(min_value=-100, max_value=100, max_denominator=10**6)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(COEFF, min_size=2, max_size=6), st.lists(FINITE, min_size=1, max_size=8))
def test_compensated_horner_is_twice_as_accurate(coeffs: list[Fraction], xs: list[float]) -> None:
    poly = sum(Rational(c.numerator, c.denominator) * X**k for k, c in enumerate(coeffs))
    if not poly.free_symbols:
        return
    hi, lo = eft.horner(poly, X, np.dtype(np.float64))(np.array(xs))
    for t, h, low in zip(xs, hi, lo, strict=True):
        exact = sum(c * Fraction(t) ** k for k, c in enumerate(coeffs))
        scale = sum(abs(c) * abs(Fraction(t)) ** k for k, c in enumerate(coeffs))
        error = abs(Fraction(float(h)) + Fraction(float(low)) - exact)
        # twice the precision: the error is O(ε²) of the condition sum Σ|aₖ||x|ᵏ
        assert error <= scale * Fraction(1, 2**98) + Fraction(1, 2**1060)


def test_compensated_horner_recovers_the_rounding_of_an_irrational_coefficient() -> None:
    poly = sympy.sqrt(2) * X**3 + sympy.pi * X
    hi, lo = eft.horner(poly, X, np.dtype(np.float64))(np.array([-7.3]))
    want = sympy.N(poly.subs(X, sympy.Float(-7.3, 60).evalf(60)), 60)
    got = sympy.Float(float(hi[0]), 60) + sympy.Float(float(lo[0]), 60)
    assert abs((got - want) / want) < 1e-29


def test_split_and_two_sum_are_exact() -> None:
    a = np.array([0.1, -3.7e100, 1 / 3, 5e-300])
    hi, lo = eft.split(a)
    assert np.array_equal(hi + lo, a)
    assert all(
        Fraction(float(h)) + Fraction(float(low)) == Fraction(float(v))
        for h, low, v in zip(hi, lo, a, strict=True)
    )
    b = np.array([1e-17, 3.0, -1e100, 7.0])
    s = a + b
    err = eft.two_sum_error(a, b, s)
    for ai, bi, si, ei in zip(a, b, s, err, strict=True):
        assert Fraction(float(si)) + Fraction(float(ei)) == Fraction(float(ai)) + Fraction(
            float(bi)
        )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_branch_free_sigmoid_matches_the_definition(dtype: type) -> None:
    u = np.array(
        [-800, -745, -720, -100, -88, -1.5, -0.0, 0.0, 2.5, 40, 1e30, np.nan, np.inf, -np.inf],
        dtype=dtype,
    )
    with np.errstate(over="ignore", under="ignore"):
        got = kernels.sigmoid(u)
    assert got.dtype == dtype
    for t, g in zip(u, got, strict=True):
        if math.isnan(t):
            assert math.isnan(g)
            continue
        want = 1 / (1 + math.exp(-t)) if t > -700 else math.exp(t) if t > -746 else 0.0
        info = np.finfo(dtype)
        # within 4 ulp; a subnormal true value within the smallest normal number
        assert float(g) == pytest.approx(want, rel=4 * float(info.eps), abs=float(info.tiny))
        assert float(g) != 0 or want < float(info.tiny)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_maximum_and_minimum_with_a_constant(dtype: type) -> None:
    a = np.array([np.nan, -np.inf, np.inf, -2.0, 0.5, 3.0], dtype=dtype)
    c = dtype(0.5)
    for ours, theirs in ((kernels.maximum, np.maximum), (kernels.minimum, np.minimum)):
        for got in (ours(a, c), ours(c, a)):
            assert got.dtype == dtype
            np.testing.assert_array_equal(got, theirs(a, c))
        np.testing.assert_array_equal(ours(a, a[::-1]), theirs(a, a[::-1]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_finiteness_check(dtype: type) -> None:
    assert _all_finite(np.ones(1000, dtype)) and _all_finite(np.array([], dtype))
    for bad in (np.nan, np.inf, -np.inf):
        x = np.ones(200_001, dtype)
        x[123_457] = bad
        assert not _all_finite(x)


def _pieces(expr: Piecewise, dtype: type = np.float64) -> object:
    return _vanishing_sum(segments(expr, X), Context(np.dtype(dtype), X), lower)


def test_vanishing_sum_applies_when_branches_are_zero_at_their_ends() -> None:
    elu = Piecewise((X, X > 0), (exp(X) - 1, True))
    kernel = _pieces(elu)
    assert kernel is not None
    v = np.array([-50.0, -1.0, -0.0, 0.0, 5e-324, 1.0, 1e308, np.nan])
    with np.errstate(invalid="ignore"):
        got = kernel(v)  # type: ignore[operator]
    # NumPy's expm1 may take a SIMD path that differs from libm's in the last bit: 4 ulp
    np.testing.assert_array_max_ulp(got[:2], [math.expm1(-50), math.expm1(-1)], maxulp=4)
    np.testing.assert_array_equal(got[2:-1], [0.0, 0.0, 5e-324, 1.0, 1e308])
    assert math.isnan(got[-1])


def test_vanishing_sum_refuses_branches_that_do_not_vanish() -> None:
    assert _pieces(Piecewise((X + 1, X > 0), (exp(X), True))) is None
    assert _pieces(Piecewise((log(X) + 1, X > 1), (X - 1, True))) is None  # log(1)+1 = 1
    assert _pieces(Piecewise((2, X > 0), (X, True))) is None  # a non-zero constant
    # a branch that is only defined inside its own interval is never probed outside it
    assert _pieces(Piecewise((log(X), X > 1), (0, True))) is not None


def test_vanishing_sum_end_to_end_matches_the_definition() -> None:
    f = Piecewise((X**2, X > 0), (sympy.sin(X), -sympy.pi < X), (0, True))
    k = lambdify(f)
    # float(-π) lies above -π, inside the sine's piece; sin there is not 0, so `where` selects
    v = np.array([-10.0, -4.0, -math.pi, -3.0, -1.0, 0.0, 0.25, 3.0])
    want = [0.0, 0.0, math.sin(-math.pi), math.sin(-3.0), math.sin(-1.0), 0.0, 0.0625, 9.0]
    np.testing.assert_allclose(k(v), want, rtol=1e-15, atol=0)


def test_branch_free_classification() -> None:
    assert branch_free(Piecewise((0, X < 0), (X, True)), X)
    assert branch_free(Piecewise((0, X < -3), (X, X > 3), (X * (X + 3) / 6, True)), X)
    assert not branch_free(Piecewise((0, X <= -1), (X, X >= 1), ((X + 1) ** 2 / 4, True)), X)


def test_sigmoid_keeps_its_subnormal_tail_next_to_nan() -> None:
    # x·σ(x) is a normal number down to x ≈ -715 although σ(x) is subnormal below -708:
    # the tail must survive, also when a NaN shares the array (a NaN-blind check skips it).
    u = np.array([np.nan, -720.0, -712.0, -100.0])
    with np.errstate(under="ignore"):
        got = kernels.sigmoid(u)
    assert math.isnan(got[0])
    assert got[1] == pytest.approx(math.exp(-720.0), rel=1e-6)
    silu = lambdify(X * sympy.exp(X) / (1 + sympy.exp(X)))
    x = np.array([np.nan, -712.0, -713.5])
    want = [float(sympy.N(t * sympy.exp(t) / (1 + sympy.exp(t)), 30)) for t in (-712, -713.5)]
    np.testing.assert_allclose(silu(x)[1:], want, rtol=4 * 2.0**-52, atol=0)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(COEFF, min_size=3, max_size=7), st.lists(FINITE, min_size=1, max_size=6))
def test_horner_lowering_of_expanded_polynomials(coeffs: list[Fraction], xs: list[float]) -> None:
    poly = sympy.Add(*(Rational(c.numerator, c.denominator) * X**k for k, c in enumerate(coeffs)))
    if not isinstance(poly, sympy.Add) or sympy.degree(poly, X) < 2:
        return
    # the kernel itself (the wrapper's root search would cost seconds per polynomial)
    got = lower(poly, Context(np.dtype(np.float64), X))(np.array(xs))
    for t, g in zip(xs, got, strict=True):
        exact = sum(c * Fraction(t) ** k for k, c in enumerate(coeffs))
        scale = sum(abs(c) * abs(Fraction(t)) ** k for k, c in enumerate(coeffs))
        # Horner's error bound: a few ulp of the condition sum Σ|aₖ||x|ᵏ
        assert abs(Fraction(float(g)) - exact) <= scale * Fraction(4 * len(coeffs), 2**53)


def test_horner_in_x_squared_does_not_overflow_before_the_value() -> None:
    k = lambdify(X**3 - X**2)  # x³ and x² both overflow at 1e300; x²·(x − 1) does not cancel
    assert k(np.array([1e300]))[0] == np.inf
    odd = lambdify(sympy.sqrt(2) * (X + X**3 / 7))
    want = float(sympy.N(sympy.sqrt(2) * (sympy.Float(-2.5) + sympy.Float(-2.5) ** 3 / 7), 30))
    assert odd(np.array([-2.5]))[0] == pytest.approx(want, rel=2**-51)


def test_fused_logistic_product_matches_mpmath_in_the_tails() -> None:
    f = X**2 * sympy.exp(X) / (1 + sympy.exp(X))  # x²·σ(x), lowered as x²/(1 + e^-x)
    k = lambdify(f)
    xs = [-745.0, -730.0, -712.0, -40.0, -1.5, 0.0, 2.0, 800.0]
    got = k(np.array([np.nan, *xs]))
    assert math.isnan(got[0])
    for t, g in zip(xs, got[1:], strict=True):
        want = float(sympy.N(f.subs(X, sympy.Float(t, 30)), 40))
        if abs(want) < 2.2250738585072014e-308:
            assert abs(g - want) < 2.2250738585072014e-308
        else:
            assert g == pytest.approx(want, rel=4 * 2**-53)


@pytest.mark.parametrize(
    "expr",
    [
        X * sympy.exp(X) / (1 + sympy.exp(X)),
        sympy.log(1 + sympy.exp(X)),
        Piecewise((X, X > 0), (sympy.exp(X) - 1, True)),
        X * sympy.tanh(sympy.log(1 + sympy.exp(X))),
    ],
)
def test_whole_array_and_blocks_give_identical_results(
    expr: sympy.Expr, monkeypatch: pytest.MonkeyPatch
) -> None:
    from symact.numeric import function

    x = np.random.default_rng(7).standard_normal(300_000) * 30
    x[::1000] = [np.nan, np.inf, -np.inf, 0.0, -750.0, 1e300] * 50
    for dtype in (np.float32, np.float64):
        with np.errstate(over="ignore"):  # 1e300 is inf in float32
            v = x.astype(dtype)
            whole = lambdify(expr)(v)
            monkeypatch.setattr(function, "WHOLE_LIMIT", 0)
            blocks = lambdify(expr)(v)
            monkeypatch.setattr(function, "WHOLE_LIMIT", 1 << 22)
        np.testing.assert_array_equal(whole, blocks)


@pytest.mark.parametrize("c", [1e-3, 0.5, 2.0, 1e5])
def test_half_hypot_plus_for_several_constants(c: float) -> None:
    u = np.array([-1e300, -1e10, -3.0, -1e-3, 0.0, 1e-3, 3.0, 1e10, 1e300, np.nan])
    got = kernels.half_hypot_plus(u, c)
    assert math.isnan(got[-1])
    for t, g in zip(u[:-1], got[:-1], strict=True):
        ut, ct = sympy.Float(t, 40), sympy.Float(c, 40)
        root = sympy.sqrt(ut**2 + ct**2)
        # (u + √(u² + c²))/2, written without cancellation for u < 0
        want = float(sympy.N((ut + root) / 2 if t >= 0 else ct**2 / (2 * (root - ut)), 40))
        if want < 2.2250738585072014e-308:
            assert abs(g - want) < 2.2250738585072014e-308
        else:
            assert g == pytest.approx(want, rel=4 * 2**-53)


def test_float_endpoints_are_compared_exactly() -> None:
    # SymPy finds Rational(-1, 2) != Float(-0.5); the comparison must still be exact
    k = lambdify(Piecewise((X, X < -0.5), (0, X <= 0.5), (X, True)))
    below = np.nextafter(-0.5, -1.0)
    np.testing.assert_array_equal(k(np.array([-0.5, below, 0.5, 0.6])), [0.0, below, 0.0, 0.6])
    k = lambdify(Piecewise((X, X > 0.1), (0, True)))  # Float(0.1) is the double nearest 0.1
    above = np.nextafter(0.1, 1.0)
    np.testing.assert_array_equal(k(np.array([0.1, above])), [0.0, above])


_SIG = sympy.exp(X) / (1 + sympy.exp(X))  # σ(x): the rules turn it into the sigmoid node
_ATOMS = [
    X,
    X**2 + 1,
    _SIG,
    _SIG.subs(X, -2 * X),
    sympy.exp(-(X**2) / 2),
    sympy.tanh(X),
    sympy.log(1 + sympy.exp(X)),
    X**3 / 7 + X,
    Rational(3, 2),
]


#: Denominators: the atoms that never vanish on ℝ.
_NONZERO = [a for a in _ATOMS if a not in (X, sympy.tanh(X), X**3 / 7 + X)]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(range(len(_ATOMS))), min_size=1, max_size=4),
    st.lists(st.sampled_from(range(len(_NONZERO))), max_size=2),
    st.sampled_from([-6.5, -1.25, -0.3, 0.0, 0.7, 2.0, 9.0]),
)
def test_products_and_quotients_lower_to_the_same_function(
    num: list[int], den: list[int], t: float
) -> None:
    """Structural check of the product lowering (fused σ, denominators, Horner, in-place
    temporaries) on random products and quotients, against SymPy at 30 digits."""
    expr = sympy.Mul(*(_ATOMS[i] for i in num)) / sympy.Mul(*(_NONZERO[i] for i in den))
    if not expr.free_symbols:
        return
    got = lambdify(expr)(np.array([t, t]))  # an array: the kernels' in-place paths
    want = float(sympy.N(expr.subs(X, sympy.Float(t, 40)), 30))
    assert got[0] == got[1]
    assert got[0] == pytest.approx(want, rel=1e-13, abs=1e-300)


def test_refined_exponential_overflows_to_inf_not_nan() -> None:
    k = lambdify(X / sympy.exp(-(X**2) / 2))  # x·e^{x²/2}: refined, then overflows
    np.testing.assert_array_equal(k(np.array([40.0, -40.0, 1e300])), [np.inf, -np.inf, np.inf])
    assert k(np.array([3.0]))[0] == pytest.approx(3 * math.exp(4.5), rel=4 * 2**-53)


def test_constant_branch_is_not_absorbed_by_a_coincidence() -> None:
    # the probe point 3 of [2, ∞) once equalled the unclipped x branch there
    for pw in (Piecewise((3, X >= 2), (X, True)), Piecewise((X, X < 2), (3, True))):
        np.testing.assert_array_equal(lambdify(pw)(np.array([1.0, 2.0, 3.0, 7.0])), [1, 3, 3, 3])


def test_decimal_and_mixed_endpoints_pick_the_right_branch() -> None:
    for bound in (sympy.Float(0.7), Rational(7, 10)):
        pw = Piecewise((-1, sympy.Le(X, bound)), (Rational(1, 2), True))
        for dtype in (np.float64, np.float32):
            v = np.array([0.7, np.nextafter(dtype(0.7), dtype(1))], dtype=dtype)
            want = [float(pw.subs(X, Rational(*(int(k) for k in t.as_integer_ratio())))) for t in v]
            np.testing.assert_array_equal(lambdify(pw)(v), want)
    merged = Piecewise((0, (X <= 2.0) | (X < 2)), (Rational(1, 2), True))
    np.testing.assert_array_equal(lambdify(merged)(np.array([2.0, 2.5])), [0.0, 0.5])


def test_exponential_products_and_like_terms_do_not_make_nan() -> None:
    cases = [
        (sympy.exp(2 * X) * sympy.exp(-X - sympy.pi), [0.0, 0.0, np.inf, 0.0]),
        (2 * sympy.exp(-X) - sympy.sqrt(2) * sympy.exp(-X), [np.inf, np.inf, 0.0, np.inf]),
        (X - sympy.sqrt(2) * sympy.exp(-X) + sympy.exp(-X), [-np.inf, -np.inf, np.inf, -np.inf]),
    ]
    for expr, want in cases:
        got = lambdify(expr)(np.array([-1e5, -1e300, np.inf, -np.inf]))
        np.testing.assert_array_equal(got, want)


def test_constant_sigmoid_factor_and_erfc_of_a_nan_prone_argument() -> None:
    s = sympy.exp(sympy.sqrt(2)) / (1 + sympy.exp(sympy.sqrt(2)))
    assert lambdify(X * s)(np.array([2.0]))[0] == pytest.approx(2 * float(s), rel=4 * 2**-53)
    e = sympy.erfc(X**2 * sympy.exp(-X))  # x²e^{-x} is inf·0 at +∞ inside the limit probe
    got = lambdify(e)(np.array([1.0, np.nan]))
    assert got[0] == pytest.approx(float(e.subs(X, 1)), rel=4 * 2**-53) and math.isnan(got[1])


def _ulps(got: float, want: object) -> float:
    import mpmath

    w = mpmath.mpf(want)
    return float(abs(mpmath.mpf(got) - w) / mpmath.mpf(2) ** (mpmath.frexp(w)[1] - 53))


def test_mish_derivative_long_product_stays_within_four_ulp() -> None:
    """Points where mish' = tanh(sp) + x·σ(x)·sech²(sp) once erred by 5.3 ulp (found by random
    search): the σ factors of this error-prone product divide by 1 + e^{-u} with the
    rounding removed."""
    import mpmath

    import symact

    points = [-3.954880347262332, -22.48315027793683, -3.7775264278153102, -4.853463949195735]
    points += [-7.4249213520309425, -11.349173813111975, -16.8]
    got = symact.get("mish").derivative().to_numpy()(np.array(points))
    with mpmath.workdps(60):
        for t, g in zip(points, got, strict=True):
            x = mpmath.mpf(t)
            sp = mpmath.log1p(mpmath.exp(x))
            want = mpmath.tanh(sp) + x / (1 + mpmath.exp(-x)) / mpmath.cosh(sp) ** 2
            assert _ulps(float(g), want) <= 4, (t, _ulps(float(g), want))


def test_piecewise_that_is_one_constant_feeds_kernels_an_array() -> None:
    p = Piecewise((sympy.pi, sympy.Gt(X, Rational(1, 2))), (-sympy.pi / 4, X > 1), (sympy.pi, True))
    s = sympy.exp(p) / (1 + sympy.exp(p))  # σ(π) with x only in the conditions
    got = lambdify(X * s)(np.array([0.0, 2.0]))
    np.testing.assert_allclose(got, [0.0, 2 / (1 + math.exp(-math.pi))], rtol=4 * 2**-53)


def test_tower_of_exponentials_lowers_quickly() -> None:
    # the error-region probe once computed exp(e^40) at 1600 digits (hours) or ran out of
    # memory: exp-like nodes beyond e^20000 are taken as their limit
    import time

    start = time.monotonic()
    got = lambdify(sympy.exp(sympy.exp(sympy.exp(-X))))(np.array([-40.0, 0.0, 3.0]))
    assert time.monotonic() - start < 20
    assert got[0] == np.inf
    assert got[1] == pytest.approx(math.exp(math.e), rel=4 * 2**-53)
