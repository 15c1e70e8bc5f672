"""Random test cases shared by the property tests of the NumPy references."""


def random_lengths(rng, seed, batch, n_steps):
    """None (every fourth seed) or one length per instance, 0 and n_steps always among them."""
    if seed % 4 == 0:
        return None
    lengths = rng.integers(0, n_steps + 1, size=batch)
    lengths[0] = 0 if seed % 2 else n_steps
    if batch > 1:
        lengths[1] = n_steps if seed % 2 else 0
    return rng.permutation(lengths)
