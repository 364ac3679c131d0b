"""SMT-LIB certificates for the whole catalog: one ``<name>.smt2`` per element-wise activation.

:func:`catalog_certificates` proves linearity for every element-wise catalog activation (the
catalog's defaults; required parameters left symbolic) and exports each report;
:func:`write_catalog_smtlib` writes them to a directory (for ``symact export``).  An
activation whose verdict has no sound certificate gets no file; its reason is returned.
"""

from __future__ import annotations

from pathlib import Path

from symact.activations.function import ActivationFunction
from symact.activations.registry import get, names
from symact.export.smtlib import SmtlibUnavailableError, to_smtlib

__all__ = ["catalog_certificates", "write_catalog_smtlib"]


def catalog_certificates(budget: float | None = 10.0) -> dict[str, str]:
    """Name → certificate text, or → ``"unavailable: reason"`` (sorted by name)."""
    from symact.prover import check_linearity

    out: dict[str, str] = {}
    for name in names():
        entry = get(name)
        if not isinstance(entry, ActivationFunction):
            continue  # vector activations: the prover handles f: R -> R only
        try:
            out[name] = to_smtlib(check_linearity(entry, budget=budget), entry)
        except SmtlibUnavailableError as exc:
            out[name] = f"unavailable: {exc}"
    return out


def write_catalog_smtlib(directory: str | Path, budget: float | None = 10.0) -> dict[str, str]:
    """Write ``<name>.smt2`` for every exportable catalog activation into ``directory``
    (created if missing); returns name → file path written, or the reason for no file."""
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for name, text in catalog_certificates(budget).items():
        if text.startswith("unavailable: "):
            written[name] = text
            continue
        path = target / f"{name}.smt2"
        path.write_text(text, encoding="utf-8")
        written[name] = str(path)
    return written
