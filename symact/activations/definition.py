"""A catalog entry before it is built: its spellings, and the call that builds it.

Building an entry is SymPy work (its ``Piecewise`` and parameter conditions); the registry
needs only the names to answer ``names()`` and to resolve a spelling, so each entry is built
the first time it is looked up.  ``symact show relu`` builds ``relu`` alone.

>>> from symact.activations.definition import define
>>> square = define("square", lambda x: x**2, aliases=("sq",))
>>> square.name, square.aliases
('square', ('sq',))
>>> square.build().expr
x**2
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from symact.activations.function import ActivationFunction, Builder, Param

# SymPy's exp() imports this module on its first call; importing it now keeps the first
# lookup of an entry such as elu free of imports (a parse after the first one imports nothing).
importlib.import_module("sympy.sets.setexpr")

__all__ = ["Definition", "define"]


@dataclass(frozen=True, slots=True)
class Definition:
    """The name and aliases of a built-in activation, and ``build()`` for the record itself."""

    name: str
    aliases: tuple[str, ...]
    build: Callable[[], ActivationFunction]


def define(name: str, builder: Builder, params: tuple[Param, ...] = (), **info: Any) -> Definition:
    """Defer ``ActivationFunction.define(name, builder, params, **info)`` until it is needed."""
    call = functools.partial(ActivationFunction.define, name, builder, params, **info)
    return Definition(name, tuple(info.get("aliases", ())), call)
