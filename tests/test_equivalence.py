"""NumPy reference == original tf.compat.v1 code == TensorFlow 2 == Keras 3, on random cases."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from rnnbook import legacy
from rnnbook.reference import rnn_forward

TOL = dict(rtol=1e-5, atol=1e-5)
TF_ACTIVATIONS = {"tanh": tf.math.tanh, "relu": tf.nn.relu}
CASES = [(seed, activation) for seed in range(6) for activation in ("tanh", "relu")]


def random_case(seed):
    rng = np.random.default_rng(seed)
    batch, n_steps, n_inputs, n_neurons = rng.integers(1, 6), rng.integers(1, 9), rng.integers(1, 5), rng.integers(1, 7)
    X = rng.normal(size=(batch, n_steps, n_inputs)).astype(np.float32)
    W_x = (rng.normal(size=(n_inputs, n_neurons)) / np.sqrt(n_inputs)).astype(np.float32)
    W_y = (rng.normal(size=(n_neurons, n_neurons)) * 0.5 / np.sqrt(n_neurons)).astype(np.float32)
    b = rng.normal(size=n_neurons).astype(np.float32) * 0.1
    lengths = rng.integers(0, n_steps + 1, size=batch).astype(np.int32)
    return X, W_x, W_y, b, lengths


def legacy_manual(X, W_x, W_y, b, activation):
    """The source's first section, generalised to n steps: tf.matmul + activation in a graph."""
    act = TF_ACTIVATIONS[activation]
    with legacy.graph_session() as sess:
        inputs = [tf.compat.v1.placeholder(tf.float32, [None, X.shape[2]]) for _ in range(X.shape[1])]
        Wx, Wy, bias = tf.Variable(W_x), tf.Variable(W_y), tf.Variable(b.reshape(1, -1))
        Y, outputs = None, []
        for X_t in inputs:
            Y = act(tf.matmul(X_t, Wx) + bias) if Y is None else act(tf.matmul(Y, Wy) + tf.matmul(X_t, Wx) + bias)
            outputs.append(Y)
        tf.compat.v1.global_variables_initializer().run()
        return np.stack(sess.run(outputs, {x: X[:, t] for t, x in enumerate(inputs)}), axis=1)


def legacy_cell(X, W_x, W_y, b, activation, unroll, lengths=None):
    """BasicRNNCell with static_rnn or dynamic_rnn, weights set to [W_x; W_y] and b."""
    act = TF_ACTIVATIONS[activation]
    with legacy.graph_session() as sess:
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=W_x.shape[1], activation=act)
        graph = legacy.rnn_graph(cell, X.shape[1], X.shape[2], unroll=unroll,
                                 sequence_length=lengths is not None)
        tf.compat.v1.global_variables_initializer().run()
        legacy.set_basic_rnn_weights(cell, W_x, W_y, b)
        for loaded, given in zip(legacy.basic_rnn_weights(cell), (W_x, W_y, b)):
            np.testing.assert_array_equal(loaded, given)
        feed = {graph.X: X} if lengths is None else {graph.X: X, graph.sequence_length: lengths}
        return sess.run([graph.outputs, graph.state], feed)


def eager_tf2(X, W_x, W_y, b, activation):
    act = TF_ACTIVATIONS[activation]
    Wx, Wy, bias = tf.Variable(W_x), tf.Variable(W_y), tf.Variable(b)
    Y = tf.zeros([X.shape[0], W_x.shape[1]])
    outputs = []
    for t in range(X.shape[1]):
        Y = act(tf.matmul(X[:, t], Wx) + tf.matmul(Y, Wy) + bias)
        outputs.append(Y)
    return tf.stack(outputs, axis=1).numpy()


def keras_simple_rnn(X, W_x, W_y, b, activation, lengths=None):
    layer = keras.layers.SimpleRNN(W_x.shape[1], activation=activation, return_sequences=True, return_state=True)
    layer.build((None, *X.shape[1:]))
    layer.set_weights([W_x, W_y, b])
    mask = None if lengths is None else np.arange(X.shape[1]) < lengths[:, None]
    outputs, state = layer(X, mask=mask)
    return keras.ops.convert_to_numpy(outputs), keras.ops.convert_to_numpy(state)


@pytest.mark.parametrize("seed, activation", CASES)
def test_full_sequences_agree(seed, activation):
    X, W_x, W_y, b, _ = random_case(seed)
    expected, state = rnn_forward(X, W_x, W_y, b, activation=activation)
    np.testing.assert_allclose(legacy_manual(X, W_x, W_y, b, activation), expected, **TOL)
    np.testing.assert_allclose(eager_tf2(X, W_x, W_y, b, activation), expected, **TOL)
    for unroll in ("static", "dynamic"):
        outputs, final = legacy_cell(X, W_x, W_y, b, activation, unroll)
        np.testing.assert_allclose(outputs, expected, **TOL)
        np.testing.assert_allclose(final, state, **TOL)
    outputs, final = keras_simple_rnn(X, W_x, W_y, b, activation)
    np.testing.assert_allclose(outputs, expected, **TOL)
    np.testing.assert_allclose(final, state, **TOL)


@pytest.mark.parametrize("seed, activation", CASES)
def test_variable_lengths_agree(seed, activation):
    X, W_x, W_y, b, lengths = random_case(seed)
    expected, state = rnn_forward(X, W_x, W_y, b, sequence_length=lengths, activation=activation)
    for unroll in ("static", "dynamic"):
        outputs, final = legacy_cell(X, W_x, W_y, b, activation, unroll, lengths)
        # tf.compat.v1 semantics, as in the reference: zeros past the length, last valid state.
        np.testing.assert_allclose(outputs, expected, **TOL)
        np.testing.assert_allclose(final, state, **TOL)
    outputs, final = keras_simple_rnn(X, W_x, W_y, b, activation, lengths)
    valid = np.arange(X.shape[1]) < lengths[:, None]
    np.testing.assert_allclose(outputs[valid], expected[valid], **TOL)
    np.testing.assert_allclose(final, state, **TOL)
