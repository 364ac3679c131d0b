r"""Law encodings: what each verdict becomes as SMT-LIB checks over a *defined* ``f``.

Every :class:`Check` is a set of assertions and the answer that confirms symact's claim;
the claim is implied by that answer alone (``f`` is the exact activation, see
:mod:`~symact.export.smtlib_expr`):

* **proof** — the law negated over all reals (and admissible parameters): ``unsat``;
* **refutation** — the witness instance, ``not law`` at the witness together with the
  witness's membership in the family and region: ``sat`` (ground, so ``sat`` means true);
  the **family** (and **region**) with the law *holding* somewhere in it: ``unsat``;
* **parametric condition** ``law ⇔ C(s)`` with ``s`` free — both directions of the
  equivalence negated, each ``unsat``: ``C(s) ∧ ¬law(s, u, v)``, and ``¬C(s)`` with the law
  holding at the recorded witnesses (which cover every ``s`` outside ``C``; their defect is
  non-zero off finitely many roots, each of which has its own witness) or, when the record
  has no such cover, for all ``u, v`` (a quantified formula).

>>> from sympy import Function
>>> from symact.prover.laws import Law
>>> law_sides(Law.HOMOGENEITY, Function("f"), {"x": -1, "a": -1})
(f(1), -f(-1))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy import Expr, Function, Symbol

from symact.export.smtlib_expr import TermPrinter
from symact.prover.laws import Law

__all__ = ["Check", "Encoder", "F", "Section", "law_sides"]

#: The activation inside law statements; printed as ``(f u)``.
F = Function("f")


@dataclass(frozen=True, slots=True)
class Check:
    """One ``(check-sat)``: comment lines saying what is claimed, constants to declare,
    assertions, and the answer (``"sat"`` / ``"unsat"``) that confirms the claim."""

    claim: tuple[str, ...]
    declare: tuple[str, ...]
    assertions: tuple[str, ...]
    expect: str


@dataclass(frozen=True, slots=True)
class Section:
    """The checks for one law's result, with notes (e.g. why a check is not exported)."""

    title: str
    notes: tuple[str, ...] = ()
    checks: tuple[Check, ...] = field(default=())


def law_sides(law: Law, f: Any, values: Mapping[str, Any]) -> tuple[Expr, Expr]:
    """Both sides of ``law`` for ``f`` at ``values`` (numbers or symbols, by variable name)."""
    return law.sides(f, {k: sympy.sympify(v) for k, v in values.items()})


def _show(value: sympy.Basic) -> str:
    return sympy.sstr(value)


def statement(law: Law) -> str:
    """The law as text: ``f(a + b) = f(a) + f(b)``."""
    lhs, rhs = law.statement(F).args
    return f"{_show(lhs)} = {_show(rhs)}"


def _witness_text(law: Law, values: Mapping[str, Any]) -> str:
    return ", ".join(f"{name} = {_show(sympy.sympify(values[name]))}" for name in law.variables)


def _pins(cond: sympy.Basic, variables: Sequence[Symbol]) -> dict[Symbol, Expr]:
    """Law variables fixed to a rational by an ``Eq`` conjunct of ``cond`` (``x = -1``)."""
    out: dict[Symbol, Expr] = {}
    for part in sympy.And.make_args(cond):
        if isinstance(part, sympy.Eq):
            for var, val in ((part.lhs, part.rhs), (part.rhs, part.lhs)):
                if var in variables and val.is_Rational:
                    out[var] = val
    return out


class Encoder:
    """Builds the checks of one activation: ``printer`` knows the names of the law variables
    and parameters; ``params`` are the free parameters (declared constants) and ``valid``
    their admissible values."""

    def __init__(self, printer: TermPrinter, params: Sequence[Symbol], valid: sympy.Basic):
        self.printer = printer
        self.params = tuple(params)
        self.valid = valid
        self.quantified = False

    # -- pieces ------------------------------------------------------------------------------
    def law(self, law: Law, values: Mapping[str, Any]) -> str:
        """``(= lhs rhs)`` at ``values``."""
        lhs, rhs = law_sides(law, F, values)
        return f"(= {self.printer.term(lhs)} {self.printer.term(rhs)})"

    def symbolic(self, law: Law) -> dict[str, Symbol]:
        return dict(zip(law.variables, law.symbols, strict=True))

    def _base(self, law: Law, pins: Mapping[Symbol, Expr] | None = None) -> list[str]:
        """Admissible parameters and the law's domain (``x >= 0`` for positive homogeneity),
        with the law variables in ``pins`` substituted."""
        out = [] if self.valid is sympy.true else [self.printer.term(self.valid)]
        domain = law.domain.xreplace(dict(pins or {}))
        if domain is not sympy.true:
            out.append(self.printer.term(domain))
        return out

    def _params_text(self) -> str:
        names = ", ".join(str(p) for p in self.params)
        return f" for every admissible value of {names}" if self.params else ""

    # -- checks ------------------------------------------------------------------------------
    def proof(self, law: Law, condition: sympy.Basic | None) -> Check:
        """The law negated over all reals: unsat."""
        extra = [] if condition in (None, sympy.true) else [self.printer.term(condition)]
        when = "" if not extra else f" when {_show(condition)}"
        claim = (f"claim: {statement(law)} {law.quantifier}{self._params_text()}{when}",)
        body = [*self._base(law), *extra, f"(not {self.law(law, self.symbolic(law))})"]
        return Check(claim, law.variables, tuple(body), "unsat")

    def witness(self, law: Law, witness: Mapping[str, Expr], sets: Sequence[sympy.Basic]) -> Check:
        """``not law`` at the witness, which lies in every set of ``sets``: sat."""
        point = dict(zip(law.symbols, (witness[n] for n in law.variables), strict=True))
        with sympy.evaluate(False):  # the membership stays a statement about numbers
            at_witness = [s.xreplace(point) for s in sets]
        members = [self.printer.term(s) for s in at_witness]
        claim = [f"claim: the law fails at the witness {_witness_text(law, witness)}"]
        if sets:
            claim.append("and the witness lies in the family stated below")
        if self.params:
            claim.append(f"(for some admissible value of {', '.join(map(str, self.params))})")
        base = [] if self.valid is sympy.true else [self.printer.term(self.valid)]
        body = [*base, *members, f"(not {self.law(law, witness)})"]
        return Check(tuple(claim), (), tuple(body), "sat")

    def family(self, law: Law, family: sympy.Basic, what: str) -> Check:
        """The law holding somewhere in ``family``: unsat (it fails on all of it)."""
        pins = _pins(family, law.symbols)
        values = {n: pins.get(s, s) for n, s in zip(law.variables, law.symbols, strict=True)}
        rest = family.xreplace(pins)
        free = tuple(n for n, s in zip(law.variables, law.symbols, strict=True) if s not in pins)
        claim = (f"claim: the law fails at every point of the {what} {_show(family)}",)
        fixed = [f"; ({_show(s)} = {_show(v)} substituted)" for s, v in pins.items()]
        body = [*self._base(law, pins), self.printer.term(rest), self.law(law, values)]
        return Check((*claim, *fixed), free, tuple(body), "unsat")

    def condition_sufficient(self, law: Law, condition: sympy.Basic) -> Check:
        """``C(s)`` and the law failing somewhere: unsat (the law holds when C holds)."""
        claim = (f"claim: if {_show(condition)} then {statement(law)} {law.quantifier}",)
        body = [*self._base(law), self.printer.term(condition)]
        body.append(f"(not {self.law(law, self.symbolic(law))})")
        return Check(claim, law.variables, tuple(body), "unsat")

    def condition_necessary(
        self, law: Law, condition: sympy.Basic, witnesses: Sequence[Mapping[str, Expr]] | None
    ) -> Check:
        """``not C(s)`` and the law holding (at the witnesses, or everywhere): unsat."""
        statement = f"claim: if not {_show(condition)} then the law fails"
        if condition is sympy.false:
            statement = f"claim: the law fails{self._params_text()}"
        body = [] if self.valid is sympy.true else [self.printer.term(self.valid)]
        if condition is not sympy.false:
            body.append(f"(not {self.printer.term(condition)})")
        if witnesses:
            shown = "; ".join(_witness_text(law, w) for w in witnesses)
            claim = (f"{statement} at one of: {shown}",)
            body += [self.law(law, w) for w in witnesses]
            return Check(claim, (), tuple(body), "unsat")
        self.quantified = True
        bound = " ".join(f"({n} Real)" for n in law.variables)
        holds = self.law(law, self.symbolic(law))
        if law.domain is not sympy.true:
            holds = f"(=> {self.printer.term(law.domain)} {holds})"
        body.append(f"(forall ({bound}) {holds})")
        return Check(
            (f"{statement} somewhere (quantified over the law variables)",),
            (),
            tuple(body),
            "unsat",
        )
