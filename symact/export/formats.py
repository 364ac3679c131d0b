"""The output formats: one record per format (name, printer, file suffix, description).

``symact prove --format`` offers the names of :data:`FORMATS`, and ``-o FILE`` picks the
format from the file's suffix when ``--format`` is not given (:func:`for_path`).

>>> sorted(FORMATS)
['json', 'latex', 'markdown', 'smtlib', 'text']
>>> for_path("relu.tex").name, for_path("proof.smt2").name, for_path("notes.doc")
('latex', 'smtlib', None)
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symact.export.printer import Printer

__all__ = ["FORMATS", "Format", "for_path", "render"]

#: ``render(obj, activation, standalone)`` → the text to write (ending in a newline).
Render = Callable[[Any, Any, bool], str]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its name, printer (``module:Class``, imported on first use; empty:
    not a printer), file suffix and meaning."""

    name: str
    printer_path: str
    suffix: str
    description: str
    render: Render

    @property
    def printer(self) -> type[Printer] | None:
        """The printer class (None for a format that is not a printer)."""
        if not self.printer_path:
            return None
        module, _, cls = self.printer_path.partition(":")
        found: type[Printer] = getattr(importlib.import_module(module), cls)
        return found


def _printer(fmt: str, activation: Any, **options: Any) -> Printer:
    cls = FORMATS[fmt].printer
    assert cls is not None
    return cls(activation, **options)


def _text(obj: Any, activation: Any, standalone: bool) -> str:
    return str(_printer("text", activation).doprint(obj)) + "\n"


def _json(obj: Any, activation: Any, standalone: bool) -> str:
    return json.dumps(_printer("json", activation).doprint(obj), indent=2) + "\n"


def _latex(obj: Any, activation: Any, standalone: bool) -> str:
    printer = _printer("latex", activation, standalone=standalone)
    return str(printer.doprint(obj)).rstrip("\n") + "\n"


def _markdown(obj: Any, activation: Any, standalone: bool) -> str:
    return str(_printer("markdown", activation).doprint(obj)).rstrip("\n") + "\n"


def _smtlib(obj: Any, activation: Any, standalone: bool) -> str:
    return str(obj.to_smtlib(activation))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "text",
            "symact.export.text:TextPrinter",
            ".txt",
            "plain text, as on the terminal",
            _text,
        ),
        Format(
            "json",
            "symact.export.json:JsonPrinter",
            ".json",
            "JSON, schema symact.prover/1 (docs/json.md)",
            _json,
        ),
        Format(
            "latex",
            "symact.export.latex:LatexPrinter",
            ".tex",
            "LaTeX: an aligned fragment, or with --standalone a document",
            _latex,
        ),
        Format(
            "markdown",
            "symact.export.markdown:MarkdownPrinter",
            ".md",
            "GitHub Markdown with $…$ math",
            _markdown,
        ),
        Format("smtlib", "", ".smt2", "an SMT-LIB 2.6 certificate for z3/cvc5", _smtlib),
    )
}


def for_path(path: str | PurePath) -> Format | None:
    """The format whose suffix ``path`` has (None when no format has it)."""
    suffix = PurePath(path).suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), None)


def render(obj: Any, fmt: str, activation: Any = None, standalone: bool = False) -> str:
    """``obj`` in the format named ``fmt``."""
    return FORMATS[fmt].render(obj, activation, standalone)
