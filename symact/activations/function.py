"""The :class:`ActivationFunction` record: one exact, element-wise activation.

An activation is data: a name, the real symbol ``x``, an exact SymPy expression and the
parameters it was built with.  Parametric activations keep a *builder* (``x, **values -> expr``)
so that :meth:`ActivationFunction.bind` can rebuild the expression from new values, including
symbols, which the prover turns into conditions on the parameters.

Kink convention for :meth:`ActivationFunction.derivative`: every piecewise activation is
written as a SymPy ``Piecewise`` whose conditions say which piece owns each breakpoint, and the
derivative at a breakpoint is the derivative of the piece that owns it.  The conditions are
chosen to give the values PyTorch's and JAX's autograd use: ``relu'(0) = 0``,
``leaky_relu'(0) = negative_slope``, ``hard_tanh'(±1) = 0``, ``hard_sigmoid'(±3) = 0``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import sympy
from sympy import Expr, Piecewise, Symbol

from symact.errors import ParameterError, UnsupportedExpressionError
from symact.primitives.nodes import NODES, X

if TYPE_CHECKING:
    from collections.abc import Callable as _Callable

__all__ = [
    "ALLOWED_FUNCTIONS",
    "REQUIRED",
    "ActivationFunction",
    "Param",
    "X",
    "exact_value",
    "validate_expression",
]

#: ``X``, the variable of every element-wise activation, is defined in the leaf layer
#: (:mod:`symact.primitives.nodes`) and re-exported here.


class _Required:
    """Marker default for a parameter that has no default value."""

    def __repr__(self) -> str:
        return "REQUIRED"


_REQUIRED: Any = _Required()
REQUIRED = _REQUIRED

#: Keyword values accepted for a parameter before conversion.
ParamValue = Any
Builder = Callable[..., Expr]


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of an activation.

    ``default`` is exact (a SymPy number), ``None`` for an optional parameter that is off by
    default (``relu``'s ``max_value``), a ``bool``/``str`` for a switch (``gelu``'s
    ``approximate``), or the parameter's own ``symbol`` when there is no default (Keras's
    ``threshold`` activation requires both of its arguments).  ``condition`` is the set of valid
    values as a SymPy boolean that may mention other parameters' symbols.
    """

    name: str
    default: Any
    condition: sympy.logic.boolalg.Boolean = sympy.true
    aliases: tuple[str, ...] = ()
    doc: str = ""
    choices: tuple[Any, ...] = ()

    @property
    def symbol(self) -> Symbol:
        """The real symbol standing for this parameter when it is left symbolic."""
        return Symbol(self.name, real=True)

    @property
    def is_switch(self) -> bool:
        """True for a parameter that selects between forms (bool or named choice)."""
        return bool(self.choices)


def exact_value(name: str, value: ParamValue) -> Any:
    """Convert a user-supplied parameter value to an exact SymPy value.

    Floats are read through their shortest decimal representation, so ``0.1`` becomes
    ``1/10`` (the number the user typed), not the binary double nearest to it.

    >>> exact_value("alpha", 0.2), exact_value("alpha", 3), exact_value("alpha", "1/3")
    (1/5, 3, 1/3)
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, sympy.Basic):
        if isinstance(value, sympy.Float):
            return sympy.Rational(repr(float(value)))
        return value
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            msg = f"parameter {name!r} must be a finite number, got {value!r}; pass a finite value"
            raise ParameterError(msg)
        return sympy.Rational(repr(value))
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, str):
        try:
            frac = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            msg = (
                f"parameter {name!r} must be a number such as 0.1 or 1/3, got {value!r}; "
                "pass a number"
            )
            raise ParameterError(msg) from None
        return sympy.Rational(frac.numerator, frac.denominator)
    msg = f"parameter {name!r} must be a number, got {value!r} of type {type(value).__name__}"
    raise ParameterError(msg)


@dataclass(frozen=True, slots=True)
class ActivationFunction:
    """An exact element-wise activation ``f: ℝ → ℝ``.

    >>> from symact import get
    >>> relu = get("relu")
    >>> relu.expr
    Piecewise((x, x > 0), (0, True))
    >>> relu(-3), relu(sympy.Rational(5, 2))
    (0, 5/2)
    >>> get("leaky_relu").params
    {'negative_slope': 1/5}
    """

    name: str
    expr: Expr
    specs: tuple[Param, ...] = ()
    bindings: tuple[tuple[str, Any], ...] = ()
    builder: Builder | None = field(default=None, compare=False, repr=False)
    aliases: tuple[str, ...] = ()
    source: str = ""
    description: str = ""
    parts: tuple[ActivationFunction, ...] = field(default=(), repr=False)
    x: Symbol = X

    kind = "elementwise"

    def __post_init__(self) -> None:
        validate_expression(self.expr, self.name)

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def define(
        cls,
        name: str,
        builder: Builder,
        params: tuple[Param, ...] = (),
        **info: Any,
    ) -> ActivationFunction:
        """Build a catalog entry from ``builder(x, **defaults)``."""
        values = {p.name: p.symbol if p.default is _REQUIRED else p.default for p in params}
        expr = sympy.sympify(builder(X, **values))
        return cls(
            name=name,
            expr=expr,
            specs=params,
            bindings=tuple(values.items()),
            builder=builder,
            **info,
        )

    # -- parameters ----------------------------------------------------------------------------
    @property
    def params(self) -> dict[str, Any]:
        """Current parameter values by name (exact numbers, symbols, or switch values)."""
        return dict(self.bindings)

    def param(self, name: str) -> Param:
        """The :class:`Param` called ``name`` (Keras name or a framework alias)."""
        for spec in self.specs:
            if name == spec.name or name in spec.aliases:
                return spec
        known = ", ".join(p.name for p in self.specs) or "none"
        msg = f"{self.name} has no parameter {name!r}; its parameters are: {known}"
        raise ParameterError(msg)

    def bind(self, **values: ParamValue) -> ActivationFunction:
        """Return the activation with the given parameters fixed (numbers or SymPy symbols).

        >>> from symact import get
        >>> get("leaky_relu").bind(negative_slope=1).expr
        x
        """
        if not values:
            return self
        current = self.params
        for key, value in values.items():
            spec = self.param(key)
            current[spec.name] = _check_value(self.name, spec, value)
        self._check_conditions(current)
        assert self.builder is not None  # only parametric entries have specs
        expr = sympy.sympify(self.builder(self.x, **current))
        return replace(self, expr=expr, bindings=tuple(current.items()))

    def symbolic(self, *names: str) -> ActivationFunction:
        """Leave the named parameters (default: all numeric ones) as real symbols."""
        chosen = names or tuple(p.name for p in self.specs if not p.is_switch)
        return self.bind(**{n: self.param(n).symbol for n in chosen})

    def _check_conditions(self, values: Mapping[str, Any]) -> None:
        subs = {p.symbol: v for p in self.specs if isinstance((v := values[p.name]), Expr)}
        for spec in self.specs:
            cond = spec.condition
            if cond is sympy.true:
                continue
            verdict = cond.subs(subs)
            if verdict is sympy.false:
                shown = {p.name: values[p.name] for p in self.specs}
                msg = (
                    f"{self.name}: parameter {spec.name}={values[spec.name]} is invalid "
                    f"({spec.doc or cond}); got {shown}; choose values with {cond}"
                )
                raise ParameterError(msg)

    # -- symbolic operations -------------------------------------------------------------------
    def __call__(self, arg: Expr | int | Fraction | sympy.Basic) -> Expr:
        """Apply the activation symbolically: ``expr`` with ``x`` replaced by ``arg``."""
        if isinstance(arg, str | bytes):
            msg = f"{self.name}() takes a SymPy expression or number, got the text {arg!r}"
            raise TypeError(msg)
        if isinstance(arg, float):
            arg = exact_value("argument", arg)
        elif isinstance(arg, Fraction):
            arg = sympy.Rational(arg.numerator, arg.denominator)
        return self.expr.subs(self.x, sympy.sympify(arg, strict=True))

    def compose(self, inner: ActivationFunction) -> ActivationFunction:
        """The composition ``self ∘ inner``: x ↦ self(inner(x)).

        >>> from symact import get
        >>> get("relu").compose(get("linear")).name
        'relu∘linear'
        """
        # xreplace, not subs: subs re-simplifies every condition of every nested Piecewise and
        # took 46 s for a chain of five alternating hard_tanh/leaky_relu/relu6/relu stages
        return ActivationFunction(
            name=f"{self.name}∘{inner.name}",
            expr=self.expr.xreplace({self.x: inner.expr}),
            parts=(self, inner),
            source="composition",
        )

    def derivative(self) -> ActivationFunction:
        """The exact derivative (kink convention in the module docstring).

        >>> from symact import get
        >>> get("relu").derivative().expr
        Piecewise((1, x > 0), (0, True))
        """
        body = self.expr.rewrite(Piecewise) if self.expr.has(sympy.Max, sympy.Min) else self.expr
        return ActivationFunction(
            name=f"{self.name}'",
            expr=sympy.piecewise_fold(sympy.diff(body, self.x)),
            source=f"derivative of {self.name}",
        )

    # -- rendering -----------------------------------------------------------------------------
    def to_latex(self, standalone: bool = False) -> str:
        r"""LaTeX of the definition, cases from exclusive pieces; ``standalone``: a whole
        document with the definition.

        >>> from symact import get
        >>> print(get("linear").to_latex())
        \operatorname{linear}(x) = x
        """
        from symact.export.latex import to_latex

        return to_latex(self, standalone)

    def to_text(self) -> str:
        """A short card: formula, derivative, parameters (``symact show``)."""
        from symact.export.text import TextPrinter

        return str(TextPrinter().doprint(self))

    def to_markdown(self) -> str:
        """The definition in Markdown with ``$$…$$`` math."""
        from symact.export.markdown import to_markdown

        return to_markdown(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready description (``symact show --format json``)."""
        from symact.export.json import JsonPrinter

        data: dict[str, Any] = JsonPrinter().doprint(self)
        return data

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        from symact.export.json import to_json

        return to_json(self, indent)

    def _repr_latex_(self) -> str:
        return f"$${self.to_latex()}$$"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        """Short and readable: ``<ActivationFunction relu: Piecewise((x, x > 0), (0, True))>``."""
        return f"<ActivationFunction {self.name}: {sympy.sstr(self.expr)}>"

    def to_numpy(self) -> _Callable[..., Any]:
        """A fast, numerically stable, vectorised NumPy function (see :mod:`symact.numeric`)."""
        from symact.numeric import lambdify

        return lambdify(self.expr, self.x)


#: Function nodes an activation may contain: the parser's whitelist (``log1p``/``expm1``/
#: ``sqrt`` are built from these), the catalog's own nodes, and what derivatives produce.
ALLOWED_FUNCTIONS: tuple[type, ...] = (
    sympy.exp,
    sympy.log,
    sympy.Abs,
    sympy.sign,
    sympy.Min,
    sympy.Max,
    sympy.tanh,
    sympy.sinh,
    sympy.cosh,
    sympy.sin,
    sympy.cos,
    sympy.atan,
    sympy.erf,
    sympy.erfc,
    sympy.Heaviside,
    sympy.DiracDelta,
    Piecewise,
    *NODES,
)
_ARITHMETIC = (sympy.Add, sympy.Mul, sympy.Pow)
_CONSTANTS = (sympy.Rational, sympy.core.numbers.Pi, sympy.core.numbers.Exp1)
_CONDITIONS = (
    sympy.core.relational.Relational,
    sympy.And,
    sympy.Or,
    sympy.Not,
    sympy.Xor,
    sympy.Implies,
    sympy.Equivalent,
    sympy.ITE,
    sympy.logic.boolalg.BooleanAtom,
    sympy.Contains,
    sympy.Set,
    sympy.core.containers.Tuple,
)


def validate_expression(expr: Any, name: str = "activation") -> None:
    """Refuse what the safe parser could never build: a non-expression, a complex, infinite
    or floating-point constant, a symbol that is not real, or a node outside
    :data:`ALLOWED_FUNCTIONS` (conditions may use relations, and/or/not and membership in
    sets).  Domain checks (``log`` of a positive argument, ...) are the parser's alone.

    >>> from sympy import I, Function
    >>> validate_expression(X + I)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symact.errors.UnsupportedExpressionError: activation: the expression x + I contains I, ...
    """
    if not isinstance(expr, Expr):
        msg = (
            f"{name}: expr must be a SymPy expression in x, got {expr!r} of type "
            f"{type(expr).__name__}; build it with symact.parse(...) or SymPy"
        )
        raise UnsupportedExpressionError(msg)
    todo: list[sympy.Basic] = [expr]
    while todo:
        node = todo.pop()
        why = _refusal(node)
        if why is not None:
            msg = f"{name}: the expression {expr} contains {node}, {why}"
            raise UnsupportedExpressionError(msg)
        if not isinstance(node, sympy.Set):  # a set's own insides are the prover's to judge
            todo.extend(node.args)


def _refusal(node: sympy.Basic) -> str | None:
    if isinstance(node, Symbol):
        return None if node.is_real else "a symbol that is not real; use Symbol(name, real=True)"
    if isinstance(node, sympy.Float):
        return "a floating-point number; use exact rationals (sympy.Rational(1, 10))"
    if isinstance(node, (*_CONSTANTS, *_ARITHMETIC, *ALLOWED_FUNCTIONS, *_CONDITIONS)):
        return None
    return (
        "which is not real-valued or not supported; allowed: rationals, pi, E, + * **, "
        + ", ".join(f.__name__ for f in ALLOWED_FUNCTIONS)
    )


def _check_value(activation: str, spec: Param, value: ParamValue) -> Any:
    if spec.is_switch:
        if value not in spec.choices:
            msg = (
                f"{activation}: parameter {spec.name} must be one of {list(spec.choices)}, "
                f"got {value!r}"
            )
            raise ParameterError(msg)
        return value
    if value is None:
        if spec.default is None:
            return None
        msg = f"{activation}: parameter {spec.name} needs a value, got None; pass a number"
        raise ParameterError(msg)
    exact = exact_value(spec.name, value)
    if isinstance(exact, Expr) and exact.is_extended_real is False:
        msg = f"{activation}: parameter {spec.name} must be real, got {exact}"
        raise ParameterError(msg)
    return exact
