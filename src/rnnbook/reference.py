"""NumPy reference of a basic (Elman) RNN layer, the maths every chapter checks against."""

import numpy as np

ACTIVATIONS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}


def _as_float_array(value, name):
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a numeric array, got dtype {array.dtype}")
    return array.astype(np.float64)


def _check_lengths(sequence_length, batch_size, n_steps):
    lengths = np.asarray(sequence_length)
    if lengths.dtype.kind not in "iu":
        raise TypeError(f"sequence_length must hold integers, got dtype {lengths.dtype}")
    if lengths.shape != (batch_size,):
        raise ValueError(
            f"sequence_length must hold one length per instance: expected shape "
            f"({batch_size},), got {lengths.shape}"
        )
    if (lengths < 0).any():
        raise ValueError(f"sequence_length must not be negative, got {lengths.tolist()}")
    if (lengths > n_steps).any():
        raise ValueError(
            f"sequence_length must not exceed n_steps={n_steps}, got {lengths.tolist()}"
        )
    return lengths


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
    """
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a string, got {type(activation).__name__}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    X = _as_float_array(X, "X")
    W_x = _as_float_array(W_x, "W_x")
    W_y = _as_float_array(W_y, "W_y")
    b = _as_float_array(b, "b")
    if X.ndim != 3:
        raise ValueError(f"X must be 3-D (batch, n_steps, n_inputs), got shape {X.shape}")
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
    b = b.reshape(n_neurons)
    if sequence_length is None:
        lengths = np.full(batch_size, n_steps)
    else:
        lengths = _check_lengths(sequence_length, batch_size, n_steps)

    act = ACTIVATIONS[activation]
    outputs = np.zeros((batch_size, n_steps, n_neurons))
    state = np.zeros((batch_size, n_neurons))
    for t in range(n_steps):
        new_state = act(X[:, t] @ W_x + state @ W_y + b)
        valid = (t < lengths)[:, None]
        outputs[:, t] = np.where(valid, new_state, 0.0)
        state = np.where(valid, new_state, state)
    return outputs, state
