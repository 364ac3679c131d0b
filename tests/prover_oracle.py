"""An exact oracle for the prover's verdicts, and random generators of hard inputs.

The oracle never calls the prover: it evaluates ``f.expr`` with SymPy at exact rational points
(SymPy decides comparisons between rationals exactly) on a dense grid that contains every
rational constant of the expression, points just beside each one, the interior of every gap
and far-out points.  ``f`` is linear on the grid iff ``f(t) = f(1)·t`` at every grid point.
Generators take a ``random.Random`` and build the kinds of input of issue 9.
"""

from __future__ import annotations

import itertools
import os
import random
from fractions import Fraction

import sympy
from sympy import Contains, FiniteSet, Interval, Max, Piecewise, Rational, Union

import symact
from symact import ActivationFunction
from symact import X as x

#: Size of the random sweeps: ``SYMACT_PROVER_SWEEP`` (default small, for the test run).
SWEEP = int(os.environ.get("SYMACT_PROVER_SWEEP", "12"))
#: Largest number of breakpoints of the random piecewise-affine functions.
PL_SIZE = int(os.environ.get("SYMACT_PL_SIZE", "60"))


def value(f: ActivationFunction, t: Rational) -> sympy.Expr:
    """``f(t)`` by an evaluator of its own (exact :class:`~fractions.Fraction` arithmetic
    over the expression tree; SymPy's ``subs`` for nodes it does not know)."""
    q = Fraction(int(t.p), int(t.q))
    try:
        out = _eval(f.expr, f.x, q)
    except _Unknown:
        return f.expr.subs(f.x, t)
    return Rational(out.numerator, out.denominator)


class _Unknown(Exception):
    pass


def _eval(e: sympy.Basic, var: sympy.Symbol, t: Fraction) -> Fraction:
    if e == var:
        return t
    if isinstance(e, sympy.Rational):
        return Fraction(int(e.p), int(e.q))
    if isinstance(e, sympy.Add | sympy.Mul):
        vals = [_eval(a, var, t) for a in e.args]
        out = vals[0]
        for v in vals[1:]:
            out = out + v if isinstance(e, sympy.Add) else out * v
        return out
    if isinstance(e, sympy.Pow) and e.exp.is_Integer and int(e.exp) > 0:
        return _eval(e.base, var, t) ** int(e.exp)
    if isinstance(e, sympy.Max | sympy.Min):
        vals = [_eval(a, var, t) for a in e.args]
        return max(vals) if isinstance(e, sympy.Max) else min(vals)
    if isinstance(e, sympy.Abs):
        return abs(_eval(e.args[0], var, t))
    if isinstance(e, sympy.Piecewise):
        for branch, cond in e.args:
            if _holds(cond, var, t):
                return _eval(branch, var, t)
    raise _Unknown


def _holds(c: sympy.Basic, var: sympy.Symbol, t: Fraction) -> bool:
    if c in (sympy.true, sympy.false):
        return bool(c)
    ops = {
        sympy.StrictLessThan: lambda u, v: u < v,
        sympy.LessThan: lambda u, v: u <= v,
        sympy.StrictGreaterThan: lambda u, v: u > v,
        sympy.GreaterThan: lambda u, v: u >= v,
        sympy.Equality: lambda u, v: u == v,
        sympy.Unequality: lambda u, v: u != v,
    }
    if type(c) in ops:
        return ops[type(c)](_eval(c.lhs, var, t), _eval(c.rhs, var, t))
    if isinstance(c, sympy.And):
        return all(_holds(a, var, t) for a in c.args)
    if isinstance(c, sympy.Or):
        return any(_holds(a, var, t) for a in c.args)
    if isinstance(c, sympy.Not):
        return not _holds(c.args[0], var, t)
    if isinstance(c, sympy.Contains):
        member = c.args[1].contains(Rational(t.numerator, t.denominator))
        if member in (sympy.true, sympy.false) and c.args[0] == var:
            return bool(member)
    raise _Unknown


def grid(f: ActivationFunction) -> list[Rational]:
    """Exact points: the expression's rationals, beside and between them, a dense lattice."""
    consts = {r for r in f.expr.atoms(sympy.Rational) if abs(r) < 10**6}
    consts |= {-r for r in consts}
    consts |= {Rational(k) for k in range(-3, 4)}
    near = {c + d for c in consts for d in (0, Rational(1, 997), -Rational(1, 997))}
    ordered = sorted(near)
    near |= {(a + b) / 2 for a, b in itertools.pairwise(ordered)}
    near |= {Rational(k, 12) for k in range(-60, 61)}
    near |= {Rational(10**k) * s for k in range(1, 7) for s in (1, -1)}
    return sorted(near)


def oracle_linear(f: ActivationFunction) -> bool | None:
    """True when ``f(t) = f(1)·t`` at every grid point, False when one point violates it,
    None when a value is not a rational number (the oracle cannot tell exactly)."""
    one = value(f, Rational(1))
    if not one.is_Rational:
        return None
    for t in grid(f):
        v = value(f, t)
        if not v.is_Rational:
            return None
        if v != one * t:
            return False
    return True


def violates(f: ActivationFunction, law: str, witness: dict[str, sympy.Expr]) -> bool:
    """Whether the rational witness really violates the law, by exact evaluation of
    ``f.expr`` (the gap is then a rational number)."""
    assert all(v.is_Rational for v in witness.values()), witness
    if law == "additivity":
        a, b = witness["a"], witness["b"]
        gap = value(f, a + b) - value(f, a) - value(f, b)
    else:
        s, a = witness["x"], witness["a"]
        gap = value(f, s * a) - s * value(f, a)
    assert gap.is_Rational, gap
    return gap != 0


def _q(rng: random.Random, size: int = 6) -> Rational:
    return Rational(rng.randint(-size, size), rng.choice((1, 1, 2, 3, 4)))


def random_pl(rng: random.Random, breakpoints: int, *, linear: bool = False) -> ActivationFunction:
    """``s·x + Σ cᵢ·relu(x - pᵢ)`` (or with ``Σ cᵢ = 0`` pairs cancelling when ``linear``)."""
    points = rng.sample(range(-40 * breakpoints - 40, 40 * breakpoints + 40), breakpoints)
    terms = [_q(rng) * x]
    for p in points:
        c = _q(rng, 9) or Rational(1)
        kink = Max(x - Rational(p, 7), 0)
        terms.append(c * kink)
        if linear:
            terms.append(-c * kink)
    if linear:
        return ActivationFunction(name="pl", expr=sympy.Add(*terms))
    if rng.random() < 0.3:  # a point defect or a jump
        p = Rational(rng.choice(points), 7)
        terms.append(Piecewise((_q(rng) or 1, sympy.Eq(x, p)), (0, True)))
    return ActivationFunction(name="pl", expr=sympy.Add(*terms))


def random_condition(rng: random.Random) -> sympy.Basic:
    """A condition that is not one comparison: set membership, Eq/Ne points, unions."""
    a = _q(rng)
    kind = rng.randrange(6)
    if kind == 0:
        return Contains(x, Interval(a, a + rng.randint(1, 4)))
    if kind == 1:
        return Contains(x, FiniteSet(a, _q(rng)))
    if kind == 2:
        return Contains(x, Union(Interval.open(a, a + 1), FiniteSet(a + 3)))
    if kind == 3:
        return sympy.Eq(x, a)
    if kind == 4:
        return sympy.Ne(x, a)
    return sympy.Or(x < a, sympy.And(x > a + 2, sympy.Ne(x, a + 3)))


def random_non_relational(rng: random.Random) -> ActivationFunction:
    """A case split on a non-relational condition between two affine branches."""
    slope = _q(rng) or Rational(1)
    other = slope if rng.random() < 0.3 else _q(rng)
    offset = 0 if rng.random() < 0.6 else _q(rng)
    expr = Piecewise((other * x + offset, random_condition(rng)), (slope * x, True))
    return ActivationFunction(name="cond", expr=expr)


DISGUISED_ZEROS = (
    sympy.log(6) - sympy.log(2) - sympy.log(3),
    sympy.sqrt(2) * sympy.sqrt(8) - 4,
    sympy.sin(sympy.pi / 6) - Rational(1, 2),
    sympy.log(8) - 3 * sympy.log(2),
    (sympy.sqrt(3) - 1) * (sympy.sqrt(3) + 1) - 2,
)
DISGUISED_NONZEROS = (
    sympy.log(6) - sympy.log(2) - sympy.log(3) + Rational(1, 10**30),
    sympy.sqrt(2) - Rational(1414213562373095, 10**15),
    sympy.pi - Rational(355, 113),
)


def random_disguised(rng: random.Random) -> tuple[ActivationFunction, bool]:
    """``where(x > b, x, (1 + z)·x)`` with ``z`` exactly 0 (linear) or a tiny non-zero."""
    zero = rng.random() < 0.6
    z = rng.choice(DISGUISED_ZEROS if zero else DISGUISED_NONZEROS)
    b = _q(rng)
    expr = Piecewise((x, x > b), ((1 + z) * x, True))
    return ActivationFunction(name="disguised", expr=expr), zero


STAGES = ("relu", "relu6", "hard_tanh", "leaky_relu", "linear", "hard_sigmoid", "hard_shrink")


def random_chain(rng: random.Random, depth: int) -> ActivationFunction:
    """A composition chain of piecewise-affine catalog activations and linear maps."""
    out = symact.parse(f"{rng.choice((2, -3, '1/2'))}*x", name="lin")
    for _ in range(depth):
        if rng.random() < 0.5:
            stage = symact.parse(f"{rng.choice((2, -1, '3/2'))}*x", name="lin")
        else:
            stage = symact.get(rng.choice(STAGES))
        out = stage.compose(out)
    return out


__all__ = [
    "DISGUISED_NONZEROS",
    "DISGUISED_ZEROS",
    "PL_SIZE",
    "SWEEP",
    "grid",
    "oracle_linear",
    "random_chain",
    "random_disguised",
    "random_non_relational",
    "random_pl",
    "value",
    "violates",
]
