import numpy as np
import pytest

from rnnbook import reference
from rnnbook.reference import rnn_forward


def random_case(rng, batch=3, n_steps=4, n_inputs=2, n_neurons=5):
    return (
        rng.normal(size=(batch, n_steps, n_inputs)),
        rng.normal(size=(n_inputs, n_neurons)),
        rng.normal(size=(n_neurons, n_neurons)) * 0.5,
        rng.normal(size=n_neurons),
    )


def test_matches_hand_computed_two_steps():
    X = np.array([[[1.0], [2.0]]])
    W_x, W_y, b = np.array([[0.5]]), np.array([[-1.0]]), np.array([0.1])
    y0 = np.tanh(1.0 * 0.5 + 0.1)
    y1 = np.tanh(2.0 * 0.5 - y0 + 0.1)
    outputs, state = rnn_forward(X, W_x, W_y, b)
    np.testing.assert_allclose(outputs[0, :, 0], [y0, y1])
    np.testing.assert_allclose(state, [[y1]])


def test_shapes_and_state_is_last_output():
    X, W_x, W_y, b = random_case(np.random.default_rng(0))
    outputs, state = rnn_forward(X, W_x, W_y, b)
    assert outputs.shape == (3, 4, 5) and state.shape == (3, 5)
    np.testing.assert_array_equal(state, outputs[:, -1])


def test_bias_row_vector_is_accepted():
    X, W_x, W_y, b = random_case(np.random.default_rng(1))
    a = rnn_forward(X, W_x, W_y, b)[0]
    c = rnn_forward(X, W_x, W_y, b.reshape(1, -1))[0]
    np.testing.assert_array_equal(a, c)


def test_relu_is_nonnegative_and_differs_from_tanh():
    X, W_x, W_y, b = random_case(np.random.default_rng(2))
    relu = rnn_forward(X, W_x, W_y, b, activation="relu")[0]
    tanh = rnn_forward(X, W_x, W_y, b, activation="tanh")[0]
    assert (relu >= 0).all() and (relu == 0).any()
    assert not np.allclose(relu, tanh)


def test_each_step_follows_the_equation():
    X, W_x, W_y, b = random_case(np.random.default_rng(3))
    outputs, _ = rnn_forward(X, W_x, W_y, b)
    previous = np.zeros((3, 5))
    for t in range(4):
        np.testing.assert_allclose(outputs[:, t], np.tanh(X[:, t] @ W_x + previous @ W_y + b))
        previous = outputs[:, t]


def test_sequence_length_zeroes_padding_and_keeps_last_valid_state():
    X, W_x, W_y, b = random_case(np.random.default_rng(4))
    lengths = np.array([4, 2, 0])
    outputs, state = rnn_forward(X, W_x, W_y, b, sequence_length=lengths)
    full, _ = rnn_forward(X, W_x, W_y, b)
    np.testing.assert_array_equal(outputs[0], full[0])
    np.testing.assert_array_equal(outputs[1, :2], full[1, :2])
    assert (outputs[1, 2:] == 0).all() and (outputs[2] == 0).all()
    np.testing.assert_array_equal(state[0], full[0, 3])
    np.testing.assert_array_equal(state[1], full[1, 1])
    np.testing.assert_array_equal(state[2], np.zeros(5))


def test_padding_values_do_not_matter():
    X, W_x, W_y, b = random_case(np.random.default_rng(5))
    lengths = [1, 3, 2]
    X2 = X.copy()
    for i, n in enumerate(lengths):
        X2[i, n:] = 1e6
    a = rnn_forward(X, W_x, W_y, b, sequence_length=lengths)
    c = rnn_forward(X2, W_x, W_y, b, sequence_length=lengths)
    for u, v in zip(a, c):
        np.testing.assert_array_equal(u, v)


def test_empty_sequences():
    X = np.zeros((2, 0, 3))
    outputs, state = rnn_forward(X, np.ones((3, 4)), np.eye(4), np.zeros(4))
    assert outputs.shape == (2, 0, 4)
    np.testing.assert_array_equal(state, np.zeros((2, 4)))


def test_max_difference_of_arrays_and_of_sequences():
    from rnnbook.reference import max_difference

    assert max_difference(np.zeros((2, 3)), np.full((2, 3), 0.5)) == 0.5
    assert max_difference((np.zeros(2), np.ones((1, 2))), [np.zeros(2), np.full((1, 2), 4.0)]) == 3.0
    assert max_difference(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0
    assert np.isnan(max_difference(np.zeros(2), np.array([0.0, np.nan])))
    assert np.isnan(max_difference((np.array([np.nan]), np.zeros(1)), (np.zeros(1), np.ones(1))))


def test_agree_prints_and_checks(capsys):
    from rnnbook.reference import agree

    assert agree(np.zeros(3), np.full(3, 2e-7), label="NumPy") is None  # no Out[] in a notebook
    assert capsys.readouterr().out == "NumPy diferença máxima = 2.0e-07\n"
    agree((np.zeros(1), np.zeros(2)), (np.zeros(1), np.zeros(2)))
    assert capsys.readouterr().out == "diferença máxima = 0.0e+00\n"
    with pytest.raises(AssertionError, match=r"^Keras: difference 1\.0e-05 is not below 1e-05$"):
        agree(np.zeros(1), np.full(1, 1e-5), label="Keras")
    with pytest.raises(AssertionError, match="difference nan"):
        agree(np.zeros(1), np.full(1, np.nan), atol=1.0)


def test_gru_forward_carries_an_initial_state():
    """Two calls, the second starting from the first's final state, are one call (chapter 10)."""
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 7, 3))
    for reset_after, bias_shape in ((True, (2, 12)), (False, (12,))):
        weights = rng.normal(size=(3, 12)), rng.normal(size=(4, 12)), rng.normal(size=bias_shape)
        outputs, h = reference.gru_forward(X, *weights, reset_after=reset_after)
        first, h_first = reference.gru_forward(X[:, :4], *weights, reset_after=reset_after)
        second, h_second = reference.gru_forward(X[:, 4:], *weights, reset_after=reset_after,
                                                 initial_state=h_first)
        np.testing.assert_allclose(np.concatenate([first, second], axis=1), outputs, atol=1e-12)
        np.testing.assert_allclose(h_second, h, atol=1e-12)
