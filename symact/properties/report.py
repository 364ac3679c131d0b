r"""``properties(f)``: every property of one activation, as a :class:`PropertyReport`.

The report maps property names to the prover's result records (``Proof``, ``Refutation``,
``Undecided``) in the fixed order of :data:`~.spec.PROPERTIES`; each check runs with its own
time budget (a cooperative deadline; SymPy's ``limit`` runs in a forked worker killed at
the deadline) and anything it cannot establish becomes ``Undecided`` with the reason.

>>> import symact
>>> report = properties(symact.get("sigmoid"), only=["limit_neg_inf", "range"])
>>> list(report), report["range"].value
(['limit_neg_inf', 'range'], Interval.open(0, 1))
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from symact.errors import ParameterError, SymactError, UnsupportedExpressionError
from symact.properties.analysis import Study, Undecidable
from symact.properties.records import Property, outcome
from symact.properties.spec import PROPERTIES
from symact.prover.budget import DEFAULT_BUDGET
from symact.prover.results import Result, Undecided, _Rendered

__all__ = ["PropertyReport", "properties"]


@dataclass(frozen=True, slots=True, repr=False)
class PropertyReport(_Rendered, Mapping[str, Result]):
    """The results for one activation, by property name, in report order.

    Rendered by the printers of :mod:`symact.export` (``_print_PropertyReport``):
    ``to_text()``, ``to_latex(standalone=False)``, ``to_markdown()``, ``to_dict()``,
    ``to_json()``, and as math in Jupyter.
    """

    activation: str
    entries: tuple[tuple[Property, Result], ...]

    kind: ClassVar[str] = "properties"

    @property
    def results(self) -> tuple[Result, ...]:
        """The results in report order."""
        return tuple(r for _, r in self.entries)

    def __getitem__(self, name: str | Property) -> Result:
        prop = Property.parse(name)
        for p, result in self.entries:
            if p is prop:
                return result
        msg = f"the report on {self.activation} has no {prop.value!r}; ask for it with only=[...]"
        raise KeyError(msg)

    def __iter__(self) -> Iterator[str]:
        return iter(p.value for p, _ in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        verdicts = ", ".join(f"{p.value}={r.verdict.value}" for p, r in self.entries)
        return f"PropertyReport({self.activation}: {verdicts})"


def _activation(f: Any) -> Any:
    from symact.activations.function import ActivationFunction

    if isinstance(f, str):
        from symact.activations.registry import get

        f = get(f)
    if isinstance(f, ActivationFunction):
        return f
    name = getattr(f, "name", type(f).__name__)
    if getattr(f, "kind", None) == "vector":
        msg = (
            "properties are defined for element-wise activations f: R -> R; "
            f"{name!r} is a vector activation; pick an element-wise one"
        )
    else:
        msg = (
            "expected an ActivationFunction or a catalog name (e.g. 'relu'), "
            f"got {name!r} of type {type(f).__name__}"
        )
    raise UnsupportedExpressionError(msg)


def _budget(budget: float | None) -> float | None:
    if budget is None:
        return None
    if not (isinstance(budget, int | float) and budget > 0):
        msg = f"budget must be a positive number of seconds or None, got {budget!r}"
        raise ParameterError(msg)
    return float(budget)


def properties(
    f: Any,
    budget: float | None = DEFAULT_BUDGET,
    only: Iterable[str | Property] | None = None,
) -> PropertyReport:
    """Prove, refute or leave undecided every property of ``f`` (``only``: a subset, by
    name), each within ``budget`` seconds (None: no limit)."""
    f = _activation(f)
    seconds = _budget(budget)
    chosen = set(map(Property.parse, only)) if only is not None else set(PROPERTIES)
    study = Study(f)
    results = []
    for prop, spec in PROPERTIES.items():
        if prop not in chosen:
            continue
        study.deadline = None if seconds is None else time.monotonic() + seconds
        try:
            result = spec.check(study)
        except Undecidable as exc:
            result = outcome(Undecided, prop, study, reason=exc.reason)
        except SymactError as exc:
            result = outcome(Undecided, prop, study, reason=str(exc))
        except (NotImplementedError, ArithmeticError, ValueError, TypeError) as exc:
            # SymPy declined a step (e.g. a polynomial over an algebraic field): no verdict
            reason = f"SymPy could not complete a step ({type(exc).__name__}: {exc})"
            result = outcome(Undecided, prop, study, reason=reason)
        results.append((prop, result))
    return PropertyReport(f.name, tuple(results))
