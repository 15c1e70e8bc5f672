"""NumPy reference of a basic (Elman) RNN layer, the maths every chapter checks against."""

import numpy as np

from rnnbook._checks import (
    check_array, check_array_pairs, check_bool, check_choice, check_gate_kernels,
    check_gru_bias, check_instance, check_lengths, check_lstm_bias, check_number, check_str,
)

ACTIVATIONS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}
# Derivative of each activation written with its output h = activation(a), as TensorFlow
# does: 1 - h**2 for tanh; for relu 1 where h > 0 (i.e. a > 0) and 0 elsewhere, also at a == 0.
_DERIVATIVES = {"tanh": lambda h: 1.0 - h**2, "relu": lambda h: (h > 0).astype(np.float64)}


#: The axes of the inputs ``X`` of every layer below.
_INPUT_DIMS = ("batch", "n_steps", "n_inputs")


def _check_arguments(X, W_x, W_y, b, sequence_length, activation):
    """Validate the arguments of rnn_forward/rnn_backward and convert them to float64.

    Returns ``(X, W_x, W_y, b, lengths)`` with ``b`` flattened to (n_neurons,) and
    ``lengths`` one integer per instance (``n_steps`` for all when not given).
    """
    check_choice(activation, "activation", sorted(ACTIVATIONS))
    X = check_array(X, "X", dims=_INPUT_DIMS, dtype=np.float64)
    W_x = check_array(W_x, "W_x", dtype=np.float64)
    W_y = check_array(W_y, "W_y", dtype=np.float64)
    b = check_array(b, "b", dtype=np.float64)
    batch_size, n_steps, n_inputs = X.shape
    if W_x.ndim != 2 or W_x.shape[0] != n_inputs:
        raise ValueError(
            f"W_x must have shape (n_inputs={n_inputs}, n_neurons), got {W_x.shape}"
        )
    n_neurons = W_x.shape[1]
    if W_y.shape != (n_neurons, n_neurons):
        raise ValueError(
            f"W_y must have shape ({n_neurons}, {n_neurons}) to match W_x, got {W_y.shape}"
        )
    if b.shape not in ((n_neurons,), (1, n_neurons)):
        raise ValueError(
            f"b must have shape ({n_neurons},) or (1, {n_neurons}), got {b.shape}"
        )
    if sequence_length is None:
        lengths = np.full(batch_size, n_steps)
    else:
        lengths = check_lengths(sequence_length, batch_size, n_steps)
    return X, W_x, W_y, b.reshape(n_neurons), lengths


def rnn_forward(X, W_x, W_y, b, sequence_length=None, activation="tanh"):
    """Run a basic RNN layer over a batch of sequences.

    ``Y_t = activation(X_t @ W_x + Y_{t-1} @ W_y + b)`` with ``Y_{-1} = 0``.

    Args:
        X: inputs, shape (batch, n_steps, n_inputs).
        W_x: input weights, shape (n_inputs, n_neurons).
        W_y: recurrent weights, shape (n_neurons, n_neurons).
        b: bias, shape (n_neurons,) or (1, n_neurons).
        sequence_length: optional, one length per instance, as in
            ``tf.compat.v1.nn.dynamic_rnn``: outputs past an instance's length are
            zero and its state is the one at its last valid step (zeros for length 0).
        activation: ``"tanh"`` or ``"relu"``.

    Returns:
        ``(outputs, state)``: float64 arrays of shape (batch, n_steps, n_neurons)
        and (batch, n_neurons).

    Chapter 1 (RNN básica) explains it; chapter 4 adds the lengths.
    """
    X, W_x, W_y, b, lengths = _check_arguments(X, W_x, W_y, b, sequence_length, activation)
    batch_size, n_steps = X.shape[:2]
    n_neurons = W_x.shape[1]

    act = ACTIVATIONS[activation]
    outputs = np.zeros((batch_size, n_steps, n_neurons))
    state = np.zeros((batch_size, n_neurons))
    for t in range(n_steps):
        new_state = act(X[:, t] @ W_x + state @ W_y + b)
        valid = (t < lengths)[:, None]
        outputs[:, t] = np.where(valid, new_state, 0.0)
        state = np.where(valid, new_state, state)
    return outputs, state


def _check_gradient(value, name, dims, shape):
    array = check_array(value, name, dtype=np.float64)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {dims}={shape}, got {array.shape}")
    return array


def rnn_backward(
    X, W_x, W_y, b, d_outputs, d_state=None, sequence_length=None, activation="tanh"
):
    """Backpropagation through time (BPTT) for :func:`rnn_forward`.

    Given the gradients of a scalar loss ``L`` with respect to the ``(outputs, state)``
    returned by ``rnn_forward(X, W_x, W_y, b, sequence_length, activation)``, return the
    gradients of ``L`` with respect to ``X``, ``W_x``, ``W_y`` and ``b``.

    With ``h_t = phi(a_t)`` and ``a_t = x_t W_x + h_{t-1} W_y + b``, the error at step t,
    ``delta_t = dL/da_t``, is computed backwards from the last step::

        delta_t = (dL/dh_t (direct, from d_outputs and, at the last step, d_state)
                   + delta_{t+1} W_y^T) * phi'(a_t)
        dW_x = sum_t x_t^T delta_t      dW_y = sum_t h_{t-1}^T delta_t
        db   = sum_t delta_t            dX_t = delta_t W_x^T

    where ``phi'(a) = 1 - h**2`` for tanh and ``1 if h > 0 else 0`` for relu (as in
    TensorFlow, the relu derivative at exactly 0 is 0). Masking is per instance, by its
    length: steps past it have ``delta_t = 0`` (their outputs are constant zeros, so their
    ``d_outputs`` do not count, and ``dX_t = 0``), and ``d_state`` reaches the instance's
    last valid step (for length 0 it reaches nothing). Chapter 7 (Treinando RNNs)
    explains it.

    Args:
        X, W_x, W_y, b, sequence_length, activation: as in :func:`rnn_forward`, with the
            same checks and errors.
        d_outputs: dL/d(outputs), shape (batch, n_steps, n_neurons).
        d_state: dL/d(state), shape (batch, n_neurons); ``None`` means zeros.

    Returns:
        ``(dX, dW_x, dW_y, db)``: float64 arrays with the shapes of ``X``, ``W_x``,
        ``W_y`` and ``b`` (``db`` is (n_neurons,) or (1, n_neurons), like ``b``).
    """
    b_shape = np.shape(b)
    X, W_x, W_y, b, lengths = _check_arguments(X, W_x, W_y, b, sequence_length, activation)
    batch_size, n_steps = X.shape[:2]
    n_neurons = W_x.shape[1]
    d_outputs = _check_gradient(
        d_outputs, "d_outputs", "(batch, n_steps, n_neurons)", (batch_size, n_steps, n_neurons)
    )
    if d_state is None:
        d_state = np.zeros((batch_size, n_neurons))
    else:
        d_state = _check_gradient(
            d_state, "d_state", "(batch, n_neurons)", (batch_size, n_neurons)
        )

    # At a valid step t, h_t is outputs[:, t] and h_{t-1} is outputs[:, t - 1] (zeros
    # for t = 0); past the length, delta_t is 0 and neither is needed.
    outputs, _ = rnn_forward(X, W_x, W_y, b, lengths, activation)
    derivative = _DERIVATIVES[activation]
    dX = np.zeros_like(X)
    dW_x, dW_y, db = np.zeros_like(W_x), np.zeros_like(W_y), np.zeros_like(b)
    d_h = d_state  # dL/dh_t carried back from later steps (the state, then delta_{t+1} W_y^T)
    for t in reversed(range(n_steps)):
        valid = (t < lengths)[:, None]
        h = outputs[:, t]
        h_previous = outputs[:, t - 1] if t > 0 else np.zeros((batch_size, n_neurons))
        delta = np.where(valid, (d_h + d_outputs[:, t]) * derivative(h), 0.0)
        dX[:, t] = delta @ W_x.T
        dW_x += X[:, t].T @ delta
        dW_y += h_previous.T @ delta
        db += delta.sum(axis=0)
        # Past the length the state is copied unchanged, so its gradient passes through.
        d_h = np.where(valid, delta @ W_y.T, d_h)
    return dX, dW_x, dW_y, db.reshape(b_shape)


# --- Gated cells (LSTM and GRU) with Keras 3's weight layout --------------------------

LSTM_GATES = "i, f, c, o"  # Keras' order of the blocks in kernel, recurrent_kernel and bias
GRU_GATES = "z, r, h"


def _sigmoid(z):
    # Same as 1 / (1 + exp(-z)) without overflow warnings for large |z|.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _check_inputs(X, sequence_length):
    """Return ``X`` in float64 (3-D) and one length per instance."""
    X = check_array(X, "X", dims=_INPUT_DIMS, dtype=np.float64)
    batch_size, n_steps = X.shape[:2]
    if sequence_length is None:
        return X, np.full(batch_size, n_steps)
    return X, check_lengths(sequence_length, batch_size, n_steps)


def lstm_forward(X, kernel, recurrent_kernel, bias, sequence_length=None):
    """Run an LSTM layer over a batch of sequences, with the weights of ``keras.layers.LSTM``.

    With the blocks of the weights in Keras' order i, f, c, o and zero initial states::

        i = sigmoid(x_t W_i + h U_i + b_i)     f = sigmoid(x_t W_f + h U_f + b_f)
        g = tanh(x_t W_c + h U_c + b_c)        o = sigmoid(x_t W_o + h U_o + b_o)
        c_t = f * c_{t-1} + i * g              h_t = o * tanh(c_t)

    Chapter 8 (Memória longa: LSTM e GRU) explains it.

    Args:
        X: inputs, shape (batch, n_steps, n_inputs).
        kernel: input weights, shape (n_inputs, 4 * units) (Keras' ``kernel``).
        recurrent_kernel: shape (units, 4 * units) (Keras' ``recurrent_kernel``).
        bias: shape (4 * units,) (Keras' ``bias``).
        sequence_length: optional, one length per instance, as in :func:`rnn_forward`:
            outputs past an instance's length are zero and its ``h`` and ``c`` are the
            ones at its last valid step (zeros for length 0).

    Returns:
        ``(outputs, (h, c))``: float64 arrays of shape (batch, n_steps, units), and the
        final short-term state ``h`` and cell state ``c``, each (batch, units).
    """
    X, lengths = _check_inputs(X, sequence_length)
    kernel, recurrent_kernel, units = check_gate_kernels(
        kernel, recurrent_kernel, 4, LSTM_GATES, n_inputs=X.shape[2]
    )
    bias = check_lstm_bias(bias, units)
    batch_size, n_steps = X.shape[:2]

    outputs = np.zeros((batch_size, n_steps, units))
    h = np.zeros((batch_size, units))
    c = np.zeros((batch_size, units))
    for t in range(n_steps):
        z = X[:, t] @ kernel + h @ recurrent_kernel + bias
        z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)
        new_c = _sigmoid(z_f) * c + _sigmoid(z_i) * np.tanh(z_c)
        new_h = _sigmoid(z_o) * np.tanh(new_c)
        valid = (t < lengths)[:, None]
        outputs[:, t] = np.where(valid, new_h, 0.0)
        h = np.where(valid, new_h, h)
        c = np.where(valid, new_c, c)
    return outputs, (h, c)


def gru_forward(X, kernel, recurrent_kernel, bias, reset_after=True, sequence_length=None,
                initial_state=None):
    """Run a GRU layer over a batch of sequences, with the weights of ``keras.layers.GRU``.

    With the blocks of the weights in Keras' order z, r, h and the initial state ``h_0``::

        z = sigmoid(x_t W_z + h U_z + b_z)     r = sigmoid(x_t W_r + h U_r + b_r)
        reset_after=True:  g = tanh(x_t W_h + b_h + r * (h U_h + b'_h))
        reset_after=False: g = tanh(x_t W_h + (r * h) U_h + b_h)
        h_t = z * h_{t-1} + (1 - z) * g

    With ``reset_after=True`` (Keras' default) ``bias`` holds two rows, the input biases
    ``b`` and the recurrent biases ``b'`` (z and r add both). Chapter 8 (Memória longa:
    LSTM e GRU) explains it.

    Args:
        X: inputs, shape (batch, n_steps, n_inputs).
        kernel: input weights, shape (n_inputs, 3 * units) (Keras' ``kernel``).
        recurrent_kernel: shape (units, 3 * units) (Keras' ``recurrent_kernel``).
        bias: shape (2, 3 * units) if ``reset_after`` else (3 * units,).
        reset_after: whether the reset gate is applied after the matrix product, as
            in ``keras.layers.GRU(reset_after=...)``.
        sequence_length: optional, one length per instance, as in :func:`rnn_forward`.
        initial_state: optional ``h_0``, shape (batch, units); zeros when omitted. Chapter
            10 carries the state from one call to the next with it, as a stateful layer does.

    Returns:
        ``(outputs, h)``: float64 arrays of shape (batch, n_steps, units) and
        (batch, units).
    """
    reset_after = check_bool(reset_after, "reset_after")
    X, lengths = _check_inputs(X, sequence_length)
    kernel, recurrent_kernel, units = check_gate_kernels(
        kernel, recurrent_kernel, 3, GRU_GATES, n_inputs=X.shape[2]
    )
    bias = check_gru_bias(bias, units, reset_after)
    input_bias, recurrent_bias = bias if reset_after else (bias, np.zeros(3 * units))
    batch_size, n_steps = X.shape[:2]

    outputs = np.zeros((batch_size, n_steps, units))
    h = np.zeros((batch_size, units))
    if initial_state is not None:
        h = check_array(initial_state, "initial_state", dtype=np.float64)
        if h.shape != (batch_size, units):
            raise ValueError(
                f"initial_state must have shape {(batch_size, units)} (batch, units), "
                f"got {h.shape}"
            )
    for t in range(n_steps):
        x_z, x_r, x_h = np.split(X[:, t] @ kernel + input_bias, 3, axis=1)
        # h_h (h U_h + b'_h) is only used with reset_after=True.
        h_z, h_r, h_h = np.split(h @ recurrent_kernel + recurrent_bias, 3, axis=1)
        z = _sigmoid(x_z + h_z)
        r = _sigmoid(x_r + h_r)
        if reset_after:
            candidate = np.tanh(x_h + r * h_h)
        else:
            candidate = np.tanh(x_h + (r * h) @ recurrent_kernel[:, 2 * units:])
        new_h = z * h + (1.0 - z) * candidate
        valid = (t < lengths)[:, None]
        outputs[:, t] = np.where(valid, new_h, 0.0)
        h = np.where(valid, new_h, h)
    return outputs, h


# --- Attention and reversed sequences (chapter 11) ------------------------------------

#: What Keras' attention layers subtract from the scores of masked positions before the
#: softmax (in float32 and float64 layers; float16 ones subtract 65504).
_MASK_PENALTY = 1.0e9


def _check_attention_inputs(query, value, key, value_mask):
    """Return ``query``, ``value`` and ``key`` in float64 (``key`` is ``value`` when
    None) and ``value_mask`` (None, or booleans of shape (batch, Tv))."""
    query = check_array(query, "query", dims=("batch", "Tq", "d"), dtype=np.float64)
    batch, _, depth = query.shape
    value = check_array(value, "value", dims=("batch", "Tv", "dv"), dtype=np.float64)
    if value.shape[0] != batch:
        raise ValueError(
            f"value must have shape (batch={batch}, Tv, dv) to match query "
            f"{query.shape}, got {value.shape}"
        )
    n_values = value.shape[1]
    if key is None:
        if value.shape[2] != depth:
            raise ValueError(
                f"value must have shape (batch={batch}, Tv, d={depth}) when key is not "
                f"given (key = value must match query {query.shape}), got {value.shape}"
            )
        key = value
    else:
        key = check_array(key, "key", dims=("batch", "Tv", "d"), dtype=np.float64)
        if key.shape != (batch, n_values, depth):
            raise ValueError(
                f"key must have shape (batch={batch}, Tv={n_values}, d={depth}) to "
                f"match query {query.shape} and value {value.shape}, got {key.shape}"
            )
    if value_mask is not None:
        value_mask = check_array(value_mask, "value_mask", kind="bool")
        if value_mask.shape != (batch, n_values):
            raise ValueError(
                f"value_mask must have shape (batch={batch}, Tv={n_values}) to match "
                f"value {value.shape}, got {value_mask.shape}"
            )
    return query, value, key, value_mask


def _attend(scores, value, value_mask):
    """Keras' ``Attention._apply_scores``: mask, softmax over j, weighted sum."""
    if value_mask is not None:
        # Keras lowers the masked scores rather than dropping them (see the docstrings).
        scores = np.where(value_mask[:, None, :], scores, scores - _MASK_PENALTY)
    scores = scores - scores.max(axis=-1, keepdims=True, initial=-np.inf)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ value, weights


def additive_attention(query, value, key=None, scale=None, value_mask=None):
    """Additive (Bahdanau) attention, as ``keras.layers.AdditiveAttention`` computes it.

    Query step i scores value step j with a sum over the depth d::

        scores[b, i, j] = sum_d scale[d] * tanh(query[b, i, d] + key[b, j, d])

    Bahdanau, Cho and Bengio (2015), "Neural machine translation by jointly learning to
    align and translate" (ICLR), proposed it, with learned projections of query and key
    that the Keras layer leaves to the layers before it. Chapter 11
    (Codificador–decodificador e atenção) explains it.

    Args:
        query: shape (batch, Tq, d), e.g. the decoder's states.
        value: shape (batch, Tv, dv), e.g. the encoder's outputs.
        key: shape (batch, Tv, d); ``None`` (Keras' default) means ``value`` (so that
            dv = d).
        scale: Keras' ``scale`` weight, shape (d,), of a layer built with
            ``use_scale=True`` (its default); ``None`` means ones (``use_scale=False``).
        value_mask: optional booleans, shape (batch, Tv), Keras'
            ``mask=[None, value_mask]``: False marks padding, which gets weight 0. As in
            Keras, the masked scores are lowered by 1e9 before the softmax, not removed,
            so a row whose positions are all masked is not zeros: its weights are (up
            to the rounding of that shift, about 1e-8) those without a mask, spread
            over the padding too.

    Returns:
        ``(outputs, weights)``: float64 arrays of shape (batch, Tq, dv) and
        (batch, Tq, Tv), what ``layer([query, value, key], mask=[None, value_mask],
        return_attention_scores=True)`` returns: ``weights`` is the softmax of the
        scores over the value steps j and
        ``outputs[b, i] = sum_j weights[b, i, j] * value[b, j]``. No dropout (Keras'
        default is 0, and none runs at inference) and no causal mask.
    """
    query, value, key, value_mask = _check_attention_inputs(
        query, value, key, value_mask
    )
    depth = query.shape[2]
    if scale is None:
        scale = np.ones(depth)
    else:
        scale = check_array(scale, "scale", dtype=np.float64)
        if scale.shape != (depth,):
            raise ValueError(
                f"scale must have shape (d={depth},) (Keras' scale weight, one per "
                f"depth), got {scale.shape}"
            )
    scores = (scale * np.tanh(query[:, :, None, :] + key[:, None, :, :])).sum(axis=-1)
    return _attend(scores, value, value_mask)


def dot_attention(query, value, key=None, scale=None, value_mask=None):
    """Dot-product (Luong) attention, as ``keras.layers.Attention`` (its default
    ``score_mode="dot"``) computes it.

    Query step i scores value step j with a dot product::

        scores[b, i, j] = scale * sum_d query[b, i, d] * key[b, j, d]

    Luong, Pham and Manning (2015), "Effective approaches to attention-based neural
    machine translation" (EMNLP), proposed it. Chapter 11 (Codificador–decodificador e
    atenção) explains it.

    Args:
        query, value, key, value_mask: as in :func:`additive_attention`, with the same
            checks and errors: a fully masked row gets, as in Keras, the weights
            without a mask (up to about 1e-8), not zeros.
        scale: Keras' scalar ``scale`` weight (a number or a 0-D array) of a layer
            built with ``use_scale=True``; ``None`` means 1 (Keras' default
            ``use_scale=False``).

    Returns:
        ``(outputs, weights)`` as in :func:`additive_attention`: what
        ``layer([query, value, key], mask=[None, value_mask],
        return_attention_scores=True)`` returns, without dropout or causal mask.
    """
    query, value, key, value_mask = _check_attention_inputs(
        query, value, key, value_mask
    )
    scores = query @ key.transpose(0, 2, 1)
    if scale is not None:
        scale = check_array(scale, "scale", dtype=np.float64)
        if scale.shape != ():
            raise ValueError(
                f"scale must be a single number (Keras' scalar scale weight), "
                f"got shape {scale.shape}"
            )
        scores = scores * scale
    return _attend(scores, value, value_mask)


def reverse_sequences(X, sequence_length):
    """Reverse the first ``sequence_length[i]`` steps of each instance i, leaving its
    padding in place, as ``tf.reverse_sequence(X, sequence_length, seq_axis=1,
    batch_axis=0)`` does.

    The trap of a bidirectional layer over a padded batch: its backward RNN must read
    each sequence from its last valid step, but reversing the whole padded batch
    (``X[:, ::-1]``) puts the padding first, so the backward RNN reads the padding
    before the sequence and its outputs no longer line up with the forward ones. With
    the lengths, the steps ``[a, b, c, 0, 0]`` become ``[c, b, a, 0, 0]``, not
    ``[0, 0, c, b, a]``. Chapter 11 (Codificador–decodificador e atenção) explains it.

    Args:
        X: shape (batch, n_steps, ...), any numeric dtype.
        sequence_length: one length per instance, each in [0, n_steps] (0 and 1 leave
            the instance unchanged).

    Returns:
        An array of the dtype and shape of ``X``.
    """
    X = check_array(X, "X")
    if X.ndim < 2:
        raise ValueError(
            f"X must have at least 2 dimensions (batch, n_steps, ...), got shape "
            f"{X.shape}"
        )
    lengths = check_lengths(sequence_length, X.shape[0], X.shape[1])
    reversed_X = X.copy()
    for i, length in enumerate(lengths):
        reversed_X[i, :length] = X[i, :length][::-1]
    return reversed_X


def bidirectional_gru_forward(X, forward_weights, backward_weights, reset_after=True,
                              sequence_length=None):
    """Run a bidirectional GRU layer, as ``keras.layers.Bidirectional(GRU(...))`` with a mask
    and ``tf.compat.v1.nn.bidirectional_dynamic_rnn`` with ``sequence_length`` compute it.

    The forward GRU is :func:`gru_forward`; the backward one is :func:`gru_forward` over each
    sequence reversed over its own length (:func:`reverse_sequences`), its outputs put back
    in order; the outputs of each step are the two concatenated, forward first. Chapter 11
    (Codificador–decodificador e atenção) explains it.

    Args:
        X: inputs, shape (batch, n_steps, n_inputs).
        forward_weights, backward_weights: each ``(kernel, recurrent_kernel, bias)`` of a
            ``keras.layers.GRU`` (``layer.forward_layer.get_weights()`` and
            ``layer.backward_layer.get_weights()``).
        reset_after: as in :func:`gru_forward`.
        sequence_length: optional, one length per instance; the padding after it gets zeros.

    Returns:
        ``(outputs, h_forward, h_backward)``: float64 arrays of shape
        (batch, n_steps, 2 * units), (batch, units) and (batch, units).
    """
    for name, weights in (("forward_weights", forward_weights),
                          ("backward_weights", backward_weights)):
        check_instance(weights, name, (list, tuple), "a list (kernel, recurrent_kernel, bias)")
        if len(weights) != 3:
            raise ValueError(
                f"{name} must be (kernel, recurrent_kernel, bias), got {len(weights)} arrays"
            )
    reset_after = check_bool(reset_after, "reset_after")
    X, lengths = _check_inputs(X, sequence_length)
    forward, h_forward = gru_forward(X, *forward_weights, reset_after, lengths)
    backward, h_backward = gru_forward(
        reverse_sequences(X, lengths), *backward_weights, reset_after, lengths)
    outputs = np.concatenate([forward, reverse_sequences(backward, lengths)], axis=-1)
    return outputs, h_forward, h_backward


def max_difference(actual, expected):
    """Largest absolute difference between two arrays of the same shape, or between two
    sequences of such arrays (pair by pair), as a float; NaN if either holds a NaN.
    Chapter 1 writes it out."""
    differences = [
        np.abs(a.astype(np.float64) - e.astype(np.float64)).max(initial=0.0)
        for a, e in check_array_pairs(actual, expected)
    ]
    return float(np.max(differences))


def agree(actual, expected, atol=1e-5, label=None):
    """Print the largest absolute difference between two implementations' results (arrays, or
    sequences of arrays such as ``(outputs, state)``) and check that it is below ``atol``.

    Prints ``"<label> diferença máxima = 3,1e-07"`` (decimal comma, as the book's sentences
    write numbers); raises ``AssertionError`` when the
    difference is ``atol`` or more (or NaN). Returns nothing, so that a notebook cell ending in
    it shows no value (use :func:`max_difference` for the number). Chapter 1 shows the check
    written out; the later chapters call this.
    """
    atol = check_number(atol, "atol", minimum=0)
    if label is not None:
        check_str(label, "label")
    difference = max_difference(actual, expected)
    text = "diferença máxima = " + f"{difference:.1e}".replace(".", ",")
    print(f"{label} {text}" if label else text)
    if not difference < atol:
        raise AssertionError(f"{label or 'results'}: difference {difference:.1e} is not below {atol:.0e}")
