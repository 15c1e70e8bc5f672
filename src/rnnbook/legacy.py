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
