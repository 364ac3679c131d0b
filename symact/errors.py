"""Errors raised to users.

Every error derives from :class:`SymactError` *and* from the matching builtin, so callers can
catch either.  Messages state what was wrong, the value received, and what to do instead.
"""

from __future__ import annotations

__all__ = [
    "BudgetExceeded",
    "ParameterError",
    "ParseError",
    "RegistryError",
    "ShapeError",
    "SymactError",
    "UnknownActivationError",
    "UnsupportedExpressionError",
]


class SymactError(Exception):
    """Base class of every error symact raises on purpose."""


class UnknownActivationError(SymactError, ValueError):
    """An activation name that the registry does not know."""


class ParameterError(SymactError, ValueError):
    """A parameter name or value that an activation does not accept."""


class RegistryError(SymactError, ValueError):
    """A registration that would silently overwrite an existing name."""


class ShapeError(SymactError, ValueError):
    """Arrays or layers whose shapes do not fit together."""


class UnsupportedExpressionError(SymactError, ValueError):
    """An expression that a component (lowering, prover) cannot handle."""


class BudgetExceeded(SymactError, TimeoutError):
    """A computation ran past its time budget (the prover turns this into *undecided*)."""


class ParseError(SymactError, ValueError):
    """Text that the safe parser refuses.

    ``token`` is the offending piece of text and ``column`` its 1-based position, so that a
    user can find it in the formula they typed.
    """

    def __init__(self, message: str, token: str = "", column: int = 0) -> None:
        self.token = token
        self.column = column
        where = f" (at column {column}: {token!r})" if column else ""
        super().__init__(f"{message}{where}")
