"""Reproducibility: one call seeds every random generator the course uses."""

import random

import numpy as np


def seed_everything(seed=42):
    """Seed Python, NumPy, TensorFlow and Keras, and make TensorFlow ops deterministic.

    Returns a NumPy ``Generator`` seeded with the same value, for code that prefers
    an explicit generator to the global state.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    import keras
    import tensorflow as tf

    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    return np.random.default_rng(seed)
