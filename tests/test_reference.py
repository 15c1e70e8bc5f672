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
    assert capsys.readouterr().out == "NumPy diferença máxima = 2,0e-07\n"
    agree((np.zeros(1), np.zeros(2)), (np.zeros(1), np.zeros(2)))
    assert capsys.readouterr().out == "diferença máxima = 0,0e+00\n"
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


# --- Attention and reversed sequences (chapter 11), against Keras 3 and TensorFlow ---

#: (batch, Tq, Tv, d, dv, key given): Tq != Tv, d != dv (with a key), key omitted
#: (then dv = d).
ATTENTION_SHAPES = [
    (3, 2, 5, 4, 3, True), (2, 4, 3, 3, 3, False), (4, 1, 6, 2, 5, True),
]


def attention_case(rng, batch, n_queries, n_values, depth, value_depth, with_key):
    """Random query, value, key (or None) and a mask with a row whose only valid
    position is the first, a row with every position valid and random rows."""
    query = rng.normal(size=(batch, n_queries, depth))
    value = rng.normal(size=(batch, n_values, value_depth))
    key = rng.normal(size=(batch, n_values, depth)) if with_key else None
    mask = rng.random((batch, n_values)) < 0.6
    mask[:, 0] = True
    mask[0, 1:] = False
    mask[1] = True
    return query, value, key, mask


def keras_attention(layer_class, query, value, key, scale, mask):
    """``(outputs, weights)`` of a float64 Keras layer, with ``scale`` as its scale
    weight (``use_scale=False`` when None)."""
    import keras

    layer = layer_class(use_scale=scale is not None, dtype="float64")
    inputs = [query, value] if key is None else [query, value, key]
    layer.build([x.shape for x in inputs])
    if scale is not None:
        layer.scale.assign(scale)
    results = layer(inputs, mask=[None, mask], return_attention_scores=True)
    return [keras.ops.convert_to_numpy(result) for result in results]


@pytest.mark.parametrize("kind", ["additive", "dot"])
def test_attention_matches_keras(kind):
    import keras

    layer_class, function = {
        "additive": (keras.layers.AdditiveAttention, reference.additive_attention),
        "dot": (keras.layers.Attention, reference.dot_attention),
    }[kind]
    rng = np.random.default_rng(11)
    for shape in ATTENTION_SHAPES:
        query, value, key, mask = attention_case(rng, *shape)
        depth = shape[3]
        random_scale = rng.normal(size=depth) if kind == "additive" else rng.normal()
        cases = [(None, mask), (random_scale, mask), (random_scale, None)]
        for scale, value_mask in cases:
            outputs, weights = function(query, value, key, scale, value_mask)
            expected = keras_attention(
                layer_class, query, value, key, scale, value_mask
            )
            assert outputs.dtype == weights.dtype == np.float64
            assert outputs.shape == (shape[0], shape[1], shape[4])
            np.testing.assert_allclose(outputs, expected[0], rtol=0, atol=1e-12)
            np.testing.assert_allclose(weights, expected[1], rtol=0, atol=1e-12)
            np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=0, atol=1e-12)
            if value_mask is not None:
                masked = ~np.broadcast_to(mask[:, None], weights.shape)
                assert (weights[masked] == 0).all()
                assert (weights[0, :, 0] == 1).all()  # its only valid position


@pytest.mark.parametrize(
    "function", [reference.additive_attention, reference.dot_attention]
)
def test_a_fully_masked_row_gets_the_weights_without_a_mask_as_in_keras(function):
    """Keras lowers the masked scores by 1e9 instead of removing them: a row with no
    valid position spreads its weight as if nothing were masked (up to the shift's
    rounding)."""
    import keras

    rng = np.random.default_rng(12)
    query, value = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 5, 4))
    mask = np.ones((2, 5), bool)
    mask[1] = False
    outputs, weights = function(query, value, value_mask=mask)
    layer_class = {reference.additive_attention: keras.layers.AdditiveAttention,
                   reference.dot_attention: keras.layers.Attention}[function]
    expected = keras_attention(layer_class, query, value, None, None, mask)
    np.testing.assert_allclose(outputs, expected[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(weights, expected[1], rtol=0, atol=1e-12)
    unmasked_outputs, unmasked_weights = function(query, value)
    np.testing.assert_array_equal(weights[0], unmasked_weights[0])
    np.testing.assert_allclose(weights[1], unmasked_weights[1], rtol=0, atol=1e-6)
    np.testing.assert_allclose(outputs[1], unmasked_outputs[1], rtol=0, atol=1e-6)
    assert (weights[1] > 0).all()


def test_attention_scores_follow_the_formulas():
    """Scores written out by loops, for one query and a key given: additive sums
    scale_d * tanh(q_d + k_d), dot multiplies q . k by the scalar scale."""
    rng = np.random.default_rng(13)
    query, value, key = (rng.normal(size=(1, 1, 3)), rng.normal(size=(1, 4, 2)),
                         rng.normal(size=(1, 4, 3)))
    scale = np.array([0.5, -1.0, 2.0])
    additive = [sum(scale[d] * np.tanh(query[0, 0, d] + key[0, j, d]) for d in range(3))
                for j in range(4)]
    dot = [1.5 * sum(query[0, 0, d] * key[0, j, d] for d in range(3)) for j in range(4)]
    for (outputs, weights), scores in [
        (reference.additive_attention(query, value, key, scale), additive),
        (reference.dot_attention(query, value, key, 1.5), dot),
    ]:
        expected = np.exp(scores) / np.exp(scores).sum()
        np.testing.assert_allclose(weights[0, 0], expected, rtol=1e-12)
        np.testing.assert_allclose(outputs[0, 0], expected @ value[0], rtol=1e-12)


def test_reverse_sequences_matches_tf_reverse_sequence():
    import tensorflow as tf

    rng = np.random.default_rng(14)
    lengths = np.array([0, 6, 3, 1, 5])  # 0 and n_steps among them
    for X in (rng.integers(-9, 10, size=(5, 6, 2)).astype(np.int32),
              rng.normal(size=(5, 6, 3)),
              rng.normal(size=(5, 6, 2, 3)).astype(np.float32)):
        reversed_X = reference.reverse_sequences(X, lengths)
        expected = tf.reverse_sequence(X, lengths, seq_axis=1, batch_axis=0).numpy()
        assert reversed_X.dtype == X.dtype and reversed_X.shape == X.shape
        np.testing.assert_array_equal(reversed_X, expected)
        np.testing.assert_array_equal(X[0], reversed_X[0])  # length 0: unchanged
        np.testing.assert_array_equal(X[1, ::-1], reversed_X[1])  # n_steps: reversed
        np.testing.assert_array_equal(X[2, 3:], reversed_X[2, 3:])  # padding stays put


def test_reverse_sequences_keeps_the_padding_at_the_end():
    """The trap of chapter 11: [a, b, c, 0, 0] becomes [c, b, a, 0, 0], not
    [0, 0, c, b, a]."""
    X = np.array([[1, 2, 3, 0, 0]])
    reversed_X = reference.reverse_sequences(X, [3])
    np.testing.assert_array_equal(reversed_X, [[3, 2, 1, 0, 0]])
    np.testing.assert_array_equal(X[:, ::-1], [[0, 0, 3, 2, 1]])
