"""Text, one character at a time: the novel's split, the vocabulary and the n-gram models.

Chapter 10 (Modelos de linguagem) explains every function here; ``bench/char_lm.py`` reuses
them for the longer runs the chapter cites.
"""

import re
from collections.abc import Callable

import numpy as np

from rnnbook._checks import (
    check_array, check_bool, check_generator, check_instance, check_int, check_number,
    check_str,
)

#: A chapter heading of the novel, alone on its line ("CAPÍTULO PRIMEIRO", "CAPÍTULO II", ...).
HEADING = re.compile(r"^CAPÍTULO [A-Z]+$", flags=re.MULTILINE)

#: The character that stands for every character the vocabulary does not hold (id 0).
UNKNOWN = "\ufffd"


def split_by_chapters(text, fractions=(0.8, 0.1)):
    """Cut the novel at chapter headings into training, validation and test texts.

    The front matter before the first heading is dropped. The first cut is the chapter heading
    nearest ``fractions[0]`` of the novel's characters, the second the one nearest
    ``fractions[0] + fractions[1]``; the test text is the rest, so the last chapters are seen
    last. Returns ``(train, valid, test, chapters)``, three strings and the number of chapters
    in each.

    Chapter 10 (Modelos de linguagem) explains it.
    """
    text = check_str(text, "text")
    check_instance(fractions, "fractions", (tuple, list), "a tuple of two fractions")
    if len(fractions) != 2:
        raise ValueError(f"fractions must hold two fractions (train, valid), got {fractions!r}")
    train_fraction = check_number(fractions[0], "fractions[0]", minimum=0.0)
    valid_fraction = check_number(fractions[1], "fractions[1]", minimum=0.0)
    if not (0 < train_fraction and 0 < valid_fraction and train_fraction + valid_fraction < 1):
        raise ValueError(
            f"fractions must be positive and add up to less than 1, got {tuple(fractions)}"
        )
    starts = [match.start() for match in HEADING.finditer(text)]
    if len(starts) < 3:
        raise ValueError(f"text must have at least 3 chapter headings, got {len(starts)}")
    begin = starts[0]
    size = len(text) - begin

    def nearest(fraction):
        return min(range(1, len(starts)), key=lambda i: abs(starts[i] - begin - fraction * size))

    first = nearest(train_fraction)
    second = nearest(train_fraction + valid_fraction)
    if not first < second < len(starts):
        raise ValueError(f"fractions {tuple(fractions)} leave a split without a chapter")
    cuts = [begin, starts[first], starts[second], len(text)]
    parts = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    return (*parts, (first, second - first, len(starts) - second))


def make_vocabulary(text):
    """The characters of ``text``, sorted, after :data:`UNKNOWN` (id 0), as one string.

    Chapter 10 (Modelos de linguagem) explains it.
    """
    text = check_str(text, "text")
    return UNKNOWN + "".join(sorted(set(text) - {UNKNOWN}))


def encode(text, vocabulary):
    """The ids of the characters of ``text`` in ``vocabulary`` (int32); a character the
    vocabulary lacks gets id 0, :data:`UNKNOWN`.

    Chapter 10 (Modelos de linguagem) explains it.
    """
    text, vocabulary = check_str(text, "text"), check_str(vocabulary, "vocabulary")
    if not vocabulary.startswith(UNKNOWN) or len(set(vocabulary)) != len(vocabulary):
        raise ValueError(
            "vocabulary must start with UNKNOWN and hold each character once "
            "(use make_vocabulary)"
        )
    table = np.zeros(max(map(ord, vocabulary + text), default=0) + 1, dtype=np.int32)
    table[[ord(c) for c in vocabulary]] = np.arange(len(vocabulary), dtype=np.int32)
    return table[np.fromiter(map(ord, text), dtype=np.int64, count=len(text))]


def decode(ids, vocabulary):
    """The text of the character ids ``ids`` (the inverse of :func:`encode`).

    Chapter 10 (Modelos de linguagem) explains it.
    """
    vocabulary = check_str(vocabulary, "vocabulary")
    ids = check_array(ids, "ids", kind="integer")
    if ids.size and (ids.min() < 0 or ids.max() >= len(vocabulary)):
        raise ValueError(f"ids must be between 0 and {len(vocabulary) - 1}")
    return "".join(vocabulary[i] for i in ids.ravel())


class NGramModel:
    """Character n-gram models of every order up to ``order``, with interpolated Kneser–Ney
    smoothing (Chen & Goodman 1999), counted on the ids ``ids`` of a vocabulary of
    ``vocab_size`` characters.

    For order ``n`` and one discount ``D`` in (0, 1], the probability of the character ``w``
    after the context ``u`` (its last ``n - 1`` characters) is

        P_n(w | u) = max(a(u w) - D, 0) / A(u) + D T(u) / A(u) * P_{n-1}(w | u'),

    where ``u'`` drops the first character of ``u``; ``a`` is the count of the n-gram at the
    top order and its continuation count (the number of different characters seen before it)
    below; ``A(u)`` sums ``a(u w)`` over ``w`` and ``T(u)`` counts the ``w`` with ``a(u w) > 0``.
    A context never seen (``A(u) = 0``) falls back to ``P_{n-1}``, and below the unigram is the
    uniform distribution ``1 / vocab_size``, so every character has a probability and they add
    up to 1 for every context. Order 1 with ``D`` is the unigram.

    Chapter 10 (Modelos de linguagem) explains it.
    """

    def __init__(self, ids, order, vocab_size):
        self.order = check_int(order, "order", minimum=1)
        self.vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
        if vocab_size ** (order + 1) >= 2**63:
            raise ValueError(
                f"order={order} is too high for vocab_size={vocab_size}: the keys of "
                f"{order + 1} characters would not fit in 64 bits"
            )
        ids = check_array(ids, "ids", kind="integer", dims=("n_characters",)).astype(np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
            raise ValueError(f"ids must be between 0 and vocab_size - 1 = {vocab_size - 1}")
        if len(ids) < order:
            raise ValueError(f"ids must hold at least order={order} characters, got {len(ids)}")
        V = self.vocab_size
        grams = [None] + [self._keys(ids, k) for k in range(1, order + 2) if k <= len(ids)]
        # self._tables[k][top] = (keys, counts, context keys, context sums, context types)
        self._tables = [None]
        for k in range(1, order + 1):
            raw_keys, raw_counts = np.unique(grams[k], return_counts=True)
            tables = {True: self._contexts(raw_keys, raw_counts)}
            if k < order:
                # continuation count: the different characters seen before the k-gram
                longer = np.unique(grams[k + 1]) if k + 1 < len(grams) else np.array([], np.int64)
                cont_keys, cont_counts = np.unique(longer % V**k, return_counts=True)
                tables[False] = self._contexts(cont_keys, cont_counts)
            self._tables.append(tables)

    def _keys(self, ids, k):
        """The key of every k-gram of ``ids`` (its characters as digits in base vocab_size)."""
        keys = np.zeros(len(ids) - k + 1, dtype=np.int64)
        for j in range(k):
            keys = keys * self.vocab_size + ids[j:len(ids) - k + 1 + j]
        return keys

    def _contexts(self, keys, counts):
        contexts = keys // self.vocab_size
        context_keys, first, types = np.unique(contexts, return_index=True, return_counts=True)
        sums = np.add.reduceat(counts, first) if len(counts) else counts
        return keys, counts, context_keys, sums, types

    @staticmethod
    def _lookup(keys, values, queries):
        position = np.minimum(np.searchsorted(keys, queries), max(len(keys) - 1, 0))
        found = keys[position] == queries if len(keys) else np.zeros(len(queries), bool)
        return np.where(found, values[position] if len(keys) else 0, 0)

    def _probabilities(self, history, targets, n, discount):
        """P_n(target | the last n - 1 characters of each history row); history (m, n - 1) of
        ids with -1 where the text had not started."""
        V = self.vocab_size
        p = np.full(len(targets), 1.0 / V)
        for k in range(1, n + 1):
            context = history[:, history.shape[1] - (k - 1):] if k > 1 else history[:, :0]
            known = (context >= 0).all(axis=1)
            context_key = np.zeros(len(targets), dtype=np.int64)
            for j in range(k - 1):
                context_key = context_key * V + np.maximum(context[:, j], 0)
            keys, counts, context_keys, sums, types = self._tables[k][k == n]
            a = self._lookup(keys, counts, context_key * V + targets)
            total = self._lookup(context_keys, sums, context_key)
            n_types = self._lookup(context_keys, types, context_key)
            seen = known & (total > 0)
            safe = np.where(seen, total, 1)
            smoothed = (np.maximum(a - discount, 0) + discount * n_types * p) / safe
            p = np.where(seen, smoothed, p)
        return p

    def _check(self, n, discount):
        n = check_int(n, "n", minimum=1, maximum=self.order)
        discount = check_number(discount, "discount", minimum=0.0)
        if not 0 < discount <= 1:
            raise ValueError(f"discount must be in (0, 1], got {discount}")
        return n, discount

    def log2_probabilities(self, ids, n, discount):
        """log2 P_n of every character of ``ids`` given the ones before it in ``ids`` (the first
        characters see a shorter context). Minus their mean is the bits per character.

        Chapter 10 (Modelos de linguagem) explains it.
        """
        n, discount = self._check(n, discount)
        ids = check_array(ids, "ids", kind="integer", dims=("n_characters",)).astype(np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= self.vocab_size):
            raise ValueError(f"ids must be between 0 and vocab_size - 1 = {self.vocab_size - 1}")
        padded = np.concatenate([np.full(n - 1, -1, np.int64), ids])
        history = np.stack([padded[j:j + len(ids)] for j in range(n - 1)], axis=1) if n > 1 \
            else np.zeros((len(ids), 0), np.int64)
        return np.log2(self._probabilities(history, ids, n, discount))

    def distribution(self, context, n, discount):
        """P_n of every character of the vocabulary after the ids ``context`` (float64 array of
        ``vocab_size`` probabilities that add up to 1).

        Chapter 10 (Modelos de linguagem) explains it.
        """
        n, discount = self._check(n, discount)
        context = check_array(context, "context", kind="integer", dims=("n_characters",))
        context = context.astype(np.int64)[max(len(context) - (n - 1), 0):] if n > 1 \
            else context[:0].astype(np.int64)
        if context.size and (context.min() < 0 or context.max() >= self.vocab_size):
            raise ValueError(f"context ids must be between 0 and {self.vocab_size - 1}")
        history = np.concatenate([np.full(n - 1 - len(context), -1, np.int64), context])
        targets = np.arange(self.vocab_size, dtype=np.int64)
        return self._probabilities(np.tile(history, (self.vocab_size, 1)), targets, n, discount)


# --- The character-level RNN (chapter 10) -------------------------------------------------------

def build_char_rnn(vocab_size, units=256, embedding_dim=32, batch_shape=(None, None),
                   stateful=False):
    """``Embedding`` + ``GRU`` + ``Dense``: the logits of the next character at every step.
    ``batch_shape`` is the input's (batch, steps); a stateful model needs a fixed batch size.

    Chapter 10 (Modelos de linguagem) explains it; ``bench/char_lm.py`` trains it longer.
    """
    vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
    units = check_int(units, "units", minimum=1)
    embedding_dim = check_int(embedding_dim, "embedding_dim", minimum=1)
    check_instance(batch_shape, "batch_shape", (tuple, list), "a tuple (batch, steps)")
    if len(batch_shape) != 2:
        raise ValueError(f"batch_shape must be (batch, steps), got {tuple(batch_shape)}")
    for name, size in zip(("batch_shape[0]", "batch_shape[1]"), batch_shape):
        check_int(size, name, minimum=1, allow_none=True)
    if stateful and batch_shape[0] is None:
        raise ValueError("a stateful model needs a fixed batch size: batch_shape=(batch, steps)")
    import keras

    return keras.Sequential([
        keras.Input(batch_shape=tuple(batch_shape), dtype="int32"),
        keras.layers.Embedding(vocab_size, embedding_dim),
        keras.layers.GRU(units, return_sequences=True, stateful=check_bool(stateful, "stateful")),
        keras.layers.Dense(vocab_size),
    ])


def stream_batches(ids, batch_size, n_steps, offset=0):
    """The text cut into ``batch_size`` streams read in order: ``(X, Y)`` of shape
    (n_batches * batch_size, n_steps), where row ``i`` of every minilote continues row ``i`` of
    the previous one (what a stateful layer needs) and ``Y`` is ``X`` one character later. The
    first ``offset`` characters are skipped (a different cut each epoch).

    Chapter 10 (Modelos de linguagem) explains it.
    """
    ids = check_array(ids, "ids", kind="integer", dims=("n_characters",))
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    offset = check_int(offset, "offset", minimum=0)
    length = (len(ids) - 1 - offset) // (batch_size * n_steps) * n_steps  # per stream
    if length == 0:
        raise ValueError(
            f"ids must hold more than offset + batch_size * n_steps = "
            f"{offset + batch_size * n_steps} characters, got {len(ids)}"
        )

    def arrange(start):
        streams = ids[start:start + batch_size * length].reshape(batch_size, length)
        blocks = streams.reshape(batch_size, length // n_steps, n_steps)
        return blocks.transpose(1, 0, 2).reshape(-1, n_steps)

    return arrange(offset), arrange(offset + 1)


def streamed_log2_probabilities(model, ids, n_streams=16):
    """log2 of the probability ``model`` gives to each character of ``ids`` after the ones before
    it, the text read as ``n_streams`` streams in one batch (each carries its state from its
    first character); the last ``len(ids) - 1`` modulo ``n_streams`` characters are left out.

    Chapter 10 (Modelos de linguagem) explains it.
    """
    import keras

    check_instance(model, "model", keras.Model, "a keras.Model")
    ids = check_array(ids, "ids", kind="integer", dims=("n_characters",))
    n_streams = check_int(n_streams, "n_streams", minimum=1)
    length = (len(ids) - 1) // n_streams
    if length == 0:
        raise ValueError(f"ids must hold more than n_streams={n_streams} characters")
    X = ids[:n_streams * length].reshape(n_streams, length)
    Y = ids[1:n_streams * length + 1].reshape(n_streams, length)
    logits = np.asarray(model.predict(X, batch_size=n_streams, verbose=0), np.float64)
    logits -= logits.max(axis=-1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    return (np.take_along_axis(log_p, Y[..., None], axis=-1)[..., 0] / np.log(2)).ravel()


def train_char_rnn(model, train_ids, valid_ids, epochs, n_steps=100, batch_size=32, rng=None,
                   evaluate=None):
    """Train a compiled :func:`build_char_rnn` model for ``epochs`` epochs and keep the weights
    of the epoch with the lowest validation bits per character.

    A stateful model (``model.layers[1].stateful``) reads :func:`stream_batches` in order,
    with its state reset at the start of each epoch and ``shuffle=False``; a stateless one
    reads the same windows shuffled. Each epoch starts at a random offset below ``n_steps``
    drawn from ``rng``. ``evaluate(model)`` gives the validation bits per character (default:
    :func:`streamed_log2_probabilities` on a stateless copy). Returns a dict with the lists
    ``train_bpc`` and ``valid_bpc``, ``best_epoch`` (1-based) and ``seconds`` per epoch.

    Chapter 10 (Modelos de linguagem) explains it; ``bench/char_lm.py`` reuses it.
    """
    import time

    import keras

    check_instance(model, "model", keras.Model, "a keras.Model")
    train_ids = check_array(train_ids, "train_ids", kind="integer", dims=("n_characters",))
    valid_ids = check_array(valid_ids, "valid_ids", kind="integer", dims=("n_characters",))
    epochs = check_int(epochs, "epochs", minimum=1)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    rng = check_generator(rng, allow_none=True) or np.random.default_rng(0)
    check_instance(evaluate, "evaluate", Callable, "a function of the model", allow_none=True)
    if evaluate is None:
        layer = model.layers[1]
        reader = build_char_rnn(model.layers[-1].units, layer.units,
                                model.layers[0].output_dim)

        def evaluate(trained):
            reader.set_weights(trained.get_weights())
            return -streamed_log2_probabilities(reader, valid_ids).mean()

    stateful = model.layers[1].stateful
    history = {"train_bpc": [], "valid_bpc": [], "seconds": []}
    best = None
    for epoch in range(epochs):
        start = time.perf_counter()
        X, Y = stream_batches(train_ids, batch_size, n_steps, int(rng.integers(n_steps)))
        if stateful:
            model.layers[1].reset_state()
        else:
            order = rng.permutation(len(X))
            X, Y = X[order], Y[order]
        fit = model.fit(X, Y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
        history["seconds"].append(time.perf_counter() - start)
        history["train_bpc"].append(fit.history["loss"][0] / np.log(2))
        history["valid_bpc"].append(float(evaluate(model)))
        if best is None or history["valid_bpc"][-1] < min(history["valid_bpc"][:-1]):
            best = model.get_weights()
            history["best_epoch"] = epoch + 1
    model.set_weights(best)
    return history
