"""Encoder–decoder models of chapter 11: dates written in Portuguese rewritten in ISO form, one
character at a time, with and without attention."""

import datetime
from collections.abc import Callable

import numpy as np

from rnnbook._checks import (
    check_array, check_bool, check_generator, check_instance, check_int, check_number,
    check_str,
)
from rnnbook.data import (
    DATE_FORMS, DATE_RANGE, MONTH_ABBREVIATIONS_PT, MONTHS_PT, WEEKDAYS_PT, dates_pt,
)

#: Ids of the padding, of the start symbol the decoder reads first and of the end symbol it
#: writes last, in both vocabularies.
PAD, START, END = 0, 1, 2

#: What separates the dates of one input (``"3 mar. 1998; 04/11/2021"``) and of its target
#: (``"1998-03-03 2021-11-04"``).
INPUT_SEPARATOR, TARGET_SEPARATOR = "; ", " "

#: The decoder's symbols: padding, start (``<``), end (``>``), digits, hyphen and space.
TARGET_VOCABULARY = "\0<>0123456789- "

#: The encoder's: padding, start and end (unused: the ids line up with the decoder's), then
#: every character :func:`rnnbook.data.dates_pt` writes and the separator's.
SOURCE_VOCABULARY = "\0<>" + "".join(sorted(
    set("0123456789/.,º ;-") | set("".join(MONTHS_PT + MONTH_ABBREVIATIONS_PT + WEEKDAYS_PT))
    | set("de")
))


def _check_pairs(inputs, targets, targets_are="a list of strings"):
    check_instance(inputs, "inputs", list, "a list of strings")
    check_instance(targets, "targets", list, targets_are)
    if len(inputs) != len(targets):
        raise ValueError(
            f"inputs and targets must have the same length, got {len(inputs)} and "
            f"{len(targets)}"
        )


def _day_numbers(targets):
    first = datetime.date.fromisoformat(DATE_RANGE[0])
    return np.array([(datetime.date.fromisoformat(day) - first).days for day in targets])


def split_by_day(inputs, targets, fractions=(0.8, 0.1), seed=0):
    """Split dates into training, validation and test by **day**: the days of
    :data:`rnnbook.data.DATE_RANGE`, shuffled once with ``seed``, are cut by ``fractions``,
    and each date goes to the part its day is in. No day of the test appears in the training,
    in any form.

    Chapter 11 (Codificador–decodificador e atenção) explains it.

    Returns:
        Three ``(inputs, targets)`` pairs of lists, in the order of the dates given.
    """
    _check_pairs(inputs, targets, "a list of ISO dates")
    check_instance(fractions, "fractions", (tuple, list), "a tuple (train, validation)")
    if (len(fractions) != 2 or not all(check_number(f, "fractions") > 0 for f in fractions)
            or sum(fractions) >= 1):
        raise ValueError(
            f"fractions must be two positive numbers adding up to less than 1, "
            f"got {tuple(fractions)}"
        )
    seed = check_int(seed, "seed", minimum=0)
    try:
        days = _day_numbers(targets)
    except (TypeError, ValueError):
        raise ValueError("targets must be ISO dates (AAAA-MM-DD) in DATE_RANGE") from None
    n_days = _day_numbers([DATE_RANGE[1]])[0] + 1
    if len(days) and (days.min() < 0 or days.max() >= n_days):
        raise ValueError(f"targets must be dates from {DATE_RANGE[0]} to {DATE_RANGE[1]}")
    part = np.empty(n_days, int)
    cuts = np.round(np.cumsum(fractions) * n_days).astype(int)
    part[np.random.default_rng(seed).permutation(n_days)] = np.searchsorted(
        cuts, np.arange(n_days), side="right")
    where = part[days] if len(days) else days
    return [([x for x, p in zip(inputs, where) if p == k],
             [y for y, p in zip(targets, where) if p == k]) for k in range(3)]


def join_dates(inputs, targets, k):
    """Consecutive groups of ``k`` dates joined into one input (``"3 mar. 1998; 04/11/2021"``,
    :data:`INPUT_SEPARATOR`) and one target (``"1998-03-03 2021-11-04"``); a last group of
    fewer than ``k`` dates is left out.

    Chapter 11 (Codificador–decodificador e atenção) explains it.
    """
    _check_pairs(inputs, targets)
    k = check_int(k, "k", minimum=1)
    n = len(inputs) // k
    return ([INPUT_SEPARATOR.join(inputs[i * k:(i + 1) * k]) for i in range(n)],
            [TARGET_SEPARATOR.join(targets[i * k:(i + 1) * k]) for i in range(n)])


def date_form(date):
    """The name of the form (a key of :data:`rnnbook.data.DATE_FORMS`) one date is written in,
    e.g. ``"abreviada"`` for ``"3 mar. 1998"``.

    Chapter 11 (Codificador–decodificador e atenção) uses it for its table by form.
    """
    check_str(date, "date")
    if date.split(",")[0] in WEEKDAYS_PT:
        return "com dia da semana"
    if "/" in date:
        return "numérica" if date[2:3] == "/" and date[5:6] == "/" else "numérica curta"
    if " de " in date:
        return "por extenso"
    if date.split(" ")[1:2] and date.split(" ")[1] in MONTH_ABBREVIATIONS_PT:
        return "abreviada"
    raise ValueError(f"date is in none of the forms of DATE_FORMS: {date!r}")


def make_date_datasets(rng, k_max, sizes):
    """Training, validation and test sets of inputs of ``k`` dates, for k = 1 to ``k_max``.

    A pool of dates from :func:`rnnbook.data.dates_pt` (drawn with ``rng``, large enough for
    every set) is split by day with :func:`split_by_day`; each part is cut into groups of
    ``k`` consecutive dates with :func:`join_dates`. ``sizes`` is the number of inputs per
    ``k`` in each set, ``(train, validation, test)``.

    Chapter 11 (Codificador–decodificador e atenção) explains it; ``bench/translator.py``
    reuses it.

    Returns:
        ``{"treino": {k: (inputs, targets)}, "validação": {...}, "teste": {...}}``.
    """
    rng = check_generator(rng)
    k_max = check_int(k_max, "k_max", minimum=1)
    check_instance(sizes, "sizes", (tuple, list), "a tuple (train, validation, test)")
    if len(sizes) != 3:
        raise ValueError(f"sizes must be (train, validation, test), got {tuple(sizes)}")
    sizes = [check_int(size, "sizes", minimum=1) for size in sizes]
    fractions = (0.8, 0.1, 0.1)
    dates_per_k = k_max * (k_max + 1) // 2
    n_pool = int(1.1 * max(size * dates_per_k / f for size, f in zip(sizes, fractions)))
    parts = split_by_day(*dates_pt(n_pool, rng), fractions=fractions[:2])
    while any(len(part[0]) < size * dates_per_k for part, size in zip(parts, sizes)):
        n_pool *= 2  # a part fell short by chance (small sizes): draw a larger pool
        parts = split_by_day(*dates_pt(n_pool, rng), fractions=fractions[:2])
    datasets = {}
    for name, (inputs, targets), size in zip(("treino", "validação", "teste"), parts, sizes):
        sets, used = {}, 0
        for k in range(1, k_max + 1):
            end = used + size * k
            sets[k] = join_dates(inputs[used:end], targets[used:end], k)
            used = end
        datasets[name] = sets
    return datasets


def _ids(strings, vocabulary, name):
    check_instance(strings, name, (list, tuple), "a list of strings")
    index = {char: i for i, char in enumerate(vocabulary)}
    rows = []
    for string in strings:
        check_str(string, f"{name}[{len(rows)}]")
        unknown = sorted(set(string) - set(vocabulary[3:]))
        if unknown:
            raise ValueError(f"{name}[{len(rows)}] has characters outside the vocabulary: "
                             f"{''.join(unknown)!r}")
        rows.append([index[char] for char in string])
    return rows


def encode_sources(inputs):
    """The inputs as ids of :data:`SOURCE_VOCABULARY`, padded with :data:`PAD` (0) at the end:
    an int32 array of shape (n, longest input).

    Chapter 11 (Codificador–decodificador e atenção) explains it.
    """
    rows = _ids(inputs, SOURCE_VOCABULARY, "inputs")
    ids = np.zeros((len(rows), max(map(len, rows), default=0)), np.int32)
    for i, row in enumerate(rows):
        ids[i, :len(row)] = row
    return ids


def encode_targets(targets):
    """The decoder's inputs and targets for teacher forcing: for ``"1998"`` the inputs are
    ``<1998`` and the targets ``1998>`` (ids of :data:`TARGET_VOCABULARY`), both int32 of
    shape (n, longest target + 1), padded with :data:`PAD`.

    Chapter 11 (Codificador–decodificador e atenção) explains it.
    """
    rows = _ids(targets, TARGET_VOCABULARY, "targets")
    length = max(map(len, rows), default=0) + 1
    decoder_inputs = np.zeros((len(rows), length), np.int32)
    decoder_targets = np.zeros((len(rows), length), np.int32)
    for i, row in enumerate(rows):
        decoder_inputs[i, :len(row) + 1] = [START] + row
        decoder_targets[i, :len(row) + 1] = row + [END]
    return decoder_inputs, decoder_targets


def decode_targets(ids):
    """The strings the decoder wrote: each row of ids read up to its first :data:`END` (or to
    its end), padding and start symbols left out.

    Chapter 11 (Codificador–decodificador e atenção) explains it.
    """
    ids = check_array(ids, "ids", kind="integer", dims=("n", "steps"))
    if ids.size and (ids.min() < 0 or ids.max() >= len(TARGET_VOCABULARY)):
        raise ValueError(f"ids must be between 0 and {len(TARGET_VOCABULARY) - 1}")
    strings = []
    for row in ids:
        ends = np.flatnonzero(row == END)
        row = row[:ends[0]] if len(ends) else row
        strings.append("".join(TARGET_VOCABULARY[i] for i in row if i > END))
    return strings


def build_translator(attention, embedding_dim=32, encoder_units=64, decoder_units=128):
    """The encoder–decoder of chapter 11, a ``keras.Model`` with inputs ``[source ids,
    decoder input ids]`` and the logits of the next target symbol at every step.

    The encoder is an ``Embedding(mask_zero=True)`` and a ``Bidirectional(GRU(encoder_units,
    return_sequences=True, return_state=True))``; its two final states, concatenated, are the
    decoder's initial state. The decoder is an ``Embedding(mask_zero=True)`` and a
    ``GRU(decoder_units, return_sequences=True)``. With ``attention``, each decoder output
    asks the encoder's outputs through ``keras.layers.Attention`` (dot product, Luong et al.,
    2015) and is concatenated with the answer before the ``Dense`` output layer. Without
    it, the encoder's final state is the decoder's only message. The layers are named
    ``source_embedding``, ``encoder``, ``target_embedding``, ``decoder``, ``attention`` and
    ``output``.

    Chapter 11 (Codificador–decodificador e atenção) explains it.
    """
    attention = check_bool(attention, "attention")
    embedding_dim = check_int(embedding_dim, "embedding_dim", minimum=1)
    encoder_units = check_int(encoder_units, "encoder_units", minimum=1)
    decoder_units = check_int(decoder_units, "decoder_units", minimum=1)
    if decoder_units != 2 * encoder_units:
        raise ValueError(
            f"decoder_units must be 2 * encoder_units = {2 * encoder_units} (the two final "
            f"states of the encoder are its initial state), got {decoder_units}"
        )
    import keras

    layers = keras.layers
    source = keras.Input((None,), dtype="int32", name="source")
    decoder_input = keras.Input((None,), dtype="int32", name="decoder_input")
    embedded = layers.Embedding(len(SOURCE_VOCABULARY), embedding_dim, mask_zero=True,
                                name="source_embedding")(source)
    encoder_outputs, forward_state, backward_state = layers.Bidirectional(
        layers.GRU(encoder_units, return_sequences=True, return_state=True), name="encoder",
    )(embedded)
    state = layers.Concatenate(name="encoder_state")([forward_state, backward_state])
    targets = layers.Embedding(len(TARGET_VOCABULARY), embedding_dim, mask_zero=True,
                               name="target_embedding")(decoder_input)
    outputs = layers.GRU(decoder_units, return_sequences=True, name="decoder")(
        targets, initial_state=state)
    if attention:
        context = layers.Attention(name="attention")([outputs, encoder_outputs])
        outputs = layers.Concatenate(name="with_context")([outputs, context])
    logits = layers.Dense(len(TARGET_VOCABULARY), name="output")(outputs)
    name = "com_atencao" if attention else "sem_atencao"
    return keras.Model([source, decoder_input], logits, name=name)


def make_batches(inputs, targets, batch_size, rng):
    """Minilotes for teacher forcing, each ``((source ids, decoder inputs), decoder
    targets)``: the pairs shuffled with ``rng``, then sorted by input length in groups of 50
    minilotes, so that a minilote holds inputs of about the same length (little padding)
    and the lengths still vary from one minilote to the next. The order of the minilotes is
    shuffled too.

    Chapter 11 (Codificador–decodificador e atenção) explains it.
    """
    check_instance(inputs, "inputs", list, "a list of strings")
    check_instance(targets, "targets", list, "a list of strings")
    if len(inputs) != len(targets) or not inputs:
        raise ValueError(
            f"inputs and targets must be non-empty and of the same length, got "
            f"{len(inputs)} and {len(targets)}"
        )
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    rng = check_generator(rng)
    order = rng.permutation(len(inputs))
    group = 50 * batch_size
    batches = []
    for start in range(0, len(order), group):
        chunk = order[start:start + group]
        chunk = chunk[np.argsort([len(inputs[i]) for i in chunk], kind="stable")]
        for first in range(0, len(chunk), batch_size):
            rows = chunk[first:first + batch_size]
            decoder_inputs, decoder_targets = encode_targets([targets[i] for i in rows])
            batches.append(((encode_sources([inputs[i] for i in rows]), decoder_inputs),
                            decoder_targets))
    return [batches[i] for i in rng.permutation(len(batches))]


def exact_match(model, inputs, targets, batch_size=512):
    """For each pair, whether the greedy decoder writes the whole target right, end symbol
    included: one booleans array.

    It needs no decoding loop: the greedy decoder writes the target exactly when, reading the
    target itself (teacher forcing), the model's most probable symbol is the right one at
    every step. (By induction: while every symbol so far is right, the greedy decoder has
    read the same inputs as teacher forcing.) Chapter 11 (Codificador–decodificador e
    atenção) explains it and checks it against the decoding loop.
    """
    import keras

    check_instance(model, "model", keras.Model, "a keras.Model")
    _check_pairs(inputs, targets)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    right = []
    for start in range(0, len(inputs), batch_size):
        sources = encode_sources(inputs[start:start + batch_size])
        decoder_inputs, decoder_targets = encode_targets(targets[start:start + batch_size])
        logits = model.predict_on_batch([sources, decoder_inputs])
        predicted = np.asarray(logits).argmax(axis=-1)
        right.append(np.all((predicted == decoder_targets) | (decoder_targets == PAD), axis=1))
    return np.concatenate(right) if right else np.zeros(0, bool)


def train_translator(model, batches, epochs, evaluate):
    """Train a compiled :func:`build_translator` model on :func:`make_batches` minilotes for
    ``epochs`` epochs (the minilotes in a new order each epoch, drawn from a generator seeded
    by the epoch) and keep the weights of the epoch with the highest ``evaluate(model)``
    (e.g. the exact-match accuracy on validation; on a tie, the later epoch). Returns a dict with the lists ``loss``
    (mean training loss of the epoch), ``valid`` (what ``evaluate`` gave) and ``seconds``
    (training time of each epoch), and ``best_epoch`` (1-based).

    Chapter 11 (Codificador–decodificador e atenção) explains it; ``bench/translator.py``
    reuses it.
    """
    import time

    import keras

    check_instance(model, "model", keras.Model, "a keras.Model")
    check_instance(batches, "batches", list, "a list of minilotes from make_batches")
    if not batches:
        raise ValueError("batches must not be empty")
    epochs = check_int(epochs, "epochs", minimum=1)
    check_instance(evaluate, "evaluate", Callable, "a function of the model")
    history = {"loss": [], "valid": [], "seconds": []}
    best = None
    for epoch in range(epochs):
        start = time.perf_counter()
        losses = [float(model.train_on_batch(x, y))
                  for x, y in (batches[i] for i in
                               np.random.default_rng(epoch).permutation(len(batches)))]
        history["seconds"].append(time.perf_counter() - start)
        history["loss"].append(float(np.mean(losses)))
        history["valid"].append(float(evaluate(model)))
        if best is None or history["valid"][-1] >= max(history["valid"][:-1]):
            best = model.get_weights()
            history["best_epoch"] = epoch + 1
    model.set_weights(best)
    return history
