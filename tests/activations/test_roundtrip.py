"""What symact prints reads back: SymPy's ``sstr`` of every catalog expression and derivative
(``Abs``, ``Max``, ``Piecewise`` with ``|``/``&`` conditions, …) parses to an equal expression."""

from __future__ import annotations

import io

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symact
from symact.activations.function import X
from symact.activations.parse import parse
from symact.cli import main

ELEMENTWISE = [n for n in symact.names() if symact.get(n).kind == "elementwise"]


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Equal as expressions once products are expanded (``c·(eˣ − 1)`` is ``c·eˣ − c``)."""
    return a == b or sympy.expand(a) == sympy.expand(b)


def _reads_back(text: str, want: sympy.Expr) -> None:
    names = sorted(str(s) for s in want.free_symbols - {X})
    got = parse(text, params=names).expr
    assert _same(got, want), f"{text!r} read back as {got}"


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_catalog_expression_and_derivative_read_back(name: str) -> None:
    f = symact.get(name)
    _reads_back(sympy.sstr(f.expr), f.expr)
    d = f.derivative().expr
    _reads_back(sympy.sstr(d), d)


def test_show_and_list_lines_read_back() -> None:
    for name in ("softsign", "relu6", "hard_shrink", "soft_shrink", "threshold", "selu"):
        out = io.StringIO()
        assert main(["show", name], out=out) == 0
        lines = dict(line.strip().split(" = ", 1) for line in out.getvalue().splitlines()[1:3])
        f = symact.get(name)
        _reads_back(lines["f"], f.expr)
        _reads_back(lines["f'"], f.derivative().expr)
    out = io.StringIO()
    assert main(["list"], out=out) == 0
    for line in out.getvalue().splitlines():
        head, _, rest = line.partition(": ")
        name = head.split("(")[0]
        if name in ELEMENTWISE:
            _reads_back(rest.split("  [")[0], symact.get(name).expr)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # hand-written expected values, in SymPy's printed spellings
        ("x/(Abs(x) + 1)", X / (sympy.Abs(X) + 1)),
        ("Max(0, x) - Min(0, x, 1)", sympy.Max(0, X) - sympy.Min(0, X)),
        ("Piecewise((0, (x >= 6) | (x <= 0)), (1, True))", None),
        ("Piecewise((1, (x > -1) & (x < 1)), (0, True))", None),
        ("Piecewise((1, ~(x > 0)), (0, True))", sympy.Piecewise((1, X <= 0), (0, True))),
        ("Piecewise((2, Eq(x, 0)), (x, Ne(x, 1)), (3, True))", None),
        ("Heaviside(x, 1/2)", sympy.Heaviside(X, sympy.S.Half)),
    ],
)
def test_sympy_spellings_are_accepted(text: str, want: sympy.Expr | None) -> None:
    got = parse(text).expr
    if want is not None:
        assert _same(got, want)
    else:  # the values at chosen points, derived by hand from the text
        values = {
            "Piecewise((0, (x >= 6) | (x <= 0)), (1, True))": {-1: 0, 0: 0, 3: 1, 6: 0, 7: 0},
            "Piecewise((1, (x > -1) & (x < 1)), (0, True))": {-1: 0, 0: 1, 1: 0},
            "Piecewise((2, Eq(x, 0)), (x, Ne(x, 1)), (3, True))": {0: 2, 1: 3, 5: 5},
        }[text]
        for x, y in values.items():
            assert got.subs(X, x) == y


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("x | 1", "|"),  # | and & join conditions only
        ("(x > 0) & x", "&"),
        ("Eq(x, 0)", "Eq"),  # a condition is not a value
        ("Piecewise((1, Eq(x)), (0, True))", "Eq"),
        ("Abs(x, 2)", "Abs"),
    ],
)
def test_sympy_spellings_keep_the_parser_strict(text: str, token: str) -> None:
    with pytest.raises(symact.ParseError) as info:
        parse(text)
    assert info.value.token == token


# -- random formulas: parse, print with sstr, parse again --------------------------------------
_LEAVES = st.sampled_from(["x", "2", "1/3", "-x", "0.5"])
_FUNCS = ["abs", "exp", "tanh", "sin", "sigmoid", "softplus", "erf", "erfc", "sign", "atan"]


def _formulas(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    comparison = st.builds(
        lambda a, op, b: f"{a} {op} {b}",
        children,
        st.sampled_from(["<", "<=", ">", ">="]),
        children,
    )
    condition = st.one_of(
        comparison,
        st.builds(lambda a, b: f"({a}) and ({b})", comparison, comparison),
        st.builds(lambda a, b: f"({a}) or ({b})", comparison, comparison),
        st.builds(lambda a: f"not ({a})", comparison),
    )
    return st.one_of(
        st.builds(lambda a, op, b: f"({a}) {op} ({b})", children, st.sampled_from("+-*"), children),
        st.builds(lambda f, a: f"{f}({a})", st.sampled_from(_FUNCS), children),
        st.builds(
            lambda f, a, b: f"{f}({a}, {b})", st.sampled_from(["max", "min"]), children, children
        ),
        st.builds(lambda c, a, b: f"where({c}, {a}, {b})", condition, children, children),
    )


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.recursive(_LEAVES, _formulas, max_leaves=6))
def test_printed_random_formulas_read_back(text: str) -> None:
    expr = parse(text).expr
    _reads_back(sympy.sstr(expr), expr)


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Piecewise((1, Eq(x, __import__('os'))), (0, True))", "__import__"),
        ("Piecewise((1, ~x), (0, True))", "x"),
        ("Piecewise((1, (x > 0) ^ (x < 1)), (0, True))", "(x > 0) ^ (x < 1)"),
        ("Max(" + ", ".join(f"{k}*x" for k in range(1, 12)) + ")", "Max"),  # MAX_MINMAX_ARGS
    ],
)
def test_sympy_spellings_keep_the_safety_limits(text: str, token: str) -> None:
    with pytest.raises(symact.ParseError) as info:
        parse(text)
    assert info.value.token == token
