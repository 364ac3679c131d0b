"""Stability rewrites applied to an exact expression before it is lowered to NumPy.

Each rule is data: a name, the reason it exists, and a function that rewrites one node (or
returns ``None`` when it does not apply).  Every rewrite is an exact identity, so the
expression keeps its meaning; only the way it will be *evaluated* changes.  The rules are
applied bottom-up until nothing changes (:func:`stabilise`), so a user who types
``log(1 + exp(x))`` gets the same kernel as the catalog's ``softplus``:

>>> from sympy import Symbol, exp, log, erf, sqrt, tanh
>>> x = Symbol("x", real=True)
>>> stabilise(log(1 + exp(x)))
softplus(x)
>>> stabilise(exp(x) - 1)
expm1(x)
>>> stabilise(x / 2 * (1 + erf(x / sqrt(2))))
x*erfc_accurate(-sqrt(2)*x/2)/2
>>> stabilise(1 + tanh(x))
2*sigmoid(2*x)
>>> stabilise(x / 2 + sqrt(x**2 + 4) / 2)
half_hypot_plus(x, 2)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import Add, Expr, Heaviside, Mul, Piecewise, Pow, S, erf, erfc, exp, log, sqrt, tanh
from sympy.codegen.cfunctions import expm1, hypot, log1p

from symact.primitives import erfc_accurate, half_hypot_plus, sigmoid, softplus

__all__ = ["RULES", "Rule", "stabilise"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One exact rewrite of a node, with the numerical reason for it."""

    name: str
    reason: str
    apply: Callable[[Expr], Expr | None]


def _pair_rule(head: type, build: Callable[[Expr, Expr, int], Expr | None]) -> Callable:
    """A rule for ``k + s·k·head(u)`` inside a sum (``s = ±1``): ``build(k, u, s)``."""

    def apply(expr: Expr) -> Expr | None:
        if not isinstance(expr, Add):
            return None
        const, rest = expr.as_coeff_Add()
        if const == 0:
            return None
        for term in Add.make_args(rest):
            k, body = term.as_coeff_Mul()
            if isinstance(body, head) and abs(k) == abs(const):
                sign = 1 if k == const else -1
                new = build(const, body.args[0], sign)  # type: ignore[attr-defined]
                if new is not None:
                    return expr - const - term + new
        return None

    return apply


def _log_rule(expr: Expr) -> Expr | None:
    if not isinstance(expr, log) or not isinstance(expr.args[0], Add):
        return None
    const, rest = expr.args[0].as_coeff_Add()
    if const != 1 or rest.is_number:
        return None
    if isinstance(rest, exp):
        return softplus(rest.args[0])
    return log1p(rest)


def _log_sigmoid(expr: Expr) -> Expr | None:
    if isinstance(expr, log) and isinstance(expr.args[0], sigmoid):
        return -softplus(-expr.args[0].args[0])
    return None


def _logistic(expr: Expr) -> Expr | None:
    """``1/(1 + exp(v))`` → ``sigmoid(-v)``."""
    if not (isinstance(expr, Pow) and expr.exp == -1 and isinstance(expr.base, Add)):
        return None
    const, rest = expr.base.as_coeff_Add()
    if const == 1 and isinstance(rest, exp):
        return sigmoid(-rest.args[0])
    return None


def _exp_logistic(expr: Expr) -> Expr | None:
    """``exp(v)·σ(−v)`` → ``σ(v)`` (``exp(v)/(1 + exp(v))`` after :func:`_logistic`)."""
    if not isinstance(expr, sympy.Mul):
        return None
    factors = list(expr.args)
    for i, e in enumerate(factors):
        if not isinstance(e, exp):
            continue
        for j, g in enumerate(factors):
            if isinstance(g, sigmoid) and sympy.expand(g.args[0] + e.args[0]) == 0:
                rest = [f for k, f in enumerate(factors) if k not in (i, j)]
                return sympy.Mul(*rest, sigmoid(e.args[0]))
    return None


def _sech2(expr: Expr) -> Expr | None:
    """``k - k·tanh(u)²`` → ``4k·σ(2u)·σ(−2u)``."""
    if not isinstance(expr, Add):
        return None
    const, rest = expr.as_coeff_Add()
    for term in Add.make_args(rest):
        k, body = term.as_coeff_Mul()
        square = isinstance(body, Pow) and body.exp == 2
        if const != 0 and k == -const and square and isinstance(body.base, tanh):
            u = body.base.args[0]
            return expr - const - term + 4 * const * sigmoid(2 * u) * sigmoid(-2 * u)
    return None


def _hypot(expr: Expr) -> Expr | None:
    """``sqrt(c·u² + b)^±1`` with ``b, c > 0`` → ``(sqrt(c)·hypot(u, sqrt(b/c)))^±1``."""
    if not (isinstance(expr, Pow) and abs(expr.exp) == S.Half and isinstance(expr.base, Add)):
        return None
    # constants may be irrational (x² + π): as_coeff_Add only splits off rationals
    b = Add(*(t for t in expr.base.args if not t.free_symbols))
    terms = [t for t in expr.base.args if t.free_symbols]
    if len(terms) != 1:
        return None
    c, sq = terms[0].as_independent(*terms[0].free_symbols, as_Add=False)
    if b.is_positive and c.is_positive and isinstance(sq, Pow) and sq.exp == 2:
        return (sqrt(c) * hypot(sq.base, sqrt(b / c))) ** (2 * expr.exp)
    return None


def _erfc_shift(expr: Expr) -> Expr | None:
    """``c + k·erfc(u)`` with ``k = -c/2`` → ``-k·erfc(-u)`` (SymPy's own normal form undone)."""
    if not isinstance(expr, Add):
        return None
    const, rest = expr.as_coeff_Add()
    for term in Add.make_args(rest):
        k, body = term.as_coeff_Mul()
        if const != 0 and k == -const / 2 and isinstance(body, (erfc, erfc_accurate)):
            return expr - const - term - k * erfc_accurate(-body.args[0])
    return None


def _erfc_node(expr: Expr) -> Expr | None:
    return erfc_accurate(expr.args[0]) if isinstance(expr, erfc) else None


def _sign_product(expr: Expr) -> Expr | None:
    """``u·sign(u)`` → ``|u|`` (derivatives of ``|x|`` produce it)."""
    if not isinstance(expr, Mul):
        return None
    for factor in expr.args:
        if isinstance(factor, sympy.sign) and factor.args[0] in expr.args:
            u = factor.args[0]
            return expr / factor / u * sympy.Abs(u)
    return None


def _together(expr: Expr) -> Expr | None:
    """A sum of algebraic fractions over one denominator, so that numerators can cancel."""
    if not isinstance(expr, Add) or expr.atoms(sympy.Function) - expr.atoms(sympy.Abs):
        return None
    if not any(sympy.denom(t).free_symbols for t in expr.args):
        return None
    new = sympy.together(expr)
    return new if sympy.count_ops(new) < sympy.count_ops(expr) else None


def _hypot_plus(expr: Expr) -> Expr | None:
    """``k·u ± k·hypot(±u, c)`` → ``±2k·half_hypot_plus(±u, c)`` (no cancellation for u ≪ 0);
    ``k·hypot(u, c) − k·|u|`` → ``2k·half_hypot_plus(−|u|, c)``."""
    if not isinstance(expr, Add):
        return None
    terms = Add.make_args(expr)
    for term in terms:
        k, body = term.as_coeff_Mul()
        if not isinstance(body, hypot):
            continue
        u, c = body.args
        for other in terms:
            if other == k * u:
                return expr - term - other + 2 * k * half_hypot_plus(u, c)
            if other == -k * u:
                return expr - term - other + 2 * k * half_hypot_plus(-u, c)
            if other == -k * sympy.Abs(u):  # hypot(u, c) − |u| = c²/(hypot(u, c) + |u|)
                return expr - term - other + 2 * k * half_hypot_plus(-sympy.Abs(u), c)
    return None


def _ratio_plus(expr: Expr) -> Expr | None:
    """``k ± k·u/hypot(u, c)`` → ``2k·half_hypot_plus(±u, c)/hypot(u, c)``."""
    if not isinstance(expr, Add):
        return None
    const, rest = expr.as_coeff_Add()
    if const == 0:
        return None
    for term in Add.make_args(rest):
        k, body = term.as_coeff_Mul()
        if abs(k) != abs(const) or not isinstance(body, Mul):
            continue
        for factor in body.args:
            if isinstance(factor, Pow) and factor.exp == -1 and isinstance(factor.base, hypot):
                u, c = factor.base.args
                if body / factor == u:
                    sign = 1 if k == const else -1
                    new = 2 * const * half_hypot_plus(sign * u, c) / factor.base
                    return expr - const - term + new
    return None


def _heaviside(expr: Expr) -> Expr | None:
    if isinstance(expr, Heaviside):
        u = expr.args[0]
        half = expr.args[1] if len(expr.args) > 1 else S.Half
        return Piecewise((0, u < 0), (half, sympy.Eq(u, 0)), (1, True))
    return None


def _exp_product(expr: Expr) -> Expr | None:
    """``exp(a)·exp(b)·r → exp(a + b)·r``."""
    if not isinstance(expr, Mul):
        return None
    exps = [f for f in expr.args if isinstance(f, exp)]
    if len(exps) < 2:
        return None
    rest = [f for f in expr.args if not isinstance(f, exp)]
    return Mul(*rest, exp(sympy.expand(Add(*(e.args[0] for e in exps)))))


def _like_terms(expr: Expr) -> Expr | None:
    """``c₁·g + c₂·g + … → (c₁ + c₂)·g`` for a non-constant ``g`` and constants ``cᵢ``
    (SymPy merges rational coefficients itself, not ``2·g − √2·g``)."""
    if not isinstance(expr, Add):
        return None
    groups: dict[Expr, list[Expr]] = {}
    for term in expr.args:
        coeff, body = term.as_independent(*expr.free_symbols, as_Add=False)
        groups.setdefault(body, []).append(coeff)
    if all(len(c) == 1 for c in groups.values()):
        return None
    return Add(*(Add(*coeffs) * body for body, coeffs in groups.items()))


def _common_sigmoid(expr: Expr) -> Expr | None:
    """``σ(u)·a + σ(u)·b + … → σ(u)·(a + b + …)`` when every term has the factor ``σ(u)``."""
    if not isinstance(expr, Add):
        return None
    shared = None
    for term in expr.args:
        factors = {f for f in Mul.make_args(term) if isinstance(f, sigmoid)}
        shared = factors if shared is None else shared & factors
        if not shared:
            return None
    g = sorted(shared, key=sympy.default_sort_key)[0]  # type: ignore[arg-type]
    return g * Add(*(t / g for t in expr.args))


RULES: tuple[Rule, ...] = (
    Rule(
        "softplus",
        "log(1 + exp(u)) overflows for u > 709 and loses all digits for u < -37; "
        "softplus is lowered as max(u, 0) + log1p(exp(-|u|))",
        _log_rule,
    ),
    Rule("log_sigmoid", "log(σ(u)) underflows to log(0); it equals -softplus(-u)", _log_sigmoid),
    Rule("logistic", "1/(1 + exp(v)) overflows in exp for v > 709; it is σ(-v)", _logistic),
    Rule(
        "exp_logistic",
        "exp(v)·σ(-v) is inf·0 for v > 709 (11356 in long double); it equals σ(v)",
        _exp_logistic,
    ),
    Rule(
        "expm1",
        "exp(u) - 1 cancels for |u| ≪ 1",
        _pair_rule(exp, lambda k, u, s: -k * expm1(u) if s == -1 else None),
    ),
    Rule(
        "tanh_to_sigmoid",
        "1 ± tanh(u) cancels when tanh(u) → ∓1; it equals 2σ(±2u)",
        _pair_rule(tanh, lambda k, u, s: 2 * k * sigmoid(2 * s * u)),
    ),
    Rule(
        "erf_to_erfc",
        "1 ± erf(u) cancels when erf(u) → ∓1 (GELU for x ≪ 0); it equals erfc(∓u)",
        _pair_rule(erf, lambda k, u, s: k * erfc_accurate(-s * u)),
    ),
    Rule(
        "erfc_shift",
        "c - (c/2)·erfc(u) cancels for u ≫ 0; it equals (c/2)·erfc(-u)",
        _erfc_shift,
    ),
    Rule("erfc", "SciPy's erfc loses u²·ε in the tail: use erfcx with u² split", _erfc_node),
    Rule("sign_product", "u·sign(u) is |u|; keeping it hides cancellations", _sign_product),
    Rule("together", "algebraic fractions over one denominator cancel exactly", _together),
    Rule(
        "one_minus_sigmoid",
        "1 - σ(u) cancels for u ≫ 0; it equals σ(-u)",
        _pair_rule(sigmoid, lambda k, u, s: k * sigmoid(-u) if s == -1 else None),
    ),
    Rule("sech2", "1 - tanh(u)² cancels for |u| ≫ 0; it equals 4σ(2u)σ(-2u)", _sech2),
    Rule("hypot", "sqrt(u² + b) overflows in u² for |u| > 1e154", _hypot),
    Rule(
        "hypot_plus",
        "u + sqrt(u² + c²) cancels for u ≪ 0 (sqrt(u² + c²) - |u| for all large |u|); "
        "it equals c²/(sqrt(u² + c²) - u)",
        _hypot_plus,
    ),
    Rule("hypot_ratio", "1 + u/sqrt(u² + c²) cancels for u ≪ 0", _ratio_plus),
    Rule("heaviside", "Heaviside is lowered through its pieces", _heaviside),
    Rule(
        "exp_product",
        "exp(a)·exp(b) is inf·0 = NaN where one overflows and the other underflows "
        "(exp(2x)·exp(-x-π) at x = -1e5); it equals exp(a + b)",
        _exp_product,
    ),
    Rule(
        "common_sigmoid",
        "a·σ(u) + b·σ(u) rounds σ(u) and both products, and the sum may cross a binade "
        "(tanh-GELU' for x ≪ 0); it equals σ(u)·(a + b)",
        _common_sigmoid,
    ),
    Rule(
        "like_terms",
        "c₁·g + c₂·g is inf − inf = NaN where g overflows (2e^{-x} - √2·e^{-x}); "
        "it equals (c₁ + c₂)·g",
        _like_terms,
    ),
)


def stabilise(expr: Expr, rules: tuple[Rule, ...] = RULES) -> Expr:
    """Apply ``rules`` bottom-up until no rule changes the expression."""
    if not isinstance(expr, sympy.Basic) or not expr.args:
        return expr
    args = tuple(stabilise(a, rules) for a in expr.args)
    node = expr.func(*args) if args != expr.args else expr
    for _ in range(50):
        for rule in rules:
            new = rule.apply(node) if isinstance(node, Expr) else None
            if new is not None and new != node:
                node = stabilise(new, rules) if new.args else new
                break
        else:
            return node
    return node
