r"""Whole networks that are affine: composition, dead units and odd pairs, exactly.

A stage ``σ(z W + b)`` is affine when σ is ``t ↦ c·t + d``.  A network with non-linear
activations can still be affine; two structures are recognised, both exactly:

* a *dead* unit: its outgoing weights into every unit that matters are 0, so its value never
  reaches the output (a zero output layer kills the whole network before it);
* an *odd pair*: units j, j' with opposite incoming weights and biases and opposite outgoing
  weights contribute :math:`r\,(σ(z) − σ(−z))`, and when the prover shows
  :math:`σ(t) − σ(−t) = c\,t` (relu: c = 1) the pair is one linear unit :math:`c\,r\,z`.

Stages are reduced from the output backwards; :func:`affine_chain` composes the result with
exact rational arithmetic, or returns None when some unit is neither affine, dead nor paired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from flint import fmpz, fmpz_mat
from sympy import Rational

from symact.activations.function import ActivationFunction
from symact.nn.exact import AffineMap, ScaledAffine, Stage, affine_coefficients, stages
from symact.prover.certify import substitute
from symact.prover.exact import exact_rational

__all__ = ["Chain", "affine_chain"]


@dataclass(frozen=True, slots=True)
class Chain:
    """The exact affine map of a network and how each stage became affine (plain text)."""

    map: AffineMap
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Units kept by one stage and the affine law they follow: ``c·z + d``."""

    units: list[int]
    c: Rational
    d: Rational
    note: str


def affine_chain(model: Any) -> Chain | None:
    """The network as one exact affine map, or None when it is not recognised as affine."""
    parts = _materialised(model)
    if parts is None:
        return None
    if not parts:
        return Chain(AffineMap.identity(int(model.input_dim)), ("no layers: the identity map",))
    plans: list[_Plan | None] = [None] * len(parts)
    used = list(range(_kernel(parts[-1]).shape[1]))
    start = 0
    for k in range(len(parts) - 1, -1, -1):
        outgoing = None if k == len(parts) - 1 else _kernel(parts[k + 1])
        plan = _plan(parts[k], used, outgoing)
        if plan is None:
            return None
        plans[k] = plan
        if not plan.units:
            start = k  # nothing before this stage reaches the output
            break
        used = plan.units
    return _compose(int(model.input_dim), parts, plans, start)


def _materialised(model: Any) -> list[Stage] | None:
    """Stages with identity kernels written out; None with a vector activation (softmax)."""
    size = int(model.input_dim)
    parts = []
    for stage in stages(model):
        if not isinstance(stage.activation, ActivationFunction):
            return None
        kernel = np.eye(size) if stage.kernel is None else stage.kernel
        bias = np.zeros(kernel.shape[1]) if stage.bias is None else stage.bias
        parts.append(Stage(kernel, bias, stage.activation, stage.names))
        size = kernel.shape[1]
    return parts


def _kernel(stage: Stage) -> np.ndarray:
    assert stage.kernel is not None  # materialised
    return stage.kernel


def _plan(stage: Stage, used: list[int], outgoing: np.ndarray | None) -> _Plan | None:
    """Which units of ``stage`` matter (``used``: units of the next stage that matter)."""
    width = _kernel(stage).shape[1]
    alive = list(range(width))
    rows = None
    if outgoing is not None:
        rows = outgoing[:, used]
        alive = [j for j in alive if np.any(rows[j] != 0)]
    coefficients = affine_coefficients(stage.activation)
    label = ", ".join(stage.names)
    dead = width - len(alive)
    if coefficients is not None:
        c, d = coefficients
        note = f"{label}: activation {stage.activation.name} is t -> {c}*t + {d}"
        return _Plan(alive, c, d, note + _dead_note(dead))
    if not alive:
        return _Plan([], Rational(0), Rational(0), f"{label}: every unit is dead")
    if rows is None or not isinstance(stage.activation, ActivationFunction):
        return None
    pairs = _pairs(stage, alive, rows)
    c = None if pairs is None else _odd_slope(stage.activation)
    if pairs is None or c is None:
        return None
    note = (
        f"{label}: units pair up as sigma(z) and sigma(-z) with opposite outgoing weights, and "
        f"sigma(t) - sigma(-t) = {c}*t for sigma = {stage.activation.name} (proved by the prover)"
    )
    return _Plan(pairs, c, Rational(0), note + _dead_note(dead))


def _dead_note(dead: int) -> str:
    return f"; {dead} unit(s) are dead (zero outgoing weights)" if dead else ""


def _pairs(stage: Stage, alive: list[int], rows: np.ndarray) -> list[int] | None:
    """One unit of each odd pair covering ``alive``, or None."""
    w, b = _kernel(stage), stage.bias
    assert b is not None  # materialised
    free, firsts = set(alive), []
    for j in alive:
        if j not in free:
            continue
        free.discard(j)
        partner = next(
            (
                q
                for q in sorted(free)
                if b[q] == -b[j]
                and np.array_equal(w[:, q], -w[:, j])
                and np.array_equal(rows[q], -rows[j])
            ),
            None,
        )
        if partner is None:
            return None
        free.discard(partner)
        firsts.append(j)
    return firsts


def _odd_slope(act: ActivationFunction) -> Rational | None:
    """c with σ(t) − σ(−t) = c·t for all t, proved by the prover; None when not proved."""
    from symact.prover.linearity import check_linearity

    odd = ActivationFunction(name=f"{act.name}(x) - {act.name}(-x)", expr=act.expr - act(-act.x))
    if check_linearity(odd, budget=None).verdict != "linear":
        return None
    value = exact_rational(substitute(odd.expr, {odd.x: Rational(1)}))
    return None if value is None else Rational(value)


def _compose(n: int, parts: list[Stage], plans: list[_Plan | None], start: int) -> Chain:
    """Compose the kept units of stages ``start`` … with exact rational arithmetic."""
    notes = [p.note for p in plans[start:] if p is not None]
    first = plans[start]
    assert first is not None
    current = ScaledAffine.identity(n)
    previous: list[int] | None = None
    if not first.units:  # the output does not depend on the input: a constant network
        current = ScaledAffine(fmpz_mat(n, 0), fmpz(1), fmpz_mat(1, 0), fmpz(1))
        previous, start = [], start + 1
    for stage, plan in zip(parts[start:], plans[start:], strict=True):
        assert plan is not None
        kernel = _kernel(stage) if previous is None else _kernel(stage)[previous, :]
        bias = None if stage.bias is None else stage.bias[plan.units]
        current = current.then(kernel[:, plan.units], bias, plan.c, plan.d)
        previous = plan.units
    return Chain(current.exact(), tuple(notes))
