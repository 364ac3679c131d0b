"""Cases: comparisons, ``Piecewise`` and ``min``/``max``, kept cheap for SymPy.

SymPy rewrites a Piecewise *condition* that itself contains a Piecewise through ``ITE`` and
solves it as a set: seconds for ``where(relu(x) > 1, 1, 0)`` and again in every later rebuild
(derivatives, the prover).  The functions here keep every condition they build Piecewise-free:
conditions with cases become branches (:func:`cases`), a function with cases is applied piece
by piece of its argument (:func:`substitute`), and a min/max over terms with cases becomes cases
(:func:`minmax`).  Each refusal is a ParseError without position; the builder places it.

>>> from symact.activations.parse import parse
>>> parse("where(relu(x) > 1, 1, 0)").expr
Piecewise((Piecewise((1, x > 1), (0, True)), x > 0), (0, True))
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Basic, Expr, Piecewise

from symact.activations.function import X
from symact.activations.parse.limits import MAX_MINMAX_ARGS, MAX_TREE_SIZE, Stats
from symact.errors import ParseError

__all__ = ["cases", "limit_terms", "minmax", "substitute"]


def limit_terms(func: Callable[..., Expr], args: list[Expr], fname: str) -> None:
    """Refuse a min/max (``func``, called as ``fname``) of more than MAX_MINMAX_ARGS terms.

    SymPy compares every pair of terms, at a cost that grows quickly with their complexity.
    """
    count = sum(len(arg.args) if arg.func == func else 1 for arg in args)
    if count > MAX_MINMAX_ARGS:
        msg = f"{fname}() of {count} terms: limit MAX_MINMAX_ARGS = {MAX_MINMAX_ARGS}"
        raise ParseError(msg)


def minmax(func: Callable[..., Expr], args: list[Expr], measure: Callable[[Basic], Stats]) -> Expr:
    """SymPy's Min/Max (``func``), or cases when a term has cases of its own.

    A Max of Piecewise terms turns every later ``rewrite(Piecewise)`` (derivatives, the
    prover) into set solving; so a min/max over Piecewise terms is written as cases:
    ``max(a₁..aₙ)`` is aᵢ where aᵢ ≥ aᵢ₊₁..aₙ, first match (earlier terms that failed are
    below a later one, so the maximum is further on).
    """
    if len(args) < 2 or not any(arg.has(Piecewise) for arg in args):
        return func(*args)
    beats = sympy.Ge if func is sympy.Max else sympy.Le
    pieces = [
        (arg, sympy.And(*(beats(arg, later) for later in args[i + 1 :])))
        for i, arg in enumerate(args[:-1])
    ]
    return cases([*pieces, (args[-1], sympy.true)], measure)


def substitute(expr: Basic, arg: Expr) -> Basic:
    """``expr`` with x replaced by ``arg``, keeping every Piecewise condition Piecewise-free.

    SymPy rewrites a condition that contains a Piecewise through ``ITE`` and solves it as
    a set, which takes seconds for ``selu(selu(selu(x)))``.  So a function with cases is
    applied piece by piece of its argument instead: f(Piecewise((a, c), (b, True))) =
    Piecewise((f(a), c), (f(b), True)); an argument with cases inside is folded first.

    >>> relu = Piecewise((X, X > 0), (0, True))
    >>> substitute(relu, X - 1)
    Piecewise((x - 1, x > 1), (0, True))
    >>> substitute(relu, Piecewise((X, X > 0), (2*X, True)))  # relu of each piece
    Piecewise((x, x > 0), (Piecewise((2*x, x > 0), (0, True)), True))
    """
    if arg == X:
        return expr
    if not (expr.has(Piecewise) and arg.has(Piecewise)):
        return expr.xreplace({X: arg})
    folded = arg if isinstance(arg, Piecewise) else sympy.piecewise_fold(arg)
    if not isinstance(folded, Piecewise):
        return substitute(expr, folded) if folded != arg else expr.xreplace({X: arg})
    return Piecewise(*[(substitute(expr, value), cond) for value, cond in folded.args])


def cases(pieces: list[tuple[Expr, Basic]], measure: Callable[[Basic], Stats]) -> Expr:
    """``Piecewise(*pieces)`` (last condition True), branching on conditions with cases.

    SymPy would rewrite a condition that contains a Piecewise through ``ITE`` and solve it
    as a set (seconds, and again in every later rebuild).  Instead the condition C of a
    piece (v, C) is folded into cases "tⱼ where cⱼ" and the piece becomes a branch: where
    cⱼ, v if tⱼ else the remaining pieces.  Every condition built stays Piecewise-free.
    ``measure`` gives the budget statistics of an expression.
    """
    for index, (value, cond) in enumerate(pieces):
        if not cond.has(Piecewise):
            continue
        rest = cases(pieces[index + 1 :], measure)
        stats = measure(cond)
        grown = stats.size + measure(value).size + measure(rest).size
        if grown * stats.pieces > MAX_TREE_SIZE:
            msg = f"this condition grows beyond MAX_TREE_SIZE = {MAX_TREE_SIZE} in cases"
            raise ParseError(msg)
        folded = sympy.piecewise_fold(cond)
        branches = folded.args if isinstance(folded, Piecewise) else ((folded, sympy.true),)
        if any(truth.has(Piecewise) or case.has(Piecewise) for truth, case in branches):
            raise ParseError("this condition is too complex; simplify it")
        inner = [(Piecewise((value, truth), (rest, True)), case) for truth, case in branches]
        return Piecewise(*pieces[:index], (Piecewise(*inner), True))
    return Piecewise(*pieces)
