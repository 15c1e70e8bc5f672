"""Data used by the chapters."""

import numpy as np

#: Lengths of the source's four instances in the variable-length example.
SEQ_LENGTH_BATCH = np.array([2, 1, 2, 2], dtype=np.int32)


def source_batch():
    """The source notebook's mini-batch: 4 instances, 2 time steps, 3 inputs.

    Returns a float32 array of shape (4, 2, 3); ``X[:, 0]`` is the source's
    ``X0_batch`` (t = 0) and ``X[:, 1]`` its ``X1_batch`` (t = 1).
    """
    X0_batch = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 0, 1]]  # t = 0
    X1_batch = [[9, 8, 7], [0, 0, 0], [6, 5, 4], [3, 2, 1]]  # t = 1
    return np.stack([X0_batch, X1_batch], axis=1).astype(np.float32)
