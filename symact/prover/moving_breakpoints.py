r"""One parameter inside the breakpoints: the law's truth set by parameter cells.

For a piecewise-affine activation whose breakpoints move with one parameter :math:`s`
(``hard_shrink`` with symbolic ``threshold``, ``relu`` with symbolic ``max_value``), the
parameter line is cut at the *critical values* where a breakpoint meets another one, 0 or
:math:`\pm 1` (the points the law's model uses), where a slope of a case condition vanishes,
or where a parameter condition changes.  At a critical value the parameter is bound and the
law decided as usual.  On an open interval :math:`J` between them the ordering of everything
is fixed, so the cells of :math:`f(\cdot, s)` are one symbolic family (built with the
normaliser's :func:`~symact.prover.piecewise.oracle` at a sample of :math:`J`), and the
one-dimensional characterisation holds at :math:`s \in J` exactly when every coefficient of
:math:`f - \text{model}` on every cell vanishes at :math:`s`: either identically (the law holds
on all of :math:`J`) or at the finitely many common real roots, each decided by binding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise, product

import sympy
from sympy import Abs, Expr, Heaviside, Max, Min, Piecewise, Rational, Symbol, sign
from sympy.core.relational import Relational

from symact.activations.function import ActivationFunction
from symact.errors import SymactError
from symact.prover.build_results import statement_step
from symact.prover.certify import certify_sign
from symact.prover.constants import constant_sign
from symact.prover.fixed_params import decide
from symact.prover.laws import Law, T
from symact.prover.onedim import F, model
from symact.prover.piecewise import NotNormalisable, affine_parts, normalise, oracle
from symact.prover.results import Method, Proof, Refutation, Result, Step, Undecided, Verdict
from symact.prover.roots import (
    UncertainRoots,
    holds_at,
    real_roots,
    sorted_distinct,
)
from symact.prover.witness import candidates

__all__ = [
    "coefficients",
    "critical_values",
    "decide_moving",
    "moves_breakpoints",
    "pieces",
    "refutation_at",
    "truth_set",
]

MAX_BRANCHES = 256


def _branches(expr: Expr) -> Iterator[Expr]:
    """Every kink-free expression obtained by choosing one branch of each case split."""
    kinks = [k for k in sympy.preorder_traversal(expr) if isinstance(k, _KINK_TYPES)]
    if not kinks:
        yield expr
        return
    node = kinks[0]
    for branch in _node_branches(node):
        yield from _branches(expr.xreplace({node: branch}))


_KINK_TYPES = (Piecewise, Max, Min, Abs, sign, Heaviside)


def _node_branches(node: Expr) -> list[Expr]:
    if isinstance(node, Piecewise):
        return [e for e, _ in node.args]
    if isinstance(node, (Max, Min)):
        return list(node.args)
    if isinstance(node, Abs):
        return [node.args[0], -node.args[0]]
    if isinstance(node, sign):
        return [sympy.Integer(v) for v in (-1, 0, 1)]
    at_zero = node.args[1] if len(node.args) > 1 else Rational(1, 2)
    return [sympy.Integer(0), at_zero, sympy.Integer(1)]


def _switches(expr: Expr) -> list[Expr]:
    """Expressions whose sign decides a case: condition sides and kink arguments."""
    out: list[Expr] = [r.lhs - r.rhs for r in expr.atoms(Relational)]
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (Abs, sign, Heaviside)):
            out.append(node.args[0])
        elif isinstance(node, (Max, Min)):
            out += [u - v for u, v in product(node.args, repeat=2) if u != v]
    return out


def _roots(value: Expr, s: Symbol) -> list[Expr]:
    """Certified real roots of the numerator of a rational function of ``s`` (none when it
    is certified to be the zero polynomial; :class:`UncertainRoots` when it is unclear)."""
    num, _ = sympy.fraction(sympy.together(value))
    if not num.has(s):
        return []
    if not num.is_polynomial(s):
        msg = f"{value} is not a rational function of {s}"
        raise SymactError(msg)
    return real_roots(num, s) or []


def _identically_zero(value: Expr) -> bool:
    """Whether the rational function ``value`` of the parameters is certified to be 0 for
    every value; False when a coefficient is certified non-zero; :class:`UncertainRoots`
    otherwise (SymPy's three-valued ``is_zero`` is not used)."""
    num, _ = sympy.fraction(sympy.together(value))
    symbols = sorted(num.free_symbols, key=str)
    if symbols and not num.is_polynomial(*symbols):
        msg = f"{value} is not a rational function of {', '.join(map(str, symbols))}"
        raise SymactError(msg)
    coeffs = sympy.Poly(num, *symbols).coeffs() if symbols else [num]
    signs = [constant_sign(c) for c in coeffs]
    if any(sign not in (0, None) for sign in signs):
        return False
    if None in signs:
        msg = f"cannot tell whether {value} is 0"
        raise UncertainRoots(msg)
    return True


def critical_values(f: ActivationFunction, s: Symbol, valid: sympy.Basic) -> list[Expr]:
    """The parameter values where the cell structure of ``f`` may change (sorted)."""
    points: set[Expr] = {sympy.Integer(v) for v in (-1, 0, 1)}
    breaks: list[Expr] = []
    values: list[Expr] = []
    for switch in _switches(f.expr):
        for count, branch in enumerate(_branches(switch)):
            if count > MAX_BRANCHES:
                msg = f"too many case combinations in {switch}"
                raise SymactError(msg)
            parts = affine_parts(sympy.expand(branch), f.x)
            if parts is None:
                msg = f"{branch} is not affine in {f.x}"
                raise SymactError(msg)
            p, q = parts
            values += [p, q] if p == 0 else [p]
            if p != 0:
                breaks.append(-q / p)
    values += [b - c for b in breaks for c in [*breaks, *points] if b != c]
    values += [r.lhs - r.rhs for r in valid.atoms(Relational)]
    return sorted_distinct(r for v in values if v.has(s) for r in _roots(v, s))


Piece = tuple[sympy.Basic, Expr, Expr | None, Expr | None]  # condition, sample, lo, hi


def pieces(critical: list[Expr], s: Symbol) -> Iterator[Piece]:
    """The cells of the parameter line: each critical point (``lo == hi``) and each open
    interval between them, with an exact sample inside."""
    if not critical:
        yield sympy.true, sympy.Integer(0), None, None
        return
    yield s < critical[0], critical[0] - 1, None, critical[0]
    for lo, hi in pairwise(critical):
        yield sympy.Eq(s, lo), lo, lo, lo
        yield sympy.And(s > lo, s < hi), _rational_between(lo, hi), lo, hi
    yield sympy.Eq(s, critical[-1]), critical[-1], critical[-1], critical[-1]
    yield s > critical[-1], critical[-1] + 1, critical[-1], None


def _inside(value: Expr, lo: Expr | None, hi: Expr | None) -> bool:
    """Whether ``lo < value < hi``, by certified signs (never by floating point)."""
    for gap in (value - lo if lo is not None else None, hi - value if hi is not None else None):
        if gap is None:
            continue
        verdict = certify_sign(gap)
        if verdict is None:
            msg = f"cannot place {value} relative to the critical values {lo}, {hi}"
            raise SymactError(msg)
        if verdict <= 0:
            return False
    return True


def _rational_between(lo: Expr, hi: Expr) -> Rational:
    mid = (lo + hi) / 2
    sample = mid if mid.is_Rational else sympy.nsimplify(mid.evalf(30), rational=True)
    if not _inside(sample, lo, hi):
        msg = f"no rational sample found between {lo} and {hi}"
        raise SymactError(msg)
    return sample


def _vanishes(value: Expr) -> bool:
    """Whether the closed constant ``value`` is 0: proved zero or certified non-zero."""
    sign = constant_sign(value)
    if sign is None:
        msg = f"cannot decide whether {value} is 0"
        raise SymactError(msg)
    return sign == 0


def coefficients(f: ActivationFunction, law: Law, sample: dict[Symbol, Expr]) -> list[Expr]:
    """Coefficients (functions of s) of f - model on every cell, valid on the sample's cell."""
    with oracle(sample):
        cells = normalise(f.expr.xreplace({f.x: T}), T, merge=False)
        target = model(law, cells)
        points = [*cells.points, *target.points]
        mine, theirs = cells.refine(points), target.refine(points)
    out = []
    for have, want in zip(mine.exprs, theirs.exprs, strict=True):
        parts = affine_parts(sympy.expand(have - want), T)
        if parts is None:
            msg = f"a piece {have} is not affine in t"
            raise SymactError(msg)
        out += [c for c in parts if not _identically_zero(c)]
    return out


def truth_set(
    f: ActivationFunction, law: Law, s: Symbol, valid: sympy.Basic, deadline: float | None
) -> tuple[sympy.Basic, bool] | None:
    """The set of parameter values where ``law`` holds, as a condition on ``s``, and whether
    it holds on every admissible piece of the parameter line; None when some piece cannot
    be decided."""
    try:
        critical = critical_values(f, s, valid)
    except (SymactError, NotImplementedError):
        return None
    holds: list[sympy.Basic] = []
    everywhere = True
    for piece in pieces(critical, s):
        admissible = holds_at(valid, {s: piece[1]})
        if admissible is None:
            return None
        if not admissible:
            continue
        try:
            found = _decide_piece(f, law, s, piece, deadline)
        except (SymactError, NotNormalisable):
            return None
        if found is None:
            return None
        everywhere = everywhere and found == [piece[0]]
        holds += found
    return sympy.Or(*holds), everywhere


def _decide_piece(
    f: ActivationFunction, law: Law, s: Symbol, piece: Piece, deadline: float | None
) -> list[sympy.Basic] | None:
    """Where ``law`` holds inside one cell of the parameter line (None: undecidable)."""
    cond, value, lo, hi = piece
    if lo is not None and lo == hi:
        verdict = _bound(f, law, s, value, deadline)
        return None if verdict is None else [cond] if verdict else []
    coeffs = coefficients(f, law, {s: value})
    if not coeffs:
        return [cond]
    out = []
    for r in _roots(coeffs[0], s):
        if not _inside(r, lo, hi) or not all(_vanishes(c.subs(s, r)) for c in coeffs):
            continue
        verdict = _bound(f, law, s, r, deadline)
        if verdict is None:
            return None
        if verdict:
            out.append(sympy.Eq(s, r))
    return out


def _bound(
    f: ActivationFunction, law: Law, s: Symbol, value: Expr, deadline: float | None
) -> bool | None:
    bound = ActivationFunction(name=f"{f.name}[{s}={value}]", expr=f.expr.subs(s, value))
    result = decide(bound, law, deadline)
    return None if result.verdict is Verdict.UNDECIDED else result.verdict is Verdict.PROVED


def moves_breakpoints(f: ActivationFunction, s: Symbol) -> bool:
    """Whether ``s`` occurs in a case condition or kink argument of ``f``."""
    return any(sw.has(s) for sw in _switches(f.expr))


def decide_moving(
    f: ActivationFunction, law: Law, s: Symbol, valid: sympy.Basic, deadline: float | None
) -> Result:
    """The law for ``f`` whose breakpoints move with ``s``: condition and a certified witness
    at a parameter value where it fails (see the module docstring)."""
    found = truth_set(f, law, s, valid, deadline)
    if found is None:
        reason = f"the breakpoints move with {s} in a way the parameter cells cannot follow"
        return Undecided(
            law=law, activation=f.name, reason=f"{reason}; bind {s}", method=Method.SYMBOLIC
        )
    condition, everywhere = found
    fails = sympy.And(valid, sympy.Not(condition))
    if everywhere and _holds_at_samples(f, law, s, valid, deadline):
        step = Step(law.statement(F), "iff", condition, f"parameter cells of {s}")
        return Proof(
            law=law, activation=f.name, steps=(step,), condition=sympy.true, method=Method.SYMBOLIC
        )
    for value in _failing_values(s, f, fails):
        bound = ActivationFunction(name=f.name, expr=f.expr.subs(s, value))
        result = decide(bound, law, deadline)
        if isinstance(result, Refutation):
            return refutation_at(result, law, {s: value}, condition)
    reason = f"could not certify a witness where the law fails ({fails})"
    return Undecided(law=law, activation=f.name, reason=reason, method=Method.SYMBOLIC)


def refutation_at(
    result: Refutation, law: Law, assignment: dict[Symbol, Expr], condition: sympy.Basic
) -> Refutation:
    """The numeric refutation at the parameter values ``assignment``, restated for the
    symbolic parameters (cases and families pinned to those values)."""
    at = sympy.And(*(sympy.Eq(k, v) for k, v in assignment.items()))
    names = ", ".join(str(k) for k in assignment)
    shown = ", ".join(f"{k} = {v}" for k, v in assignment.items())
    why_cut = (
        f"split the values of {names} at the critical values of the breakpoints; on each "
        "piece the cells of f are fixed and the law is an identity in their coefficients"
    )
    steps = (
        statement_step(law),
        Step.holds(why_cut, "pieces"),
        Step.holds(f"take {shown}, where the law fails", case=at),
        *(
            replace(st, case=sympy.And(at, st.case) if st.case is not None else at)
            for st in result.steps[1:]
            if st.relation in ("=", "!=")
        ),
        Step(law.statement(F), "iff", condition, "for every admissible value of the parameters"),
    )

    def pinned(family: sympy.Basic | None) -> sympy.Basic | None:
        return None if family is None else sympy.And(at, family)

    return replace(
        result,
        steps=steps,
        condition=condition,
        family=pinned(result.family),
        region=pinned(result.region),
        params=tuple((k.name, k) for k in assignment),
        method=Method.SYMBOLIC,
    )


def _holds_at_samples(
    f: ActivationFunction, law: Law, s: Symbol, valid: sympy.Basic, deadline: float | None
) -> bool:
    """Corroborate "holds for every admissible value" by binding a few admissible values."""
    values = [v for v in candidates(12) if valid.subs(s, v) is sympy.true][:3]
    return bool(values) and all(_bound(f, law, s, v, deadline) for v in values)


def _failing_values(s: Symbol, f: ActivationFunction, fails: sympy.Basic) -> Iterator[Expr]:
    default = next((p.default for p in f.specs if p.symbol == s), None)
    seen = [default] if isinstance(default, Expr) else []
    for value in [*seen, *candidates(40)]:
        if fails.subs(s, value) is sympy.true:
            yield value
