"""Vector activations (softmax, log_softmax, softmin, glu, sparsemax) over n components.

They map ℝⁿ → ℝⁿ (glu: ℝ²ᵐ → ℝᵐ), so they are records of their own: ``components(n)`` gives
the exact outputs in the input symbols ``z1 … zn`` and calling one on numbers evaluates it
exactly.  sparsemax is the Euclidean projection onto the probability simplex (Martins &
Astudillo 2016); unlike Keras ≤ 3.15 it is right when several outputs are non-zero:

>>> from symact import get
>>> get("sparsemax")([0.1, 0.2, 0.3]).T
Matrix([[7/30, 1/3, 13/30]])
>>> get("softmax")([0, 0]).T
Matrix([[1/2, 1/2]])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import sympy
from sympy import And, Expr, Matrix, Piecewise, Symbol, exp, log

from symact.activations.function import exact_value
from symact.activations.nodes import sigmoid
from symact.errors import ShapeError

__all__ = ["SPARSEMAX_SYMBOLIC_LIMIT", "VECTOR_CATALOG", "VectorActivation", "sparsemax_exact"]

#: sparsemax's symbolic form has one piece per support set (2ⁿ − 1): refuse larger n.
SPARSEMAX_SYMBOLIC_LIMIT = 8

Outputs = Callable[[tuple[Expr, ...]], list[Expr]]


@dataclass(frozen=True, slots=True)
class VectorActivation:
    """An activation applied to a whole vector of n components."""

    name: str
    outputs: Outputs = field(repr=False)
    aliases: tuple[str, ...] = ()
    source: str = ""
    description: str = ""
    even: bool = False

    kind = "vector"
    specs: tuple[Any, ...] = ()
    bindings: tuple[tuple[str, Any], ...] = ()

    @property
    def params(self) -> dict[str, Any]:
        """Vector activations have no symbolic parameters (``axis`` is a NumPy argument)."""
        return {}

    def components(self, n: int) -> tuple[tuple[Symbol, ...], Matrix]:
        """Input symbols ``z1 … zn`` and the exact output column."""
        self._check_size(n)
        zs = tuple(Symbol(f"z{i + 1}", real=True) for i in range(n))
        return zs, Matrix(self.outputs(zs))

    def __call__(self, values: Sequence[Any]) -> Matrix:
        """Exact outputs at the given numbers (floats are read as the decimals they print as)."""
        exact = tuple(exact_value("component", v) for v in values)
        self._check_size(len(exact))
        return Matrix(self.outputs(exact))

    def _check_size(self, n: int) -> None:
        if n < 1 or (self.even and n % 2):
            need = "an even number of" if self.even else "at least one"
            msg = f"{self.name} needs {need} components, got {n}"
            raise ShapeError(msg)

    def to_latex(self) -> str:
        r"""LaTeX of the i-th output for n components."""
        _, out = self.components(2 if self.even else 3)
        name = self.name.replace("_", r"\_")
        return rf"\operatorname{{{name}}}(z)_1 = {sympy.latex(out[0])}"

    def to_numpy(self, axis: int = -1) -> Callable[..., Any]:
        """A vectorised NumPy kernel along ``axis`` (see :mod:`symact.numeric`)."""
        from symact.numeric import vector_kernel

        return vector_kernel(self.name, {"axis": axis})


def _softmax(z: tuple[Expr, ...]) -> list[Expr]:
    total = sum(exp(zi) for zi in z)
    return [exp(zi) / total for zi in z]


def _log_softmax(z: tuple[Expr, ...]) -> list[Expr]:
    lse = log(sum(exp(zi) for zi in z))
    return [zi - lse for zi in z]


def _glu(z: tuple[Expr, ...]) -> list[Expr]:
    m = len(z) // 2
    return [z[i] * sigmoid(z[m + i]) for i in range(m)]


def sparsemax_exact(z: Sequence[Expr]) -> list[Expr]:
    """Sparsemax of numbers, exactly: sort, find the support size k, shift by τ, clip at 0.

    k is the largest index with 1 + k·z₍ₖ₎ > z₍₁₎ + … + z₍ₖ₎ (values sorted decreasingly) and
    τ = (z₍₁₎ + … + z₍ₖ₎ − 1)/k; the output is max(zᵢ − τ, 0).
    """
    ordered = sorted(z, reverse=True)
    prefix, k, kept = sympy.S.Zero, 0, sympy.S.Zero
    for j, zj in enumerate(ordered, start=1):
        prefix += zj
        if 1 + j * zj > prefix:
            k, kept = j, prefix
    tau = (kept - 1) / k
    return [sympy.Max(zi - tau, 0) for zi in z]


def _sparsemax(z: tuple[Expr, ...]) -> list[Expr]:
    if all(zi.is_number for zi in z):
        return sparsemax_exact(z)
    n = len(z)
    if n > SPARSEMAX_SYMBOLIC_LIMIT:
        msg = (
            f"sparsemax's symbolic form has 2^n - 1 pieces; n={n} exceeds the limit "
            f"{SPARSEMAX_SYMBOLIC_LIMIT}; evaluate numbers instead"
        )
        raise ShapeError(msg)
    pieces: list[list[tuple[Expr, Any]]] = [[] for _ in z]
    for size in range(1, n + 1):
        for support in combinations(range(n), size):
            tau = (sum(z[i] for i in support) - 1) / size
            cond = And(
                *(z[i] > tau for i in support),
                *(z[j] <= tau for j in range(n) if j not in support),
            )
            for i in range(n):
                pieces[i].append((z[i] - tau if i in support else sympy.S.Zero, cond))
    return [Piecewise(*p, (0, True)) for p in pieces]


VECTOR_CATALOG: tuple[VectorActivation, ...] = (
    VectorActivation(
        "softmax",
        _softmax,
        aliases=("Softmax",),
        source="Keras 3 keras.activations.softmax",
        description="exp(zᵢ)/Σⱼ exp(zⱼ)",
    ),
    VectorActivation(
        "log_softmax",
        _log_softmax,
        aliases=("logsoftmax", "LogSoftmax"),
        source="Keras 3 keras.activations.log_softmax",
        description="zᵢ − log Σⱼ exp(zⱼ)",
    ),
    VectorActivation(
        "softmin",
        lambda z: _softmax(tuple(-zi for zi in z)),
        aliases=("Softmin",),
        source="PyTorch torch.nn.functional.softmin",
        description="softmax(−z)",
    ),
    VectorActivation(
        "glu",
        _glu,
        aliases=("GLU",),
        source="Keras 3 keras.activations.glu; Dauphin et al. 2017",
        description="first half ⊙ sigmoid(second half)",
        even=True,
    ),
    VectorActivation(
        "sparsemax",
        _sparsemax,
        aliases=("Sparsemax",),
        source="Keras 3 keras.activations.sparsemax; Martins & Astudillo 2016",
        description="Euclidean projection of z onto the probability simplex",
    ),
)
