"""symact.nn layers and models against hand-written NumPy and hand-derived exact values."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy

import symact
from symact.nn import Activation, Dense, Input, NotBuiltError, Sequential
from symact.nn.initializers import initialize


def _relu_net(seed: int = 0) -> Sequential:
    return Sequential([Dense(5, input_shape=(3,), activation="relu"), Dense(2)], seed=seed)


def test_forward_pass_matches_handwritten_numpy():
    model = _relu_net()
    w1, b1, w2, b2 = model.get_weights()
    x = np.random.default_rng(1).standard_normal((64, 3)).astype(np.float32)
    expected = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    got = model.predict(x)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


def test_kernel_shape_weight_order_and_count():
    model = _relu_net()
    assert [w.shape for w in model.get_weights()] == [(3, 5), (5,), (5, 2), (2,)]
    assert model.count_params() == 3 * 5 + 5 + 5 * 2 + 2
    assert Dense(4, use_bias=False, input_dim=2).units == 4


def test_glorot_uniform_limit_is_kerass_formula():
    limit = np.sqrt(6 / (300 + 200))
    w = initialize("glorot_uniform", (300, 200), np.dtype(np.float64), np.random.default_rng(0))
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.99 * limit  # 60000 draws reach the edge of U(-l, l)
    assert abs(w.var() - limit**2 / 3) < 0.02 * limit**2  # variance of U(-l, l) is l²/3


def test_seed_and_generator_reproduce_the_weights():
    a, b = _relu_net(7).get_weights(), _relu_net(7).get_weights()
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    g1 = Sequential([Dense(3, input_shape=(2,))], seed=np.random.default_rng(3))
    g2 = Sequential([Dense(3, input_shape=(2,))], seed=np.random.default_rng(3))
    assert np.array_equal(g1.get_weights()[0], g2.get_weights()[0])
    assert not np.array_equal(_relu_net(1).get_weights()[0], _relu_net(2).get_weights()[0])


def test_both_keras_ways_to_attach_an_activation_agree():
    one = Sequential([Dense(5, input_shape=(3,), activation="relu")], seed=0)
    two = Sequential(seed=0)
    two.add(Dense(5, input_shape=(3,)))
    two.add(Activation("relu"))
    x = [[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]]
    assert np.array_equal(one.predict(x), two.predict(x))


def test_input_layer_float64_and_batch_size():
    model = Sequential([Input(shape=(4,)), Dense(3, activation="tanh", dtype="float64")], seed=0)
    x = np.random.default_rng(2).standard_normal((100, 4))
    out = model.predict(x, batch_size=7)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, model.predict(x, batch_size=100))
    w, b = model.get_weights()
    np.testing.assert_allclose(out, np.tanh(x @ w + b), rtol=4 * 2.0**-52, atol=1e-15)


def test_nan_passes_through_like_keras():
    model = _relu_net()
    out = model.predict([[np.nan, 1.0, 2.0], [1.0, 2.0, 3.0]])
    assert np.isnan(out[0]).all() and np.isfinite(out[1]).all()


def test_tiny_network_exact_outputs_derived_by_hand():
    model = Sequential([Dense(2, input_shape=(2,), activation="relu"), Dense(1)], seed=0)
    model.set_weights(
        [np.array([[1, -1], [0.5, 2]]), np.array([0, 1]), np.array([[3], [-1]]), [0.25]]
    )
    # hidden = relu(x1 + x2/2), relu(-x1 + 2 x2 + 1); output = 3 h1 - h2 + 1/4
    x1, x2 = sympy.symbols("x1 x2", real=True)
    out = model.symbolic()[0]
    point = {x1: sympy.Rational(1), x2: sympy.Rational(2)}  # h = (2, 4): 6 - 4 + 1/4
    assert out.subs(point) == sympy.Rational(9, 4)
    assert model.predict([[1, 2]])[0, 0] == np.float32(2.25)
    assert out.subs({x1: -4, x2: 0}) == -5 + sympy.Rational(1, 4)  # h = (0, 5)


def test_symbolic_converts_float_weights_exactly():
    model = Sequential([Dense(1, input_shape=(1,), use_bias=False)], seed=0)
    model.set_weights([np.array([[0.1]], dtype=np.float32)])
    x1 = sympy.Symbol("x1", real=True)
    coefficient = model.symbolic()[0].coeff(x1)
    assert coefficient == sympy.Rational(Fraction(float(np.float32(0.1)))) != sympy.Rational(1, 10)
    w = sympy.Symbol("W1_1_1", real=True)
    assert model.symbolic(weights="symbols")[0] == w * x1


def test_shape_mismatch_is_a_clear_error():
    model = _relu_net()
    with pytest.raises(symact.SymactError, match=r"expects 3 input features.*\(1, 4\)"):
        model.predict([[1, 2, 3, 4]])
    with pytest.raises(ValueError, match="batch"):
        model.predict([1, 2, 3])
    with pytest.raises(symact.SymactError, match=r"expected \(5, 2\)"):
        model.set_weights([np.zeros((3, 5)), np.zeros(5), np.zeros((2, 5)), np.zeros(2)])
    with pytest.raises(symact.SymactError, match="takes 4 weight arrays"):
        model.set_weights([np.zeros((3, 5))])


def test_unknown_activation_and_use_before_build():
    with pytest.raises(symact.UnknownActivationError, match="relux"):
        Dense(3, activation="relux")
    model = Sequential([Dense(3), Dense(1)])
    with pytest.raises(NotBuiltError, match="not built"):
        model.count_params()
    with pytest.raises(NotBuiltError, match="not built"):
        model.summary()
    assert model.get_weights() == []
    model.predict(np.zeros((1, 4)))  # builds from the data, as Keras does
    assert model.count_params() == 4 * 3 + 3 + 3 + 1


def test_summary_table_lists_layers_shapes_and_parameters():
    lines: list[str] = []
    _relu_net().summary(print_fn=lines.append)
    text = lines[0]
    assert "dense (Dense)" in text and "(None, 5)" in text and "(None, 2)" in text
    assert "Total params: 32 (128.00 B)" in text


def test_activation_objects_and_parameters_are_accepted():
    leaky = symact.get("leaky_relu", negative_slope=0.5)
    model = Sequential([Input((1,)), Dense(1, activation=leaky, kernel_initializer="ones")])
    assert model.predict([[-2.0], [3.0]]).ravel().tolist() == [-1.0, 3.0]
    custom = symact.parse("x*x")
    square = Sequential([Input((1,)), Activation(custom)])
    assert square.predict([[3.0]]).item() == 9.0


def test_compiled_pieces_agree_with_the_provers_exact_evaluator():
    from flint import fmpq

    from symact.nn.pieces import compile_exact
    from symact.prover.certify import substitute
    from symact.prover.exact import exact_rational

    points = [Fraction(n, d) for n in range(-13, 14) for d in (1, 2, 3, 7)]
    checked = 0
    for name in symact.names():
        f = symact.get(
            name, **({"threshold": 0.5, "default_value": 0} if name == "threshold" else {})
        )
        fast = None if f.kind != "elementwise" else compile_exact(f.expr, f.x)
        if fast is None:
            continue
        checked += 1
        for p in points:
            q = sympy.Rational(p.numerator, p.denominator)
            want = exact_rational(substitute(f.expr, {f.x: q}))
            got = fast(fmpq(p.numerator, p.denominator))
            assert Fraction(int(got.p), int(got.q)) == Fraction(int(want.p), int(want.q)), name
    assert checked >= 10  # relu, leaky_relu, relu6, hard_tanh, hard_sigmoid, linear, …
