"""Run the original ``tf.compat.v1`` graph code without disabling eager execution."""

import contextlib
import gc
import statistics
import time
import warnings
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from rnnbook._checks import (
    check_array, check_bool, check_choice, check_gate_kernels, check_generator, check_gru_bias,
    check_instance, check_int, check_lengths, check_lstm_bias, check_number, check_seed,
)


@contextlib.contextmanager
def graph_session(seed=42):
    """Open a fresh ``tf.Graph`` and a ``Session`` on it, both made the defaults.

    Inside the ``with`` block the source's code runs unchanged: placeholders,
    variables, ``init.run()``, ``tensor.eval()``. The graph-level seed makes its
    random initialisers reproducible. Eager execution stays on everywhere else, so
    modern code in the same notebook is not affected. Deprecation warnings of the
    legacy APIs are silenced in the block (the chapters explain what replaces them).

    Yields the ``Session``; its graph is ``sess.graph``.

    Chapter 1 introduces it; every chapter runs the original code in it.
    """
    seed = check_seed(seed, allow_none=True)
    import tensorflow as tf

    graph = tf.Graph()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*(deprecated|will be removed)", category=UserWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        with graph.as_default():
            if seed is not None:
                tf.compat.v1.set_random_seed(seed)
            with tf.compat.v1.Session(graph=graph) as sess:
                yield sess


def _session(sess):
    import tensorflow as tf

    sess = sess or tf.compat.v1.get_default_session()
    if sess is None:
        raise ValueError("no session: pass sess= or call inside `with graph_session() as sess:`")
    return sess


def _cell_variables(cell):
    if not getattr(cell, "built", False) or len(cell.weights) != 2:
        raise ValueError("the cell has no weights yet: call it (static_rnn/dynamic_rnn) first")
    return cell.weights  # kernel, bias


def basic_rnn_weights(cell, sess=None):
    """Read ``(W_x, W_y, b)`` from a built ``BasicRNNCell``.

    The cell keeps one ``kernel`` of shape (n_inputs + n_neurons, n_neurons): ``W_x`` stacked
    on top of ``W_y``, applied to ``concat([X_t, Y_{t-1}])``.

    Chapter 2 (Desenrolamento estático) explains the stacked kernel.
    """
    kernel, bias = _session(sess).run(_cell_variables(cell))
    n_neurons = kernel.shape[1]
    return kernel[:-n_neurons], kernel[-n_neurons:], bias


def set_basic_rnn_weights(cell, W_x, W_y, b, sess=None):
    """Load ``(W_x, W_y, b)`` into a built ``BasicRNNCell`` (the inverse of ``basic_rnn_weights``).

    Chapter 2 (Desenrolamento estático) explains the stacked kernel.
    """
    import numpy as np

    kernel_var, bias_var = _cell_variables(cell)
    n_rows, n_neurons = kernel_var.shape
    W_x, W_y = check_array(W_x, "W_x"), check_array(W_y, "W_y")
    b = check_array(b, "b").reshape(-1)
    if W_y.shape != (n_neurons, n_neurons) or W_x.shape != (n_rows - n_neurons, n_neurons):
        raise ValueError(
            f"the cell needs W_x {(n_rows - n_neurons, n_neurons)} and W_y {(n_neurons, n_neurons)}, "
            f"got {W_x.shape} and {W_y.shape}"
        )
    if b.shape != (n_neurons,):
        raise ValueError(f"the cell needs b of {n_neurons} values, got shape {b.shape}")
    sess = _session(sess)
    kernel_var.load(np.concatenate([W_x, W_y]), sess)
    bias_var.load(b, sess)


def keras_lstm_to_legacy(kernel, recurrent_kernel, bias, forget_bias=1.0):
    """Turn the weights of a Keras 3 ``LSTM`` into ``(kernel, bias)`` for a legacy cell.

    Keras keeps ``kernel`` (n_inputs, 4n), ``recurrent_kernel`` (n, 4n) and ``bias`` (4n,)
    with the gates in the order i, f, c, o. ``LSTMCell``/``BasicLSTMCell`` keep one kernel
    (n_inputs + n, 4n) applied to ``concat([x_t, h])`` (the input rows on top) and a bias
    (4n,), both in the order i, j, f, o (j is Keras' candidate c), and add ``forget_bias``
    to f at run time. So the blocks are reordered and ``forget_bias`` is subtracted from
    the stored f bias: a cell built with the same ``forget_bias`` then computes exactly
    what the Keras layer computes. Load the result with :func:`set_legacy_weights`.

    Chapter 8 (Memória longa: LSTM e GRU) explains it.
    """
    from rnnbook.reference import LSTM_GATES

    forget_bias = check_number(forget_bias, "forget_bias")
    kernel, recurrent_kernel, units = check_gate_kernels(kernel, recurrent_kernel, 4, LSTM_GATES)
    bias = check_lstm_bias(bias, units)

    def reorder(array):  # Keras i, f, c, o -> legacy i, j (= c), f, o
        i, f, c, o = np.split(array, 4, axis=-1)
        return np.concatenate([i, c, f, o], axis=-1)

    legacy_bias = reorder(bias)
    legacy_bias[2 * units:3 * units] -= forget_bias
    return reorder(np.concatenate([kernel, recurrent_kernel])), legacy_bias


def keras_gru_to_legacy(kernel, recurrent_kernel, bias):
    """Turn the weights of a Keras 3 ``GRU(reset_after=False)`` into those of a legacy ``GRUCell``.

    Keras keeps ``kernel`` (n_inputs, 3n), ``recurrent_kernel`` (n, 3n) and ``bias`` (3n,)
    in the order z, r, h. ``GRUCell`` applies ``gates/kernel`` (n_inputs + n, 2n) to
    ``concat([x_t, h])`` for the gates in the order r, u, where u is Keras' z (both
    compute ``h_t = u * h + (1 - u) * candidate``), and ``candidate/kernel``
    (n_inputs + n, n) to ``concat([x_t, r * h])``: it resets before the matrix product,
    as Keras does with ``reset_after=False`` (Keras' default ``reset_after=True`` has no
    legacy equivalent). Returns ``(gates_kernel, gates_bias, candidate_kernel,
    candidate_bias)``, the order of ``GRUCell.weights``; load them with
    :func:`set_legacy_weights`.

    Chapter 8 (Memória longa: LSTM e GRU) explains it.
    """
    from rnnbook.reference import GRU_GATES

    kernel, recurrent_kernel, units = check_gate_kernels(kernel, recurrent_kernel, 3, GRU_GATES)
    bias = check_gru_bias(bias, units, reset_after=False)

    stacked = np.concatenate([kernel, recurrent_kernel])  # rows: x_t, then h
    z, r, h = np.split(stacked, 3, axis=1)
    b_z, b_r, b_h = np.split(bias, 3)
    return np.concatenate([r, z], axis=1), np.concatenate([b_r, b_z]), h, b_h


def set_legacy_weights(cell, arrays, sess=None):
    """Load ``arrays`` into the variables of a built legacy cell, in the order of ``cell.weights``.

    For ``LSTMCell``/``BasicLSTMCell`` that is ``(kernel, bias)``, for ``GRUCell``
    ``(gates/kernel, gates/bias, candidate/kernel, candidate/bias)``: the results of
    :func:`keras_lstm_to_legacy` and :func:`keras_gru_to_legacy`.

    Chapter 8 (Memória longa: LSTM e GRU) uses it.
    """
    variables = list(getattr(cell, "weights", []))
    if not getattr(cell, "built", False) or not variables:
        raise ValueError("the cell has no weights yet: call it (static_rnn/dynamic_rnn) first")
    names = [variable.name.split(":")[0] for variable in variables]  # e.g. rnn/lstm_cell/kernel
    arrays = list(arrays)
    if len(arrays) != len(variables):
        raise ValueError(
            f"the cell has {len(variables)} weights ({', '.join(names)}), got {len(arrays)} arrays"
        )
    arrays = [check_array(array, name) for name, array in zip(names, arrays)]
    for name, variable, array in zip(names, variables, arrays):
        expected = tuple(variable.shape)
        if array.shape != expected:
            raise ValueError(f"the cell needs {name} of shape {expected}, got {array.shape}")
    sess = _session(sess)
    for variable, array in zip(variables, arrays):
        variable.load(array, sess)


class RNNGraph(NamedTuple):
    """What :func:`rnn_graph` adds to the graph; chapters 2 to 4 explain each piece."""

    X: object  # placeholder (batch, n_steps, n_inputs)
    sequence_length: object  # placeholder (batch,), or None
    cell: object
    outputs: object  # (batch, n_steps, n_units), for both ways of unrolling
    state: object


UNROLLINGS = ("static", "dynamic")


def rnn_graph(cell, n_steps, n_inputs, unroll="dynamic", sequence_length=False, dtype="float32"):
    """Add the source's RNN graph to the default graph: placeholders, ``cell``, unrolling.

    The lines every chapter writes: a placeholder for the inputs (and, with
    ``sequence_length=True``, one for the lengths), then ``static_rnn`` over the unstacked
    steps (``unroll="static"``, chapter 2) or ``dynamic_rnn`` (``"dynamic"``, chapter 3).
    Call it inside :func:`graph_session`; feed ``X`` (and ``sequence_length``), run
    ``outputs`` and ``state``. Chapter 4 adds the lengths.
    """
    import tensorflow as tf

    n_steps = check_int(n_steps, "n_steps", minimum=1, allow_none=True)
    n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
    unroll = check_choice(unroll, "unroll", UNROLLINGS)
    sequence_length = check_bool(sequence_length, "sequence_length")
    dtype = check_choice(dtype, "dtype", ("float32", "float64"))
    if unroll == "static" and n_steps is None:
        raise ValueError("static unrolling needs n_steps (one copy of the cell per step)")
    X = tf.compat.v1.placeholder(dtype, [None, n_steps, n_inputs])
    lengths = tf.compat.v1.placeholder(tf.int32, [None]) if sequence_length else None
    if unroll == "static":
        outputs, state = tf.compat.v1.nn.static_rnn(
            cell, tf.unstack(X, axis=1), dtype=dtype, sequence_length=lengths)
        outputs = tf.stack(outputs, axis=1)
    else:
        outputs, state = tf.compat.v1.nn.dynamic_rnn(cell, X, dtype=dtype, sequence_length=lengths)
    return RNNGraph(X, lengths, cell, outputs, state)


def count_operations(graph):
    """``(operations, loop nodes)`` of a ``tf.Graph``: its operations, and the nodes of the
    functions in its library (the body and condition of ``dynamic_rnn``'s ``while`` loop).
    Chapter 3 counts static against dynamic unrolling with it."""
    import tensorflow as tf

    graph = check_instance(graph, "graph", tf.Graph, "a tf.Graph")
    definition = graph.as_graph_def()
    return len(definition.node), sum(len(f.node_def) for f in definition.library.function)


class UnrollingCost(NamedTuple):
    """What :func:`measure_unrolling` measures: the graph's size (:func:`count_operations`)
    and the median times, in seconds, of building it, of its first run and of one later run
    (chapter 3's table)."""

    operations: tuple
    build: float
    first_run: float
    run: float


def _measure_once(unroll, n_steps, n_neurons, X_value, n_runs):
    import tensorflow as tf

    with graph_session(seed=42) as sess:
        start = time.perf_counter()
        cell = tf.compat.v1.nn.rnn_cell.BasicRNNCell(num_units=n_neurons)
        graph = rnn_graph(cell, n_steps, X_value.shape[2], unroll=unroll)
        init = tf.compat.v1.global_variables_initializer()
        build = time.perf_counter() - start
        operations = count_operations(sess.graph)
        init.run()
        start = time.perf_counter()
        sess.run(graph.outputs, feed_dict={graph.X: X_value})
        first_run = time.perf_counter() - start
        runs = []
        for _ in range(n_runs):
            start = time.perf_counter()
            sess.run(graph.outputs, feed_dict={graph.X: X_value})
            runs.append(time.perf_counter() - start)
    return operations, build, first_run, statistics.median(runs)


def measure_unrolling(unroll, n_steps, n_inputs=3, n_neurons=5, rng=None, repeats=3, n_runs=10,
                      batch_size=4):
    """Build the source's RNN graph (``BasicRNNCell``, :func:`rnn_graph`) ``repeats`` times
    with ``unroll="static"`` or ``"dynamic"`` and time it; return an :class:`UnrollingCost`.

    Each build is timed, then its first ``sess.run`` on a random minibatch of ``batch_size``
    instances and the median of ``n_runs`` later ones; the times returned are the medians over
    the builds. Python's garbage collector is off while a build is measured (as in ``timeit``).
    Raises ``RuntimeError`` if two builds differ in size. Chapter 3 and
    ``bench/unrolling.py`` measure with it.
    """
    unroll = check_choice(unroll, "unroll", UNROLLINGS)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    n_inputs = check_int(n_inputs, "n_inputs", minimum=1)
    n_neurons = check_int(n_neurons, "n_neurons", minimum=1)
    rng = check_generator(rng, allow_none=True) or np.random.default_rng(0)
    repeats = check_int(repeats, "repeats", minimum=1)
    n_runs = check_int(n_runs, "n_runs", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    results = []
    for _ in range(repeats):
        X_value = rng.normal(size=(batch_size, n_steps, n_inputs)).astype(np.float32)
        gc.collect()
        gc.disable()
        try:
            results.append(_measure_once(unroll, n_steps, n_neurons, X_value, n_runs))
        finally:
            gc.enable()
    if len({operations for operations, *_ in results}) != 1:
        raise RuntimeError("the same graph was built with different sizes")
    times = [statistics.median(r[i] for r in results) for i in (1, 2, 3)]
    return UnrollingCost(results[0][0], *times)


def run_dynamic_rnn(make_cell, X, weights=None, sequence_length=None, seed=42, unroll="dynamic"):
    """Run ``tf.compat.v1.nn.dynamic_rnn`` over ``X`` in a graph of its own; return NumPy arrays.

    The graph is the source's (:func:`rnn_graph`): a placeholder for ``X`` (and one for
    ``sequence_length``), the cell that ``make_cell()`` builds, ``dynamic_rnn`` (or
    ``static_rnn`` with ``unroll="static"``, its outputs stacked the same way). ``weights``
    (optional) are loaded with :func:`set_legacy_weights`, otherwise the cell keeps its
    random initial values.
    ``X``'s dtype (float32 or float64) is the graph's. Returns ``(outputs, state)`` as
    ``sess.run`` gives them (an ``LSTMStateTuple(c, h)`` for the LSTM cells). Chapters 3
    and 8 show the code it runs.
    """
    import tensorflow as tf

    check_instance(make_cell, "make_cell", Callable, "a function that builds a cell")
    X = check_array(X, "X", kind="float", dims=("batch", "n_steps", "n_inputs"))
    if sequence_length is not None:
        sequence_length = check_lengths(sequence_length, X.shape[0], X.shape[1])
    with graph_session(seed=seed) as sess:
        graph = rnn_graph(make_cell(), X.shape[1], X.shape[2], unroll=unroll,
                          sequence_length=sequence_length is not None, dtype=X.dtype.name)
        feed = {graph.X: X}
        if sequence_length is not None:
            feed[graph.sequence_length] = sequence_length
        if weights is None:
            sess.run(tf.compat.v1.global_variables_initializer())
        else:
            set_legacy_weights(graph.cell, weights)
        return sess.run([graph.outputs, graph.state], feed_dict=feed)
