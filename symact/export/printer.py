"""The printer interface shared by the text, LaTeX, Markdown and JSON renderers.

Like SymPy's ``Printer``, :meth:`Printer.doprint` finds the method ``_print_<ClassName>`` of
the object's class or of the first base class along its MRO: ``_print_Proof``,
``_print_Refutation``, ``_print_Undecided`` (all three default to :meth:`Printer.result`),
``_print_LinearityReport``, ``_print_ActivationFunction`` and ``_print_Step``.  A step
dispatches once more on its relation: ``_print_step_<name>`` (``_print_step_in``,
``_print_step_holds``, ``_print_step_therefore``, ...) and, for a two-sided relation without a
method of its own, ``_print_step_relation``.  A new record type is one ``_print_<ClassName>``
method per printer; a report of several results is :meth:`Printer.report` (a heading and the
results), which every printer implements once.

Printers read records and never call the prover.

>>> from sympy import Integer
>>> from symact.prover.results import Step
>>> class Names(Printer):
...     def _print_step_relation(self, step):
...         return f"{step.lhs} {step.relation} {step.rhs}"
...     def _print_step_therefore(self, step):
...         return "so " + step.justification
>>> Names().doprint(Step(Integer(1), "<=", Integer(2), "order"))
'1 <= 2'
>>> Names().doprint(Step.therefore("done"))
'so done'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sympy

from symact.errors import SymactError

if TYPE_CHECKING:
    from symact.activations.function import ActivationFunction
    from symact.prover.results import Step

__all__ = [
    "CLOSING_FIELDS",
    "Printer",
    "PrinterError",
    "closing",
    "law_renames",
    "resolve_activation",
]

#: Two-sided relations: a step ``lhs relation rhs`` (the others have their own methods).
TWO_SIDED = ("eq", "ne", "lt", "gt", "le", "ge", "in", "iff", "implies")


#: The fields a result's derivation closes with: its attribute, the label of documents
#: (LaTeX, Markdown) and the label of plain text.
CLOSING_FIELDS = (
    ("family", "Counterexample family", "counterexample family"),
    ("region", "Counterexample region", "counterexample region"),
    ("condition", "The law holds exactly when", "law holds exactly when"),
    ("nonzero_when", "The witness refutes the law when", "the witness refutes the law when"),
)


def closing(result: Any, plain: bool = False) -> list[tuple[str, Any]]:
    """``(label, value)`` of each closing field the result has (text labels when ``plain``)."""
    return [
        (text_label if plain else label, getattr(result, attr))
        for attr, label, text_label in CLOSING_FIELDS
        if getattr(result, attr) is not None
    ]


class PrinterError(SymactError, TypeError):
    """A printer was given an object it has no method for."""


class Printer:
    """Dispatch by type (see the module doc); subclasses add ``_print_<ClassName>`` methods.

    ``activation`` is the function a result is about, for printers that show its definition
    (default: the catalog entry the result names, see :func:`resolve_activation`).
    """

    #: The printer's name in :data:`symact.export.formats.FORMATS`.
    name = "printer"

    def __init__(self, activation: ActivationFunction | None = None) -> None:
        self.activation = activation
        self.renames: dict[sympy.Symbol, sympy.Symbol] = {}

    def doprint(self, obj: Any) -> Any:
        """The rendering of ``obj`` by the ``_print_<ClassName>`` method along its MRO."""
        for cls in type(obj).__mro__:
            method = getattr(self, f"_print_{cls.__name__}", None)
            if method is not None:
                return method(obj)
        msg = (
            f"{type(self).__name__} cannot print a {type(obj).__name__}; "
            f"add a method _print_{type(obj).__name__} to it"
        )
        raise PrinterError(msg)

    # -- results ----------------------------------------------------------------------------------
    def _print_Proof(self, result: Any) -> Any:
        return self._with_names(result)

    def _print_Refutation(self, result: Any) -> Any:
        return self._with_names(result)

    def _print_Undecided(self, result: Any) -> Any:
        return self._with_names(result)

    def _with_names(self, result: Any) -> Any:
        with self.distinct_names(result):
            return self.result(result)

    def result(self, result: Any) -> Any:
        """One law's verdict with its derivation (every printer implements it)."""
        raise NotImplementedError

    def report(self, heading: str, results: Sequence[Any], subject: Any = None) -> Any:
        """A report: a plain-text ``heading`` and its ``results``, each printed in turn."""
        raise NotImplementedError

    # -- steps ------------------------------------------------------------------------------------
    def _print_Step(self, step: Step) -> Any:
        kind = step.relation.name.lower()
        method = getattr(self, f"_print_step_{kind}", None)
        if method is None and kind in TWO_SIDED:
            method = self._print_step_relation
        if method is None:
            msg = f"{type(self).__name__} has no method _print_step_{kind} for {step!r}"
            raise PrinterError(msg)
        return method(step)

    def _print_step_relation(self, step: Step) -> Any:
        raise NotImplementedError

    # -- law variables that share a name with a parameter -----------------------------------------
    @contextmanager
    def distinct_names(self, result: Any) -> Iterator[None]:
        """While printing ``result``, its law variables that share their name with a
        parameter print as ``a'`` (see :func:`law_renames`)."""
        saved = self.renames
        self.renames = law_renames(result)
        try:
            yield
        finally:
            self.renames = saved

    def named(self, value: Any) -> Any:
        """``value`` with the colliding law variables renamed."""
        if self.renames and isinstance(value, sympy.Basic):
            return value.xreplace(self.renames)
        return value

    def variable(self, name: str) -> str:
        """The printed name of the law variable called ``name``."""
        for old, new in self.renames.items():
            if old.name == name:
                return new.name
        return name


def _symbols(result: Any) -> set[sympy.Symbol]:
    values = [result.defect, result.family, result.region, result.condition, result.nonzero_when]
    for step in result.steps:
        values += [step.lhs, step.rhs, step.case]
    found: set[sympy.Symbol] = set()
    for value in values:
        if isinstance(value, sympy.Basic):
            found |= {s for s in value.atoms(sympy.Symbol)}
    return found


def law_renames(result: Any) -> dict[sympy.Symbol, sympy.Symbol]:
    """Law variables (assumption ``law_variable=True``) named like a symbolic parameter of
    ``result`` or another symbol in it, each mapped to a fresh symbol ``a'`` (primes until
    unused).  A parameter bound to a number appears in no formula and renames nothing.

    >>> from symact.prover.laws import A
    >>> from symact.prover.results import Refutation
    >>> from symact.prover.laws import Law
    >>> a = sympy.Symbol("a", real=True)
    >>> law_renames(Refutation(Law.ADDITIVITY, "f", family=A > 0, params=(("a", a),)))
    {a: a'}
    """
    symbols = _symbols(result)
    laws = {s for s in symbols if s.assumptions0.get("law_variable")}
    for _, value in result.params:  # a symbolic parameter, even where no step shows it
        if isinstance(value, sympy.Basic):
            symbols |= value.atoms(sympy.Symbol)
    others = {s.name for s in symbols - laws}
    taken = {s.name for s in symbols} | others
    renames = {}
    for symbol in sorted(laws, key=lambda s: s.name):
        if symbol.name in others:
            new = symbol.name + "'"
            while new in taken:
                new += "'"
            taken.add(new)
            renames[symbol] = sympy.Symbol(new, real=True)
    return renames


def witness_items(printer: Printer, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """A witness's ``(variable, value)`` pairs with the printed names of the variables."""
    return [(printer.variable(k), v) for k, v in values.items()]


def resolve_activation(result: Any, given: ActivationFunction | None) -> Any:
    """The activation a result is about: ``given``, else the catalog entry the result names
    bound to its parameters, else None (a formula's result shows no definition)."""
    if given is not None:
        return given
    from symact.activations.function import ActivationFunction
    from symact.activations.registry import get

    first = result.results[0] if hasattr(result, "results") else result
    try:
        entry = get(result.activation)
        if not isinstance(entry, ActivationFunction):
            return None
        values = {k: v for k, v in first.params if k in entry.params}
        return entry.bind(**values) if values else entry
    except SymactError:
        return None
