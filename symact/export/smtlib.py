r"""SMT-LIB 2.6 certificates: symact's verdicts as problems an independent solver decides.

:func:`to_smtlib` reads a result record (:class:`~symact.prover.results.Proof`,
:class:`~symact.prover.results.Refutation`, :class:`~symact.prover.results.Undecided` or a
:class:`~symact.prover.results.LinearityReport`) and the activation, and writes one document:
the activation as ``(define-fun f ((x Real)) Real ...)`` when it is piecewise polynomial
with rational coefficients (symbolic parameters become declared constants), else ``f``
declared with exact bounds on its values at the witness
(:mod:`~symact.export.smtlib_values`); then, per law, the checks of
:mod:`~symact.export.smtlib_laws`, each in its own ``push``/``pop`` scope and each
``(check-sat)`` preceded by ``; expect: sat`` or ``; expect: unsat``.  An undecided law
claims nothing and gets no check.  The logic is the smallest standard one that fits
(QF_LRA, QF_NRA, QF_UFLRA, NRA, ...); there are no solver-specific options.

>>> from symact import check_additivity, get
>>> text = check_additivity(get("relu")).to_smtlib()
>>> print(text.split("\n(push 1)")[0])  # doctest: +ELLIPSIS
; SMT-LIB 2.6 certificate exported by symact: ...
(set-logic QF_LRA)
(define-fun f ((x Real)) Real (ite (> x 0) x 0))
<BLANKLINE>
; == additivity: refuted ==
; check 1 of 2
; claim: the law fails at the witness a = 1, b = -1
; and the witness lies in the family stated below
>>> text.count("; expect: sat"), text.count("; expect: unsat")
(1, 1)
"""

from __future__ import annotations

import keyword
from collections.abc import Sequence
from typing import Any

import sympy
from sympy import Expr, Symbol

from symact.activations.function import ActivationFunction
from symact.errors import SymactError
from symact.export.smtlib_expr import Inexpressible, TermPrinter
from symact.export.smtlib_laws import Check, Encoder, Section
from symact.export.smtlib_values import value_check, value_facts
from symact.prover.certify import certify_nonzero
from symact.prover.laws import SCALAR, A, B
from symact.prover.results import LinearityReport, Proof, Refutation, Verdict

__all__ = ["SmtlibUnavailableError", "to_smtlib"]

#: Words a parameter may not be called in the file: the law variables, ``f`` and the
#: SMT-LIB reserved words and real-arithmetic/core symbols.
_TAKEN = frozenset(
    [
        "a",
        "b",
        "x",
        "f",
        "par",
        "let",
        "exists",
        "forall",
        "match",
        "as",
        "true",
        "false",
        "not",
        "and",
        "or",
        "xor",
        "ite",
        "distinct",
        "abs",
        "div",
        "mod",
        "to_real",
        "to_int",
        "is_int",
        "_",
        "!",
    ]
)


class SmtlibUnavailableError(SymactError, ValueError):
    """A verdict that cannot be exported as a sound SMT-LIB certificate (the reason says why)."""


def _names(params: Sequence[Symbol]) -> dict[Symbol, str]:
    names: dict[Symbol, str] = {SCALAR: "x", A: "a", B: "b"}
    for p in params:
        name = p.name
        while name in _TAKEN or name in names.values() or keyword.iskeyword(name):
            name = f"param_{name}"
        names[p] = name
    return names


def _validity(f: ActivationFunction, params: Sequence[Symbol]) -> sympy.Basic:
    """The parameters' admissible values (conditions of the free ones, others bound)."""
    bound = {
        p.symbol: v
        for p in f.specs
        if isinstance((v := f.params.get(p.name)), Expr) and p.symbol not in params
    }
    conds = [p.condition.subs(bound) for p in f.specs]
    return sympy.And(*[c for c in conds if c.free_symbols <= set(params)])


def _guard(build: Any, notes: list[str], checks: list[Check]) -> None:
    """Append the check ``build()`` makes, or a note saying why there is none."""
    try:
        checks.append(build())
    except Inexpressible as exc:
        notes.append(f"a check is not exported: {exc}")


def _section(
    result: Any, enc: Encoder, f: ActivationFunction, defined: str | None, symbolic: bool
) -> Section:
    """The checks of one law's result.  ``defined`` is None when ``f`` is defined exactly,
    else the reason it is not; ``symbolic`` when ``f`` has symbolic parameters."""
    title = f"{result.law.value}: {result.verdict.value}"
    if result.verdict is Verdict.UNDECIDED:
        why = (f"undecided: {result.reason}", "nothing is claimed, so there is no check")
        return Section(title, why)
    notes: list[str] = []
    checks: list[Check] = []
    if defined is None:
        _defined_checks(result, enc, notes, checks)
    elif symbolic:
        notes.append(f"not exported: f has symbolic parameters and {defined}")
    elif isinstance(result, Refutation) and result.witness is not None:
        law, witness = result.law, result.witness
        _guard(lambda: value_check(law, witness, *value_facts(f, law, witness)), notes, checks)
    else:
        notes.append(f"not exported: f is not piecewise polynomial ({defined})")
    return Section(title, tuple(notes), tuple(checks))


def _defined_checks(result: Any, enc: Encoder, notes: list[str], checks: list[Check]) -> None:
    """Proof, witness, family, region and condition checks over the defined ``f``."""
    law, cond = result.law, result.condition
    if isinstance(result, Proof):
        _guard(lambda: enc.proof(law, cond), notes, checks)
    if not isinstance(result, Refutation) or result.witness is None:
        return
    sets = [s for s in (result.family, result.region) if s is not None]
    _guard(lambda: enc.witness(law, result.witness, sets), notes, checks)
    for what, s in (("family", result.family), ("region", result.region)):
        if s is not None:
            _guard(lambda s=s, what=what: enc.family(law, s, what), notes, checks)
    if cond is None or not enc.params:
        return
    if cond is not sympy.false:
        _guard(lambda: enc.condition_sufficient(law, cond), notes, checks)
    cover = None
    if result.nonzero_when is not None:  # the witness fails off finitely many roots
        cover = [result.witness, *result.extra_witnesses]
    _guard(lambda: enc.condition_necessary(law, cond, cover), notes, checks)


def _logic(printer: TermPrinter, enc: Encoder, uninterpreted: bool) -> str:
    prefix = "" if enc.quantified else "QF_"
    return f"{prefix}{'UF' if uninterpreted else ''}{'N' if printer.nonlinear else 'L'}RA"


def _check_lines(check: Check, number: int, total: int) -> list[str]:
    lines = [f"; check {number} of {total}", *(f"; {c.removeprefix('; ')}" for c in check.claim)]
    lines.append("(push 1)")
    lines += [f"(declare-const {name} Real)" for name in check.declare]
    lines += [f"(assert {a})" for a in dict.fromkeys(check.assertions)]
    return [*lines, f"; expect: {check.expect}", "(check-sat)", "(pop 1)"]


def _define(f: ActivationFunction) -> tuple[TermPrinter, list[Symbol], str, str | None]:
    """The printer for law terms, the declared parameters, the body of ``define-fun``, and
    None — or, when ``f`` has no exact form, no parameters, no body and the reason."""
    params = sorted(f.expr.free_symbols - {f.x}, key=lambda s: s.name)
    names = _names(params)
    printer = TermPrinter({**names, f.x: "x"})  # the formal parameter of define-fun
    try:
        body, defined = printer.term(f.expr), None
    except Inexpressible as exc:
        body, defined, params = "", str(exc), []
        printer.nonlinear = False  # flags from the failed definition do not count
    printer.names = names  # law terms: x, a, b are the law variables
    return printer, params, body, defined


def _header(
    f: ActivationFunction, enc: Encoder, logic: str, body: str, defined: str | None
) -> list[str]:
    """Comments, logic, parameter declarations and the definition (or declaration) of f."""
    head = [
        f"; SMT-LIB 2.6 certificate exported by symact: {f.name}",
        f"; f(x) = {sympy.sstr(f.expr)}",
        "; Each (check-sat) below follows an expect line (sat or unsat): the answer that",
        "; confirms symact's claim stated in the comments above it.  Any other answer, or",
        "; unknown, does not confirm it.  See docs/certificates.md.",
        f"(set-logic {logic})",
    ]
    head += [f"(declare-const {enc.printer.names[p]} Real)" for p in enc.params]
    if enc.params and enc.valid is not sympy.true:
        shown = ", ".join(p.name for p in enc.params)
        head.append(f"; parameters: {shown}, admissible when {sympy.sstr(enc.valid)}")
    if defined is None:
        return [*head, f"(define-fun f ((x Real)) Real {body})"]
    return [*head, "(declare-fun f (Real) Real)", f"; f is declared, not defined: {defined}"]


def _document(f: ActivationFunction, results: Sequence[Any]) -> tuple[str, int]:
    """The document's text and its number of checks."""
    printer, params, body, defined = _define(f)
    enc = Encoder(printer, params, _validity(f, params) if params else sympy.true)
    symbolic = bool(f.expr.free_symbols - {f.x})
    sections = [_section(r, enc, f, defined, symbolic) for r in results]
    total = sum(len(s.checks) for s in sections)
    logic = _logic(printer, enc, defined is not None)
    lines, number = _header(f, enc, logic, body, defined), 0
    for section in sections:
        lines += ["", f"; == {section.title} ==", *(f"; {n}" for n in section.notes)]
        for check in section.checks:
            number += 1
            lines += _check_lines(check, number, total)
    return "\n".join([*lines, "", "(exit)", ""]), total


def _resolve(result: Any) -> ActivationFunction:
    """The catalog activation a record is about (its name and parameters)."""
    from symact.activations.registry import get
    from symact.errors import UnknownActivationError

    first = result.additivity if isinstance(result, LinearityReport) else result
    hint = "pass the activation: result.to_smtlib(f)"
    try:
        entry = get(result.activation)
    except UnknownActivationError:
        msg = f"{result.activation!r} is not a catalog activation; {hint}"
        raise SmtlibUnavailableError(msg) from None
    if not isinstance(entry, ActivationFunction):
        msg = f"{result.activation!r} is not an element-wise activation; {hint}"
        raise SmtlibUnavailableError(msg)
    values = {k: v for k, v in first.params if k in entry.params}
    return entry.bind(**values) if values else entry


def _consistent(result: Any, f: ActivationFunction) -> None:
    """Refuse an activation whose defect at a recorded witness certainly differs from the
    record's (e.g. a user formula named like a catalog entry)."""
    if f.expr.free_symbols - {f.x}:
        return  # parametric records restate witnesses of bound instances
    for r in result.results if isinstance(result, LinearityReport) else (result,):
        if not isinstance(r, Refutation) or r.witness is None or r.defect is None:
            continue
        lhs, rhs = r.law.sides(f, {k: sympy.sympify(v) for k, v in r.witness.items()})
        gap = sympy.expand(lhs - rhs) - r.defect
        if gap != 0 and not gap.free_symbols and certify_nonzero(gap, max_prec=256) is not None:
            msg = (
                f"the activation {f.name} does not match the record of {r.activation} "
                f"(defect at the witness {lhs - rhs} != {r.defect}); pass the activation "
                "the result was computed for"
            )
            raise SmtlibUnavailableError(msg)


def to_smtlib(result: Any, activation: ActivationFunction | None = None) -> str:
    """The SMT-LIB 2.6 certificate of ``result`` for ``activation`` (default: the catalog
    activation named in the record, with its parameters).

    Raises :class:`SmtlibUnavailableError` when a proved or refuted law cannot be exported
    at all (no sound check exists), never a document that confirms something false.
    """
    f = _resolve(result) if activation is None else activation
    if not isinstance(f, ActivationFunction):
        msg = f"to_smtlib() needs an element-wise ActivationFunction, got {type(f).__name__}"
        raise SmtlibUnavailableError(msg)
    _consistent(result, f)
    results = result.results if isinstance(result, LinearityReport) else (result,)
    text, total = _document(f, results)
    claims = [r for r in results if r.verdict is not Verdict.UNDECIDED]
    if claims and total == 0:
        reasons = [
            line[2:]
            for line in text.splitlines()
            if line.startswith("; not exported") or line.startswith("; a check is not exported")
        ]
        msg = f"no SMT-LIB certificate for {f.name}: {'; '.join(dict.fromkeys(reasons))}"
        raise SmtlibUnavailableError(msg)
    return text
