"""``symact export DIR``: a proof document per catalog activation, certificates and an index.

:func:`export_catalog` renders everything first, then writes through
:mod:`symact.export.bundle.files` (atomic, marker-owned files; see there).  The output is
byte-for-byte deterministic: sorted names, no dates, paths or versions, ``\\n`` line ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from symact.export.bundle.documents import BUDGET, Exported, collect
from symact.export.bundle.files import MARKER, ExportError, Outcome, prepare, write_all
from symact.export.bundle.index import index_markdown, properties_markdown

__all__ = ["MARKER", "ExportError", "Exported", "Outcome", "export_catalog", "render", "run"]


def render(budget: float = BUDGET) -> dict[str, str]:
    """File name → text of a whole export (the index is ``README.md``)."""
    items = collect(budget)
    files = {"README.md": index_markdown(items), "properties.md": properties_markdown()}
    for item in items:
        files.update(item.files())
    return files


def export_catalog(directory: str | Path, force: bool = False) -> Outcome:
    """Write the export into ``directory``: files it wrote before are replaced, stale ones
    removed; any other file of the same name is refused unless ``force``."""
    prepare(directory)  # a clear error before the prover runs, not after
    return write_all(directory, render(), force=force)


def run(directory: str, force: bool, out: TextIO) -> int:
    """The ``symact export`` command: export, then one summary line."""
    done = export_catalog(directory, force)
    removed = f", removed {len(done.removed)} stale" if done.removed else ""
    out.write(
        f"{directory}: wrote {len(done.written)} files, {len(done.unchanged)} unchanged{removed}\n"
    )
    return 0
