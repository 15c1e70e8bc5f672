"""Process set-up done once, when :mod:`rnnbook` is imported."""

import os
import sys
import warnings

#: Environment variables set (unless already set) before TensorFlow is imported.
ENVIRONMENT = {
    # The original RNN cells (BasicRNNCell, static_rnn, dynamic_rnn) need Keras 2.
    "TF_USE_LEGACY_KERAS": "1",
    # Hide TensorFlow's C++ INFO and WARNING messages once logging is initialised.
    "TF_CPP_MIN_LOG_LEVEL": "3",
}


def _import_tensorflow_quietly():
    """Import TensorFlow with file descriptor 2 sent to /dev/null.

    Some C++ messages are written before TensorFlow reads ``TF_CPP_MIN_LOG_LEVEL``
    (oneDNN and CUDA notices); Jupyter copies them into notebook outputs.
    Python exceptions raised by the import are not affected.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow as tf
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
    return tf


def configure():
    """Set the environment, import TensorFlow quietly and return the module.

    Chapter 1 (RNN básica) explains why ``import rnnbook`` comes first.
    """
    already_imported = "tensorflow" in sys.modules
    legacy_before = os.environ.get("TF_USE_LEGACY_KERAS")
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    tf = _import_tensorflow_quietly()
    if already_imported:
        problem = "its C++ start-up logs could not be silenced"
        if legacy_before != "1" and not tf.keras.__name__.startswith("tf_keras"):
            problem += (
                ", and tf.keras is already Keras 3, so the legacy RNN cells "
                "(BasicRNNCell, static_rnn, dynamic_rnn) will fail"
            )
        warnings.warn(
            f"TensorFlow was imported before rnnbook: {problem}. Fix: restart the kernel "
            "and run `import rnnbook` before `import tensorflow`.",
            RuntimeWarning,
            stacklevel=3,
        )
    # Python-side messages such as "Instructions for updating: ..." from deprecated APIs.
    tf.get_logger().setLevel("ERROR")
    return tf
