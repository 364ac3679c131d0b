"""The exact forward pass at rational inputs: rationals where they stay rational, else
exact SymPy constants for the prover's certifier.

Affine parts use python-flint rational matrices.  An activation at a rational point is
computed by the prover's exact evaluator when its value is rational (relu, hard_tanh, …);
otherwise the value stays an unevaluated exact constant (``tanh(3/8)``) and later layers build
unevaluated sums of such constants, which :func:`~symact.prover.certify.certify_nonzero`
encloses in Arb balls.  Nothing is rounded.

>>> import numpy as np
>>> from sympy import Rational
>>> from symact.nn import Dense, Sequential
>>> model = Sequential([Dense(1, input_shape=(2,), activation="relu")], seed=0)
>>> model.set_weights([np.array([[1.0], [-0.5]]), np.array([0.25])])
>>> ExactNetwork(model).outputs([Rational(1), Rational(3)])
[0]
>>> ExactNetwork(model).outputs([Rational(3), Rational(1)])
[11/4]
"""

from __future__ import annotations

from typing import Any

import sympy
from flint import fmpq, fmpq_mat
from sympy import Basic, Expr, Piecewise, Rational, Symbol, Tuple
from sympy.functions.elementary.piecewise import ExprCondPair

from symact.activations.function import ActivationFunction
from symact.errors import UnsupportedExpressionError
from symact.nn.exact import affine_coefficients, exact_matrix, stages, to_rational
from symact.nn.pieces import compile_exact
from symact.prover.certify import substitute
from symact.prover.exact import exact_rational

__all__ = ["MAX_TERMS", "ExactNetwork", "TooLarge"]

#: Largest number of activation constants an output may contain (leaves of its tree).
MAX_TERMS = 200_000


class TooLarge(UnsupportedExpressionError):
    """The exact outputs would be too large a tree to certify within reason."""


class ExactNetwork:
    """A model's stages with exact weights, evaluated at exact rational inputs."""

    def __init__(self, model: Any) -> None:
        self.stages = stages(model)
        self.kernels = [None if s.kernel is None else exact_matrix(s.kernel) for s in self.stages]
        self.biases = [None if s.bias is None else exact_matrix(s.bias) for s in self.stages]
        self.affine = [affine_coefficients(s.activation) for s in self.stages]
        self.fast = [_compiled(s.activation) for s in self.stages]

    def outputs(self, point: list[Rational]) -> list[Expr]:
        """The exact outputs at ``point`` (Rationals, or exact constants)."""
        values: fmpq_mat | list[Expr] = fmpq_mat(1, len(point), [_fmpq(v) for v in point])
        sizes = [1] * len(point)
        for i in range(len(self.stages)):
            pre, sizes = self._affine(i, values, sizes)
            values = self._activate(i, pre)
        if isinstance(values, fmpq_mat):
            return [to_rational(v) for v in values.entries()]
        return values

    def _affine(
        self, i: int, values: fmpq_mat | list[Expr], sizes: list[int]
    ) -> tuple[fmpq_mat | list[Expr], list[int]]:
        kernel, bias = self.kernels[i], self.biases[i]
        if isinstance(values, fmpq_mat):
            out = values if kernel is None else values * kernel
            return (out if bias is None else out + bias), [1] * out.ncols()
        if kernel is None:
            return values, sizes
        return _symbolic_affine(values, sizes, kernel, bias)

    def _activate(self, i: int, pre: fmpq_mat | list[Expr]) -> fmpq_mat | list[Expr]:
        act, affine = self.stages[i].activation, self.affine[i]
        if affine is not None and isinstance(pre, fmpq_mat):
            c, d = (_fmpq(v) for v in affine)
            return pre * c + fmpq_mat(1, pre.ncols(), [d] * pre.ncols())
        fast = self.fast[i]
        if fast is not None and isinstance(pre, fmpq_mat):
            return fmpq_mat(1, pre.ncols(), [fast(v) for v in pre.entries()])
        items = [to_rational(v) for v in pre.entries()] if isinstance(pre, fmpq_mat) else pre
        if not isinstance(act, ActivationFunction):
            return list(act(items))
        out = [_apply(act, v) for v in items]
        if all(isinstance(v, Rational) for v in out):
            return fmpq_mat(1, len(out), [_fmpq(v) for v in out])
        return out


def _compiled(act: Any) -> Any:
    if not isinstance(act, ActivationFunction):
        return None
    return compile_exact(act.expr, act.x)


def _apply(act: ActivationFunction, value: Expr) -> Expr:
    if not isinstance(value, Rational):
        return _plug(act.expr, act.x, value)
    expr = substitute(act.expr, {act.x: value})
    exact = exact_rational(expr)
    return expr if exact is None else Rational(exact)


def _plug(expr: Basic, x: Symbol, value: Expr) -> Basic:
    """``expr`` with ``x`` replaced by ``value``, nothing evaluated.

    SymPy's own constructors cannot build a Piecewise whose conditions hold another
    Piecewise between constants (its ITE rewrite needs a free symbol), so pieces and
    conditions are assembled as the plain tuples they are; the certifier reads them as such.
    """
    if expr == x:
        return value
    if not expr.args or not expr.has(x):
        return expr
    args = [_plug(a, x, value) for a in expr.args]
    if isinstance(expr, Piecewise):
        pairs = [Tuple.__new__(ExprCondPair, *pair.args) for pair in args]
        return Basic.__new__(Piecewise, *pairs)
    if isinstance(expr, ExprCondPair):
        return Tuple.__new__(ExprCondPair, *args)
    with sympy.evaluate(False):
        return expr.func(*args)


def _symbolic_affine(
    values: list[Expr], sizes: list[int], kernel: fmpq_mat, bias: fmpq_mat | None
) -> tuple[list[Expr], list[int]]:
    out, out_sizes = [], []
    for j in range(kernel.ncols()):
        terms = [(kernel[k, j], v, s) for k, (v, s) in enumerate(zip(values, sizes, strict=True))]
        terms = [t for t in terms if t[0] != 0]
        size = sum(s for _, _, s in terms)
        if size > MAX_TERMS:
            msg = f"the exact outputs would hold more than {MAX_TERMS} activation constants"
            raise TooLarge(msg)
        with sympy.evaluate(False):
            parts = [sympy.Mul(to_rational(w), v) for w, v, _ in terms]
            if bias is not None and bias[0, j] != 0:
                parts.append(to_rational(bias[0, j]))
            out.append(sympy.Add(*parts) if parts else sympy.Integer(0))
        out_sizes.append(max(size, 1))
    return out, out_sizes


def _fmpq(value: Any) -> fmpq:
    if isinstance(value, int):
        return fmpq(value)
    value = sympy.Rational(value)
    return fmpq(int(value.p), int(value.q))
