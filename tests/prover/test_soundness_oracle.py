"""An independent oracle for the prover on piecewise-affine functions with rational data.

The oracle is deliberately naive and shares no code with the prover: a random function is
built from sorted rational breakpoints, an affine piece on each open interval and a value at
each breakpoint (so removable and jump discontinuities occur).  Such an f is affine on every
interval, so an identity f(t) = c·t holds on ℝ iff it holds at every breakpoint and at two
points inside every interval (the grid below contains them).  For locally bounded f, each law
reduces to such an identity:

* additivity ⇔ homogeneity ⇔ f(t) = f(1)·t for all t (Cauchy: additive and locally bounded
  ⇒ linear);
* positive homogeneity ⇔ f(0) = 0, f(t) = t·f(1) for t > 0 and f(t) = −t·f(−1) for t < 0;
* affinity ⇔ g = f − f(0) is additive ⇔ g(t) = g(1)·t for all t.

The prover must return exactly that verdict (never undecided on this class), and each
refutation's witness must violate the law when evaluated here, with exact rationals.
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symact
from symact import X as x

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

GRID = sorted({Fraction(p, q) for q in (1, 2, 4, 8) for p in range(-6 * q, 6 * q + 1)})
small = st.fractions(min_value=-2, max_value=2, max_denominator=2)
breaks = st.lists(
    st.fractions(min_value=-3, max_value=3, max_denominator=4), min_size=0, max_size=3, unique=True
).map(sorted)


@st.composite
def pwl(draw):
    """Exclusive pieces: (breakpoints, affine pieces per interval, values at breakpoints)."""
    bs = draw(breaks)
    lines = [(draw(small), draw(small)) for _ in range(len(bs) + 1)]
    values = []
    for i, b in enumerate(bs):
        kind = draw(st.sampled_from(["left", "right", "other"]))
        if kind == "left":
            values.append(lines[i][0] * b + lines[i][1])
        elif kind == "right":
            values.append(lines[i + 1][0] * b + lines[i + 1][1])
        else:
            values.append(draw(small))
    return bs, lines, values


def evaluate(data, t: Fraction) -> Fraction:
    bs, lines, values = data
    for i, b in enumerate(bs):
        if t == b:
            return values[i]
        if t < b:
            return lines[i][0] * t + lines[i][1]
    return lines[-1][0] * t + lines[-1][1]


def to_activation(data) -> symact.ActivationFunction:
    bs, lines, values = data

    def r(q: Fraction) -> sympy.Rational:
        return sympy.Rational(q.numerator, q.denominator)

    pieces = []
    for i, b in enumerate(bs):
        pieces.append((r(values[i]), sympy.Eq(x, r(b))))
        pieces.append((r(lines[i][0]) * x + r(lines[i][1]), x < r(b)))
    pieces.append((r(lines[-1][0]) * x + r(lines[-1][1]), True))
    return symact.ActivationFunction(name="oracle", expr=sympy.Piecewise(*pieces))


def oracle(data, law: str) -> bool:
    f = lambda t: evaluate(data, t)  # noqa: E731
    if law in ("additivity", "homogeneity"):
        return all(f(t) == f(Fraction(1)) * t for t in GRID)
    if law == "affinity":
        g = lambda t: f(t) - f(Fraction(0))  # noqa: E731
        return all(g(t) == g(Fraction(1)) * t for t in GRID)
    assert law == "positive-homogeneity"
    return f(Fraction(0)) == 0 and all(
        f(t) == (t * f(Fraction(1)) if t > 0 else -t * f(Fraction(-1))) for t in GRID if t != 0
    )


def violates(data, law: str, witness: dict) -> bool:
    f = lambda t: evaluate(data, t)  # noqa: E731
    w = {k: Fraction(int(v.p), int(v.q)) for k, v in witness.items()}
    if law == "additivity":
        return f(w["a"] + w["b"]) != f(w["a"]) + f(w["b"])
    if law == "affinity":
        return f(w["a"] + w["b"]) != f(w["a"]) + f(w["b"]) - f(Fraction(0))
    ok_scalar = law == "homogeneity" or w["x"] >= 0
    return ok_scalar and f(w["x"] * w["a"]) != w["x"] * f(w["a"])


CHECKS = {
    "additivity": symact.check_additivity,
    "homogeneity": symact.check_homogeneity,
    "positive-homogeneity": symact.check_positive_homogeneity,
    "affinity": symact.check_affinity,
}


@SETTINGS
@given(pwl(), st.sampled_from(sorted(CHECKS)))
def test_prover_agrees_with_naive_oracle_on_random_piecewise_affine(data, law):
    result = CHECKS[law](to_activation(data), budget=None)
    expected = "proved" if oracle(data, law) else "refuted"
    assert result.verdict.value == expected, (data, law, result.to_text())
    if expected == "refuted":
        assert violates(data, law, result.witness), (data, law, result.witness)


@SETTINGS
@given(st.lists(st.tuples(small, small), min_size=1, max_size=3), small)
def test_odd_combinations_of_relu_plus_linear_are_proved(terms, d):
    """sum c·(relu(k·x) − relu(−k·x)) + d·x is linear: a disguised identity, always proved."""
    relu = symact.get("relu")
    expr = sympy.Rational(d.numerator, d.denominator) * x
    for c, k in terms:
        c_, k_ = (sympy.Rational(q.numerator, q.denominator) for q in (c, k))
        expr += c_ * (relu(k_ * x) - relu(-k_ * x))
    f = symact.ActivationFunction(name="odd", expr=expr)
    assert symact.check_linearity(f, budget=None).verdict == "linear"


def _defect(f: symact.ActivationFunction, law: str, w: dict) -> sympy.Expr:
    if law == "additivity":
        return f(w["a"] + w["b"]) - f(w["a"]) - f(w["b"])
    return f(w["x"] * w["a"]) - w["x"] * f(w["a"])


def test_every_catalog_refutation_is_confirmed_by_sympy_evalf_at_60_digits():
    """A second opinion on the certificates: SymPy's own evalf (mpmath), not Arb."""
    for name in symact.names():
        entry = symact.get(name)
        if entry.kind != "elementwise" or name == "linear":
            continue
        if name == "threshold":
            entry = entry.bind(threshold=sympy.Rational(1, 2), default_value=0)
        report = symact.check_linearity(entry)
        assert report.verdict == "nonlinear", name
        for law, result in (("additivity", report.additivity), ("homogeneity", report.homogeneity)):
            assert result.verdict.value == "refuted", (name, law)
            value = sympy.N(_defect(entry, law, result.witness), 60)
            assert value.is_comparable and abs(value) > sympy.Float("1e-40"), (name, law, value)
