r"""Exact views of a model: float weights as the rationals they equal, stages, affine maps.

Every finite float is a dyadic rational :math:`m \cdot 2^e`; :func:`exact_matrix` converts
a whole array at once (scaled to integers by one power of two, which is exact) into a
python-flint ``fmpq_mat``, so products of many layers stay exact and fast.

>>> import numpy as np
>>> exact_matrix(np.array([[0.1, -2.0]], dtype=np.float32))
[13421773/134217728, -2]
>>> affine_coefficients(get("linear")), affine_coefficients(get("relu"))
((1, 0), None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from flint import fmpq, fmpq_mat, fmpz, fmpz_mat
from sympy import Rational

from symact.activations.function import ActivationFunction
from symact.activations.registry import Activation as Act
from symact.activations.registry import get
from symact.errors import UnsupportedExpressionError

__all__ = [
    "AffineMap",
    "Stage",
    "affine_coefficients",
    "exact_matrix",
    "stages",
    "to_rational",
]


def exact_scaled(values: np.ndarray) -> tuple[fmpz_mat, fmpz]:
    """``(M, d)`` with integers M and d such that the float array equals ``M / d`` exactly."""
    given = np.asarray(values)
    bits = 24 if given.dtype == np.float32 else 53  # mantissa bits: smaller integers
    arr = np.atleast_2d(given.astype(np.float64))
    if not np.all(np.isfinite(arr)):
        msg = "the weights contain NaN or infinity; exact reasoning needs finite weights"
        raise UnsupportedExpressionError(msg)
    rows, cols = arr.shape
    _, exps = np.frexp(arr)
    nonzero = arr != 0
    if not nonzero.any():
        return fmpz_mat(rows, cols), fmpz(1)
    shift = max(0, bits - int(exps[nonzero].min()))
    top = int(exps[nonzero].max()) + shift
    scaled = (arr * 2.0**shift).ravel()
    if top < 1000 and np.array_equal(scaled, np.floor(scaled)):  # exact integers
        small = top < 62  # then int64 holds them: a fast conversion
        ints = scaled.astype(np.int64).tolist() if small else [int(v) for v in scaled.tolist()]
        return fmpz_mat(rows, cols, ints), fmpz(2) ** shift
    ratios = [v.as_integer_ratio() for v in arr.ravel().tolist()]
    den = max(q for _, q in ratios)  # every denominator is a power of two: the largest works
    return fmpz_mat(rows, cols, [p * (den // q) for p, q in ratios]), fmpz(den)


def exact_matrix(values: np.ndarray) -> fmpq_mat:
    """The exact rational matrix of a finite float array (1-D arrays become one row)."""
    ints, den = exact_scaled(values)
    return fmpq_mat(ints) / den


def to_rational(value: fmpq) -> Rational:
    """A python-flint rational as a SymPy Rational."""
    return Rational(int(value.p), int(value.q))


def affine_coefficients(act: Act) -> tuple[Rational, Rational] | None:
    """``(c, d)`` when the activation is exactly ``t ↦ c·t + d`` with rational c, d."""
    if not isinstance(act, ActivationFunction) or act.expr.free_symbols - {act.x}:
        return None
    if not act.expr.is_polynomial(act.x):
        return None
    poly = sympy.Poly(act.expr, act.x)
    if poly.degree() > 1:
        return None
    d, c = poly.coeff_monomial(1), poly.coeff_monomial(act.x)
    if not (isinstance(c, Rational) and isinstance(d, Rational)):
        return None
    return c, d


@dataclass(frozen=True, slots=True)
class Stage:
    """``activation(z @ kernel + bias)``: one Dense layer and the activations after it.

    ``kernel`` None is the identity (an activation before any Dense layer).
    """

    kernel: np.ndarray | None
    bias: np.ndarray | None
    activation: Act
    names: tuple[str, ...]

    @property
    def width(self) -> int | None:
        return None if self.kernel is None else self.kernel.shape[1]


def stages(model: Any) -> list[Stage]:
    """The model as stages; consecutive element-wise activations are composed."""
    out: list[Stage] = []
    for layer in model.layers:
        name = str(layer.name)
        if layer.weight_shapes():
            out.append(Stage(layer.kernel, layer.bias, layer.activation, (name,)))
            continue
        act = layer.activation
        last = out[-1] if out else None
        if last is not None and _composable(last.activation, act):
            composed = act if last.activation.name == "linear" else act.compose(last.activation)
            out[-1] = Stage(last.kernel, last.bias, composed, (*last.names, name))
        else:
            out.append(Stage(None, None, act, (name,)))
    return out


def _composable(first: Act, then: Act) -> bool:
    if first.name == "linear":
        return True
    return isinstance(first, ActivationFunction) and isinstance(then, ActivationFunction)


@dataclass(frozen=True, slots=True)
class AffineMap:
    """The exact map ``v ↦ v @ kernel + bias`` (kernel n×m, bias 1×m, python-flint)."""

    kernel: fmpq_mat
    bias: fmpq_mat
    identity_kernel: bool = False

    @classmethod
    def identity(cls, n: int) -> AffineMap:
        eye = fmpq_mat(n, n, [1 if i == j else 0 for i in range(n) for j in range(n)])
        return cls(eye, fmpq_mat(1, n), identity_kernel=True)

    def then(self, kernel: fmpq_mat | None, bias: fmpq_mat | None, c: Any, d: Any) -> AffineMap:
        """This map followed by ``t ↦ c·(t @ kernel + bias) + d`` (kernel None: identity)."""
        w, v = self.kernel, self.bias
        if kernel is not None:
            w = kernel if self.identity_kernel else w * kernel
            v = v * kernel
        if bias is not None:
            v = v + bias
        if c != 1:
            factor = fmpq(int(c.p), int(c.q))
            w, v = w * factor, v * factor
        if d != 0:
            v = v + fmpq_mat(1, v.ncols(), [fmpq(int(d.p), int(d.q))] * v.ncols())
        return AffineMap(w, v)

    def kernel_matrix(self) -> sympy.ImmutableMatrix:
        return _sympy_matrix(self.kernel)

    def bias_matrix(self) -> sympy.ImmutableMatrix:
        return _sympy_matrix(self.bias)

    @property
    def is_linear(self) -> bool:
        return all(e == 0 for e in self.bias.entries())


@dataclass(frozen=True, slots=True)
class ScaledAffine:
    """An affine map kept as integer matrices over common denominators while it is composed
    (``kernel / kden``, ``bias / bden``): products of integer matrices are far faster than
    products of rational ones, and :meth:`exact` reduces the fractions once at the end."""

    kernel: fmpz_mat | None  # None: the identity
    kden: fmpz
    bias: fmpz_mat
    bden: fmpz

    @classmethod
    def identity(cls, n: int) -> ScaledAffine:
        return cls(None, fmpz(1), fmpz_mat(1, n), fmpz(1))

    def then(self, kernel: np.ndarray, bias: np.ndarray | None, c: Any, d: Any) -> ScaledAffine:
        """This map followed by ``t ↦ c·(t @ kernel + bias) + d``."""
        mk, dk = exact_scaled(kernel) if kernel.size else (fmpz_mat(*kernel.shape), fmpz(1))
        w = mk if self.kernel is None else self.kernel * mk
        kden, bden = self.kden * dk, self.bden * dk
        v = self.bias * mk
        if bias is not None and bias.size:
            mb, db = exact_scaled(bias)
            v, bden = v * db + mb * bden, bden * db
        p, q, r, s = fmpz(int(c.p)), fmpz(int(c.q)), fmpz(int(d.p)), fmpz(int(d.q))
        ones = fmpz_mat(1, v.ncols(), [1] * v.ncols())
        return ScaledAffine(w * p, kden * q, v * (p * s) + ones * (r * q * bden), bden * q * s)

    def exact(self) -> AffineMap:
        assert self.kernel is not None  # at least one stage was composed
        return AffineMap(fmpq_mat(self.kernel) / self.kden, fmpq_mat(self.bias) / self.bden)


def _sympy_matrix(m: fmpq_mat) -> sympy.ImmutableMatrix:
    rows = [[to_rational(m[i, j]) for j in range(m.ncols())] for i in range(m.nrows())]
    return sympy.ImmutableMatrix(m.nrows(), m.ncols(), [v for row in rows for v in row])


LINEAR = get("linear")
