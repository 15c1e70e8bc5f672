"""rnn_backward (BPTT in NumPy) == tf.GradientTape == Keras 3 == finite differences."""

import rnnbook  # noqa: F401  (before TensorFlow: it selects the legacy tf.keras)

import keras
import numpy as np
import pytest
import tensorflow as tf

from rnnbook.reference import rnn_backward, rnn_forward
from cases import random_lengths

TOL = dict(rtol=1e-6, atol=1e-6)
NAMES = ("dX", "dW_x", "dW_y", "db")
TF_ACTIVATIONS = {"tanh": tf.math.tanh, "relu": tf.nn.relu}
CASES = [(seed, activation) for seed in range(20) for activation in ("tanh", "relu")]


def random_case(seed):
    """Random shapes, weights, lengths (None, or including 0 and n_steps) and upstream gradients."""
    rng = np.random.default_rng(seed)
    batch, n_steps = rng.integers(1, 5), rng.integers(1, 8)
    n_inputs, n_neurons = rng.integers(1, 5), rng.integers(1, 7)
    X = rng.normal(size=(batch, n_steps, n_inputs))
    W_x = rng.normal(size=(n_inputs, n_neurons)) / np.sqrt(n_inputs)
    W_y = rng.normal(size=(n_neurons, n_neurons)) / np.sqrt(n_neurons)
    b = rng.normal(size=n_neurons) * 0.5
    lengths = random_lengths(rng, seed, batch, n_steps)
    d_outputs = rng.normal(size=(batch, n_steps, n_neurons))
    d_state = None if seed % 3 == 0 else rng.normal(size=(batch, n_neurons))
    return X, W_x, W_y, b, d_outputs, d_state, lengths


def tf_gradients(X, W_x, W_y, b, d_outputs, d_state=None, lengths=None, activation="tanh"):
    """Plain TF2 float64 RNN with dynamic_rnn masking; gradients of
    sum(outputs * d_outputs) + sum(state * d_state) by tf.GradientTape."""
    act = TF_ACTIVATIONS[activation]
    batch, n_steps = X.shape[:2]
    lengths = np.full(batch, n_steps) if lengths is None else np.asarray(lengths)
    variables = [tf.Variable(np.asarray(v, dtype=np.float64)) for v in (X, W_x, W_y, b)]
    X_v, W_x_v, W_y_v, b_v = variables
    with tf.GradientTape() as tape:
        state = tf.zeros((batch, W_x.shape[1]), dtype=tf.float64)
        outputs = []
        for t in range(n_steps):
            new_state = act(X_v[:, t] @ W_x_v + state @ W_y_v + b_v)
            valid = tf.constant((t < lengths)[:, None])
            outputs.append(tf.where(valid, new_state, tf.zeros_like(new_state)))
            state = tf.where(valid, new_state, state)
        loss = tf.reduce_sum(tf.stack(outputs, axis=1) * d_outputs)
        if d_state is not None:
            loss += tf.reduce_sum(state * d_state)
    grads = tape.gradient(loss, variables, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return [g.numpy() for g in grads]


def keras_gradients(X, W_x, W_y, b, d_outputs, d_state, activation):
    layer = keras.layers.SimpleRNN(
        W_x.shape[1], activation=activation, return_sequences=True, return_state=True, dtype="float64"
    )
    layer.build((None, *X.shape[1:]))
    layer.set_weights([W_x, W_y, b])  # kernel, recurrent_kernel, bias
    X_v = tf.Variable(X)
    weights = [layer.cell.kernel, layer.cell.recurrent_kernel, layer.cell.bias]
    with tf.GradientTape() as tape:
        outputs, state = layer(X_v)
        loss = tf.reduce_sum(outputs * d_outputs) + tf.reduce_sum(state * d_state)
    return [keras.ops.convert_to_numpy(g) for g in tape.gradient(loss, [X_v, *weights])]


def assert_gradients_close(actual, expected):
    assert len(actual) == len(expected) == 4
    for name, a, e in zip(NAMES, actual, expected):
        np.testing.assert_allclose(a, e, err_msg=name, **TOL)


def backward_without_recurrence(X, W_x, W_y, b, d_outputs, d_state=None, activation="tanh"):
    """A deliberately wrong BPTT: it drops the delta_{t+1} W_y^T term (no lengths)."""
    outputs, _ = rnn_forward(X, W_x, W_y, b, activation=activation)
    d_h = d_outputs.copy()
    if d_state is not None:
        d_h[:, -1] += d_state
    delta = d_h * (1 - outputs**2 if activation == "tanh" else outputs > 0)
    previous = np.concatenate([np.zeros_like(outputs[:, :1]), outputs[:, :-1]], axis=1)
    return (
        delta @ W_x.T,
        np.einsum("bti,btn->in", X, delta),
        np.einsum("bti,btn->in", previous, delta),
        delta.sum(axis=(0, 1)),
    )


@pytest.mark.parametrize("seed, activation", CASES)
def test_matches_gradient_tape(seed, activation):
    X, W_x, W_y, b, d_outputs, d_state, lengths = random_case(seed)
    actual = rnn_backward(X, W_x, W_y, b, d_outputs, d_state, lengths, activation)
    expected = tf_gradients(X, W_x, W_y, b, d_outputs, d_state, lengths, activation)
    assert_gradients_close(actual, expected)


@pytest.mark.parametrize("seed, activation", [(1, "tanh"), (2, "relu"), (5, "tanh"), (7, "relu")])
def test_matches_keras_simple_rnn(seed, activation):
    X, W_x, W_y, b, d_outputs, d_state, _ = random_case(seed)
    if d_state is None:
        d_state = np.zeros((X.shape[0], W_x.shape[1]))
    actual = rnn_backward(X, W_x, W_y, b, d_outputs, d_state, activation=activation)
    assert_gradients_close(actual, keras_gradients(X, W_x, W_y, b, d_outputs, d_state, activation))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_matches_central_finite_differences(activation):
    rng = np.random.default_rng(42)
    args = [rng.normal(size=(3, 4, 2)), rng.normal(size=(2, 3)), rng.normal(size=(3, 3)) * 0.7, rng.normal(size=3)]
    d_outputs, d_state, lengths = rng.normal(size=(3, 4, 3)), rng.normal(size=(3, 3)), np.array([4, 2, 0])

    def loss(*values):
        outputs, state = rnn_forward(*values, sequence_length=lengths, activation=activation)
        return np.sum(outputs * d_outputs) + np.sum(state * d_state)

    grads = rnn_backward(*args, d_outputs, d_state, lengths, activation)
    eps = 1e-6
    for i, (arg, grad) in enumerate(zip(args, grads)):
        for index in np.ndindex(arg.shape):
            plus, minus = [a.copy() for a in args], [a.copy() for a in args]
            plus[i][index] += eps
            minus[i][index] -= eps
            numeric = (loss(*plus) - loss(*minus)) / (2 * eps)
            np.testing.assert_allclose(grad[index], numeric, err_msg=f"{NAMES[i]}{index}", **TOL)


def test_a_wrong_gradient_is_detected():
    X, W_x, W_y, b, d_outputs, d_state, lengths = random_case(5)
    assert ((0 < lengths) & (lengths < X.shape[1])).any()  # a partly padded sequence
    expected = tf_gradients(X, W_x, W_y, b, d_outputs, d_state, lengths)
    with pytest.raises(AssertionError):  # ignoring the lengths
        assert_gradients_close(rnn_backward(X, W_x, W_y, b, d_outputs, d_state), expected)
    expected = tf_gradients(X, W_x, W_y, b, d_outputs, d_state)
    wrong = backward_without_recurrence(X, W_x, W_y, b, d_outputs, d_state)
    np.testing.assert_allclose(wrong[3].shape, b.shape)  # right shapes, wrong values
    with pytest.raises(AssertionError, match="dX"):
        assert_gradients_close(wrong, expected)


@pytest.mark.parametrize("shape", [(5,), (1, 5)])
def test_db_keeps_the_shape_of_b_and_results_are_float64(shape):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 3, 4)).astype(np.float32)
    W_x, W_y = rng.integers(-2, 3, size=(4, 5)), rng.normal(size=(5, 5)).astype(np.float32)
    b = np.zeros(shape, dtype=np.float32)
    grads = rnn_backward(X, W_x, W_y, b, np.ones((2, 3, 5), dtype=np.float32), np.ones((2, 5), dtype=int))
    assert [g.shape for g in grads] == [X.shape, W_x.shape, W_y.shape, shape]
    assert all(g.dtype == np.float64 for g in grads)


def test_masked_steps_get_no_gradient():
    rng = np.random.default_rng(1)
    X, W_x, W_y, b = rng.normal(size=(3, 5, 2)), rng.normal(size=(2, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    d_outputs, d_state, lengths = rng.normal(size=(3, 5, 4)), rng.normal(size=(3, 4)), [5, 2, 0]
    dX, dW_x, dW_y, db = rnn_backward(X, W_x, W_y, b, d_outputs, d_state, lengths)
    assert (dX[1, 2:] == 0).all() and (dX[1, :2] != 0).all()
    assert (dX[2] == 0).all() and (dX[0] != 0).all()
    # Padding (inputs and their d_outputs) and the d_state of a length-0 instance change nothing.
    X2, d_outputs2, d_state2 = X.copy(), d_outputs.copy(), d_state.copy()
    X2[1, 2:], X2[2] = 1e6, -1e6
    d_outputs2[1, 2:], d_outputs2[2] = 7.0, 7.0
    d_state2[2] = 7.0
    again = rnn_backward(X2, W_x, W_y, b, d_outputs2, d_state2, lengths)
    for name, a, c in zip(NAMES, (dX, dW_x, dW_y, db), again):
        np.testing.assert_array_equal(a, c, err_msg=name)
    # Only the state of a length-0 instance has a gradient: nothing reaches the parameters.
    only_state = np.zeros_like(d_state)
    only_state[2] = 1.0
    for g in rnn_backward(X, W_x, W_y, b, np.zeros_like(d_outputs), only_state, lengths):
        assert (g == 0).all()


def test_relu_gradient_at_exactly_zero_matches_tensorflow():
    # Zero inputs and bias: every pre-activation is exactly 0, where TF's relu gradient is 0.
    X, W_x, W_y, b = np.zeros((2, 3, 2)), np.ones((2, 3)), np.ones((3, 3)), np.zeros(3)
    d_outputs, d_state = np.ones((2, 3, 3)), np.ones((2, 3))
    actual = rnn_backward(X, W_x, W_y, b, d_outputs, d_state, activation="relu")
    assert_gradients_close(actual, tf_gradients(X, W_x, W_y, b, d_outputs, d_state, activation="relu"))
    assert all((g == 0).all() for g in actual)


def test_d_state_none_means_zeros():
    X, W_x, W_y, b, d_outputs, _, lengths = random_case(5)
    for a, c in zip(
        rnn_backward(X, W_x, W_y, b, d_outputs, None, lengths),
        rnn_backward(X, W_x, W_y, b, d_outputs, np.zeros((X.shape[0], W_x.shape[1])), lengths),
    ):
        np.testing.assert_array_equal(a, c)
