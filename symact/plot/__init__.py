"""Plots of activations: ``symact.plot("relu", "sigmoid", derivative=True)`` → a Figure.

matplotlib is imported only when a figure is drawn.  The package itself is callable, the same
as :func:`symact.plot.figure.plot`: once any ``symact.plot.*`` submodule has been imported,
Python's import system binds the attribute ``symact.plot`` to this package (replacing the lazy
facade function), and ``symact.plot(...)`` must keep working whatever the import order.

>>> import symact
>>> symact.plot("relu").axes[0].get_gid()
'f'
"""

from __future__ import annotations

import sys
import types
from typing import Any

from symact.plot.features import Asymptote, horizontal_asymptotes, jumps, kinks
from symact.plot.figure import plot

__all__ = ["Asymptote", "horizontal_asymptotes", "jumps", "kinks", "plot"]


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`plot`."""

    def __call__(self, *activations: Any, **options: Any) -> Any:
        return plot(*activations, **options)


sys.modules[__name__].__class__ = _CallablePackage
