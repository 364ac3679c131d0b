"""Properties of activations beyond linearity: limits, range, monotonicity, smoothness,
Lipschitz constant, polynomial-ness and universal approximation, each proved, refuted or
left undecided with the reason (docs/properties.md).

The package is itself callable, so that ``symact.properties(f)`` is :func:`properties`
whether or not a submodule was imported first (importing ``symact.properties.x`` binds the
name ``symact.properties`` to this package).

>>> import symact
>>> symact.properties("relu", only=["range"])["range"].value
Interval(0, oo)
"""

import sys
import types
from typing import Any

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


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`properties`."""

    def __call__(self, *args: Any, **kwargs: Any) -> PropertyReport:
        return properties(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
