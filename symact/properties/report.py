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

import json
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from symact.errors import ParameterError, SymactError, UnsupportedExpressionError
from symact.properties.analysis import Study, Undecidable
from symact.properties.records import Property, outcome
from symact.properties.spec import PROPERTIES
from symact.prover.budget import DEFAULT_BUDGET
from symact.prover.results import Result, Undecided

__all__ = ["PropertyReport", "properties"]


@dataclass(frozen=True, slots=True)
class PropertyReport(Mapping[str, Result]):
    """The results for one activation, by property name, in report order."""

    activation: str
    results: tuple[tuple[Property, Result], ...]

    kind: ClassVar[str] = "properties"

    def __getitem__(self, name: str | Property) -> Result:
        prop = Property.parse(name)
        for p, result in self.results:
            if p is prop:
                return result
        msg = f"the report on {self.activation} has no {prop.value!r}; ask for it with only=[...]"
        raise KeyError(msg)

    def __iter__(self) -> Iterator[str]:
        return iter(p.value for p, _ in self.results)

    def __len__(self) -> int:
        return len(self.results)

    def to_text(self) -> str:
        """Every result as plain text (``symact.export.text``), one after another."""
        from symact.export.text import render

        head = f"Properties of {self.activation}"
        return "\n\n".join([head, *(render(r) for _, r in self.results)])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"schema", "kind": "properties", "activation", "properties"}``."""
        from symact.export.json import SCHEMA, to_dict

        return {
            "schema": SCHEMA,
            "kind": "properties",
            "activation": self.activation,
            "properties": {p.value: to_dict(r) for p, r in self.results},
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_markdown(self) -> str:
        """A Markdown table of verdicts and values, then each derivation."""
        from symact.properties.render import report_markdown

        return report_markdown(self)

    def to_latex(self) -> str:
        """A LaTeX ``tabular`` of verdicts and values."""
        from symact.properties.render import report_latex

        return report_latex(self)

    def __str__(self) -> str:
        return self.to_text()


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
