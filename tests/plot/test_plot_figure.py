"""symact.plot draws what the functions are: curves checked against mpmath, exact features,
counterexample panels along the prover's family."""

from __future__ import annotations

import subprocess
import sys

import mpmath
import numpy as np
import pytest

import symact
from symact.errors import ParameterError, SymactError, UnknownActivationError
from symact.plot.counterexample import draw_law
from symact.prover.laws import Law
from symact.prover.results import Undecided

mpmath.mp.dps = 50


def draw(*activations, **options):
    """symact.plot without a time budget: on a loaded machine a budget could run out, leaving
    out a feature or a verdict, and no test may depend on wall-clock speed."""
    return symact.plot(*activations, budget=None, **options)


#: Independent references (mpmath at 50 digits, the textbook formulas).
REFERENCE = {
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "tanh": mpmath.tanh,
    "relu": lambda x: max(mpmath.mpf(0), x),
    "gelu": lambda x: x / 2 * (1 + mpmath.erf(x / mpmath.sqrt(2))),
    "mish": lambda x: x * mpmath.tanh(mpmath.log1p(mpmath.exp(x))),
    "sigmoid′": lambda x: mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2,
    "tanh′": lambda x: 1 / mpmath.cosh(x) ** 2,
}


def by_gid(ax, gid):
    found = [line for line in ax.lines if line.get_gid() == gid]
    assert len(found) == 1, f"{gid}: {[line.get_gid() for line in ax.lines]}"
    return found[0]


def axis(fig, gid):
    (ax,) = [ax for ax in fig.axes if ax.get_gid() == gid]
    return ax


def assert_matches(line, reference, every=37):
    xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    finite = np.isfinite(ys)
    assert finite.sum() > 500
    for x, y in zip(xs[finite][::every], ys[finite][::every], strict=True):
        exact = float(reference(mpmath.mpf(float(x))))
        assert abs(y - exact) <= 1e-12 * abs(exact), (x, y, exact)


def test_the_curves_match_the_functions_at_sample_points():
    fig = draw("sigmoid", "tanh", "relu", "gelu", "mish", range=(-8, 8))
    ax = axis(fig, "f")
    for name in ("sigmoid", "tanh", "relu", "gelu", "mish"):
        assert_matches(by_gid(ax, f"curve:{name}"), REFERENCE[name])
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["sigmoid", "tanh"]


def test_the_derivative_panel_draws_the_derivatives():
    fig = draw("sigmoid", "tanh", "relu", derivative=True)
    ax = axis(fig, "derivative")
    assert_matches(by_gid(ax, "curve:sigmoid′"), REFERENCE["sigmoid′"])
    assert_matches(by_gid(ax, "curve:tanh′"), REFERENCE["tanh′"])
    relu = by_gid(ax, "curve:relu′")
    xs, ys = np.asarray(relu.get_xdata()), np.asarray(relu.get_ydata())
    assert np.isnan(ys[xs == 0]).all()  # relu' jumps at 0: broken, not joined
    assert (ys[xs < 0] == 0).all() and (ys[xs > 0] == 1).all()


def test_the_range_is_the_x_interval_of_every_curve():
    fig = draw("relu", range=(-2, 3))
    xs = by_gid(axis(fig, "f"), "curve:relu").get_xdata()
    assert xs[0] == -2 and xs[-1] == 3
    assert axis(fig, "f").get_xlim() == (-2, 3)


def test_kinks_are_marked_at_their_exact_points():
    fig = draw("relu6", "hard_tanh", "sigmoid", range=(-2, 7))
    ax = axis(fig, "f")
    relu6 = by_gid(ax, "kink:relu6")
    assert list(relu6.get_xdata()) == [0, 6] and list(relu6.get_ydata()) == [0, 6]
    assert list(by_gid(ax, "kink:hard_tanh").get_xdata()) == [-1, 1]
    assert not [line for line in ax.lines if line.get_gid() == "kink:sigmoid"]
    curve = by_gid(ax, "curve:relu6").get_xdata()
    assert 0 in curve and 6 in curve  # the corners are sample points, drawn sharp


def test_a_jump_is_drawn_without_a_vertical_line():
    fig = draw("hard_shrink")
    line = by_gid(axis(fig, "f"), "curve:hard_shrink")
    xs, ys = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
    for jump in (-0.5, 0.5):
        assert np.isnan(ys[xs == jump]).all()
        # the sample at the jump is NaN, so no segment joins the finite points on its sides
        idx = np.flatnonzero(xs == jump)[0]
        assert xs[idx - 1] < jump < xs[idx + 1] and np.isnan(ys[idx])


def test_asymptotes_are_dashed_lines_at_the_exact_limits():
    fig = draw("sigmoid", "relu")
    ax = axis(fig, "f")
    low, high = by_gid(ax, "asymptote:sigmoid:-"), by_gid(ax, "asymptote:sigmoid:+")
    assert list(low.get_ydata()) == [0, 0] and list(high.get_ydata()) == [1, 1]
    assert low.get_linestyle() == "--"
    assert by_gid(ax, "asymptote:relu:-").get_ydata()[0] == 0
    assert not [line for line in ax.lines if line.get_gid() == "asymptote:relu:+"]
    labels = [t.get_text() for t in ax.texts]
    assert "y = 1 (x → +∞): sigmoid" in labels
    assert "y = 0 (x → −∞): sigmoid, relu" in labels


def test_the_relu_counterexample_panels_follow_the_family():
    fig = draw("relu", counterexample=True)
    hom = axis(fig, "homogeneity:relu")
    a = np.asarray(by_gid(hom, "lhs:homogeneity:relu").get_xdata())
    assert (a < 0).all() and a.min() == -5  # family: x = -1, a < 0
    assert (by_gid(hom, "lhs:homogeneity:relu").get_ydata() == -a).all()  # f(-a) = -a
    assert (by_gid(hom, "rhs:homogeneity:relu").get_ydata() == 0).all()  # -f(a) = 0
    witness = by_gid(hom, "witness:homogeneity:relu")
    assert list(witness.get_xdata()) == [-1, -1] and list(witness.get_ydata()) == [1, 0]
    assert "homogeneity refuted at x = -1, a = -1" in hom.get_title()
    assert "family: x = -1, a < 0" in hom.get_title()
    add = axis(fig, "additivity:relu")
    a = np.asarray(by_gid(add, "lhs:additivity:relu").get_xdata())
    assert (a > 0).all()  # family: a > 0, b < 0, with b = -1
    assert (by_gid(add, "lhs:additivity:relu").get_ydata() == np.maximum(a - 1, 0)).all()
    assert (by_gid(add, "rhs:additivity:relu").get_ydata() == a).all()  # f(a) + f(-1)
    assert "additivity refuted at a = 1, b = -1" in add.get_title()


def test_a_proved_law_gets_text_not_a_curve():
    fig = draw("linear", counterexample=True)
    for law in ("additivity", "homogeneity"):
        ax = axis(fig, f"{law}:linear")
        assert len(ax.lines) == 0 and not ax.axison
        assert f"{law} proved" in ax.texts[0].get_text()


def test_an_undecided_law_says_so_and_why():
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    result = Undecided(law=Law.ADDITIVITY, activation="f", reason="the budget ran out")
    draw_law(ax, symact.get("relu"), "relu", result, (-5, 5))
    assert len(ax.lines) == 0
    assert "additivity undecided" in ax.texts[0].get_text()
    assert "budget ran out" in ax.texts[0].get_text()


def test_formulas_are_labelled_by_their_text():
    fig = draw("x*tanh(softplus(x))")
    assert_matches(by_gid(axis(fig, "f"), "curve:x*tanh(softplus(x))"), REFERENCE["mish"])


@pytest.mark.parametrize(
    ("args", "options", "error", "words"),
    [
        (("relu",), {"range": (5, 1)}, ParameterError, "A < B"),
        (("relu",), {"range": (1, 1)}, ParameterError, "A < B"),
        (("relu",), {"range": (0, float("inf"))}, ParameterError, "finite"),
        (("relu",), {"range": (float("nan"), 1)}, ParameterError, "finite"),
        (("relu",), {"range": ("a", 1)}, ParameterError, "two numbers"),
        (("rleu",), {}, UnknownActivationError, "did you mean relu"),
        (("softmax",), {}, ParameterError, "vector activation"),
        (("threshold",), {}, ParameterError, "parameters without values"),
        ((), {}, ParameterError, "at least one activation"),
        ((3,), {}, TypeError, "names, formulas"),
    ],
)
def test_bad_input_is_a_clear_error(args, options, error, words):
    with pytest.raises(error, match=words):
        symact.plot(*args, **options)
    assert issubclass(error, SymactError) or error is TypeError


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout


def test_symact_plot_is_callable_whatever_the_import_order():
    code = "import symact.plot.features, symact\nprint(symact.plot('relu').axes[0].get_gid())"
    assert _run(code).strip() == "f"  # the other order: the test below


def test_plot_never_touches_pyplot_or_an_interactive_backend():
    code = (
        "import io, sys, symact\nfig = symact.plot('relu', derivative=True)\n"
        "fig.savefig(io.BytesIO(), format='png')\n"
        "print(type(fig.canvas).__name__, 'matplotlib.pyplot' in sys.modules)"
    )
    assert _run(code).split() == ["FigureCanvasAgg", "False"]


def test_the_derivative_panel_is_broken_where_f_has_no_derivative():
    # sign' is DiracDelta: zero wherever it exists, undefined at the jump 0
    fig = draw("sign(x)", "abs(x)", derivative=True)
    ax = axis(fig, "derivative")
    sign = by_gid(ax, "curve:sign(x)′")
    xs, ys = np.asarray(sign.get_xdata()), np.asarray(sign.get_ydata())
    assert np.isnan(ys[xs == 0]).all() and (ys[xs != 0] == 0).all()
    absolute = by_gid(ax, "curve:abs(x)′")
    xs, ys = np.asarray(absolute.get_xdata()), np.asarray(absolute.get_ydata())
    assert np.isnan(ys[xs == 0]).all() and (ys[xs < 0] == -1).all() and (ys[xs > 0] == 1).all()
