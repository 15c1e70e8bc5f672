"""Helpers for the course *Redes Neurais Recorrentes*.

Import this package before TensorFlow: it switches ``tf.keras`` to the legacy
Keras 2 (``tf-keras``) so that the original ``tf.compat.v1`` RNN cells work beside
Keras 3 (``import keras``), and it keeps TensorFlow's C++ start-up logs out of
notebook outputs.
"""

from rnnbook._environment import configure as _configure

_configure()

from rnnbook.repro import glue_figure, seed_everything  # noqa: E402

__all__ = ["glue_figure", "seed_everything"]
__version__ = "0.1.0"
