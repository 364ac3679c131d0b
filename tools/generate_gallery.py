"""Regenerate the plot gallery: ``docs/gallery/*.png`` and ``docs/gallery.md``.

``.venv/bin/python tools/generate_gallery.py`` redraws every figure of :data:`GALLERY` with
``symact.plot`` and rewrites the page.  ``tests/plot/test_gallery.py`` checks that the files in
``docs/gallery/`` are exactly the ones listed here (by name: PNG bytes vary with matplotlib's
version and fonts, so they are not compared).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "gallery"
PAGE = ROOT / "docs" / "gallery.md"


@dataclass(frozen=True)
class Entry:
    """One figure: its file, what it draws, the command that draws it, and a caption."""

    file: str
    activations: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)
    caption: str = ""

    @property
    def command(self) -> str:
        flags = [f"--{k}" for k, v in self.options.items() if v is True]
        return " ".join(["symact plot", *self.activations, *flags, "-o", self.file])


GALLERY = (
    Entry(
        "relu_family.png",
        ("relu", "leaky_relu", "relu6", "hard_tanh"),
        {"derivative": True},
        "The ReLU family: each kink (a corner where f is continuous but has no derivative) is "
        "marked with a circle and listed exactly; the derivatives jump there, drawn without "
        "vertical joins. relu6's and hard_tanh's caps are their limits at ±∞.",
    ),
    Entry(
        "sigmoid_tanh.png",
        ("sigmoid", "tanh", "softsign"),
        {"derivative": True},
        "Squashing functions: the dashed lines are the exact limits at −∞ and +∞ (sigmoid: 0 "
        "and 1, tanh and softsign: −1 and 1), found by SymPy, not read off the curve.",
    ),
    Entry(
        "smooth_relus.png",
        ("gelu", "silu", "mish"),
        {"derivative": True},
        "Smooth ReLU-like activations: no kinks, a limit of 0 at −∞ and none at +∞; their "
        "derivatives dip below 0 and overshoot 1.",
    ),
    Entry(
        "shrink.png",
        ("hard_shrink", "soft_shrink"),
        {},
        "A jump and two kinks: hard_shrink jumps at ±1/2 (the curve is broken there), "
        "soft_shrink is continuous with kinks at ±1/2.",
    ),
    Entry(
        "relu_counterexample.png",
        ("relu",),
        {"counterexample": True},
        "ReLU is not linear. Left: additivity along b = −1, a > 0: f(a − 1) against "
        "f(a) + f(−1). Right: homogeneity along x = −1, a < 0: f(−a) = −a against −f(a) = 0. "
        "The black points are the exact witnesses the prover certified.",
    ),
)

#: Resolution of the gallery's PNG files: small on disk, readable on a page.
DPI = 80


def files() -> list[str]:
    """The file names the gallery holds, sorted."""
    return sorted(entry.file for entry in GALLERY)


def page() -> str:
    """The Markdown of docs/gallery.md."""
    lines = [
        "# Plot gallery",
        "",
        "Figures drawn by `symact plot` (regenerate them all with",
        "`.venv/bin/python tools/generate_gallery.py`).  Values come from the numeric bridge;",
        "kinks, jumps and asymptotes are exact (see `symact.plot.features`).",
        "",
    ]
    for entry in GALLERY:
        lines += [
            f"## {', '.join(entry.activations)}",
            "",
            f"`{entry.command}`",
            "",
            f"![{entry.command}](gallery/{entry.file})",
            "",
            entry.caption,
            "",
        ]
    return "\n".join(lines)


def main() -> int:
    import symact
    from symact.plot.command import save

    FOLDER.mkdir(parents=True, exist_ok=True)
    for stale in FOLDER.iterdir():
        if stale.name not in files():
            stale.unlink()
    for entry in GALLERY:
        save(symact.plot(*entry.activations, **entry.options), FOLDER / entry.file, dpi=DPI)
    PAGE.write_text(page(), encoding="utf-8")
    print(f"wrote {len(GALLERY)} figures to {FOLDER.relative_to(ROOT)} and {PAGE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
