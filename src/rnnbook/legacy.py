"""Run the original ``tf.compat.v1`` graph code without disabling eager execution."""

import contextlib
import warnings


@contextlib.contextmanager
def graph_session(seed=42):
    """Open a fresh ``tf.Graph`` and a ``Session`` on it, both made the defaults.

    Inside the ``with`` block the source's code runs unchanged: placeholders,
    variables, ``init.run()``, ``tensor.eval()``. The graph-level seed makes its
    random initialisers reproducible. Eager execution stays on everywhere else, so
    modern code in the same notebook is not affected. Deprecation warnings of the
    legacy APIs are silenced in the block (the chapters explain what replaces them).

    Yields the ``Session``; its graph is ``sess.graph``.
    """
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int or None, got {type(seed).__name__}")
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
    """
    kernel, bias = _session(sess).run(_cell_variables(cell))
    n_neurons = kernel.shape[1]
    return kernel[:-n_neurons], kernel[-n_neurons:], bias


def set_basic_rnn_weights(cell, W_x, W_y, b, sess=None):
    """Load ``(W_x, W_y, b)`` into a built ``BasicRNNCell`` (the inverse of ``basic_rnn_weights``)."""
    import numpy as np

    kernel_var, bias_var = _cell_variables(cell)
    n_rows, n_neurons = kernel_var.shape
    W_x, W_y, b = np.asarray(W_x), np.asarray(W_y), np.asarray(b).reshape(-1)
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
