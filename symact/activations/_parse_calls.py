"""Function calls: whitelisted functions, ``sqrt``, and catalog activations with parameters.

``FUNCTIONS`` maps each whitelisted name to its arity and SymPy builder; ``log`` and ``log1p``
are checked to be defined for every real x before they are built (:mod:`._parse_domain`).
Catalog activations (``relu``, ``leaky_relu(x, 0.1)``, ``elu(x, alpha=a)``) are looked up in the
registry under any of their spellings and applied to their argument piece by piece.

>>> from symact.activations.parse import parse
>>> parse("log1p(x**2) + elu(2*x, alpha=1)").expr
Piecewise((2*x, x > 0), (exp(2*x) - 1, True)) + log(x**2 + 1)
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable
from functools import partial
from typing import Any

import sympy
from sympy import Expr, S

from symact.activations import _parse_domain as domain
from symact.activations._parse_budget import MAX_TREE_SIZE
from symact.activations._parse_cases import Cases
from symact.activations._parse_core import REFUSALS
from symact.activations._parse_scan import short_message
from symact.activations.function import ActivationFunction, Param, X
from symact.activations.nodes import sigmoid, softplus
from symact.errors import ParameterError

__all__ = ["FUNCTIONS", "SPECIAL", "Calls", "catalog", "catalog_names"]


def _log(u: Expr, base: Expr | None = None) -> Expr:
    return sympy.log(u) if base is None else sympy.log(u) / sympy.log(base)


#: Whitelisted functions: name → (fewest arguments, most arguments or None, builder).
FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., Expr]]] = {
    "exp": (1, 1, sympy.exp),
    "log": (1, 2, _log),
    "log1p": (1, 1, lambda u: sympy.log(1 + u)),
    "expm1": (1, 1, lambda u: sympy.exp(u) - 1),
    "abs": (1, 1, sympy.Abs),
    "sign": (1, 1, sympy.sign),
    "min": (1, None, sympy.Min),
    "max": (1, None, sympy.Max),
    "tanh": (1, 1, sympy.tanh),
    "sinh": (1, 1, sympy.sinh),
    "cosh": (1, 1, sympy.cosh),
    "sin": (1, 1, sympy.sin),
    "cos": (1, 1, sympy.cos),
    "atan": (1, 1, sympy.atan),
    "erf": (1, 1, sympy.erf),
    "erfc": (1, 1, sympy.erfc),
    "sigmoid": (1, 1, sigmoid),
    "softplus": (1, 1, softplus),
    "Heaviside": (1, 2, sympy.Heaviside),
    # SymPy's own spellings, so that what symact prints (SymPy's sstr) reads back
    "Abs": (1, 1, sympy.Abs),
    "Min": (1, None, sympy.Min),
    "Max": (1, None, sympy.Max),
}
SPECIAL = ("sqrt", "where", "Piecewise")


class Calls(Cases):
    """Calls of whitelisted functions and catalog activations."""

    def call(self, node: ast.Call) -> Expr:
        """A call: where/Piecewise/sqrt, a whitelisted function, or a catalog activation."""
        fname = self.callee(node)
        if fname in SPECIAL:
            self.no_keywords(node)
            special = {"where": self.where, "Piecewise": self.piecewise, "sqrt": self.sqrt}
            return special[fname](node)
        entry = FUNCTIONS.get(fname)
        if entry is not None and not node.keywords and _fits(entry, len(node.args)):
            args = [self.value(arg) for arg in node.args]
            self.radicals(node, *args)
            self.defined(node, fname, args)
            if fname in ("min", "max", "Min", "Max"):
                return self.minmax(node, entry[2], args)
            return entry[2](*args)
        activation = catalog(fname)
        if isinstance(activation, ActivationFunction):
            return self.apply(node, activation)
        if activation is not None:
            msg = f"{fname} is a vector activation; only element-wise activations apply to x"
            raise self.error(node.func, msg)
        if entry is not None:
            self.no_keywords(node)
            raise self.arity(node, fname, entry[0], entry[1])
        candidates = [*FUNCTIONS, *SPECIAL, *catalog_names()]
        close = difflib.get_close_matches(fname, dict.fromkeys(candidates), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see symact.activations.parse"
        raise self.error(node.func, f"unknown function {fname!r}; {hint}")

    def callee(self, node: ast.Call) -> str:
        """The called name; anything but a plain public name is refused."""
        func = node.func
        if not isinstance(func, ast.Name):
            if type(func) in REFUSALS or isinstance(func, ast.Attribute):
                raise self.refuse(func)
            raise self.error(func, "only named functions such as exp(x) or relu(x) can be called")
        if func.id.startswith("_"):
            raise self.error(func, "names starting with '_' are not allowed")
        return func.id

    def no_keywords(self, node: ast.Call) -> None:
        for kw in node.keywords:
            token = kw.arg or "**"
            raise self.error(kw, f"keyword arguments are not allowed here ({token}=...)", token)

    def defined(self, node: ast.Call, fname: str, args: list[Expr]) -> None:
        """Refuse ``log``/``log1p`` unless defined for every real x (see _parse_domain)."""
        typed = [self.text(arg) for arg in node.args]
        if fname == "log":
            base = args[1] if len(args) > 1 else None
            check = partial(
                domain.require_positive_log, args[0], typed[0], base, typed[-1], self.region
            )
            self.within(node, None, check)
        elif fname == "log1p":
            check = partial(domain.require_positive_log1p, args[0], typed[0], self.region)
            self.within(node, None, check)

    def sqrt(self, node: ast.Call) -> Expr:
        if len(node.args) != 1:
            raise self.arity(node, "sqrt", 1, 1)
        arg = self.value(node.args[0])
        typed = self.text(node.args[0])
        self.within(node, None, partial(domain.require_nonnegative_sqrt, arg, typed, self.region))
        return self.power(node, arg, S.Half)

    def apply(self, node: ast.Call, base: ActivationFunction) -> Expr:
        """A catalog activation applied to its argument; parameters by position or name."""
        name = base.name
        if not node.args:
            raise self.error(node.func, f"{name}() needs its argument, e.g. {name}(x)")
        if len(node.args) - 1 > len(base.specs):
            msg = f"{name}() takes at most {len(base.specs)} parameter(s) after its argument"
            raise self.error(node.args[len(base.specs) + 1], msg)
        values = {
            spec.name: self.parameter(arg, spec)
            for spec, arg in zip(base.specs, node.args[1:], strict=False)
        }
        for kw in node.keywords:
            if kw.arg is None:
                raise self.error(kw, "'**' arguments are not allowed", "**")
            try:
                spec = base.param(kw.arg)
            except ParameterError as exc:
                raise self.error(kw, short_message(exc), kw.arg) from None
            if spec.name in values:
                raise self.error(kw, f"parameter {spec.name} given twice", kw.arg)
            values[spec.name] = self.parameter(kw.value, spec)
        bound = self.guard(node.func, lambda: base.bind(**values))
        missing = [p.name for p in base.specs if bound.params[p.name] == p.symbol]
        if any(p.symbol not in self.allowed for p in base.specs if p.name in missing):
            wanted = ", ".join(f"{m}=..." for m in missing)
            raise self.error(node.func, f"{name}() needs values: {name}(x, {wanted})", name)
        arg = self.value(node.args[0])
        self.radicals(node, arg, bound.expr)
        stats = self.measure(arg)
        if bound.expr.count(bound.x) * stats.size * stats.pieces > MAX_TREE_SIZE:
            msg = f"{name}(...) of this argument grows beyond MAX_TREE_SIZE = {MAX_TREE_SIZE}"
            raise self.error(node.func, msg, name)
        return self.substitute(node, bound.expr, arg)

    def parameter(self, node: ast.expr, spec: Param) -> Any:
        """A catalog parameter's value: a switch constant, or a number free of x."""
        if isinstance(node, ast.Constant) and (spec.is_switch or node.value is None):
            same = [c for c in spec.choices if type(c) is type(node.value) and c == node.value]
            if same or (node.value is None and spec.default is None):
                return node.value
            msg = f"parameter {spec.name} must be one of {list(spec.choices) or [None]}"
            raise self.error(node, msg)
        if spec.is_switch:
            raise self.error(node, f"parameter {spec.name} must be one of {list(spec.choices)}")
        value = self.value(node)
        if value.has(X):
            raise self.error(node, f"parameter {spec.name} cannot depend on x")
        return value


def _fits(entry: tuple[int, int | None, Callable[..., Expr]], count: int) -> bool:
    low, high = entry[0], entry[1]
    return count >= low and (high is None or count <= high)


def catalog(name: str) -> Any:
    """The catalog activation called ``name`` (any registry spelling), or None."""
    from symact.activations.registry import get
    from symact.errors import UnknownActivationError

    try:
        return get(name)
    except UnknownActivationError:
        return None


def catalog_names() -> list[str]:
    from symact.activations.registry import names

    return names()
