"""The documents of one catalog activation: its linearity proof as LaTeX and Markdown, and its
SMT-LIB certificate.

This is the one part of ``symact.export`` that runs the prover (as ``smtlib_catalog`` does):
it proves linearity for every element-wise catalog activation at the catalog's defaults
(parameters without a default stay symbolic) and hands each report to the renderers.  Vector
activations (softmax, …) are outside the prover; they get an index row and no documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from symact.activations.function import ActivationFunction
from symact.activations.registry import Activation, get, names
from symact.export.bundle.files import stamp
from symact.export.smtlib_catalog import certificates

__all__ = ["BUDGET", "DOCUMENTS", "Exported", "collect"]

#: Seconds per law; the whole catalog needs about 0.2 s per activation, so a check that runs
#: out of this budget (and turns the exported verdict into undecided) signals a real problem.
BUDGET = 10.0

_VECTOR = (
    "a vector activation (it maps a vector to a vector); the prover decides laws of "
    "element-wise activations f: R -> R only"
)
#: The unavailable-certificate prefix of :func:`symact.export.smtlib_catalog.certificates`.
_UNAVAILABLE = "unavailable: "


@dataclass(frozen=True, slots=True)
class Exported:
    """One catalog activation, its linearity report (None for a vector activation) and its
    SMT-LIB certificate ("" when none is sound; ``note`` says why)."""

    entry: Activation
    report: Any = None
    certificate: str = ""
    note: str = ""

    @property
    def name(self) -> str:
        return self.entry.name

    def file_names(self) -> tuple[str, ...]:
        """Names of the files this activation has, known without rendering them: the proof
        documents of every element-wise activation, the certificate when there is one."""
        if self.report is None:
            return ()
        return tuple(
            f"{self.name}{suffix}" for suffix in DOCUMENTS if suffix != ".smt2" or self.certificate
        )

    def files(self) -> dict[str, str]:
        """File name → stamped text of every document this activation has."""
        return {
            name: stamp(name, DOCUMENTS[name[len(self.name) :]](self)) for name in self.file_names()
        }


#: Each document of an activation: its suffix and how it is rendered from the records.
DOCUMENTS: dict[str, Callable[[Exported], str]] = {
    ".tex": lambda item: item.report.to_latex(standalone=True),
    ".md": lambda item: item.report.to_markdown(),
    ".smt2": lambda item: item.certificate,
}


def collect(budget: float = BUDGET) -> tuple[Exported, ...]:
    """Every catalog activation, sorted by name, with its report and certificate."""
    from symact.prover import check_linearity

    entries = [get(name) for name in sorted(names())]
    reports = {
        e.name: (e, check_linearity(e, budget=budget))
        for e in entries
        if isinstance(e, ActivationFunction)
    }
    texts = certificates(reports)
    out = []
    for entry in entries:
        if entry.name not in reports:
            out.append(Exported(entry, note=_VECTOR))
            continue
        text = texts[entry.name]
        missing = text.startswith(_UNAVAILABLE)
        out.append(
            Exported(
                entry,
                reports[entry.name][1],
                certificate="" if missing else text,
                note=text.removeprefix(_UNAVAILABLE) if missing else "",
            )
        )
    return tuple(out)
