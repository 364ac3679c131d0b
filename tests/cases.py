"""The expected-verdict table for the whole catalog, shared by prover, export and CLI tests.

One :class:`Case` per element-wise catalog activation: the parameters to bind (only where the
catalog has no default), the expected verdict of each law, and the witness the prover reports
(minimal in the simplicity order 0, 1, -1, 2, -2, 1/2, ...; exact numbers as strings, the
same strings the JSON output uses).  ``FORMULAS`` lists parsed formulas with their expected
linearity verdict (``linear`` / ``nonlinear``).

Tests import it as ``from cases import CATALOG`` (``tests/`` is on pytest's ``pythonpath``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["CATALOG", "FORMULAS", "Case", "FormulaCase", "case"]


@dataclass(frozen=True)
class Case:
    """Expected prover output for one catalog activation."""

    name: str
    params: dict[str, str] = field(default_factory=dict)
    additivity: str = "refuted"
    homogeneity: str = "refuted"
    additivity_witness: dict[str, str] | None = None
    homogeneity_witness: dict[str, str] | None = None
    additivity_family: str | None = None
    homogeneity_family: str | None = None

    @property
    def linearity(self) -> str:
        """The expected ``LinearityReport.verdict``."""
        if "refuted" in (self.additivity, self.homogeneity):
            return "nonlinear"
        return "linear" if self.additivity == self.homogeneity == "proved" else "undecided"

    def activation(self) -> Any:
        """The catalog entry with ``params`` bound."""
        import symact

        return symact.get(self.name, **self.params)


def _r(add: dict[str, str], hom: dict[str, str], **kw: Any) -> dict[str, Any]:
    return {"additivity_witness": add, "homogeneity_witness": hom, **kw}


_ZERO = _r({"a": "0", "b": "0"}, {"x": "0", "a": "0"})  # f(0) != 0: affine, not linear
_SIGN = _r({"a": "1", "b": "-1"}, {"x": "-1", "a": "-1"})  # the reference text's argument
_CURVE = _r({"a": "1", "b": "1"}, {"x": "-1", "a": "-1"})
_ODD = _r({"a": "1", "b": "1"}, {"x": "2", "a": "-1"})  # odd functions: x = -1 never fails

CATALOG: tuple[Case, ...] = (
    Case("celu", **_SIGN),
    Case("elu", **_SIGN),
    Case("exponential", **_ZERO),
    Case("gelu", **_CURVE),
    Case(
        "hard_shrink",
        **_r({"a": "1", "b": "1/2"}, {"x": "2", "a": "-1/2"}),
        additivity_family="Eq(b, 1/2) & (a > 1/2)",
        homogeneity_family="Eq(x, 2) & (a >= -1/2) & (a < -1/4)",
    ),
    Case("hard_sigmoid", **_ZERO),
    Case("hard_silu", **_CURVE),
    Case("hard_tanh", **_ODD, additivity_family="(a >= 1) & (b >= 1)"),
    Case("leaky_relu", **_SIGN, additivity_family="(a > 0) & (b < 0)"),
    Case("linear", additivity="proved", homogeneity="proved"),
    Case("log_sigmoid", **_ZERO),
    Case("mish", **_CURVE),
    Case("prelu", **_SIGN),
    Case(
        "relu",
        **_SIGN,
        additivity_family="(a > 0) & (b < 0)",
        homogeneity_family="Eq(x, -1) & (a < 0)",
    ),
    Case("relu6", **_SIGN, homogeneity_family="Eq(x, -1) & (a < 0)"),
    Case("rrelu", **_SIGN),
    Case("selu", **_SIGN),
    Case("sigmoid", **_ZERO),
    Case("silu", **_CURVE),
    Case("soft_shrink", **_ODD, additivity_family="(a >= 1/2) & (b >= 1/2)"),
    Case("softplus", **_ZERO),
    Case("softsign", **_ODD),
    Case("sparse_plus", **_ZERO),
    Case("sparse_sigmoid", **_ZERO),
    Case("squareplus", **_ZERO),
    Case("tanh", **_ODD),
    Case("tanh_shrink", **_ODD),
    Case("threshold", {"threshold": "1/2", "default_value": "0"}, **_SIGN),
)


def case(name: str) -> Case:
    """The table row of the activation called ``name``."""
    for row in CATALOG:
        if row.name == name:
            return row
    msg = f"no expected-verdict row for {name!r}"
    raise KeyError(msg)


@dataclass(frozen=True)
class FormulaCase:
    """A formula (parser syntax) and its expected linearity verdict."""

    text: str
    verdict: str


FORMULAS: tuple[FormulaCase, ...] = (
    FormulaCase("relu(x) - relu(-x)", "linear"),
    FormulaCase("min(x, 0) + max(x, 0)", "linear"),
    FormulaCase("x*Heaviside(x) + x*Heaviside(-x)", "linear"),
    FormulaCase("Piecewise((2*x, x > 0), (2*x, True))", "linear"),
    FormulaCase("x*(sin(x)**2 + cos(x)**2)", "linear"),
    FormulaCase("log(exp(x))", "linear"),
    FormulaCase("x + exp(-1000)", "nonlinear"),
    FormulaCase("x + x**3/10**30", "nonlinear"),
    FormulaCase("hard_shrink(x)", "nonlinear"),
    FormulaCase("abs(x)", "nonlinear"),
)
