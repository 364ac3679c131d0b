"""Whole-network laws: collapse proofs, certified witnesses, structural proofs, undecided."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import symact
from symact.cli import main
from symact.nn import Dense, Sequential, exact_affine
from symact.prover.results import Verdict


def _fractions(a: np.ndarray) -> list[list[Fraction]]:
    return [[Fraction(float(v)) for v in row] for row in np.atleast_2d(a)]


def _matmul(a: list[list[Fraction]], b: list[list[Fraction]]) -> list[list[Fraction]]:
    cols = list(zip(*b, strict=True))
    return [[sum((x * y for x, y in zip(r, c, strict=True)), Fraction(0)) for c in cols] for r in a]


def _exact_forward(model: Sequential, point: list[Fraction]) -> list[Fraction]:
    """An independent exact forward pass for relu/linear Dense stacks (Fractions)."""
    values = [point]
    for layer in model.layers:
        w, *b = layer.get_weights()
        values = _matmul(values, _fractions(w))
        if b:
            values = [[v + c for v, c in zip(values[0], _fractions(b[0])[0], strict=True)]]
        if layer.activation.name == "relu":
            values = [[max(v, Fraction(0)) for v in values[0]]]
    return values[0]


def test_three_layer_linear_stack_is_proved_linear_and_collapsed():
    model = Sequential([Dense(4, input_shape=(3,)), Dense(3), Dense(2)], seed=5)
    report = symact.check_linearity(model, budget=None)
    assert report.verdict == "linear"
    assert report.additivity.method == "composition"
    w1, _, w2, _, w3, _ = model.get_weights()
    expected = _matmul(_matmul(_fractions(w1), _fractions(w2)), _fractions(w3))
    exact = exact_affine(model).kernel_matrix()
    assert [[Fraction(int(v.p), int(v.q)) for v in exact.row(i)] for i in range(3)] == expected
    layer = model.collapse()
    x = np.random.default_rng(0).standard_normal((20, 3))
    np.testing.assert_allclose(layer(x.astype(np.float32)), model.predict(x), rtol=1e-5, atol=1e-6)


def test_affine_stack_is_affine_not_linear_and_refuted_at_zero():
    model = Sequential([Dense(3, input_shape=(2,), bias_initializer="ones"), Dense(2)], seed=1)
    report = symact.check_linearity(model)
    assert report.verdict == "nonlinear"
    add = report.additivity
    assert add.witness["a"].tolist() == [[0, 0]] and add.certificate.check()
    # f(0) = b1 W2 + b2 with b2 = 0: the defect is -f(0)[i], by hand
    w2 = model.get_weights()[2]
    f0 = _matmul([[Fraction(1), Fraction(1), Fraction(1)]], _fractions(w2))[0]
    assert add.defect == -f0[0]
    assert symact.check_affinity(model, budget=None).verdict is Verdict.PROVED
    assert report.homogeneity.witness["x"] == 0


def test_relu_network_is_refuted_with_a_verified_witness():
    model = Sequential([Dense(8, input_shape=(4,), activation="relu"), Dense(3)], seed=2)
    result = symact.check_additivity(model)
    assert result.verdict is Verdict.REFUTED and result.certificate.check()
    a = [Fraction(int(v)) for v in result.witness["a"]]
    b = [Fraction(int(v)) for v in result.witness["b"]]
    lhs = _exact_forward(model, [x + y for x, y in zip(a, b, strict=True)])
    rhs = [x + y for x, y in zip(_exact_forward(model, a), _exact_forward(model, b), strict=True)]
    assert lhs != rhs
    hom = symact.check_homogeneity(model, budget=None)
    assert hom.verdict is Verdict.REFUTED and hom.certificate.check()


def test_tanh_network_is_refuted_with_arb_balls():
    model = Sequential([Dense(4, input_shape=(2,), activation="tanh"), Dense(1)], seed=3)
    result = symact.check_homogeneity(model, budget=None)
    assert result.verdict is Verdict.REFUTED
    assert result.certificate.kind == "ball" and result.certificate.check()


def _odd_pair_model(out_bias: float = 0.0) -> Sequential:
    model = Sequential([Dense(2, input_shape=(2,), activation="relu"), Dense(1)], seed=0)
    w = np.array([[1.5, -1.5], [-2.0, 2.0]])
    model.set_weights([w, np.array([0.5, -0.5]), np.array([[3.0], [-3.0]]), [out_bias]])
    return model


def test_relu_odd_pairs_are_proved_affine():
    # 3 relu(z) - 3 relu(-z) = 3 z with z = 1.5 x1 - 2 x2 + 0.5: affine, offset 3/2
    model = _odd_pair_model()
    report = symact.check_linearity(model, budget=None)
    assert report.verdict == "nonlinear"
    assert report.additivity.method == "composition"
    exact = exact_affine(model)
    assert exact.kernel_matrix().tolist() == [[Fraction(9, 2)], [-6]]
    assert exact.bias_matrix().tolist() == [[Fraction(3, 2)]]
    assert symact.check_affinity(model, budget=None).verdict is Verdict.PROVED


def test_zero_output_layer_makes_any_network_constant():
    model = Sequential([Dense(6, input_shape=(3,), activation="tanh"), Dense(2)], seed=0)
    w1, b1, _, _ = model.get_weights()
    model.set_weights([w1, b1, np.zeros((6, 2)), np.zeros(2)])
    assert symact.check_linearity(model, budget=None).verdict == "linear"
    model.set_weights([w1, b1, np.zeros((6, 2)), np.array([0.0, 1.0])])
    assert symact.check_linearity(model, budget=None).verdict == "nonlinear"


def test_linear_network_that_is_not_recognised_is_undecided_never_refuted():
    # relu(x) + relu(x) - 2 relu(-x) ... halves: 0.5 relu(x) + 0.5 relu(x) - relu(-x) = x
    model = Sequential([Dense(3, input_shape=(1,), activation="relu"), Dense(1)], seed=0)
    model.set_weights(
        [np.array([[1.0, 1.0, -1.0]]), np.zeros(3), np.array([[0.5], [0.5], [-1.0]]), [0.0]]
    )
    report = symact.check_linearity(model, budget=None)
    assert report.verdict == "undecided"
    assert "not recognised as affine" in report.additivity.reason


def test_budget_gives_undecided_not_a_wrong_answer():
    model = Sequential([Dense(4, input_shape=(3,), activation="tanh"), Dense(2)], seed=0)
    result = symact.check_additivity(model, budget=1e-4)  # far less than a fork takes
    assert result.verdict is Verdict.UNDECIDED and result.method == "budget"


def test_cli_net_refutes_a_relu_net_and_proves_a_linear_one(capsys):
    assert main(["net", "3-5-2", "--activation", "relu", "--seed", "0"]) == 0
    assert capsys.readouterr().out.startswith("sequential (3-5-2: relu, linear): nonlinear")
    assert main(["net", "3-4-2", "--activation", "linear", "--format", "json"]) == 0
    assert '"verdict": "linear"' in capsys.readouterr().out


def test_cli_net_reads_weights_and_reports_errors(tmp_path, capsys):
    path = tmp_path / "w.npz"
    np.savez(path, np.eye(2), np.zeros(2), np.ones((2, 1)), np.zeros(1))
    assert main(["net", "2-2-1", "--activation", "linear", "--weights", str(path)]) == 0
    assert "linear" in capsys.readouterr().out
    bad = tmp_path / "w.json"
    bad.write_text("[[1, 2]]")
    assert main(["net", "2-2-1", "--weights", str(bad)]) == 1
    assert "takes 4 weight arrays" in capsys.readouterr().err
    assert main(["net", "2-", "--activation", "relu"]) == 1


def test_bias_free_relu_net_is_positively_homogeneous_so_never_refuted():
    # relu(x·z) = x·relu(z) for x >= 0: with zero biases no witness can exist
    model = Sequential([Dense(6, input_shape=(3,), activation="relu"), Dense(2)], seed=4)
    assert symact.check_positive_homogeneity(model).verdict is Verdict.UNDECIDED
    affinity = symact.check_affinity(model, budget=None)
    assert affinity.verdict is Verdict.REFUTED and affinity.certificate.check()
