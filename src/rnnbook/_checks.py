"""Argument checks shared by every public helper of :mod:`rnnbook`.

One rule: an argument of the wrong type raises ``TypeError`` naming the type it got; an
argument of the right type with a bad value raises ``ValueError`` naming the value. Each
check returns the argument (converted where that helps: ``int``, ``bool``, an array).
"""

import numpy as np

#: Seeds are ints in [0, SEED_MAX] (what NumPy's legacy global generator accepts).
SEED_MAX = 2**32 - 1


def _type_error(name, expected, value, allow_none=False):
    expected += " or None" if allow_none else ""
    return TypeError(f"{name} must be {expected}, got {type(value).__name__}")


def _check_range(value, name, minimum, maximum):
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} must be between {minimum} and {maximum}, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {value}")


def check_int(value, name, minimum=None, maximum=None, allow_none=False):
    """An ``int`` (or NumPy integer) in [minimum, maximum]; bools and floats such as 2.0 are
    refused. Returns a Python ``int`` (or None when ``allow_none``)."""
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise _type_error(name, "an int", value, allow_none)
    _check_range(value, name, minimum, maximum)
    return int(value)


def check_seed(seed, name="seed", allow_none=False):
    """A random seed: an int in [0, :data:`SEED_MAX`] (or None when ``allow_none``)."""
    return check_int(seed, name, 0, SEED_MAX, allow_none)


def check_number(value, name, minimum=None):
    """A finite real number (int or float, NumPy's included; not a bool), at least ``minimum``.
    Returned unchanged."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise _type_error(name, "a number", value)
    if not isinstance(value, (int, np.integer)) and not np.isfinite(value):  # ints: any size
        raise ValueError(f"{name} must be finite, got {value}")
    _check_range(value, name, minimum, None)
    return value


def check_bool(value, name, allow_none=False):
    """A ``bool`` (or NumPy bool), returned as ``bool`` (or None when ``allow_none``); 0 and 1
    are refused."""
    if value is None and allow_none:
        return None
    if not isinstance(value, (bool, np.bool_)):
        raise _type_error(name, "a bool", value, allow_none)
    return bool(value)


def check_str(value, name):
    """A ``str``, returned unchanged."""
    if not isinstance(value, str):
        raise _type_error(name, "a string", value)
    return value


def check_choice(value, name, choices):
    """A ``str`` among ``choices``."""
    if check_str(value, name) not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
    return value


def check_instance(value, name, cls, description, allow_none=False):
    """An instance of ``cls`` (or None when ``allow_none``); ``description`` names it in the
    error, e.g. ``"a tf.distribute.Strategy"``."""
    if not (isinstance(value, cls) or (value is None and allow_none)):
        raise _type_error(name, description, value, allow_none)
    return value


def check_generator(rng, name="rng", allow_none=False):
    """A ``numpy.random.Generator`` (or None when ``allow_none``)."""
    return check_instance(rng, name, np.random.Generator, "a numpy.random.Generator", allow_none)


#: The dtypes :func:`check_array` accepts: a test of ``array.dtype`` and the error's wording.
_ARRAY_KINDS = {
    "numeric": (lambda dtype: dtype.kind in "biuf", "be a numeric array"),
    "integer": (lambda dtype: dtype.kind in "iu", "hold integers"),
    "float": (lambda dtype: dtype in (np.float32, np.float64), "be a float32 or float64 array"),
    "bool": (lambda dtype: dtype == np.bool_, "be a boolean array"),
}


def check_array(value, name, kind="numeric", dims=None, dtype=None):
    """``np.asarray(value)``, of dtype ``kind`` (``"numeric"``: bool, int or float;
    ``"integer"``; ``"float"``: float32 or float64; ``"bool"``: bool only) and, with
    ``dims`` (the names of the axes, e.g. ``("batch", "n_steps", "n_inputs")``), of
    ``len(dims)`` dimensions.

    A wrong dtype is a TypeError; a wrong number of dimensions a ValueError. Returns the
    array, converted to ``dtype`` if given.
    """
    array = np.asarray(value)
    accepts, wording = _ARRAY_KINDS[kind]
    if not accepts(array.dtype):
        raise TypeError(f"{name} must {wording}, got dtype {array.dtype}")
    if dims is not None and array.ndim != len(dims):
        raise ValueError(
            f"{name} must be {len(dims)}-D ({', '.join(dims)}), got shape {array.shape}"
        )
    return array if dtype is None else array.astype(dtype)


def check_array_pairs(actual, expected):
    """Two arrays, or two equal-length tuples/lists of arrays, as a list of ``(name, actual,
    expected)`` numeric arrays of matching shapes (names such as ``actual[1]`` for errors)."""
    if isinstance(actual, (tuple, list)) and isinstance(expected, (tuple, list)):
        if not actual and not expected:
            raise ValueError("nothing to compare: actual and expected are empty sequences")
        if len(actual) != len(expected):
            raise ValueError(f"actual has {len(actual)} arrays, expected has {len(expected)}")
        names = [f"[{i}]" for i in range(len(actual))]
    else:
        actual, expected, names = [actual], [expected], [""]
    pairs = []
    for name, a, e in zip(names, actual, expected):
        a, e = check_array(a, f"actual{name}"), check_array(e, f"expected{name}")
        if a.shape != e.shape:
            raise ValueError(f"shapes differ: actual{name} {a.shape}, expected{name} {e.shape}")
        pairs.append((a, e))
    return pairs


# --- Shapes of the recurrent layers' arrays (reference.py and legacy.py check the same) ---

def check_lengths(sequence_length, batch_size, n_steps):
    """One integer length per instance, each in [0, n_steps] (``sequence_length``, chapter 4)."""
    lengths = check_array(sequence_length, "sequence_length", kind="integer")
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


def check_gate_kernels(kernel, recurrent_kernel, n_gates, gates, n_inputs=None):
    """Validate Keras' ``kernel`` (n_inputs, n_gates * units) and ``recurrent_kernel``
    (units, n_gates * units); return them in float64 and ``units``."""
    kernel = check_array(kernel, "kernel", dtype=np.float64)
    recurrent_kernel = check_array(recurrent_kernel, "recurrent_kernel", dtype=np.float64)
    if kernel.ndim != 2 or (n_inputs is not None and kernel.shape[0] != n_inputs):
        rows = "n_inputs" if n_inputs is None else f"n_inputs={n_inputs}"
        raise ValueError(f"kernel must have shape ({rows}, {n_gates} * units), got {kernel.shape}")
    width = kernel.shape[1]
    if width == 0 or width % n_gates:
        raise ValueError(
            f"kernel width must be a positive multiple of {n_gates} (one block of units per "
            f"gate, in the order {gates}), got {width}"
        )
    units = width // n_gates
    if recurrent_kernel.shape != (units, width):
        raise ValueError(
            f"recurrent_kernel must have shape {(units, width)} to match kernel "
            f"{kernel.shape}, got {recurrent_kernel.shape}"
        )
    return kernel, recurrent_kernel, units


def check_lstm_bias(bias, units):
    """Keras' LSTM ``bias``, (4 * units,) in the order i, f, c, o (chapter 8)."""
    bias = check_array(bias, "bias", dtype=np.float64)
    if bias.shape != (4 * units,):
        raise ValueError(f"bias must have shape {(4 * units,)} (i, f, c, o), got {bias.shape}")
    return bias


def check_gru_bias(bias, units, reset_after):
    """Keras' GRU ``bias``: (2, 3 * units) with ``reset_after``, else (3 * units,) (chapter 8)."""
    bias = check_array(bias, "bias", dtype=np.float64)
    shapes = {True: (2, 3 * units), False: (3 * units,)}
    if bias.shape != shapes[reset_after]:
        what = "input and recurrent biases" if reset_after else "one bias"
        hint = ""
        if bias.shape == shapes[not reset_after]:
            hint = f"; that shape is the bias of reset_after={not reset_after}"
        raise ValueError(
            f"bias must have shape {shapes[reset_after]} when reset_after={reset_after} "
            f"({what}), got {bias.shape}{hint}"
        )
    return bias
