"""The built-in element-wise activations, one short exact definition each.

Formulas and argument names follow Keras 3 (``keras.activations``); PyTorch's extras
(``prelu``, ``rrelu``, bounds of ``hardtanh``, ``beta``/``threshold`` of ``softplus``) are
parameters of the same entries.  Numbers are exact: ``Rational(1, 5)``, never ``0.2``.

Breakpoints: each ``Piecewise`` puts a breakpoint into the piece whose derivative PyTorch's
autograd uses there (``torch/csrc/autograd/FunctionsManual.cpp`` and the ``*_backward``
kernels), so :meth:`ActivationFunction.derivative` reproduces the frameworks' kink values.
Values at breakpoints are the frameworks' values (all these functions are continuous there
except ``threshold`` and ``hard_shrink``, whose conventions are stated below).
"""

from __future__ import annotations

from sympy import (
    Abs,
    And,
    Expr,
    Mul,
    Ne,
    Piecewise,
    Rational,
    Symbol,
    erf,
    exp,
    false,
    pi,
    sqrt,
    tanh,
)
from sympy.logic.boolalg import Boolean

from symact.activations.definition import Definition, define
from symact.activations.function import REQUIRED, Param
from symact.activations.nodes import sigmoid, softplus

__all__ = ["CATALOG", "GELU_TANH_COEFF", "SELU_ALPHA", "SELU_SCALE"]

#: SELU constants: the 32-digit literals shared by Keras, PyTorch and JAX (Klambauer et al. 2017).
SELU_ALPHA = Rational("1.6732632423543772848170429916717")
SELU_SCALE = Rational("1.0507009873554804934193349852946")
#: The cubic coefficient of tanh-GELU, 0.044715, exactly.
GELU_TANH_COEFF = Rational(8943, 200000)

KERAS = "Keras 3, keras.activations"
TORCH = "PyTorch, torch.nn.functional"


def _sym(name: str) -> Symbol:
    return Symbol(name, real=True)


def _relu(x: Expr, negative_slope: Expr, max_value: Expr | None, threshold: Expr) -> Expr:
    """Keras 3's generalised ReLU, as exclusive pieces with no unreachable one.

    ``keras.activations.relu`` computes ``x·[x > threshold]``, clips it to ``[0, max_value]``
    when a max is given, and subtracts ``negative_slope·relu(threshold − x)``; below the
    threshold that is ``negative_slope·(x − threshold)``.  Above the threshold only the parts
    of the clip that ``(threshold, ∞)`` meets are kept when the parameters are numbers; with
    symbolic parameters every part stays, each guarded by its condition.
    """
    below = (negative_slope * (x - threshold), x <= threshold)
    if max_value is None:
        return Piecewise((x, x > threshold), (below[0], True))
    pieces = [below]
    if _maybe(And(threshold < 0, max_value > 0)):  # clip's 0 on (threshold, 0]
        pieces.append((0, x <= 0))
    if _maybe(And(threshold < max_value, max_value > 0)):  # x on (max(threshold, 0), max_value)
        pieces += [(max_value, x >= max_value), (x, True)]
    else:  # (threshold, ∞) lies inside [max_value, ∞): the cap only
        pieces.append((max_value, True))
    return Piecewise(*pieces)


def _maybe(condition: Boolean) -> bool:
    """False only when ``condition`` is decided false (numeric parameters); else True."""
    return condition is not false


def _leaky(x: Expr, negative_slope: Expr) -> Expr:
    return Piecewise((x, x > 0), (negative_slope * x, True))


def _elu(x: Expr, alpha: Expr) -> Expr:
    return Piecewise((x, x > 0), (alpha * (exp(x) - 1), True))


def _selu(x: Expr) -> Expr:
    # scale·elu(x, alpha); the product scale·alpha is kept as one exact coefficient.
    negative = Mul(SELU_SCALE * SELU_ALPHA, exp(x) - 1, evaluate=False)
    return Piecewise((SELU_SCALE * x, x > 0), (negative, True))


def _hard_sigmoid(x: Expr) -> Expr:
    # relu6(x + 3)/6; torch's backward is zero at ±3, so the flat pieces own the breakpoints.
    return Piecewise((0, x <= -3), (1, x >= 3), (x / 6 + Rational(1, 2), True))


def _gelu(x: Expr, approximate: bool | str) -> Expr:
    if approximate in (True, "tanh"):
        inner = sqrt(2 / pi) * (x + GELU_TANH_COEFF * x**3)
        return x / 2 * (1 + tanh(inner))
    return x / 2 * (1 + erf(x / sqrt(2)))


def _softplus(x: Expr, beta: Expr, threshold: Expr | None) -> Expr:
    smooth = softplus(beta * x) / beta
    if threshold is None:
        return smooth
    # torch.nn.functional.softplus reverts to the identity where beta·x > threshold.
    return Piecewise((x, beta * x > threshold), (smooth, True))


def _hard_tanh(x: Expr, min_val: Expr, max_val: Expr) -> Expr:
    # torch's hardtanh_backward is zero at both bounds: the flat pieces own them.
    return Piecewise((min_val, x <= min_val), (max_val, x >= max_val), (x, True))


_ALPHA, _SLOPE, _T = _sym("alpha"), _sym("negative_slope"), _sym("threshold")
_BETA, _MIN, _MAX = _sym("beta"), _sym("min_val"), _sym("max_val")
_LOWER, _UPPER = _sym("lower"), _sym("upper")

_GELU_MODES = (False, True, "none", "tanh")

#: Built on first lookup (see :mod:`symact.activations.definition`).
CATALOG: tuple[Definition, ...] = (
    define(
        "relu",
        _relu,
        (
            Param("negative_slope", Rational(0), doc="slope below the threshold"),
            Param("max_value", None, _sym("max_value") >= 0, doc="upper saturation, >= 0"),
            Param("threshold", Rational(0), doc="values at or below it are 'off'"),
        ),
        aliases=("ReLU",),
        source=f"{KERAS}.relu (generalised form); Nair & Hinton 2010",
        description="max(0, x); Keras's generalised form adds a slope, a cap and a threshold",
    ),
    define(
        "relu6",
        lambda x: _hard_tanh(x, 0, 6),
        aliases=("ReLU6",),
        source=f"{KERAS}.relu6; Krizhevsky 2010",
        description="min(max(0, x), 6); derivative 0 at both kinks, as in PyTorch",
    ),
    define(
        "leaky_relu",
        _leaky,
        (Param("negative_slope", Rational(1, 5), doc="slope for x <= 0"),),
        aliases=("LeakyReLU",),
        source=f"{KERAS}.leaky_relu; Maas et al. 2013",
        description="x for x > 0, negative_slope·x otherwise (Keras 0.2, PyTorch/JAX 0.01)",
    ),
    define(
        "elu",
        _elu,
        (Param("alpha", Rational(1)),),
        aliases=("ELU",),
        source=f"{KERAS}.elu; Clevert et al. 2015",
        description="x for x > 0, alpha·(e^x − 1) otherwise",
    ),
    define(
        "selu",
        _selu,
        aliases=("SELU",),
        source=f"{KERAS}.selu; Klambauer et al. 2017 (32-digit constants)",
        description="scale·elu(x, alpha) with the self-normalising constants",
    ),
    define(
        "celu",
        lambda x, alpha: Piecewise((x, x > 0), (alpha * (exp(x / alpha) - 1), True)),
        (Param("alpha", Rational(1), Ne(_ALPHA, 0), doc="alpha must be nonzero"),),
        aliases=("CELU",),
        source=f"{KERAS}.celu; Barron 2017",
        description="x for x > 0, alpha·(e^(x/alpha) − 1) otherwise",
    ),
    define(
        "gelu",
        _gelu,
        (Param("approximate", False, choices=_GELU_MODES, doc="True/'tanh': tanh form"),),
        aliases=("GELU",),
        source=f"{KERAS}.gelu; Hendrycks & Gimpel 2016",
        description="x·Φ(x); approximate=True gives the tanh form with 0.044715 = 8943/200000",
    ),
    define(
        "sigmoid",
        lambda x: sigmoid(x),
        aliases=("Sigmoid", "logistic"),
        source=f"{KERAS}.sigmoid",
        description="1/(1 + e^(−x)): limits 0 and 1",
    ),
    define(
        "hard_sigmoid",
        _hard_sigmoid,
        aliases=("hardsigmoid", "Hardsigmoid"),
        source=f"{KERAS}.hard_sigmoid (Keras 3 form relu6(x + 3)/6)",
        description="relu6(x + 3)/6",
    ),
    define(
        "sparse_sigmoid",
        lambda x: Piecewise((0, x <= -1), (1, x >= 1), ((x + 1) / 2, True)),
        source=f"{KERAS}.sparse_sigmoid; Martins & Astudillo 2016",
        description="0 for x <= −1, 1 for x >= 1, (x + 1)/2 between",
    ),
    define(
        "silu",
        lambda x: x * sigmoid(x),
        aliases=("swish", "SiLU"),
        source=f"{KERAS}.silu; Elfwing et al. 2018, Ramachandran et al. 2017",
        description="x·sigmoid(x)",
    ),
    define(
        "hard_silu",
        # torch's hardswish_backward uses the quadratic piece at x = ±3.
        lambda x: Piecewise((0, x < -3), (x, x > 3), (x * (x + 3) / 6, True)),
        aliases=("hard_swish", "hardswish", "Hardswish"),
        source=f"{KERAS}.hard_silu; Howard et al. 2019",
        description="x·hard_sigmoid(x)",
    ),
    define(
        "mish",
        lambda x: x * tanh(softplus(x)),
        aliases=("Mish",),
        source=f"{KERAS}.mish; Misra 2019",
        description="x·tanh(softplus(x))",
    ),
    define(
        "softplus",
        _softplus,
        (
            Param("beta", Rational(1), _BETA > 0, doc="beta must be positive"),
            Param("threshold", None, doc="identity where beta·x > threshold (PyTorch: 20)"),
        ),
        aliases=("Softplus",),
        source=f"{KERAS}.softplus; {TORCH}.softplus (beta, threshold)",
        description="log(1 + e^(beta·x))/beta",
    ),
    define(
        "sparse_plus",
        lambda x: Piecewise((0, x <= -1), (x, x >= 1), ((x + 1) ** 2 / 4, True)),
        source=f"{KERAS}.sparse_plus",
        description="0 for x <= −1, x for x >= 1, (x + 1)²/4 between",
    ),
    define(
        "squareplus",
        lambda x, b: (x + sqrt(x**2 + b)) / 2,
        (Param("b", Rational(4), _sym("b") >= 0, doc="b must be >= 0"),),
        source=f"{KERAS}.squareplus; Barron 2021",
        description="(x + sqrt(x² + b))/2",
    ),
    define(
        "softsign",
        lambda x: x / (Abs(x) + 1),
        aliases=("soft_sign", "Softsign"),
        source=f"{KERAS}.softsign",
        description="x/(|x| + 1)",
    ),
    define(
        "log_sigmoid",
        lambda x: -softplus(-x),
        aliases=("logsigmoid", "LogSigmoid"),
        source=f"{KERAS}.log_sigmoid",
        description="log(sigmoid(x)) = −softplus(−x)",
    ),
    define(
        "tanh",
        lambda x: tanh(x),
        aliases=("Tanh",),
        source=f"{KERAS}.tanh",
        description="hyperbolic tangent",
    ),
    define(
        "tanh_shrink",
        lambda x: x - tanh(x),
        aliases=("tanhshrink", "Tanhshrink"),
        source=f"{KERAS}.tanh_shrink",
        description="x − tanh(x)",
    ),
    define(
        "hard_tanh",
        _hard_tanh,
        (
            Param("min_val", Rational(-1), _MIN < _MAX, doc="min_val must be below max_val"),
            Param("max_val", Rational(1), _MIN < _MAX, doc="max_val must be above min_val"),
        ),
        aliases=("hardtanh", "Hardtanh"),
        source=f"{KERAS}.hard_tanh; {TORCH}.hardtanh (min_val, max_val)",
        description="clip(x, min_val, max_val)",
    ),
    define(
        "hard_shrink",
        lambda x, threshold: Piecewise((x, Abs(x) > threshold), (0, True)),
        (Param("threshold", Rational(1, 2), _T >= 0, ("lambd",), "threshold must be >= 0"),),
        aliases=("hardshrink", "Hardshrink"),
        source=f"{KERAS}.hard_shrink; {TORCH}.hardshrink (lambd)",
        description="x where |x| > threshold, else 0 (0 at ±threshold, as both frameworks)",
    ),
    define(
        "soft_shrink",
        lambda x, threshold: Piecewise(
            (x - threshold, x > threshold), (x + threshold, x < -threshold), (0, True)
        ),
        (Param("threshold", Rational(1, 2), _T >= 0, ("lambd",), "threshold must be >= 0"),),
        aliases=("softshrink", "Softshrink"),
        source=f"{KERAS}.soft_shrink; {TORCH}.softshrink (lambd)",
        description="x ∓ threshold outside [−threshold, threshold], 0 inside",
    ),
    define(
        "threshold",
        lambda x, threshold, default_value: Piecewise((x, x > threshold), (default_value, True)),
        (
            Param("threshold", REQUIRED, doc="required; values at or below it are replaced"),
            Param("default_value", REQUIRED, aliases=("value",), doc="required replacement"),
        ),
        aliases=("Threshold",),
        source=f"{KERAS}.threshold; {TORCH}.threshold (threshold, value)",
        description="x where x > threshold, else default_value (both arguments required)",
    ),
    define(
        "exponential",
        lambda x: exp(x),
        source=f"{KERAS}.exponential",
        description="e^x",
    ),
    define(
        "linear",
        lambda x: x,
        aliases=("identity", "Identity"),
        source=f"{KERAS}.linear",
        description="the identity x; keras.activations.get(None)",
    ),
    define(
        "prelu",
        lambda x, slope: _leaky(x, slope),
        (Param("slope", Rational(0), aliases=("weight", "alpha"), doc="learned slope"),),
        aliases=("PReLU",),
        source=f"{TORCH}.prelu (weight; init 0.25), keras.layers.PReLU (alpha; init 0)",
        description="x for x > 0, slope·x otherwise, slope a learned weight",
    ),
    define(
        "rrelu",
        lambda x, lower, upper: _leaky(x, (lower + upper) / 2),
        (
            Param("lower", Rational(1, 8), And(_LOWER <= _UPPER), doc="lower <= upper"),
            Param("upper", Rational(1, 3), And(_LOWER <= _UPPER), doc="upper >= lower"),
        ),
        aliases=("RReLU",),
        source=f"{TORCH}.rrelu in evaluation mode; Xu et al. 2015",
        description="leaky ReLU with slope (lower + upper)/2 = 11/48 by default",
    ),
)
