"""SMT-LIB certificates for the whole catalog: one ``<name>.smt2`` per element-wise activation.

:func:`catalog_certificates` proves linearity for every element-wise catalog activation (the
catalog's defaults; required parameters left symbolic) and exports each report;
:func:`write_catalog_smtlib` writes them to a directory (for ``symact export``).  An
activation whose verdict has no sound certificate gets no file; its reason is returned.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symact.activations.function import ActivationFunction
from symact.activations.registry import get, names
from symact.export.smtlib import SmtlibUnavailableError, to_smtlib

__all__ = ["catalog_certificates", "catalog_reports", "certificates", "write_catalog_smtlib"]


def catalog_reports(budget: float | None = 10.0) -> dict[str, tuple[ActivationFunction, Any]]:
    """Name → (activation, linearity report) for every element-wise catalog activation."""
    from symact.prover import check_linearity

    out: dict[str, tuple[ActivationFunction, Any]] = {}
    for name in names():
        entry = get(name)
        if isinstance(entry, ActivationFunction):  # vector activations: f: R -> R only
            out[name] = (entry, check_linearity(entry, budget=budget))
    return out


def certificates(reports: dict[str, tuple[ActivationFunction, Any]]) -> dict[str, str]:
    """Name → certificate text, or → ``"unavailable: reason"``."""
    out: dict[str, str] = {}
    for name, (entry, report) in reports.items():
        try:
            out[name] = to_smtlib(report, entry)
        except SmtlibUnavailableError as exc:
            out[name] = f"unavailable: {exc}"
    return out


def catalog_certificates(budget: float | None = 10.0) -> dict[str, str]:
    """Name → certificate text, or → ``"unavailable: reason"`` (sorted by name)."""
    return certificates(catalog_reports(budget))


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
