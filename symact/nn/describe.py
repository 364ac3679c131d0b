"""The Keras-like summary table of a :class:`~symact.nn.model.Sequential` model.

>>> from symact.nn import Dense, Sequential
>>> print(summary_table(Sequential([Dense(5, input_shape=(3,))], seed=0)))
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ Layer (type)                 ┃ Output Shape         ┃    Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ dense (Dense)                │ (None, 5)            │         20 │
└──────────────────────────────┴──────────────────────┴────────────┘
 Total params: 20 (80.00 B)
"""

from __future__ import annotations

from typing import Any

__all__ = ["summary_table"]

_WIDTHS = (30, 22, 12)


def _row(cells: tuple[str, str, str], edge: str = "│") -> str:
    left, mid, right = (f" {c}" for c in cells)
    a, b, c = _WIDTHS
    return f"{edge}{left:<{a}}{edge}{mid:<{b}}{edge}{right[1:]:>{c - 1}} {edge}"


def _rule(left: str, cross: str, right: str, fill: str) -> str:
    return left + cross.join(fill * w for w in _WIDTHS) + right


def summary_table(model: Any) -> str:
    """Layer, output shape and parameter count per layer, then the total and its bytes."""
    size = model._require_input()
    lines = [f'Model: "{model.name}"', _rule("┏", "┳", "┓", "━")]
    lines.append(_row(("Layer (type)", "Output Shape", "Param #"), "┃"))
    lines.append(_rule("┡", "╇", "┩", "━"))
    for i, layer in enumerate(model.layers):
        size = layer.output_size(size)
        cells = (f"{layer.name} ({type(layer).__name__})", f"(None, {size})")
        lines.append(_row((*cells, f"{layer.count_params():,}")))
        if i < len(model.layers) - 1:
            lines.append(_rule("├", "┼", "┤", "─"))
    lines.append(_rule("└", "┴", "┘", "─"))
    total = model.count_params()
    lines.append(f" Total params: {total:,} ({_bytes(total * model.dtype.itemsize)})")
    return "\n".join(lines)


def _bytes(n: int) -> str:
    """Keras's size format: 80.00 B, 1.95 KB, … (powers of 1024)."""
    value, units = float(n), ("B", "KB", "MB", "GB")
    for unit in units:
        if value < 1024 or unit == units[-1]:
            return f"{value:.2f} {unit}"
        value /= 1024
    return f"{value:.2f} GB"
