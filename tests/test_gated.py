"""lstm_forward / gru_forward (NumPy) == Keras 3 LSTM / GRU == the legacy tf.compat.v1 cells."""

import rnnbook  # noqa: F401  (before TensorFlow: it selects the legacy tf.keras)

import keras
import numpy as np
import pytest
import tensorflow as tf

from rnnbook import legacy
from rnnbook.reference import (
    bidirectional_gru_forward, gru_forward, lstm_forward, reverse_sequences,
)
from cases import random_lengths

TOL = dict(rtol=1e-9, atol=1e-9)  # everything runs in float64 (the brief asks for 1e-5)
SEEDS = range(12)
rnn_cell = tf.compat.v1.nn.rnn_cell


def random_case(seed, n_gates, reset_after=False):
    """Random shapes, inputs, Keras-layout weights (bias included) and lengths
    (None, or including 0 and n_steps)."""
    rng = np.random.default_rng(seed)
    batch, n_steps = rng.integers(1, 5), rng.integers(1, 8)
    n_inputs, units = rng.integers(1, 5), rng.integers(1, 7)
    X = rng.normal(size=(batch, n_steps, n_inputs))
    kernel = rng.normal(size=(n_inputs, n_gates * units)) / np.sqrt(n_inputs)
    recurrent_kernel = rng.normal(size=(units, n_gates * units)) / np.sqrt(units)
    bias_shape = (2, n_gates * units) if reset_after else (n_gates * units,)
    bias = rng.normal(size=bias_shape)
    lengths = random_lengths(rng, seed, batch, n_steps)
    return X, kernel, recurrent_kernel, bias, lengths


def run_keras(layer, X, weights, lengths):
    layer.build((None, *X.shape[1:]))
    layer.set_weights(weights)
    mask = None if lengths is None else np.arange(X.shape[1]) < np.asarray(lengths)[:, None]
    return [keras.ops.convert_to_numpy(r) for r in layer(X, mask=mask)], mask


def assert_outputs_match_keras(outputs, keras_outputs, mask):
    """Keras repeats the last valid output on masked steps (zeros before any valid step);
    the reference, like dynamic_rnn, outputs zeros there. Compare the valid steps, and
    check both conventions on the others."""
    if mask is None:
        np.testing.assert_allclose(outputs, keras_outputs, **TOL)
        return
    np.testing.assert_allclose(outputs[mask], keras_outputs[mask], **TOL)
    assert (outputs[~mask] == 0).all()
    for i, length in enumerate(mask.sum(axis=1)):
        last = keras_outputs[i, length - 1] if length else 0.0
        repeated = np.broadcast_to(last, keras_outputs[i, length:].shape)
        np.testing.assert_allclose(keras_outputs[i, length:], repeated, **TOL)


@pytest.mark.parametrize("seed", SEEDS)
def test_lstm_matches_keras(seed):
    X, kernel, recurrent_kernel, bias, lengths = random_case(seed, 4)
    units = recurrent_kernel.shape[0]
    layer = keras.layers.LSTM(units, return_sequences=True, return_state=True, dtype="float64")
    (k_outputs, k_h, k_c), mask = run_keras(layer, X, [kernel, recurrent_kernel, bias], lengths)
    outputs, (h, c) = lstm_forward(X, kernel, recurrent_kernel, bias, sequence_length=lengths)
    assert outputs.dtype == h.dtype == c.dtype == np.float64
    assert outputs.shape == X.shape[:2] + (units,) and h.shape == c.shape == (X.shape[0], units)
    assert_outputs_match_keras(outputs, k_outputs, mask)
    # Final states, including zeros for length 0 (Keras keeps the zero initial state too).
    np.testing.assert_allclose(h, k_h, **TOL)
    np.testing.assert_allclose(c, k_c, **TOL)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("seed", SEEDS)
def test_gru_matches_keras(seed, reset_after):
    X, kernel, recurrent_kernel, bias, lengths = random_case(seed, 3, reset_after)
    units = recurrent_kernel.shape[0]
    layer = keras.layers.GRU(
        units, reset_after=reset_after, return_sequences=True, return_state=True, dtype="float64"
    )
    (k_outputs, k_h), mask = run_keras(layer, X, [kernel, recurrent_kernel, bias], lengths)
    outputs, h = gru_forward(
        X, kernel, recurrent_kernel, bias, reset_after, sequence_length=lengths
    )
    assert outputs.dtype == h.dtype == np.float64
    assert outputs.shape == X.shape[:2] + (units,) and h.shape == (X.shape[0], units)
    assert_outputs_match_keras(outputs, k_outputs, mask)
    np.testing.assert_allclose(h, k_h, **TOL)


def test_gru_variants_differ_and_float32_inputs_are_accepted():
    X, kernel, recurrent_kernel, bias, _ = random_case(1, 3, reset_after=True)
    after, _ = gru_forward(X, kernel, recurrent_kernel, bias, reset_after=True)
    before, _ = gru_forward(X, kernel, recurrent_kernel, bias[0] + bias[1], reset_after=False)
    assert np.abs(after - before).max() > 1e-3  # where r is applied matters
    as_float32, _ = gru_forward(X.astype(np.float32), kernel, recurrent_kernel, bias)
    assert as_float32.dtype == np.float64
    np.testing.assert_allclose(as_float32, after, rtol=1e-6, atol=1e-6)


def run_legacy(make_cell, X, lengths, weights):
    """dynamic_rnn in float64 with sequence_length (full length when None)."""
    return legacy.run_dynamic_rnn(make_cell, X, weights=weights, sequence_length=lengths)


LSTM_CELLS = {
    "LSTMCell": lambda units, forget_bias: rnn_cell.LSTMCell(units, forget_bias=forget_bias),
    "BasicLSTMCell": lambda units, forget_bias: rnn_cell.BasicLSTMCell(
        units, forget_bias=forget_bias
    ),
}


@pytest.mark.parametrize(
    "seed, cell_name, forget_bias",
    [(0, "LSTMCell", 1.0), (1, "LSTMCell", 1.0), (2, "LSTMCell", 0.0),
     (3, "BasicLSTMCell", 1.0), (5, "BasicLSTMCell", 0.5)],
)
def test_legacy_lstm_cells_match_the_reference(seed, cell_name, forget_bias):
    X, kernel, recurrent_kernel, bias, lengths = random_case(seed, 4)
    units = recurrent_kernel.shape[0]
    weights = legacy.keras_lstm_to_legacy(kernel, recurrent_kernel, bias, forget_bias=forget_bias)
    make_cell = lambda: LSTM_CELLS[cell_name](units, forget_bias)  # noqa: E731
    outputs, (c, h) = run_legacy(make_cell, X, lengths, weights)
    expected_outputs, (expected_h, expected_c) = lstm_forward(
        X, kernel, recurrent_kernel, bias, lengths
    )
    np.testing.assert_allclose(outputs, expected_outputs, **TOL)
    np.testing.assert_allclose(h, expected_h, **TOL)  # the legacy state tuple is (c, h)
    np.testing.assert_allclose(c, expected_c, **TOL)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_legacy_gru_cell_matches_the_reference(seed):
    X, kernel, recurrent_kernel, bias, lengths = random_case(seed, 3, reset_after=False)
    units = recurrent_kernel.shape[0]
    weights = legacy.keras_gru_to_legacy(kernel, recurrent_kernel, bias)
    outputs, h = run_legacy(lambda: rnn_cell.GRUCell(units), X, lengths, weights)
    expected_outputs, expected_h = gru_forward(X, kernel, recurrent_kernel, bias, False, lengths)
    np.testing.assert_allclose(outputs, expected_outputs, **TOL)
    np.testing.assert_allclose(h, expected_h, **TOL)


def test_the_mapping_matters():
    """Keras weights loaded as they are (stacked, no reordering, no forget_bias correction)
    give a clearly different LSTM; so does each fix left out alone, and swapping r and u."""
    X, kernel, recurrent_kernel, bias, _ = random_case(6, 4)
    units = recurrent_kernel.shape[0]
    expected, _ = lstm_forward(X, kernel, recurrent_kernel, bias)
    make = lambda: rnn_cell.LSTMCell(units)  # noqa: E731  (forget_bias=1.0)
    naive = [np.concatenate([kernel, recurrent_kernel]), bias]
    legacy_kernel, legacy_bias = legacy.keras_lstm_to_legacy(kernel, recurrent_kernel, bias)
    for weights in (naive, [naive[0], legacy_bias], [legacy_kernel, bias]):
        outputs, _ = run_legacy(make, X, None, weights)
        assert np.abs(outputs - expected).max() > 0.05
    outputs, _ = run_legacy(make, X, None, [legacy_kernel, legacy_bias])
    np.testing.assert_allclose(outputs, expected, **TOL)

    X, kernel, recurrent_kernel, bias, _ = random_case(6, 3)
    expected, _ = gru_forward(X, kernel, recurrent_kernel, bias, reset_after=False)
    gates_kernel, gates_bias, candidate_kernel, candidate_bias = legacy.keras_gru_to_legacy(
        kernel, recurrent_kernel, bias
    )
    swapped = [  # u, r instead of r, u
        np.roll(gates_kernel, units, axis=1), np.roll(gates_bias, units),
        candidate_kernel, candidate_bias,
    ]
    outputs, _ = run_legacy(lambda: rnn_cell.GRUCell(units), X, None, swapped)
    assert np.abs(outputs - expected).max() > 0.05


# --- Loading the weights (each argument's own checks: the wiring table of test_checks.py) ---

def test_set_legacy_weights_checks_each_shape():
    """Each array must have its variable's shape; the error names the variable."""
    with legacy.graph_session() as sess:
        X = tf.compat.v1.placeholder(tf.float32, [None, 2, 3])
        cell = rnn_cell.GRUCell(2)
        tf.compat.v1.nn.dynamic_rnn(cell, X, dtype=tf.float32)
        weights = legacy.keras_gru_to_legacy(np.zeros((3, 6)), np.zeros((2, 6)), np.ones(6))
        match = r"^the cell needs rnn/gru_cell/gates/kernel of shape \(5, 4\), got \(4, 5\)$"
        with pytest.raises(ValueError, match=match):
            legacy.set_legacy_weights(cell, [weights[0].T, *weights[1:]])
        legacy.set_legacy_weights(cell, weights)  # float64 arrays into float32 variables
        loaded = sess.run(cell.weights)
    for array, value in zip(weights, loaded):
        assert value.dtype == np.float32
        np.testing.assert_array_equal(value, array)


@pytest.mark.parametrize("seed", range(6))
def test_bidirectional_gru_matches_keras_and_the_legacy_code(seed):
    """reference.bidirectional_gru_forward == Keras 3 Bidirectional(GRU) with a mask ==
    bidirectional_dynamic_rnn with sequence_length, in float64, forward and backward with
    different weights."""
    X, kernel, recurrent_kernel, bias, lengths = random_case(seed, 3, reset_after=False)
    units = recurrent_kernel.shape[0]
    rng = np.random.default_rng(100 + seed)
    forward = [kernel, recurrent_kernel, bias]
    backward = [w + 0.5 * rng.normal(size=w.shape) for w in forward]
    expected = bidirectional_gru_forward(X, forward, backward, False, lengths)

    layer = keras.layers.Bidirectional(keras.layers.GRU(
        units, return_sequences=True, return_state=True, reset_after=False, dtype="float64"),
        dtype="float64")
    layer.build((None, *X.shape[1:]))
    layer.forward_layer.set_weights(forward)
    layer.backward_layer.set_weights(backward)
    valid = np.ones(X.shape[:2], bool) if lengths is None else (
        np.arange(X.shape[1]) < np.asarray(lengths)[:, None])
    outputs, h_fw, h_bw = (keras.ops.convert_to_numpy(r)
                           for r in layer(X, mask=None if lengths is None else valid))
    np.testing.assert_allclose(outputs[valid], expected[0][valid], **TOL)
    np.testing.assert_allclose(h_fw, expected[1], **TOL)
    np.testing.assert_allclose(h_bw, expected[2], **TOL)
    assert (expected[0][~valid] == 0).all()

    full = np.full(X.shape[0], X.shape[1]) if lengths is None else lengths
    with legacy.graph_session() as sess:
        X_v1 = tf.compat.v1.placeholder(tf.float64, [None, *X.shape[1:]])
        lengths_v1 = tf.compat.v1.placeholder(tf.int32, [None])
        cell_fw, cell_bw = rnn_cell.GRUCell(units), rnn_cell.GRUCell(units)
        (out_fw, out_bw), states = tf.compat.v1.nn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, X_v1, sequence_length=lengths_v1, dtype=tf.float64)
        legacy.set_legacy_weights(cell_fw, legacy.keras_gru_to_legacy(*forward))
        legacy.set_legacy_weights(cell_bw, legacy.keras_gru_to_legacy(*backward))
        results = sess.run([tf.concat([out_fw, out_bw], axis=-1), *states],
                           feed_dict={X_v1: X, lengths_v1: full})
    for actual, wanted in zip(results, expected):
        np.testing.assert_allclose(actual, wanted, **TOL)


def test_reversing_the_whole_padded_batch_is_another_computation():
    """The trap of chapter 11: X[:, ::-1] puts the padding first, so the backward GRU of a
    padded sequence differs from the one over reverse_sequences."""
    X, kernel, recurrent_kernel, bias, _ = random_case(0, 3, reset_after=False)
    X = np.random.default_rng(0).normal(size=(2, 5, X.shape[2]))
    lengths = np.array([5, 3])
    right, _ = gru_forward(reverse_sequences(X, lengths), kernel, recurrent_kernel, bias,
                           False, lengths)
    wrong, _ = gru_forward(X[:, ::-1], kernel, recurrent_kernel, bias, False)
    np.testing.assert_allclose(wrong[0], right[0], **TOL)  # no padding: the same
    assert np.abs(wrong[1, 2:][::-1][:3] - right[1, :3]).max() > 1e-3
