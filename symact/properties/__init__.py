"""Properties of activations beyond linearity: limits, range, monotonicity, smoothness,
Lipschitz constant, polynomial-ness and universal approximation, each proved, refuted or
left undecided with the reason (docs/properties.md).

The package is itself callable, so that ``symact.properties(f)`` is :func:`properties`
whether or not a submodule was imported first (importing ``symact.properties.x`` binds the
name ``symact.properties`` to this package).  Its names load on first use (PEP 562), so the
CLI reads :mod:`.names` without loading the prover.

>>> import symact
>>> symact.properties("relu", only=["range"])["range"].value
Interval(0, oo)
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from symact.properties.comparison import TABLE_FORMATS, table
    from symact.properties.records import Property, PropertySpec, UnknownPropertyError
    from symact.properties.report import PropertyReport, properties
    from symact.properties.spec import PROPERTIES

__all__ = [
    "PROPERTIES",
    "TABLE_FORMATS",
    "Property",
    "PropertyReport",
    "PropertySpec",
    "UnknownPropertyError",
    "properties",
    "table",
]

_LAZY = {
    "PROPERTIES": "symact.properties.spec",
    "TABLE_FORMATS": "symact.properties.names",
    "Property": "symact.properties.records",
    "PropertySpec": "symact.properties.records",
    "UnknownPropertyError": "symact.properties.records",
    "PropertyReport": "symact.properties.report",
    "properties": "symact.properties.report",
    "table": "symact.properties.comparison",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'symact.properties' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`properties`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from symact.properties.report import properties

        return properties(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
