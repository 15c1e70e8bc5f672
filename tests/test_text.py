"""rnnbook.text (chapter 10): the split by chapters, the vocabulary and the n-gram models,
checked against counts done by hand on a tiny text."""

from collections import Counter

import numpy as np
import pytest

from rnnbook import text

TINY = "abracadabra, cabra; barraca. abacaxi"


def test_split_by_chapters_cuts_at_the_nearest_headings():
    chapters = [f"CAPÍTULO {n}\n{'x' * 90}\n" for n in ["PRIMEIRO"] + ["I" * k for k in range(2, 11)]]
    novel = "front matter\n" + "".join(chapters)
    train, valid, test, counts = text.split_by_chapters(novel, (0.6, 0.2))
    assert counts == (6, 2, 2)
    assert train + valid + test == novel[len("front matter\n"):]
    assert [part.split("\n")[0] for part in (train, valid, test)] == [
        "CAPÍTULO PRIMEIRO", "CAPÍTULO IIIIIII", "CAPÍTULO IIIIIIIII"]
    with pytest.raises(ValueError, match="at least 3 chapter headings, got 2"):
        text.split_by_chapters("CAPÍTULO I\nx\nCAPÍTULO II\ny\n")


def test_vocabulary_encode_and_decode():
    vocabulary = text.make_vocabulary("banana")
    assert vocabulary == text.UNKNOWN + "abn"
    ids = text.encode("banana!", vocabulary)
    assert ids.dtype == np.int32 and ids.tolist() == [2, 1, 3, 1, 3, 1, 0]
    assert text.decode(ids, vocabulary) == "banana" + text.UNKNOWN


def brute_force(seq, order, discount, history, w, vocab_size):
    """Interpolated Kneser–Ney written from its definition, with Counters."""
    def counts(k, top):
        if top:
            return Counter(tuple(seq[i:i + k]) for i in range(len(seq) - k + 1))
        longer = {tuple(seq[i:i + k + 1]) for i in range(len(seq) - k)}
        return Counter(gram[1:] for gram in longer)

    def p(k, history, w):
        if k == 0:
            return 1 / vocab_size
        lower = p(k - 1, history, w)
        if len(history) < k - 1:
            return lower
        context = tuple(history[len(history) - (k - 1):]) if k > 1 else ()
        a = counts(k, k == order)
        total = sum(c for gram, c in a.items() if gram[:-1] == context)
        types = sum(1 for gram in a if gram[:-1] == context)
        if total == 0:
            return lower
        return (max(a.get(context + (w,), 0) - discount, 0) + discount * types * lower) / total

    return p(order, list(history), w)


@pytest.fixture(scope="module")
def tiny_model():
    vocabulary = text.make_vocabulary(TINY + "z")  # 'z' never occurs in the counts
    ids = text.encode(TINY, vocabulary)
    return ids, len(vocabulary), text.NGramModel(ids, 4, len(vocabulary))


def test_kneser_ney_matches_the_definition(tiny_model):
    ids, vocab_size, model = tiny_model
    seq = ids.tolist()
    for n in range(1, 5):
        for discount in (0.3, 1.0):
            probabilities = 2 ** model.log2_probabilities(ids, n, discount)
            expected = [brute_force(seq, n, discount, seq[max(0, i - n + 1):i], seq[i],
                                    vocab_size) for i in range(len(seq))]
            np.testing.assert_allclose(probabilities, expected, rtol=0, atol=1e-12)


def test_kneser_ney_is_a_distribution_for_every_context(tiny_model):
    ids, vocab_size, model = tiny_model
    contexts = [ids[i:i + k] for k in range(5) for i in range(len(ids) - k)]
    contexts.append(np.array([vocab_size - 1, 0, 1]))  # never seen
    for n in range(1, 5):
        for context in contexts:
            distribution = model.distribution(context, n, 0.75)
            assert distribution.shape == (vocab_size,) and (distribution > 0).all()
            assert abs(distribution.sum() - 1) < 1e-12
    # distribution() and log2_probabilities() are the same model
    np.testing.assert_allclose(
        np.log2(model.distribution(ids[3:6], 4, 0.75)[ids[6]]),
        model.log2_probabilities(ids[3:7], 4, 0.75)[-1], rtol=0, atol=1e-12)


def test_an_order_too_high_for_64_bit_keys():
    with pytest.raises(ValueError, match="order=9 is too high for vocab_size=101"):
        text.NGramModel(np.arange(20) % 101, 9, 101)


def test_stream_batches_continue_row_by_row():
    X, Y = text.stream_batches(np.arange(41), batch_size=2, n_steps=5, offset=0)
    # two streams of 20: 0..19 and 20..39; minilote k holds window k of each stream
    assert X.tolist() == [[0, 1, 2, 3, 4], [20, 21, 22, 23, 24],
                          [5, 6, 7, 8, 9], [25, 26, 27, 28, 29],
                          [10, 11, 12, 13, 14], [30, 31, 32, 33, 34],
                          [15, 16, 17, 18, 19], [35, 36, 37, 38, 39]]
    np.testing.assert_array_equal(Y, X + 1)
    X_offset, _ = text.stream_batches(np.arange(41), batch_size=2, n_steps=5, offset=3)
    assert X_offset[0].tolist() == [3, 4, 5, 6, 7] and len(X_offset) == 6


def test_a_stateful_model_fed_in_order_is_the_stateless_model_over_the_whole_stream():
    """The stateful/stateless equivalence the chapter relies on: the state carried from one
    minilote to the next is the state of one long sequence."""
    import rnnbook

    rnnbook.seed_everything(0)
    ids = np.random.default_rng(0).integers(0, 7, size=41)
    whole = text.build_char_rnn(7, units=4, embedding_dim=3)
    stateful = text.build_char_rnn(7, units=4, embedding_dim=3, batch_shape=(2, 5),
                                   stateful=True)
    stateful.set_weights(whole.get_weights())
    X, _ = text.stream_batches(ids, batch_size=2, n_steps=5)
    in_order = np.concatenate([stateful.predict(X[i:i + 2], verbose=0)
                               for i in range(0, len(X), 2)], axis=0)
    streams = ids[:40].reshape(2, 20)
    expected = whole.predict(streams, verbose=0)  # (2, 20, 7)
    got = in_order.reshape(4, 2, 5, 7).transpose(1, 0, 2, 3).reshape(2, 20, 7)
    np.testing.assert_allclose(got, expected, atol=1e-5)
    # and the streamed log-probabilities are those of the whole sequences
    log2_p = text.streamed_log2_probabilities(whole, ids, n_streams=2)
    p = np.exp(expected - expected.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    targets = ids[1:41].reshape(2, 20)
    np.testing.assert_allclose(
        log2_p, np.log2(np.take_along_axis(p, targets[..., None], -1)[..., 0]).ravel(),
        atol=1e-5)


def test_train_char_rnn_keeps_the_best_epoch_on_validation():
    import keras

    import rnnbook

    rnnbook.seed_everything(0)
    ids = np.tile(np.arange(6), 40)
    model = text.build_char_rnn(6, units=8, embedding_dim=4, batch_shape=(4, 10),
                                stateful=True)
    model.compile(optimizer=keras.optimizers.Adam(0.01),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    scores = iter([3.0, 1.0, 2.0])
    seen = []

    def evaluate(trained):
        seen.append(trained.get_weights()[0].copy())
        return next(scores)

    history = text.train_char_rnn(model, ids, ids, 3, n_steps=10, batch_size=4,
                                  rng=np.random.default_rng(0), evaluate=evaluate)
    assert history["valid_bpc"] == [3.0, 1.0, 2.0] and history["best_epoch"] == 2
    np.testing.assert_array_equal(model.get_weights()[0], seen[1])  # epoch 2's weights
    assert len(history["train_bpc"]) == len(history["seconds"]) == 3
