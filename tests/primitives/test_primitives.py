"""The primitives table is complete: every node the parser accepts has every backend.

Each backend is run, not just looked up: the parser builds the node, NumPy evaluates it
within the 4-ulp contract of an mpmath reference at 50 digits, Arb encloses it, the exact
rules give its rational value at 0 (checked against SymPy's own evaluation), and its range
and saturation facts agree with mpmath.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy
from sympy import Integer, Rational

from symact.activations.function import X
from symact.activations.parse import parse
from symact.numeric import kernels, lambdify
from symact.primitives import BY_NAME, PRIMITIVES, Primitive, parser_names, sigmoid, softplus
from symact.prover.arb import enclose
from symact.prover.exact import exact_rational


def _name(p: Primitive) -> str:
    return p.name


ACCEPTED = sorted({p.name for p in parser_names().values()})
POINTS = (-2.2, -0.6, 0.3, 1.7, 2.5)


def _args(p: Primitive, u: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """One argument, or two for the nodes that need two (the second a constant)."""
    return (u,) if p.arity[0] == 1 else (u, Rational(1, 2))


def _elementary(expr: sympy.Expr) -> sympy.Expr:
    """symact's named nodes written out, so that no symact code computes the reference."""
    expr = expr.replace(sigmoid, lambda u: 1 / (1 + sympy.exp(-u)))
    return expr.replace(softplus, lambda u: sympy.log(1 + sympy.exp(u)))


def _reference(expr: sympy.Expr, at: float) -> mpmath.mpf:
    """``expr`` at the float ``at`` by SymPy's evalf at 50 digits (independent of symact)."""
    value = _elementary(expr).xreplace({X: sympy.Float(at, 60)}).evalf(50)
    return mpmath.mpf(sympy.Float(value, 50)._mpf_)


def test_every_parser_spelling_builds_the_record_node() -> None:
    for spelling, p in parser_names().items():
        text = f"{spelling}(x**2 + 1)" if p.name.startswith("log") else f"{spelling}(x)"
        if p.arity[0] == 2 or p.arity[1] is None:
            text = f"{spelling}(x, 1/2)"
        built = parse(text).expr
        assert built.has(p.node) or p.name in ("log1p", "expm1"), (spelling, built)


@pytest.mark.parametrize("name", ACCEPTED)
def test_numpy_lowering_matches_mpmath(name: str) -> None:
    p = BY_NAME[name]
    u = X**2 + Rational(1, 4) if name in ("log", "log1p") else X
    expr = p.build(*_args(p, u))
    f = lambdify(expr)
    got = f(np.array(POINTS))
    for at, value in zip(POINTS, got, strict=True):
        ref = float(_reference(expr, at))
        assert abs(value - ref) <= 4 * math.ulp(ref) + 1e-300, (name, at, value, ref)


@pytest.mark.parametrize("name", ACCEPTED)
def test_arb_encloses_the_reference(name: str) -> None:
    p = BY_NAME[name]
    point = Rational(3, 4)
    with sympy.evaluate(False):  # Abs(3/4), Max(3/4, 1/2), ... reach the ball handlers
        node = p.build(*_args(p, point))
    ball = enclose(node, 128)
    ref = _reference(p.build(*_args(p, X)), 0.75)
    assert abs(float(ball.mid()) - float(ref)) <= 1e-15 * max(1.0, abs(float(ref)))
    assert float(ball.rad()) < 1e-30


@pytest.mark.parametrize("p", [p for p in PRIMITIVES if p.mpmath], ids=_name)
def test_mpmath_reference_matches_sympy(p: Primitive) -> None:
    with mpmath.workdps(50):
        for at in [abs(a) for a in POINTS] if p.name == "log" else POINTS:
            ref = _reference(p.node(X), at)
            assert mpmath.almosteq(p.mpmath(mpmath.mpf(at)), ref, rel_eps=mpmath.mpf(10) ** -45)


@pytest.mark.parametrize(
    "p", [p for p in PRIMITIVES if p.at_zero is not None], ids=lambda p: p.name
)
def test_exact_value_at_zero(p: Primitive) -> None:
    assert p.node(Integer(0)) == p.at_zero  # SymPy's own evaluation
    with sympy.evaluate(False):
        unevaluated = p.node(Integer(0))
    assert exact_rational(unevaluated) == p.at_zero


@pytest.mark.parametrize("p", [p for p in PRIMITIVES if p.range], ids=_name)
def test_range_map_reaches_the_limits(p: Primitive) -> None:
    q = sympy.Dummy("q", positive=True)
    image = p.range(q)
    ends = {float(sympy.limit(image, q, 0, "+")), float(sympy.limit(image, q, sympy.oo))}
    with mpmath.workdps(30):
        limits = {float(p.mpmath(mpmath.mpf(s) * 10**20)) for s in (-1, 1)}
    assert sorted(ends) == pytest.approx(sorted(limits), abs=1e-15)


@pytest.mark.parametrize("p", [p for p in PRIMITIVES if p.beyond], ids=_name)
def test_value_beyond_the_exponent_range(p: Primitive) -> None:
    with mpmath.workdps(30):
        for u in (mpmath.mpf(-25_000), mpmath.mpf(25_000)):
            value, beyond = p.mpmath(u), p.beyond(u)
            if mpmath.isinf(beyond):
                assert abs(value) > mpmath.mpf(10) ** 4933
                assert mpmath.sign(value) == mpmath.sign(beyond)
            else:
                assert abs(value - beyond) <= mpmath.mpf(10) ** -30 * max(1, abs(beyond))


def test_sensitive_primitives_have_their_kernels() -> None:
    for p in PRIMITIVES:
        if p.sensitive:
            assert callable(getattr(kernels, p.name))
            assert p.name in kernels.REFINED and p.name in kernels.SENSITIVE


def test_saturating_primitives_are_constant_beyond_the_bound() -> None:
    from symact.numeric.refine import SATURATION

    for p in PRIMITIVES:
        if p.saturates and p.build is not None:
            f = lambdify(p.build(X))
            for side in (-1.0, 1.0):
                far = f(np.array([side * SATURATION, side * 4 * SATURATION]))
                assert far[0] == far[1], p.name


def _symact_imports(folder: str) -> dict[str, set[str]]:
    """The symact modules each file of ``symact/<folder>`` imports (anywhere in the file)."""
    import ast
    from pathlib import Path

    found: dict[str, set[str]] = {}
    for path in (Path(__file__).resolve().parents[2] / "symact" / folder).glob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[path.name] = {n for n in names if n.startswith("symact")}
    return found


def test_primitives_are_a_leaf_and_numeric_does_not_import_activations() -> None:
    for name, modules in _symact_imports("primitives").items():
        assert all(m.startswith("symact.primitives") for m in modules), (name, modules)
    for name, modules in _symact_imports("numeric").items():
        outside = {m for m in modules if not m.startswith(("symact.numeric", "symact.primitives"))}
        assert outside <= {"symact.errors", "symact.version", "symact"}, (name, outside)
