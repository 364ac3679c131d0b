"""What every subcommand shares: the argument parser, resolving NAME|EXPR, ``--param``."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from symact.activations.registry import Activation, get
from symact.errors import ParameterError, SymactError, UnknownActivationError

__all__ = ["Handler", "Parser", "add_param", "parse_params", "resolve"]

Handler = Callable[[argparse.Namespace, TextIO], int]

#: Tokens read as (negative) numbers rather than options: -1, -1e-300, -.5, -inf, -nan.
_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE)


class Parser(argparse.ArgumentParser):
    """argparse, but ``-1e-300`` and ``-inf`` are values, not unknown options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NUMBER


def resolve(
    text: str, params: dict[str, Any] | None = None, symbolic: Sequence[str] = ()
) -> Activation:
    """A catalog name, else a formula through the safe parser; ``params`` bound by name.

    For a formula, the names in ``params`` and ``symbolic`` are declared as its parameters
    (``where(x > 0, x, a*x)`` with ``--param a=0.1`` or ``--param a=symbolic``)."""
    params = params or {}
    try:
        return get(text, **params)
    except UnknownActivationError as exc:
        unknown = exc
    if not text.strip().isidentifier():
        return _formula(text, params, symbolic)
    try:  # a bare name outside the catalog may still be a formula: `x`
        return _formula(text, params, symbolic)
    except SymactError:
        raise unknown from None  # "unknown activation 'rleu'; did you mean relu?"


def _formula(text: str, params: dict[str, Any], symbolic: Sequence[str]) -> Activation:
    """``text`` through the safe parser, with ``params`` and ``symbolic`` as its parameters."""
    from symact.activations.parse import parse

    declared = [*params, *(n for n in symbolic if n not in params)]
    entry = parse(text, params=declared)
    unused = [n for n in declared if entry.param(n).symbol not in entry.expr.free_symbols]
    if unused:
        msg = f"the formula does not use the parameter {unused[0]!r}; remove --param {unused[0]}"
        raise ParameterError(msg)
    return entry.bind(**params) if params else entry


def parse_params(pairs: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``NAME=VALUE`` options: numbers to bind, and names to leave ``symbolic``."""
    values: dict[str, str] = {}
    symbolic: list[str] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            msg = f"--param expects NAME=VALUE (a number or 'symbolic'), got {pair!r}"
            raise ParameterError(msg)
        if name.strip() in values or name.strip() in symbolic:
            msg = f"--param {name.strip()} given twice; give each parameter once"
            raise ParameterError(msg)
        if value.strip().lower() == "symbolic":
            symbolic.append(name.strip())
        else:
            values[name.strip()] = value.strip()
    return values, symbolic


def add_param(p: argparse.ArgumentParser, help_text: str) -> None:
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help=help_text)
