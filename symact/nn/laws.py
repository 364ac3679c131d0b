r"""The laws for whole networks: ``symact.check_linearity(model)`` and friends.

For a network :math:`f: \mathbb{R}^n \to \mathbb{R}^m` the law variables a, b are input
vectors (row vectors, Keras's layout) and x a real scalar.  The decision:

1. the network is recognised as affine (every activation affine, or dead units and odd
   pairs, :mod:`symact.nn.reduce`): it collapses exactly to :math:`f(v) = vW + \beta`; it is
   linear iff :math:`\beta = 0`, and otherwise affine but refuted at a = b = 0 (x = 0);
2. otherwise a witness pair found in floating point and certified exactly
   (:mod:`symact.nn.witness`);
3. otherwise undecided, with the reason.

Results are the prover's own records, so they render like every other result.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import sympy
from sympy import ImmutableMatrix, MatrixSymbol, Rational, Symbol

from symact.errors import UnsupportedExpressionError
from symact.nn.forward import ExactNetwork
from symact.nn.reduce import Chain, affine_chain
from symact.nn.witness import Found, find_witness
from symact.prover.budget import DEFAULT_BUDGET, run
from symact.prover.certify import certify_nonzero
from symact.prover.exact import exact_rational
from symact.prover.laws import Law
from symact.prover.results import (
    LinearityReport,
    Method,
    Proof,
    Refutation,
    Result,
    Step,
    Undecided,
)

__all__ = ["check_network", "describe"]

#: Collapsed maps with at most this many entries are written out in the steps.
SHOWN_ENTRIES = 36


def describe(model: Any) -> str:
    """``name (3-5-2: relu, linear)``: the name results carry."""
    sizes = [str(model.input_dim)] + [str(layer.units) for layer in _dense(model)]
    acts = ", ".join(layer.activation.name for layer in model.layers)
    return f"{model.name} ({'-'.join(sizes)}: {acts})"


def _dense(model: Any) -> list[Any]:
    return [layer for layer in model.layers if layer.weight_shapes()]


def check_network(model: Any, law: Any, budget: float | None = DEFAULT_BUDGET) -> Any:
    """Decide ``law`` (a Law, its name, or ``"linearity"`` for both laws) for ``model``."""
    size = model._require_input()
    model(np.zeros((1, size)))  # compile the numeric kernels here, not in each forked worker
    name = describe(model)
    if str(getattr(law, "value", law)).lower() == "linearity":
        laws = tuple(one for one in Law if one.spec.linearity)

        def both(deadline: float | None) -> LinearityReport:
            shared = _Shared(model)
            add, hom = (_decide(model, name, one, deadline, shared) for one in laws)
            return LinearityReport(activation=name, additivity=add, homogeneity=hom)

        def timeout(reason: str) -> LinearityReport:
            add, hom = (_budget(name, one, reason) for one in laws)
            return LinearityReport(activation=name, additivity=add, homogeneity=hom)

        return run(both, budget, timeout)
    one = Law.parse(law)
    task = lambda d: _decide(model, name, one, d, _Shared(model))  # noqa: E731
    return run(task, budget, lambda r: _budget(name, one, r))


def _budget(name: str, law: Law, reason: str) -> Result:
    return Undecided(law=law, activation=name, reason=reason, method=Method.BUDGET)


class _Shared:
    """Work both laws share: the affine structure and the exact weights, computed once."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._chain: tuple[Chain | None] | None = None
        self._exact: ExactNetwork | None = None

    @property
    def chain(self) -> Chain | None:
        if self._chain is None:
            self._chain = (affine_chain(self.model),)
        return self._chain[0]

    @property
    def exact(self) -> ExactNetwork:
        if self._exact is None:
            self._exact = ExactNetwork(self.model)
        return self._exact


def _decide(model: Any, name: str, law: Law, deadline: float | None, shared: _Shared) -> Result:
    try:
        chain = shared.chain
        if chain is not None:
            return _affine_result(model, name, law, chain)
        found = find_witness(model, law, deadline, shared.exact)
    except UnsupportedExpressionError as exc:
        reason = f"cannot decide {law.value} of this network exactly: {exc}"
        return Undecided(law=law, activation=name, reason=reason, method=Method.UNDECIDED)
    if found is not None:
        return _refutation(model, name, law, found)
    reason = (
        "the network has non-linear activations, is not recognised as affine (no dead units or "
        "odd pairs sigma(z) - sigma(-z) cover them), and no candidate pair of inputs gave a "
        "certified counterexample; try a larger budget, or check its layers one by one"
    )
    return Undecided(law=law, activation=name, reason=reason, method=Method.UNDECIDED)


def _vector(values: Any) -> ImmutableMatrix:
    return ImmutableMatrix([list(values)])


def _collapse_steps(model: Any, chain: Chain) -> list[Step]:
    n, m = chain.map.kernel.nrows(), chain.map.kernel.ncols()
    steps = [Step(None, "holds", None, note) for note in chain.notes]
    v, w, beta = MatrixSymbol("v", 1, n), MatrixSymbol("W", n, m), MatrixSymbol("beta", 1, m)
    why = "a composition of affine maps is affine: W multiplies the layers' kernels"
    steps.append(Step(Symbol("f(v)"), "=", v * w + beta, why, None, "closure"))
    if n * m <= SHOWN_ENTRIES:
        exact = "exact rational arithmetic on the float weights"
        steps.append(Step(w, "=", chain.map.kernel_matrix(), exact))
        steps.append(Step(beta, "=", chain.map.bias_matrix(), exact))
    else:
        text = f"W ({n}x{m}) and beta (1x{m}) computed with exact rational arithmetic"
        steps.append(Step(None, "holds", None, text))
    return steps


def _affine_result(model: Any, name: str, law: Law, chain: Chain) -> Result:
    steps = _collapse_steps(model, chain)
    n, m = chain.map.kernel.nrows(), chain.map.kernel.ncols()
    a, b, x = MatrixSymbol("a", 1, n), MatrixSymbol("b", 1, n), Symbol("x", real=True)
    w, beta = MatrixSymbol("W", n, m), MatrixSymbol("beta", 1, m)
    if law.spec.offset or chain.map.is_linear:
        if not law.spec.offset:
            steps.append(Step(beta, "=", sympy.ZeroMatrix(1, m), "every entry is exactly 0"))
        steps += _holds(law, a, b, x, w, beta)
        done = "f is affine" if law.spec.offset else "f is linear, hence " + law.value
        steps.append(Step(None, "therefore", None, done))
        return Proof(law=law, activation=name, steps=tuple(steps), method=Method.COMPOSITION)
    bias = chain.map.bias_matrix()
    i = next(k for k in range(m) if bias[0, k] != 0)
    zero = ImmutableMatrix([[0] * n])
    if law.spec.shape == "sum":
        witness = {"a": zero, "b": zero}
        lhs, rhs, defect = bias[0, i], 2 * bias[0, i], -bias[0, i]
        text = f"f(0 + 0)[{i}] = beta[{i}] but f(0)[{i}] + f(0)[{i}] = 2*beta[{i}]"
    else:
        witness = {"x": Rational(0), "a": zero}
        lhs, rhs, defect = bias[0, i], Rational(0), bias[0, i]
        text = f"f(0*0)[{i}] = beta[{i}] but 0*f(0)[{i}] = 0"
    steps.append(Step(lhs, "!=", rhs, text + " (exact rational arithmetic)"))
    steps.append(Step(None, "holds", None, "f is affine but not linear", None, "affine-not-linear"))
    cert = certify_nonzero(defect)
    return Refutation(
        law=law, activation=name, steps=tuple(steps), witness=witness, certificate=cert,
        defect=defect, method=Method.COMPOSITION,
    )  # fmt: skip


def _holds(law: Law, a: Any, b: Any, x: Symbol, w: Any, beta: Any) -> list[Step]:
    if law.spec.offset:
        lhs, rhs = (a + b) * w + beta, (a * w + beta) + (b * w + beta) - beta
        return [Step(lhs, "=", rhs, "matrix products distribute over sums")]
    if law.spec.shape == "sum":
        return [Step((a + b) * w, "=", a * w + b * w, "matrix products distribute over sums")]
    return [Step((x * a) * w, "=", x * (a * w), "scalars commute with matrix products")]


def _refutation(model: Any, name: str, law: Law, found: Found) -> Result:
    c, i = found.candidate, found.index
    if c.scalar is not None:
        witness: dict[str, Any] = {"x": c.scalar, "a": _vector(c.v)}
    else:
        witness = {"a": _vector(c.u), "b": _vector(c.v)}
    cert = found.certificate
    if cert.kind == "ball":  # the enclosed constant can hold thousands of terms: name it
        cert = replace(cert, value=Symbol(f"defect[{i}]"))
    lhs, rhs = _shown(found.lhs), _shown(found.rhs)
    if law.spec.shape == "scaling":
        sides = f"f(x*a)[{i}] vs x*f(a)[{i}]"
    else:
        offset = f" - f(0)[{i}]" if law.spec.offset else ""
        sides = f"f(a + b)[{i}] vs f(a)[{i}] + f(b)[{i}]{offset}"
    if cert.kind == "exact" and cert.minimal_polynomial is None:
        how = "exact rational forward pass on the float weights"
    else:
        how = f"the defect lies in {cert.enclosure}, excluding 0 (Arb, {cert.precision} bits)"
    steps = (Step(lhs, "!=", rhs, f"{sides}: {how}"),)
    return Refutation(
        law=law, activation=name, steps=steps, witness=witness, certificate=cert,
        defect=cert.value, method=Method.WITNESS,
    )  # fmt: skip


def _shown(value: Any) -> Any:
    """An exact side as a number when it is rational, else a name for the constant."""
    exact = exact_rational(value)
    return exact if exact is not None else Symbol("(exact constant, enclosed below)")
