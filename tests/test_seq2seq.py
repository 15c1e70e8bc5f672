"""rnnbook.seq2seq (chapter 11): the split by day, the datasets of k dates, the
encodings, the encoder–decoder, the minilotes, the exact match (against a greedy
decoding loop) and the training loop that keeps the best epoch. Tiny models only: no
real training."""

import datetime
from collections import Counter

import rnnbook  # noqa: F401  (before Keras)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnbook import data, seq2seq  # noqa: E402

N_TARGET = len(seq2seq.TARGET_VOCABULARY)
LOSS = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def tiny(attention, embedding_dim=4, encoder_units=2):
    keras.utils.set_random_seed(0)
    return seq2seq.build_translator(attention, embedding_dim, encoder_units,
                                    2 * encoder_units)


@pytest.fixture(scope="module")
def built():
    return {attention: tiny(attention, 8, 4) for attention in (False, True)}


@pytest.fixture
def translator(built):
    """``translator(attention)``: a tiny model shared by the tests (its predict function
    traced once), whose weights are restored after each test."""
    saved = {attention: model.get_weights() for attention, model in built.items()}
    yield built.__getitem__
    for attention, model in built.items():
        model.set_weights(saved[attention])


def indexed(n, seed=0):
    """``n`` ISO dates and, as inputs, their positions: the pairs and order show."""
    _, targets = data.dates_pt(n, np.random.default_rng(seed))
    return [str(i) for i in range(n)], targets


# --- split_by_day and join_dates ------------------------------------------------------

def test_split_by_day_cuts_by_day_keeps_the_pairs_and_the_fractions():
    inputs, targets = indexed(20_000)
    parts = seq2seq.split_by_day(inputs, targets, fractions=(0.7, 0.2), seed=3)
    days = [set(part_targets) for _, part_targets in parts]
    assert not days[0] & days[1] and not days[0] & days[2] and not days[1] & days[2]
    positions = [int(x) for part_inputs, _ in parts for x in part_inputs]
    assert sorted(positions) == list(range(len(inputs)))  # each date in one part
    for (part_inputs, part_targets), fraction in zip(parts, (0.7, 0.2, 0.1)):
        assert len(part_inputs) == len(part_targets)
        assert [targets[int(x)] for x in part_inputs] == part_targets  # still paired
        assert [int(x) for x in part_inputs] == sorted(int(x) for x in part_inputs)
        assert abs(len(part_inputs) / len(inputs) - fraction) < 0.02


def test_split_by_day_depends_on_the_seed_only():
    inputs, targets = indexed(2_000)
    first = seq2seq.split_by_day(inputs, targets, seed=5)
    assert seq2seq.split_by_day(inputs, targets, seed=5) == first
    assert seq2seq.split_by_day(list(inputs), list(targets), seed=6) != first


def test_split_by_day_of_a_day_depends_not_on_the_other_dates():
    inputs, targets = indexed(3_000)
    whole = seq2seq.split_by_day(inputs, targets, seed=1)
    half = seq2seq.split_by_day(inputs[::2], targets[::2], seed=1)
    for (whole_inputs, _), (half_inputs, _) in zip(whole, half):
        assert half_inputs == [x for x in whole_inputs if int(x) % 2 == 0]


def test_join_dates_groups_k_and_drops_the_rest():
    inputs = ["3/3/1998", "1º mar. 2000", "04/11/2021", "5 de maio de 1950",
              "7/7/1907"]
    targets = ["1998-03-03", "2000-03-01", "2021-11-04", "1950-05-05", "1907-07-07"]
    joined = seq2seq.join_dates(inputs, targets, 2)
    assert joined == (["3/3/1998; 1º mar. 2000", "04/11/2021; 5 de maio de 1950"],
                      ["1998-03-03 2000-03-01", "2021-11-04 1950-05-05"])
    assert seq2seq.join_dates(inputs, targets, 1) == (inputs, targets)
    assert seq2seq.join_dates(inputs, targets, 6) == ([], [])
    three = seq2seq.join_dates(inputs, targets, 3)
    assert three == (["; ".join(inputs[:3])], [" ".join(targets[:3])])


# --- date_form ----------------------------------------------------------------------

@pytest.mark.parametrize("form", list(data.DATE_FORMS))
def test_date_form_finds_the_form_dates_pt_wrote(form):
    inputs, targets = data.dates_pt(2_000, np.random.default_rng(1), forms=[form])
    found = [seq2seq.date_form(x) for x in inputs]
    expected = [form] * len(inputs)
    if form == "numérica curta":  # 10/10/1998 is written the same in both forms
        expected = ["numérica" if int(t[8:]) >= 10 and int(t[5:7]) >= 10 else form
                    for t in targets]
        assert 0 < expected.count("numérica") < len(inputs)
    assert found == expected


@pytest.mark.parametrize("text", ["1998-03-03", "olá mundo", "", "3 março 1998"])
def test_date_form_refuses_what_is_no_date(text):
    with pytest.raises(ValueError, match="^date is in none of the forms of DATE_FORMS"):
        seq2seq.date_form(text)


# --- make_date_datasets -------------------------------------------------------------

def _dates_of(joined):
    return joined.split(seq2seq.TARGET_SEPARATOR)


@pytest.mark.parametrize("seed", range(8))
def test_make_date_datasets_sizes_days_and_pairs(seed):
    k_max, sizes = 3, (20, 5, 5)
    datasets = seq2seq.make_date_datasets(np.random.default_rng(seed), k_max, sizes)
    assert list(datasets) == ["treino", "validação", "teste"]
    days = {}
    for (name, sets), size in zip(datasets.items(), sizes):
        assert list(sets) == list(range(1, k_max + 1))
        days[name] = set()
        for k, (inputs, targets) in sets.items():
            assert len(inputs) == len(targets) == size, (name, k)
            for x, y in zip(inputs, targets):
                parts, isos = x.split(seq2seq.INPUT_SEPARATOR), _dates_of(y)
                assert x.count("; ") == k - 1 and len(parts) == len(isos) == k
                for part, iso in zip(parts, isos):
                    day = datetime.date.fromisoformat(iso)
                    assert iso == day.isoformat()
                    assert data.DATE_FORMS[seq2seq.date_form(part)](day) == part
                days[name] |= set(isos)
    assert not days["treino"] & (days["validação"] | days["teste"])
    assert not days["validação"] & days["teste"]


def test_make_date_datasets_is_reproducible():
    def make(seed):
        return seq2seq.make_date_datasets(np.random.default_rng(seed), 2, (10, 3, 3))

    assert make(4) == make(4) and make(4) != make(5)


# --- encode_sources, encode_targets, decode_targets ---------------------------------

def test_encode_sources_pads_with_zeros_at_the_end():
    inputs = ["3/3/1998", "terça-feira, 1º de março de 1998", ""]
    ids = seq2seq.encode_sources(inputs)
    assert ids.dtype == np.int32 and ids.shape == (3, len(inputs[1]))
    for row, x in zip(ids, inputs):
        assert "".join(seq2seq.SOURCE_VOCABULARY[i] for i in row[:len(x)]) == x
        assert (row[:len(x)] > seq2seq.END).all()
        assert (row[len(x):] == seq2seq.PAD).all()
    assert seq2seq.encode_sources([]).shape == (0, 0)


def test_encode_targets_for_teacher_forcing():
    decoder_inputs, decoder_targets = seq2seq.encode_targets(["1998", "2021-11-04"])
    assert decoder_inputs.dtype == decoder_targets.dtype == np.int32
    assert decoder_inputs.shape == decoder_targets.shape == (2, 11)
    one, nine, eight = (seq2seq.TARGET_VOCABULARY.index(c) for c in "198")
    start, end = seq2seq.START, seq2seq.END
    assert decoder_inputs[0].tolist() == [start, one, nine, nine, eight] + [0] * 6
    assert decoder_targets[0].tolist() == [one, nine, nine, eight, end] + [0] * 6
    assert (decoder_inputs[:, 0] == start).all()
    assert decoder_targets[1, -1] == end and (decoder_targets[1, :-1] > end).all()
    assert (decoder_inputs[:, 1:] == np.where(decoder_targets[:, :-1] == end, 0,
                                              decoder_targets[:, :-1])).all()


def test_decode_targets_undoes_encode_targets():
    inputs, targets = data.dates_pt(60, np.random.default_rng(2))
    for k in (1, 2, 3):
        _, joined = seq2seq.join_dates(inputs, targets, k)
        assert seq2seq.decode_targets(seq2seq.encode_targets(joined)[1]) == joined
    assert seq2seq.decode_targets(seq2seq.encode_targets([""])[1]) == [""]


def test_decode_targets_stops_at_the_first_end_and_skips_pad_and_start():
    one, two = (seq2seq.TARGET_VOCABULARY.index(c) for c in "12")
    ids = [[seq2seq.START, one, seq2seq.PAD, two, seq2seq.END, one],
           [one, one, two, two, one, two]]  # no end: read to the end
    assert seq2seq.decode_targets(ids) == ["12", "112212"]


@pytest.mark.parametrize("encode, strings, message", [
    (seq2seq.encode_sources, ["3/3/1998", "3 mar. 1998!"], r"^inputs\[1\] .*: '!'$"),
    (seq2seq.encode_sources, ["3/3/1998<"], r"^inputs\[0\] .*: '<'$"),
    (seq2seq.encode_targets, ["1998/03/03"], r"^targets\[0\] .*: '/'$"),
    (seq2seq.encode_targets, ["1998-03-03>", "Z"], r"^targets\[0\] .*: '>'$"),
])
def test_a_character_outside_the_vocabulary_is_named(encode, strings, message):
    with pytest.raises(ValueError, match=message):
        encode(strings)


# --- build_translator ---------------------------------------------------------------

NAMES = {"source_embedding", "encoder", "target_embedding", "decoder", "output"}


@pytest.mark.parametrize("attention", [False, True])
def test_build_translator_layers_and_output_shape(translator, attention):
    model = translator(attention)
    names = {layer.name for layer in model.layers}
    assert NAMES <= names and ("attention" in names) == attention
    sources = seq2seq.encode_sources(["3/3/1998", "1º mar. 2000", "04/11/2021"])
    decoder_inputs, _ = seq2seq.encode_targets(["1998", "2000-03-01", "2021"])
    logits = np.asarray(model([sources, decoder_inputs], training=False))
    assert logits.shape == (3, decoder_inputs.shape[1], N_TARGET)


def test_attention_adds_only_the_wider_output_layer():
    plain, attentive = tiny(False, 6, 3), tiny(True, 6, 3)
    assert attentive.count_params() - plain.count_params() == 6 * N_TARGET
    assert attentive.get_layer("attention").weights == []
    assert (attentive.get_layer("output").kernel.shape
            == (2 * plain.get_layer("output").kernel.shape[0], N_TARGET))


@pytest.mark.parametrize("attention", [False, True])
def test_padding_changes_nothing(translator, attention):
    model = translator(attention)

    def logits_of(sources, decoder_inputs):  # called eagerly: no tracing per shape
        return np.asarray(model([sources, decoder_inputs], training=False))

    sources = seq2seq.encode_sources(["3/3/1998", "1º de março de 1998"])
    decoder_inputs, _ = seq2seq.encode_targets(["1998", "1998-03-01"])
    # Row 0 padded with zeros, in both inputs; row 2 the same with a real symbol.
    sources = np.concatenate([sources, np.where(sources[:1] == 0, 3, sources[:1])])
    decoder_inputs = np.concatenate([decoder_inputs, decoder_inputs[:1]])
    padded = logits_of(sources, decoder_inputs)
    alone = logits_of(sources[:1, :8], decoder_inputs[:1, :5])[0]  # no padding at all
    assert (sources[0, 8:] == 0).all() and (decoder_inputs[0, 5:] == 0).all()
    assert np.allclose(padded[0, :5], alone, rtol=0, atol=1e-6)
    # The check can fail: a real symbol instead of the padding changes the logits.
    assert not np.allclose(padded[2, :5], alone, rtol=0, atol=1e-6)


# --- make_batches -------------------------------------------------------------------

def _pairs(batches):
    pairs = []
    for (sources, decoder_inputs), decoder_targets in batches:
        assert (decoder_inputs[:, 0] == seq2seq.START).all()
        assert len(sources) == len(decoder_inputs) == len(decoder_targets)
        inputs = ["".join(seq2seq.SOURCE_VOCABULARY[i] for i in row if i)
                  for row in sources]
        pairs += zip(inputs, seq2seq.decode_targets(decoder_targets))
    return pairs


def test_make_batches_holds_each_pair_once_with_little_padding():
    inputs, targets = data.dates_pt(203, np.random.default_rng(3))
    batches = seq2seq.make_batches(inputs, targets, 8, np.random.default_rng(0))
    assert len(batches) == 26 and sorted(len(y) for _, y in batches)[0] == 3
    assert Counter(_pairs(batches)) == Counter(zip(inputs, targets))
    # One group of 50 minilotes holds all 203: sorted by length, the minilotes cover
    # disjoint ranges of lengths.
    ranges = sorted(((sources != 0).sum(axis=1).min(), (sources != 0).sum(axis=1).max())
                    for (sources, _), _ in batches)
    assert all(high <= next_low for (_, high), (next_low, _) in zip(ranges, ranges[1:]))
    padding = sum(int((sources == 0).sum()) for (sources, _), _ in batches)
    unsorted = sum(int((seq2seq.encode_sources(inputs[i:i + 8]) == 0).sum())
                   for i in range(0, len(inputs), 8))  # minilotes in the order drawn
    assert padding < unsorted / 4
    # The order of the minilotes is shuffled: not by length.
    assert [low for low, _ in ranges] != [
        (sources != 0).sum(axis=1).min() for (sources, _), _ in batches]


def test_make_batches_over_several_groups_holds_each_pair_once():  # 100, 100, 50
    inputs, targets = data.dates_pt(250, np.random.default_rng(4))
    batches = seq2seq.make_batches(inputs, targets, 2, np.random.default_rng(1))
    assert len(batches) == 125
    assert Counter(_pairs(batches)) == Counter(zip(inputs, targets))


def test_make_batches_depends_on_the_rng():
    inputs, targets = data.dates_pt(60, np.random.default_rng(5))

    def flat(seed):
        batches = seq2seq.make_batches(inputs, targets, 4, np.random.default_rng(seed))
        return [array.tolist() for (sources, decoder_inputs), decoder_targets in batches
                for array in (sources, decoder_inputs, decoder_targets)]

    assert flat(7) == flat(7) and flat(7) != flat(8)


# --- exact_match --------------------------------------------------------------------

def greedy_right(model, inputs, targets):
    """Whether a greedy decoding loop writes each target, end symbol included: the model
    is run on the growing prefix at every step."""
    sources = seq2seq.encode_sources(inputs)
    _, decoder_targets = seq2seq.encode_targets(targets)
    written = np.full((len(inputs), 1), seq2seq.START, np.int32)
    for _ in range(decoder_targets.shape[1]):
        logits = np.asarray(model.predict_on_batch([sources, written]))
        written = np.concatenate([written, logits[:, -1:].argmax(axis=-1)], axis=1)
        written = written.astype(np.int32)
    right = []
    for row, target in zip(written[:, 1:], targets):
        expected = [seq2seq.TARGET_VOCABULARY.index(c) for c in target] + [seq2seq.END]
        right.append(row[:len(expected)].tolist() == expected)
    return np.array(right)


def _short_pairs(n, seed):
    """Inputs of dates and targets of 0 to 2 symbols, every other one empty."""
    rng = np.random.default_rng(seed)
    inputs, _ = data.dates_pt(n, rng)
    symbols = list(seq2seq.TARGET_VOCABULARY[3:])
    targets = ["" if i % 2 == 0 else "".join(rng.choice(symbols, rng.integers(1, 3)))
               for i in range(n)]
    return inputs, targets


def test_exact_match_agrees_with_a_greedy_loop_on_an_untrained_model(translator):
    model = translator(True)  # with attention: the masks of both inputs matter
    output = model.get_layer("output")
    output.kernel.assign(30 * np.asarray(output.kernel))  # an argmax that varies more
    inputs, targets = _short_pairs(20, 6)
    # A bias on the end symbol: the first symbol written for half the inputs.
    start = np.full((len(inputs), 1), seq2seq.START, np.int32)
    first = np.asarray(model([seq2seq.encode_sources(inputs), start], training=False))
    gaps = np.sort(np.delete(first[:, 0], seq2seq.END, axis=1).max(axis=1)
                   - first[:, 0, seq2seq.END])
    assert gaps[10] - gaps[9] > 1e-4  # no near tie
    bias = np.asarray(output.bias)
    bias[seq2seq.END] += (gaps[9] + gaps[10]) / 2
    output.bias.assign(bias)
    right = seq2seq.exact_match(model, inputs, targets, batch_size=7)
    assert right.dtype == bool and right.shape == (20,)
    assert right.tolist() == greedy_right(model, inputs, targets).tolist()
    assert right.any() and not right.all()


def test_exact_match_with_a_forced_output(translator):
    model = translator(True)
    output = model.get_layer("output")
    output.kernel.assign(np.zeros(output.kernel.shape))
    bias = np.zeros(N_TARGET)
    bias[seq2seq.END] = 100.0  # the model writes the end symbol at once, always
    output.bias.assign(bias)
    inputs = ["3/3/1998", "1º mar. 2000", "04/11/2021", "5 de maio de 1950"]
    targets = ["", "1", "", "1950-05-05"]
    right = seq2seq.exact_match(model, inputs, targets, batch_size=3)
    assert right.tolist() == [True, False, True, False]
    assert right.tolist() == greedy_right(model, inputs, targets).tolist()
    one = seq2seq.TARGET_VOCABULARY.index("1")
    bias[:] = 0
    bias[one] = 100.0  # always "1": never the end symbol, never right
    output.bias.assign(bias)
    assert seq2seq.exact_match(model, inputs, targets).tolist() == [False] * 4
    assert greedy_right(model, inputs, targets).tolist() == [False] * 4
    assert seq2seq.exact_match(model, [], []).shape == (0,)


# --- train_translator ---------------------------------------------------------------

@pytest.fixture(scope="module")
def compiled():
    """A tiny model with the translator's inputs and outputs, without recurrence:
    train_translator takes any compiled keras.Model, and this one trains fast."""
    keras.utils.set_random_seed(0)
    layers = keras.layers
    source = keras.Input((None,), dtype="int32")
    decoder_input = keras.Input((None,), dtype="int32")
    embedded_source = layers.Embedding(len(seq2seq.SOURCE_VOCABULARY), 4,
                                       mask_zero=True)(source)
    embedded = layers.Embedding(N_TARGET, 4, mask_zero=True)(decoder_input)
    context = layers.Attention()([embedded, embedded_source])
    logits = layers.Dense(N_TARGET)(layers.Concatenate()([embedded, context]))
    model = keras.Model([source, decoder_input], logits)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss=LOSS, run_eagerly=True)
    inputs = ["3/3/1998", "1º mar. 2000", "04/11/2021", "5 de maio de 1950"]
    targets = ["1998-03-03", "2000-03-01", "2021-11-04", "1950-05-05"]
    return model, seq2seq.make_batches(inputs, targets, 2, np.random.default_rng(0))


def _same(weights, other):
    return all(np.array_equal(a, b) for a, b in zip(weights, other, strict=True))


@pytest.mark.parametrize("scores, best", [([0.5, 0.5], 2), ([0.7, 0.2], 1)])
def test_train_translator_keeps_the_best_epoch(compiled, scores, best):
    model, batches = compiled
    seen = []

    def evaluate(trained):
        assert trained is model
        seen.append(trained.get_weights())
        return scores[len(seen) - 1]

    history = seq2seq.train_translator(model, batches, 2, evaluate)
    assert history["best_epoch"] == best and history["valid"] == scores
    assert len(history["loss"]) == len(history["seconds"]) == 2
    assert all(np.isfinite(history["loss"])) and min(history["seconds"]) >= 0
    assert not _same(seen[0], seen[1])  # the epochs did train
    assert _same(model.get_weights(), seen[best - 1])
