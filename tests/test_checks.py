"""One argument-checking module: a wrong type is a TypeError, a bad value of the right type a
ValueError, with the same wording in every public helper.

Two parts: the behaviour of each check of :mod:`rnnbook._checks` (types, bounds, None, the
messages), once; then the wiring: for every public function, every argument it checks refuses
one bad value with an error that names the argument. Whether a helper computes the right thing
with good arguments is for the test file of its module.
"""

import functools
import importlib
import inspect
import pathlib
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rnnbook  # noqa: E402
from rnnbook import _checks, data, legacy, plotting, reference, repro, text, training  # noqa: E402
from rnnbook import seq2seq  # noqa: E402
from rnnbook._checks import (  # noqa: E402
    check_array, check_array_pairs, check_bool, check_choice, check_gate_kernels,
    check_generator, check_gru_bias, check_instance, check_int, check_lengths, check_lstm_bias,
    check_number, check_seed, check_str,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- Each check ---------------------------------------------------------------------------------

def test_check_int():
    for value in (3, np.int64(3), np.uint8(3)):
        result = check_int(value, "n", minimum=1)
        assert result == 3 and type(result) is int
    assert check_int(-5, "n") == -5 and check_int(10**30, "n", minimum=0) == 10**30
    for value, type_name in [(2.0, "float"), (np.float64(2.0), "float64"), (True, "bool"),
                             (np.bool_(True), "bool"), ("2", "str"), (None, "NoneType")]:
        with pytest.raises(TypeError, match=f"^n must be an int, got {type_name}$"):
            check_int(value, "n", minimum=1)
    with pytest.raises(ValueError, match="^n must be at least 1, got 0$"):
        check_int(0, "n", minimum=1)
    with pytest.raises(ValueError, match="^n must be at most 8, got 9$"):
        check_int(9, "n", maximum=8)
    with pytest.raises(ValueError, match="^n must be between 1 and 8, got -1$"):
        check_int(-1, "n", 1, 8)
    assert check_int(8, "n", 1, 8) == 8 and check_int(1, "n", 1, 8) == 1  # bounds included
    assert check_int(None, "n", allow_none=True) is None
    with pytest.raises(TypeError, match="^n must be an int or None, got float$"):
        check_int(1.0, "n", allow_none=True)


def test_check_seed():
    assert check_seed(0) == 0 and check_seed(_checks.SEED_MAX) == 2**32 - 1
    assert check_seed(None, allow_none=True) is None
    for seed in (-1, 2**32):
        message = f"^seed must be between 0 and {2**32 - 1}, got {seed}$"
        with pytest.raises(ValueError, match=message):
            check_seed(seed)
    with pytest.raises(TypeError, match="^seed must be an int, got NoneType$"):
        check_seed(None)


def test_check_number():
    for value in (0, 1.5, np.float32(0.25), np.int8(3), 10**400):
        assert check_number(value, "x", minimum=0) is value  # unchanged; big ints are finite
    for value, error, message in [
        ("1.0", TypeError, "^x must be a number, got str$"),
        (True, TypeError, "^x must be a number, got bool$"),
        (None, TypeError, "^x must be a number, got NoneType$"),
        (1j, TypeError, "^x must be a number, got complex$"),
        (np.array(1.0), TypeError, "^x must be a number, got ndarray$"),
        (float("nan"), ValueError, "^x must be finite, got nan$"),
        (-np.inf, ValueError, "^x must be finite, got -inf$"),
        (-0.5, ValueError, "^x must be at least 0, got -0.5$"),
    ]:
        with pytest.raises(error, match=message):
            check_number(value, "x", minimum=0)
    assert check_number(-2, "x") == -2  # no minimum


def test_check_bool():
    assert check_bool(True, "flag") is True and check_bool(np.bool_(False), "flag") is False
    for value, type_name in [(1, "int"), (0, "int"), ("True", "str"), (None, "NoneType")]:
        with pytest.raises(TypeError, match=f"^flag must be a bool, got {type_name}$"):
            check_bool(value, "flag")
    assert check_bool(None, "flag", allow_none=True) is None
    with pytest.raises(TypeError, match="^flag must be a bool or None, got int$"):
        check_bool(1, "flag", allow_none=True)


def test_check_str_and_check_choice():
    assert check_str("", "s") == "" and check_choice("b", "s", ("a", "b")) == "b"
    with pytest.raises(TypeError, match="^s must be a string, got bytes$"):
        check_str(b"a", "s")
    with pytest.raises(TypeError, match="^s must be a string, got int$"):
        check_choice(1, "s", ("a", "b"))
    with pytest.raises(ValueError, match="^s must be one of 'a', 'b', got 'A'$"):
        check_choice("A", "s", ("a", "b"))


def test_check_instance_and_check_generator():
    rng = np.random.default_rng(0)
    assert check_generator(rng) is rng and check_generator(None, allow_none=True) is None
    with pytest.raises(TypeError, match="^rng must be a numpy.random.Generator, got NoneType$"):
        check_generator(None)
    with pytest.raises(TypeError,
                       match="^rng must be a numpy.random.Generator or None, got RandomState$"):
        check_generator(np.random.RandomState(0), allow_none=True)
    assert check_instance(len, "f", type(len), "a builtin") is len
    with pytest.raises(TypeError, match="^f must be a builtin, got int$"):
        check_instance(3, "f", type(len), "a builtin")


def test_check_array():
    array = check_array([[1, 2]], "a", dims=("rows", "cols"), dtype=np.float64)
    assert array.dtype == np.float64 and array.shape == (1, 2)
    assert check_array(np.array([True]), "a").dtype == bool  # bools are numeric
    assert check_array(3, "a").ndim == 0
    values = np.arange(3)
    assert check_array(values, "a") is values  # no copy without dtype=
    with pytest.raises(ValueError,
                       match=r"^a must be 3-D \(batch, n_steps, n_inputs\), got shape \(1, 2\)$"):
        check_array([[1, 2]], "a", dims=("batch", "n_steps", "n_inputs"))
    for value, dtype in [(["x"], "<U1"), ([None], "object"), ([1j], "complex128")]:
        with pytest.raises(TypeError, match=f"^a must be a numeric array, got dtype {dtype}$"):
            check_array(value, "a")
    assert check_array([1, 2], "lengths", kind="integer").dtype.kind == "i"
    for value in ([1.0], [True]):
        with pytest.raises(TypeError, match="^lengths must hold integers, got dtype"):
            check_array(value, "lengths", kind="integer")
    assert check_array(np.zeros(1, np.float32), "X", kind="float").dtype == np.float32
    for dtype in (np.float16, np.int32):
        with pytest.raises(TypeError, match="^X must be a float32 or float64 array, got dtype"):
            check_array(np.zeros(1, dtype), "X", kind="float")
    assert check_array([True, False], "mask", kind="bool").dtype == bool
    for value, dtype in [([1, 0], "int64"), ([1.0], "float64")]:
        message = f"^mask must be a boolean array, got dtype {dtype}$"
        with pytest.raises(TypeError, match=message):
            check_array(value, "mask", kind="bool")


def test_check_array_pairs():
    [(a, e)] = check_array_pairs([1, 2], np.zeros(2))
    assert a.tolist() == [1, 2] and e.shape == (2,)
    pairs = check_array_pairs((np.zeros(1), np.ones((2, 3))), [np.zeros(1), np.zeros((2, 3))])
    assert [p[1].shape for p in pairs] == [(1,), (2, 3)]
    with pytest.raises(ValueError, match=r"^shapes differ: actual \(2,\), expected \(2, 1\)$"):
        check_array_pairs(np.zeros(2), np.zeros((2, 1)))
    with pytest.raises(ValueError,
                       match=r"^shapes differ: actual\[1\] \(1,\), expected\[1\] \(2,\)$"):
        check_array_pairs((np.zeros(1), np.zeros(1)), (np.zeros(1), np.zeros(2)))
    with pytest.raises(ValueError, match="^nothing to compare"):
        check_array_pairs((), ())
    with pytest.raises(ValueError, match="^actual has 2 arrays, expected has 1$"):
        check_array_pairs((np.zeros(1), np.zeros(1)), (np.zeros(1),))
    with pytest.raises(TypeError, match=r"^expected\[0\] must be a numeric array, got dtype <U1$"):
        check_array_pairs([np.zeros(1)], [np.array(["a"])])


def test_check_lengths():
    lengths = check_lengths([0, 3], batch_size=2, n_steps=3)  # 0 and n_steps are allowed
    assert lengths.tolist() == [0, 3]
    for value, error, message in [
        ([1.0, 2.0], TypeError, "^sequence_length must hold integers, got dtype float64$"),
        ([1], ValueError, r"^sequence_length must hold one length per instance: expected shape "
                          r"\(2,\), got \(1,\)$"),
        ([[1, 2]], ValueError, r"one length per instance: expected shape \(2,\), got \(1, 2\)$"),
        ([3, -1], ValueError, r"^sequence_length must not be negative, got \[3, -1\]$"),
        ([3, 4], ValueError, r"^sequence_length must not exceed n_steps=3, got \[3, 4\]$"),
    ]:
        with pytest.raises(error, match=message):
            check_lengths(value, batch_size=2, n_steps=3)


def test_check_gate_kernels():
    kernel, recurrent_kernel, units = check_gate_kernels(
        np.zeros((4, 8), np.float32), np.zeros((2, 8), int), 4, "i, f, c, o", n_inputs=4)
    assert units == 2 and kernel.dtype == recurrent_kernel.dtype == np.float64
    for (kernel, recurrent_kernel, n_inputs), message in [
        ((np.zeros(8), np.zeros((2, 8)), None),
         r"^kernel must have shape \(n_inputs, 4 \* units\), got \(8,\)$"),
        ((np.zeros((5, 8)), np.zeros((2, 8)), 4),
         r"^kernel must have shape \(n_inputs=4, 4 \* units\), got \(5, 8\)$"),
        ((np.zeros((4, 6)), np.zeros((2, 6)), None),
         r"^kernel width must be a positive multiple of 4 \(one block of units per gate, in the "
         r"order i, f, c, o\), got 6$"),
        ((np.zeros((4, 0)), np.zeros((0, 0)), None), "positive multiple of 4 .*, got 0$"),
        ((np.zeros((4, 8)), np.zeros((8, 2)), None),
         r"^recurrent_kernel must have shape \(2, 8\) to match kernel \(4, 8\), got \(8, 2\)$"),
    ]:
        with pytest.raises(ValueError, match=message):
            check_gate_kernels(kernel, recurrent_kernel, 4, "i, f, c, o", n_inputs=n_inputs)
    with pytest.raises(TypeError, match="^recurrent_kernel must be a numeric array"):
        check_gate_kernels(np.zeros((4, 8)), np.full((2, 8), "a"), 4, "i, f, c, o")


def test_check_lstm_bias_and_check_gru_bias():
    assert check_lstm_bias(np.zeros(8, int), units=2).dtype == np.float64
    with pytest.raises(ValueError,
                       match=r"^bias must have shape \(8,\) \(i, f, c, o\), got \(1, 8\)$"):
        check_lstm_bias(np.zeros((1, 8)), units=2)
    assert check_gru_bias(np.zeros((2, 6)), 2, reset_after=True).shape == (2, 6)
    assert check_gru_bias(np.zeros(6), 2, reset_after=False).shape == (6,)
    # Each variant's error names the shape it wants and, for the other variant's, says so.
    with pytest.raises(ValueError, match=r"^bias must have shape \(2, 6\) when reset_after=True "
                                         r"\(input and recurrent biases\), got \(6,\); that shape "
                                         r"is the bias of reset_after=False$"):
        check_gru_bias(np.zeros(6), 2, reset_after=True)
    with pytest.raises(ValueError, match=r"^bias must have shape \(6,\) when reset_after=False "
                                         r"\(one bias\), got \(2, 6\); that shape is the bias of "
                                         r"reset_after=True$"):
        check_gru_bias(np.zeros((2, 6)), 2, reset_after=False)
    with pytest.raises(ValueError, match=r"when reset_after=True .*, got \(3, 6\)$"):  # no hint
        check_gru_bias(np.zeros((3, 6)), 2, reset_after=True)
    with pytest.raises(TypeError, match="^bias must be a numeric array"):
        check_gru_bias(np.array(["b"] * 6), 2, reset_after=False)


def test_the_package_checks_arguments_only_in_checks():
    """No module keeps its own copy: every TypeError and isinstance test lives in _checks, so
    every helper words the same mistake the same way."""
    package = pathlib.Path(rnnbook.__file__).parent
    copies = [path.name for path in package.glob("*.py") if path.name != "_checks.py"
              and ("isinstance(" in path.read_text(encoding="utf-8")
                   or "raise TypeError" in path.read_text(encoding="utf-8"))]
    assert not copies, copies


# --- The wiring: every public function refuses a bad value of each argument it checks ------------

Z = np.zeros
STRINGS = np.full((2, 3, 4), "a")  # a non-numeric array
X_TINY, Y_TINY = Z((8, 3, 2), np.float32), Z(8, np.int32)
RNN = dict(X=Z((2, 3, 4)), W_x=Z((4, 5)), W_y=Z((5, 5)), b=Z(5))
D_OUTPUTS = Z((2, 3, 5))
LSTM = dict(X=Z((2, 3, 4)), kernel=Z((4, 8)), recurrent_kernel=Z((2, 8)), bias=Z(8))
GRU = dict(X=Z((2, 3, 4)), kernel=Z((4, 6)), recurrent_kernel=Z((2, 6)), bias=Z((2, 6)))
GRU_WEIGHTS = [GRU["kernel"], GRU["recurrent_kernel"], GRU["bias"]]
ATTENTION = dict(query=Z((2, 3, 4)), value=Z((2, 5, 4)))  # batch=2, Tq=3, Tv=5, d=dv=4


VOCABULARY = text.make_vocabulary("ab")
IDS = np.arange(30) % 5


def _char_rnn():
    return text.build_char_rnn(5, units=2, embedding_dim=2)

NGRAM = text.NGramModel([1, 2, 1, 2, 2], 2, 3)
NOVEL = "".join(f"CAPÍTULO {n}\nabc\n" for n in ("I", "II", "III", "IV"))


def _rng():
    return np.random.default_rng(0)


DATE_INPUTS, DATE_TARGETS = ["3 mar. 1998", "04/11/2021"], ["1998-03-03", "2021-11-04"]


@functools.cache
def _translator():
    """A tiny encoder–decoder, built once."""
    return seq2seq.build_translator(False, 4, 2, 4)


@functools.cache
def _compiled_translator():
    """The same, compiled (train_translator trains it with valid arguments)."""
    import keras

    model = seq2seq.build_translator(False, 4, 2, 4)
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def _date_batches():
    return seq2seq.make_batches(DATE_INPUTS, DATE_TARGETS, 1, _rng())


def _no_score(model):
    return 0.0


def _forecast(**change):
    """training.fit_forecaster with tiny valid arguments, ``change`` replacing some."""
    import keras

    arguments = {"make_layers": lambda: [keras.layers.SimpleRNN(1)], "X": X_TINY,
                 "Y": Z(8, np.float32), "epochs": 1}
    return training.fit_forecaster(**{**arguments, **change})


def _train(**change):
    return training.train_sequence_classifier(**{"X_train": X_TINY, "y_train": Y_TINY,
                                                 "batch_size": 4, **change})


def _measure(**change):
    return legacy.measure_unrolling(**{"unroll": "static", "n_steps": 2, "n_runs": 1,
                                       "repeats": 1, **change})


def _basic_cell():
    import warnings

    import tensorflow as tf

    with warnings.catch_warnings():  # "BasicRNNCell is deprecated"
        warnings.simplefilter("ignore")
        return tf.compat.v1.nn.rnn_cell.BasicRNNCell(4)


def _built_cell():
    """A BasicRNNCell (3 inputs, 4 units) with weights, in a graph whose session is closed."""
    with legacy.graph_session():
        return legacy.rnn_graph(_basic_cell(), 2, 3).cell


def _with_built_cell(use):
    """``use(cell)`` inside a session, on a BasicRNNCell (3 inputs, 4 units) that has weights."""
    with legacy.graph_session():
        return use(legacy.rnn_graph(_basic_cell(), 2, 3).cell)


def _in_session(call):
    with legacy.graph_session():
        return call()


def _enter(context):
    with context:
        pass


#: For each public function (module.name), one row per argument: (argument, a call with one bad
#: value of it, the error, a pattern of its message). Every other argument of the call is valid,
#: so the error can only come from the argument named, and the message names it.
WIRING = {
    "data.load_dom_casmurro": [
        ("path", lambda: data.load_dom_casmurro(3),
         TypeError, "^path must be a path, got int$"),
    ],
    "text.split_by_chapters": [
        ("text", lambda: text.split_by_chapters(b"CAP"),
         TypeError, "^text must be a string, got bytes$"),
        ("fractions", lambda: text.split_by_chapters(NOVEL, (0.8, 0.3)),
         ValueError, r"^fractions must be positive and add up to less than 1, got \(0.8, 0.3\)$"),
    ],
    "text.make_vocabulary": [
        ("text", lambda: text.make_vocabulary(["a"]),
         TypeError, "^text must be a string, got list$"),
    ],
    "text.encode": [
        ("text", lambda: text.encode(None, VOCABULARY),
         TypeError, "^text must be a string, got NoneType$"),
        ("vocabulary", lambda: text.encode("ab", "ab"),
         ValueError, "^vocabulary must start with UNKNOWN"),
    ],
    "text.decode": [
        ("ids", lambda: text.decode([0, 3], VOCABULARY),
         ValueError, "^ids must be between 0 and 2$"),
        ("vocabulary", lambda: text.decode([0], 5),
         TypeError, "^vocabulary must be a string, got int$"),
    ],
    "text.NGramModel": [
        ("ids", lambda: text.NGramModel([0.5, 1.0], 1, 3),
         TypeError, "^ids must hold integers, got dtype float64$"),
        ("order", lambda: text.NGramModel([0, 1], 0, 3),
         ValueError, "^order must be at least 1, got 0$"),
        ("vocab_size", lambda: text.NGramModel([0, 1], 1, 1),
         ValueError, "^vocab_size must be at least 2, got 1$"),
    ],
    "text.NGramModel.log2_probabilities": [
        ("ids", lambda: NGRAM.log2_probabilities([[0, 1]], 2, 0.5),
         ValueError, r"^ids must be 1-D \(n_characters\), got shape \(1, 2\)$"),
        ("n", lambda: NGRAM.log2_probabilities([0, 1], 3, 0.5),
         ValueError, "^n must be between 1 and 2, got 3$"),
        ("discount", lambda: NGRAM.log2_probabilities([0, 1], 2, 1.5),
         ValueError, r"^discount must be in \(0, 1\], got 1.5$"),
    ],
    "text.NGramModel.distribution": [
        ("context", lambda: NGRAM.distribution([0, 7], 2, 0.5),
         ValueError, "^context ids must be between 0 and 2$"),
        ("n", lambda: NGRAM.distribution([0], 2.0, 0.5),
         TypeError, "^n must be an int, got float$"),
        ("discount", lambda: NGRAM.distribution([0], 2, "0.5"),
         TypeError, "^discount must be a number"),
    ],
    "text.build_char_rnn": [
        ("vocab_size", lambda: text.build_char_rnn(1),
         ValueError, "^vocab_size must be at least 2, got 1$"),
        ("units", lambda: text.build_char_rnn(5, units=0),
         ValueError, "^units must be at least 1, got 0$"),
        ("embedding_dim", lambda: text.build_char_rnn(5, embedding_dim=2.0),
         TypeError, "^embedding_dim must be an int, got float$"),
        ("batch_shape", lambda: text.build_char_rnn(5, batch_shape=(2,)),
         ValueError, r"^batch_shape must be \(batch, steps\), got \(2,\)$"),
        ("stateful", lambda: text.build_char_rnn(5, batch_shape=(None, 3), stateful=True),
         ValueError, "^a stateful model needs a fixed batch size"),
    ],
    "text.stream_batches": [
        ("ids", lambda: text.stream_batches(Z(30), 2, 3),
         TypeError, "^ids must hold integers, got dtype float64$"),
        ("batch_size", lambda: text.stream_batches(IDS, 0, 3),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("n_steps", lambda: text.stream_batches(IDS, 2, 40),
         ValueError, r"^ids must hold more than offset \+ batch_size \* n_steps = 80"),
        ("offset", lambda: text.stream_batches(IDS, 2, 3, offset=-1),
         ValueError, "^offset must be at least 0, got -1$"),
    ],
    "text.streamed_log2_probabilities": [
        ("model", lambda: text.streamed_log2_probabilities("model", IDS),
         TypeError, "^model must be a keras.Model, got str$"),
        ("ids", lambda: text.streamed_log2_probabilities(_char_rnn(), IDS[:5], 16),
         ValueError, "^ids must hold more than n_streams=16 characters$"),
        ("n_streams", lambda: text.streamed_log2_probabilities(_char_rnn(), IDS, 0),
         ValueError, "^n_streams must be at least 1, got 0$"),
    ],
    "text.train_char_rnn": [
        ("model", lambda: text.train_char_rnn(None, IDS, IDS, 1),
         TypeError, "^model must be a keras.Model, got NoneType$"),
        ("train_ids", lambda: text.train_char_rnn(_char_rnn(), IDS[None], IDS, 1),
         ValueError, r"^train_ids must be 1-D \(n_characters\), got shape \(1, 30\)$"),
        ("valid_ids", lambda: text.train_char_rnn(_char_rnn(), IDS, "abc", 1),
         TypeError, "^valid_ids must hold integers"),
        ("epochs", lambda: text.train_char_rnn(_char_rnn(), IDS, IDS, 0),
         ValueError, "^epochs must be at least 1, got 0$"),
        ("n_steps", lambda: text.train_char_rnn(_char_rnn(), IDS, IDS, 1, n_steps=0),
         ValueError, "^n_steps must be at least 1, got 0$"),
        ("batch_size", lambda: text.train_char_rnn(_char_rnn(), IDS, IDS, 1, batch_size=0),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("rng", lambda: text.train_char_rnn(_char_rnn(), IDS, IDS, 1, rng=1),
         TypeError, "^rng must be a numpy.random.Generator or None, got int$"),
        ("evaluate", lambda: text.train_char_rnn(_char_rnn(), IDS, IDS, 1, evaluate=2.5),
         TypeError, "^evaluate must be a function of the model or None, got float$"),
    ],
    "data.load_mnist": [
        ("path", lambda: data.load_mnist("/absent.npz"),
         FileNotFoundError, r"^MNIST file not found: /absent.npz \(set RNNBOOK_MNIST"),
        # Checked before the file is read (or downloaded): the path need not exist.
        ("n_valid", lambda: data.load_mnist("/absent.npz", n_valid=-1),
         ValueError, "^n_valid must be at least 0, got -1$"),
    ],
    "data.shuffle_batch": [
        ("X, y", lambda: next(data.shuffle_batch(Z(5), Z(4), 2)),
         ValueError, "^X and y must have the same length, got 5 and 4$"),
        ("batch_size", lambda: next(data.shuffle_batch(Z(5), Z(5), 0)),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("rng", lambda: next(data.shuffle_batch(Z(5), Z(5), 2, rng=42)),
         TypeError, "^rng must be a numpy.random.Generator or None, got int$"),
    ],
    "data.time_series": [
        ("t", lambda: data.time_series(["a"]),
         TypeError, "^t must be a numeric array, got dtype <U1$"),
    ],
    "data.next_batch": [
        ("batch_size", lambda: data.next_batch(0, 5),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("n_steps", lambda: data.next_batch(5, 0),
         ValueError, "^n_steps must be at least 1, got 0$"),
        ("rng", lambda: data.next_batch(5, 5, rng=42),
         TypeError, "^rng must be a numpy.random.Generator or None, got int$"),
        ("t_min", lambda: data.next_batch(5, 5, t_min="0"),
         TypeError, "^t_min must be a number, got str$"),
        ("t_max", lambda: data.next_batch(5, 5, t_max=np.nan),
         ValueError, "^t_max must be finite, got nan$"),
    ],
    "data.adding_problem": [
        ("n", lambda: data.adding_problem(0, 10, _rng()),
         ValueError, "^n must be at least 1, got 0$"),
        ("n_steps", lambda: data.adding_problem(5, 1, _rng()),
         ValueError, "^n_steps must be at least 2, got 1$"),
        ("rng", lambda: data.adding_problem(5, 10, None),
         TypeError, "^rng must be a numpy.random.Generator, got NoneType$"),
    ],
    "data.dates_pt": [
        ("n", lambda: data.dates_pt(0, _rng()),
         ValueError, "^n must be at least 1, got 0$"),
        ("rng", lambda: data.dates_pt(5, None),
         TypeError, "^rng must be a numpy.random.Generator, got NoneType$"),
        ("forms", lambda: data.dates_pt(5, _rng(), forms="abreviada"),
         TypeError, "^forms must be a list or tuple of form names, got str$"),
        ("forms", lambda: data.dates_pt(5, _rng(), forms=["abreviada", "iso"]),
         ValueError, "^forms must be names among 'numérica', 'numérica curta', "
                     r"'por extenso', 'abreviada', 'com dia da semana', "
                     r"got \['abreviada', 'iso'\]$"),
    ],
    "data.synthetic_series": [
        ("n_series", lambda: data.synthetic_series(0, 10, _rng()),
         ValueError, "^n_series must be at least 1, got 0$"),
        ("n_steps", lambda: data.synthetic_series(5, 1, _rng()),
         ValueError, "^n_steps must be at least 2, got 1$"),
        ("rng", lambda: data.synthetic_series(5, 10, np.random.RandomState(0)),
         TypeError, "^rng must be a numpy.random.Generator, got RandomState$"),
    ],
    "legacy.graph_session": [
        ("seed", lambda: _enter(legacy.graph_session(seed=1.0)),
         TypeError, "^seed must be an int or None, got float$"),
    ],
    "legacy.basic_rnn_weights": [
        ("cell", lambda: _in_session(lambda: legacy.basic_rnn_weights(_basic_cell())),
         ValueError, "^the cell has no weights yet"),
        ("sess", lambda: legacy.basic_rnn_weights(_built_cell()),
         ValueError, "^no session: pass sess="),
    ],
    "legacy.set_basic_rnn_weights": [
        ("cell", lambda: legacy.set_basic_rnn_weights(_basic_cell(), Z((3, 4)), Z((4, 4)), Z(4)),
         ValueError, "^the cell has no weights yet"),
        ("W_x", lambda: _with_built_cell(
            lambda cell: legacy.set_basic_rnn_weights(cell, [["a"]], Z((4, 4)), Z(4))),
         TypeError, "^W_x must be a numeric array, got dtype <U1$"),
        ("W_y", lambda: _with_built_cell(
            lambda cell: legacy.set_basic_rnn_weights(cell, Z((3, 4)), Z((3, 4)), Z(4))),
         ValueError,
         r"^the cell needs W_x \(3, 4\) and W_y \(4, 4\), got \(3, 4\) and \(3, 4\)$"),
        ("b", lambda: _with_built_cell(
            lambda cell: legacy.set_basic_rnn_weights(cell, Z((3, 4)), Z((4, 4)), Z(5))),
         ValueError, r"^the cell needs b of 4 values, got shape \(5,\)$"),
        ("sess", lambda: legacy.set_basic_rnn_weights(_built_cell(), Z((3, 4)), Z((4, 4)), Z(4)),
         ValueError, "^no session: pass sess="),
    ],
    "legacy.keras_lstm_to_legacy": [
        ("kernel", lambda: legacy.keras_lstm_to_legacy(Z((4, 6)), Z((2, 8)), Z(8)),
         ValueError, "^kernel width must be a positive multiple of 4 .*, got 6$"),
        ("recurrent_kernel", lambda: legacy.keras_lstm_to_legacy(Z((4, 8)), Z((8, 2)), Z(8)),
         ValueError,
         r"^recurrent_kernel must have shape \(2, 8\) to match kernel \(4, 8\), got \(8, 2\)$"),
        ("bias", lambda: legacy.keras_lstm_to_legacy(Z((4, 8)), Z((2, 8)), Z(4)),
         ValueError, r"^bias must have shape \(8,\) \(i, f, c, o\), got \(4,\)$"),
        ("forget_bias", lambda: legacy.keras_lstm_to_legacy(Z((4, 8)), Z((2, 8)), Z(8), None),
         TypeError, "^forget_bias must be a number, got NoneType$"),
    ],
    "legacy.keras_gru_to_legacy": [
        ("kernel", lambda: legacy.keras_gru_to_legacy(Z((4, 8)), Z((2, 6)), Z(6)),
         ValueError, "^kernel width must be a positive multiple of 3 .*, got 8$"),
        ("recurrent_kernel", lambda: legacy.keras_gru_to_legacy(Z((4, 6)), Z((3, 6)), Z(6)),
         ValueError,
         r"^recurrent_kernel must have shape \(2, 6\) to match kernel \(4, 6\), got \(3, 6\)$"),
        # Keras' default GRU (reset_after=True) has no legacy equivalent.
        ("bias", lambda: legacy.keras_gru_to_legacy(Z((4, 6)), Z((2, 6)), Z((2, 6))),
         ValueError, r"^bias must have shape \(6,\) when reset_after=False .*; that shape is "
                     r"the bias of reset_after=True$"),
    ],
    "legacy.set_legacy_weights": [
        ("cell", lambda: legacy.set_legacy_weights(_basic_cell(), []),
         ValueError, "^the cell has no weights yet"),
        ("arrays", lambda: _with_built_cell(lambda cell: legacy.set_legacy_weights(cell, [Z(1)])),
         ValueError, r"^the cell has 2 weights \(rnn/basic_rnn_cell/kernel, "
                     r"rnn/basic_rnn_cell/bias\), got 1 arrays$"),
        ("sess", lambda: legacy.set_legacy_weights(_built_cell(), [Z((7, 4)), Z(4)]),
         ValueError, "^no session: pass sess="),
    ],
    "legacy.rnn_graph": [
        # Checked before the graph is touched: no cell and no session are needed.
        ("n_steps", lambda: legacy.rnn_graph(None, 0, 3),
         ValueError, "^n_steps must be at least 1, got 0$"),
        ("n_inputs", lambda: legacy.rnn_graph(None, 2, 0),
         ValueError, "^n_inputs must be at least 1, got 0$"),
        ("unroll", lambda: legacy.rnn_graph(None, 2, 3, unroll="both"),
         ValueError, "^unroll must be one of 'static', 'dynamic', got 'both'$"),
        ("sequence_length", lambda: legacy.rnn_graph(None, 2, 3, sequence_length=1),
         TypeError, "^sequence_length must be a bool, got int$"),
        ("dtype", lambda: legacy.rnn_graph(None, 2, 3, dtype="float16"),
         ValueError, "^dtype must be one of 'float32', 'float64', got 'float16'$"),
    ],
    "legacy.count_operations": [
        ("graph", lambda: legacy.count_operations(None),
         TypeError, "^graph must be a tf.Graph, got NoneType$"),
    ],
    "legacy.measure_unrolling": [
        ("unroll", lambda: _measure(unroll="scan"),
         ValueError, "^unroll must be one of 'static', 'dynamic', got 'scan'$"),
        ("n_steps", lambda: _measure(n_steps=0),
         ValueError, "^n_steps must be at least 1, got 0$"),
        ("n_inputs", lambda: _measure(n_inputs=0),
         ValueError, "^n_inputs must be at least 1, got 0$"),
        ("n_neurons", lambda: _measure(n_neurons=0),
         ValueError, "^n_neurons must be at least 1, got 0$"),
        ("rng", lambda: _measure(rng=42),
         TypeError, "^rng must be a numpy.random.Generator or None, got int$"),
        ("repeats", lambda: _measure(repeats=0),
         ValueError, "^repeats must be at least 1, got 0$"),
        ("n_runs", lambda: _measure(n_runs=0),
         ValueError, "^n_runs must be at least 1, got 0$"),
        ("batch_size", lambda: _measure(batch_size=0),
         ValueError, "^batch_size must be at least 1, got 0$"),
    ],
    "legacy.run_dynamic_rnn": [
        ("make_cell", lambda: legacy.run_dynamic_rnn("cell", Z((2, 3, 1))),
         TypeError, "^make_cell must be a function that builds a cell, got str$"),
        ("X", lambda: legacy.run_dynamic_rnn(_basic_cell, Z((2, 3, 1), int)),
         TypeError, "^X must be a float32 or float64 array, got dtype int64$"),
        ("weights", lambda: legacy.run_dynamic_rnn(_basic_cell, Z((2, 3, 1)), weights=[]),
         ValueError, r"^the cell has 2 weights \(.*\), got 0 arrays$"),
        ("sequence_length",
         lambda: legacy.run_dynamic_rnn(_basic_cell, Z((2, 3, 1)), sequence_length=[1, 4]),
         ValueError, r"^sequence_length must not exceed n_steps=3, got \[1, 4\]$"),
        ("seed", lambda: legacy.run_dynamic_rnn(_basic_cell, Z((2, 3, 1)), seed=-1),
         ValueError, "^seed must be between 0 and 4294967295, got -1$"),
        ("unroll", lambda: legacy.run_dynamic_rnn(_basic_cell, Z((2, 3, 1)), unroll="scan"),
         ValueError, "^unroll must be one of 'static', 'dynamic', got 'scan'$"),
    ],
    "plotting.plot_unrolled_rnn": [
        ("n_steps", lambda: plotting.plot_unrolled_rnn(0),
         ValueError, "^n_steps must be between 1 and 8, got 0$"),
    ],
    "plotting.plot_outputs": [
        ("outputs", lambda: plotting.plot_outputs(Z((2, 3))),
         ValueError, r"^outputs must be 3-D \(batch, n_steps, n_neurons\), got shape \(2, 3\)$"),
    ],
    "plotting.plot_gated_cell": [
        ("kind", lambda: plotting.plot_gated_cell("rnn"),
         ValueError, "^kind must be one of 'lstm', 'gru', got 'rnn'$"),
    ],
    "reference.rnn_forward": [
        ("X", lambda: reference.rnn_forward(**{**RNN, "X": Z((2, 3))}),
         ValueError, r"^X must be 3-D \(batch, n_steps, n_inputs\), got shape \(2, 3\)$"),
        ("W_x", lambda: reference.rnn_forward(**{**RNN, "W_x": Z((3, 5))}),
         ValueError, r"^W_x must have shape \(n_inputs=4, n_neurons\), got \(3, 5\)$"),
        ("W_y", lambda: reference.rnn_forward(**{**RNN, "W_y": Z((4, 4))}),
         ValueError, r"^W_y must have shape \(5, 5\) to match W_x, got \(4, 4\)$"),
        ("b", lambda: reference.rnn_forward(**{**RNN, "b": Z((5, 1))}),
         ValueError, r"^b must have shape \(5,\) or \(1, 5\), got \(5, 1\)$"),
        ("sequence_length", lambda: reference.rnn_forward(**RNN, sequence_length=[3, 4]),
         ValueError, r"^sequence_length must not exceed n_steps=3, got \[3, 4\]$"),
        ("activation", lambda: reference.rnn_forward(**RNN, activation="sigmoid"),
         ValueError, "^activation must be one of 'relu', 'tanh', got 'sigmoid'$"),
    ],
    "reference.rnn_backward": [
        ("X", lambda: reference.rnn_backward(**{**RNN, "X": STRINGS}, d_outputs=D_OUTPUTS),
         TypeError, "^X must be a numeric array, got dtype <U1$"),
        ("W_x", lambda: reference.rnn_backward(**{**RNN, "W_x": Z(4)}, d_outputs=D_OUTPUTS),
         ValueError, r"^W_x must have shape \(n_inputs=4, n_neurons\), got \(4,\)$"),
        ("W_y", lambda: reference.rnn_backward(**{**RNN, "W_y": Z((5, 4))}, d_outputs=D_OUTPUTS),
         ValueError, r"^W_y must have shape \(5, 5\) to match W_x, got \(5, 4\)$"),
        ("b", lambda: reference.rnn_backward(**{**RNN, "b": Z(4)}, d_outputs=D_OUTPUTS),
         ValueError, r"^b must have shape \(5,\) or \(1, 5\), got \(4,\)$"),
        ("d_outputs", lambda: reference.rnn_backward(**RNN, d_outputs=Z((2, 3, 4))),
         ValueError,
         r"^d_outputs must have shape \(batch, n_steps, n_neurons\)=\(2, 3, 5\), got \(2, 3, 4\)$"),
        ("d_state", lambda: reference.rnn_backward(**RNN, d_outputs=D_OUTPUTS, d_state=Z((3, 5))),
         ValueError, r"^d_state must have shape \(batch, n_neurons\)=\(2, 5\), got \(3, 5\)$"),
        ("sequence_length",
         lambda: reference.rnn_backward(**RNN, d_outputs=D_OUTPUTS, sequence_length=[3]),
         ValueError, r"^sequence_length must hold one length per instance: expected shape "
                     r"\(2,\), got \(1,\)$"),
        ("activation",
         lambda: reference.rnn_backward(**RNN, d_outputs=D_OUTPUTS, activation=np.tanh),
         TypeError, "^activation must be a string, got ufunc$"),
    ],
    "reference.lstm_forward": [
        ("X", lambda: reference.lstm_forward(**{**LSTM, "X": STRINGS}),
         TypeError, "^X must be a numeric array, got dtype <U1$"),
        ("kernel", lambda: reference.lstm_forward(**{**LSTM, "kernel": Z((5, 8))}),
         ValueError, r"^kernel must have shape \(n_inputs=4, 4 \* units\), got \(5, 8\)$"),
        ("recurrent_kernel",
         lambda: reference.lstm_forward(**{**LSTM, "recurrent_kernel": Z((3, 8))}),
         ValueError,
         r"^recurrent_kernel must have shape \(2, 8\) to match kernel \(4, 8\), got \(3, 8\)$"),
        ("bias", lambda: reference.lstm_forward(**{**LSTM, "bias": Z((1, 8))}),
         ValueError, r"^bias must have shape \(8,\) \(i, f, c, o\), got \(1, 8\)$"),
        ("sequence_length", lambda: reference.lstm_forward(**LSTM, sequence_length=[1.0, 2.0]),
         TypeError, "^sequence_length must hold integers, got dtype float64$"),
    ],
    "reference.gru_forward": [
        ("X", lambda: reference.gru_forward(**{**GRU, "X": Z((2, 3))}),
         ValueError, r"^X must be 3-D \(batch, n_steps, n_inputs\), got shape \(2, 3\)$"),
        ("kernel", lambda: reference.gru_forward(**{**GRU, "kernel": Z((3, 6))}),
         ValueError, r"^kernel must have shape \(n_inputs=4, 3 \* units\), got \(3, 6\)$"),
        ("recurrent_kernel",
         lambda: reference.gru_forward(**{**GRU, "recurrent_kernel": Z((2, 9))}),
         ValueError,
         r"^recurrent_kernel must have shape \(2, 6\) to match kernel \(4, 6\), got \(2, 9\)$"),
        ("bias", lambda: reference.gru_forward(**{**GRU, "bias": Z(6)}),
         ValueError, r"^bias must have shape \(2, 6\) when reset_after=True .*, got \(6,\); "
                     r"that shape is the bias of reset_after=False$"),
        ("reset_after", lambda: reference.gru_forward(**GRU, reset_after=1),
         TypeError, "^reset_after must be a bool, got int$"),
        ("sequence_length", lambda: reference.gru_forward(**GRU, sequence_length=[-1, 2]),
         ValueError, r"^sequence_length must not be negative, got \[-1, 2\]$"),
        ("initial_state", lambda: reference.gru_forward(**GRU, initial_state=Z((2, 3))),
         ValueError, r"^initial_state must have shape \(2, 2\) \(batch, units\), got \(2, 3\)$"),
    ],
    "reference.additive_attention": [
        ("query", lambda: reference.additive_attention(Z((2, 3)), Z((2, 5, 4))),
         ValueError, r"^query must be 3-D \(batch, Tq, d\), got shape \(2, 3\)$"),
        ("value", lambda: reference.additive_attention(Z((2, 3, 4)), Z((3, 5, 4))),
         ValueError,
         r"^value must have shape \(batch=2, Tv, dv\) to match query \(2, 3, 4\), "
         r"got \(3, 5, 4\)$"),
        ("key", lambda: reference.additive_attention(**ATTENTION, key=Z((2, 5, 3))),
         ValueError, r"^key must have shape \(batch=2, Tv=5, d=4\) to match query "
                     r"\(2, 3, 4\) and value \(2, 5, 4\), got \(2, 5, 3\)$"),
        ("scale", lambda: reference.additive_attention(**ATTENTION, scale=Z(3)),
         ValueError,
         r"^scale must have shape \(d=4,\) \(Keras' scale weight, one per depth\), "
         r"got \(3,\)$"),
        ("value_mask",
         lambda: reference.additive_attention(**ATTENTION, value_mask=Z((2, 5))),
         TypeError, "^value_mask must be a boolean array, got dtype float64$"),
    ],
    "reference.dot_attention": [
        ("query", lambda: reference.dot_attention(**{**ATTENTION, "query": STRINGS}),
         TypeError, "^query must be a numeric array, got dtype <U1$"),
        ("value", lambda: reference.dot_attention(Z((2, 3, 4)), Z((2, 5, 3))),
         ValueError,
         r"^value must have shape \(batch=2, Tv, d=4\) when key is not given "
         r"\(key = value must match query \(2, 3, 4\)\), got \(2, 5, 3\)$"),
        ("key", lambda: reference.dot_attention(**ATTENTION, key=STRINGS),
         TypeError, "^key must be a numeric array, got dtype <U1$"),
        ("scale", lambda: reference.dot_attention(**ATTENTION, scale=Z(4)),
         ValueError,
         r"^scale must be a single number \(Keras' scalar scale weight\), "
         r"got shape \(4,\)$"),
        ("value_mask",
         lambda: reference.dot_attention(**ATTENTION, value_mask=np.ones((2, 4), bool)),
         ValueError, r"^value_mask must have shape \(batch=2, Tv=5\) to match value "
                     r"\(2, 5, 4\), got \(2, 4\)$"),
    ],
    "reference.reverse_sequences": [
        ("X", lambda: reference.reverse_sequences(Z(3), [1, 2, 3]),
         ValueError,
         r"^X must have at least 2 dimensions \(batch, n_steps, \.\.\.\), "
         r"got shape \(3,\)$"),
        ("sequence_length", lambda: reference.reverse_sequences(Z((2, 3)), [1, 4]),
         ValueError, r"^sequence_length must not exceed n_steps=3, got \[1, 4\]$"),
    ],
    "reference.bidirectional_gru_forward": [
        ("X", lambda: reference.bidirectional_gru_forward(Z((2, 3)), GRU_WEIGHTS, GRU_WEIGHTS),
         ValueError, r"^X must be 3-D \(batch, n_steps, n_inputs\), got shape \(2, 3\)$"),
        ("forward_weights",
         lambda: reference.bidirectional_gru_forward(GRU["X"], Z(6), GRU_WEIGHTS),
         TypeError, r"^forward_weights must be a list \(kernel, recurrent_kernel, bias\), "
                    r"got ndarray$"),
        ("backward_weights",
         lambda: reference.bidirectional_gru_forward(GRU["X"], GRU_WEIGHTS, GRU_WEIGHTS[:2]),
         ValueError, r"^backward_weights must be \(kernel, recurrent_kernel, bias\), "
                     r"got 2 arrays$"),
        ("reset_after", lambda: reference.bidirectional_gru_forward(
            GRU["X"], GRU_WEIGHTS, GRU_WEIGHTS, reset_after="yes"),
         TypeError, "^reset_after must be a bool, got str$"),
        ("sequence_length", lambda: reference.bidirectional_gru_forward(
            GRU["X"], GRU_WEIGHTS, GRU_WEIGHTS, sequence_length=[1, 4]),
         ValueError, r"^sequence_length must not exceed n_steps=3, got \[1, 4\]$"),
    ],
    "reference.max_difference": [
        ("actual", lambda: reference.max_difference(["a"], Z(1)),
         TypeError, "^actual must be a numeric array, got dtype <U1$"),
        ("expected", lambda: reference.max_difference(Z(2), Z((2, 1))),
         ValueError, r"^shapes differ: actual \(2,\), expected \(2, 1\)$"),
    ],
    "reference.agree": [
        ("actual", lambda: reference.agree(["a"], Z(1)),
         TypeError, "^actual must be a numeric array, got dtype <U1$"),
        ("expected", lambda: reference.agree(Z(1), [None]),
         TypeError, "^expected must be a numeric array, got dtype object$"),
        ("atol", lambda: reference.agree(Z(1), Z(1), atol=-1),
         ValueError, "^atol must be at least 0, got -1$"),
        ("label", lambda: reference.agree(Z(1), Z(1), label=3),
         TypeError, "^label must be a string, got int$"),
    ],
    "repro.seed_everything": [
        ("seed", lambda: repro.seed_everything(None),
         TypeError, "^seed must be an int, got NoneType$"),
    ],
    "repro.format_figure": [
        ("value", lambda: repro.format_figure("0.98"),
         TypeError, "^value must be a number, got str$"),
        ("fmt", lambda: repro.format_figure(0.5, 2),
         TypeError, "^fmt must be a string, got int$"),
    ],
    "repro.glue_figure": [
        ("name", lambda: repro.glue_figure("acc teste", 0.5),
         ValueError, "^name must be an identifier-like str, got 'acc teste'$"),
        ("value", lambda: repro.glue_figure("acc", True),
         TypeError, "^value must be a number, got bool$"),
        ("fmt", lambda: repro.glue_figure("acc", 0.5, "d"),
         ValueError, "^fmt 'd' cannot format 0.5"),
    ],
    "repro.measurement": [
        ("name", lambda: repro.measurement("absent"),
         ValueError, "^name must be one of .*'unrolling'.*, got 'absent'$"),
    ],
    "training.build_sequence_classifier": [
        ("n_steps", lambda: training.build_sequence_classifier(n_steps=0),
         ValueError, "^n_steps must be at least 1, got 0$"),
        ("n_inputs", lambda: training.build_sequence_classifier(n_inputs=0),
         ValueError, "^n_inputs must be at least 1, got 0$"),
        ("n_neurons", lambda: training.build_sequence_classifier(n_neurons=0),
         ValueError, "^n_neurons must be at least 1, got 0$"),
        ("n_outputs", lambda: training.build_sequence_classifier(n_outputs=True),
         TypeError, "^n_outputs must be an int, got bool$"),
        ("unroll", lambda: training.build_sequence_classifier(unroll=1),
         TypeError, "^unroll must be a bool, got int$"),
        ("cell", lambda: training.build_sequence_classifier(cell="LSTM"),
         ValueError, "^cell must be one of 'simple_rnn', 'lstm', 'gru', got 'LSTM'$"),
    ],
    "training.train_sequence_classifier": [
        ("X_train", lambda: _train(X_train=Z((8, 3))),
         ValueError, r"^X_train must be 3-D \(n, n_steps, n_inputs\), got shape \(8, 3\)$"),
        ("y_train", lambda: _train(y_train=Z(8)),
         TypeError, "^y_train must hold integers, got dtype float64$"),
        ("epochs", lambda: _train(epochs=0),
         ValueError, "^epochs must be at least 1, got 0$"),
        ("batch_size", lambda: _train(batch_size=0),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("learning_rate", lambda: _train(learning_rate=-1e-3),
         ValueError, "^learning_rate must be at least 0, got -0.001$"),
        ("weight_decay", lambda: _train(weight_decay=np.nan),
         ValueError, "^weight_decay must be finite, got nan$"),
        ("clipnorm", lambda: _train(clipnorm=None),
         TypeError, "^clipnorm must be a number, got NoneType$"),
        ("strategy", lambda: _train(strategy="mirrored"),
         TypeError, "^strategy must be a tf.distribute.Strategy or None, got str$"),
        ("seed", lambda: _train(seed=1.0),
         TypeError, "^seed must be an int or None, got float$"),
        ("cell", lambda: _train(cell=None),
         TypeError, "^cell must be a string, got NoneType$"),
        ("n_neurons", lambda: _train(n_neurons=0),
         ValueError, "^n_neurons must be at least 1, got 0$"),
        ("unroll", lambda: _train(unroll="yes"),
         TypeError, "^unroll must be a bool, got str$"),
        ("jit_compile", lambda: _train(jit_compile=1),
         TypeError, "^jit_compile must be a bool or None, got int$"),
    ],
    "training.fit_forecaster": [
        ("make_layers", lambda: _forecast(make_layers=[]),
         TypeError, "^make_layers must be a function returning Keras layers, got list$"),
        ("make_layers", lambda: _forecast(make_layers=lambda: []),
         ValueError, r"^make_layers\(\) must return at least one Keras layer, got \[\]$"),
        ("X", lambda: _forecast(X=Z((8, 3))),
         ValueError, r"^X must be 3-D \(n, n_steps, n_inputs\), got shape \(8, 3\)$"),
        ("Y", lambda: _forecast(Y=Z(7)),
         ValueError, r"^X and Y must have the same length, got shapes \(8, 3, 2\) and \(7,\)$"),
        ("learning_rate", lambda: _forecast(learning_rate=-1.0),
         ValueError, "^learning_rate must be at least 0, got -1.0$"),
        ("batch_size", lambda: _forecast(batch_size=0),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("epochs", lambda: _forecast(epochs=1.0),
         TypeError, "^epochs must be an int, got float$"),
        ("seed", lambda: _forecast(seed=-1),
         ValueError, "^seed must be between 0 and 4294967295, got -1$"),
        ("name", lambda: _forecast(name=3),
         TypeError, "^name must be a string or None, got int$"),
    ],
    "seq2seq.split_by_day": [
        ("inputs", lambda: seq2seq.split_by_day("3/3/1998", ["1998-03-03"]),
         TypeError, "^inputs must be a list of strings, got str$"),
        ("targets", lambda: seq2seq.split_by_day(["3/3/1998"], ("1998-03-03",)),
         TypeError, "^targets must be a list of ISO dates, got tuple$"),
        ("inputs, targets", lambda: seq2seq.split_by_day(DATE_INPUTS, DATE_TARGETS[:1]),
         ValueError, "^inputs and targets must have the same length, got 2 and 1$"),
        ("targets", lambda: seq2seq.split_by_day(["3/3/1998"], ["1998/03/03"]),
         ValueError, r"^targets must be ISO dates \(AAAA-MM-DD\) in DATE_RANGE$"),
        ("targets", lambda: seq2seq.split_by_day(["31/12/1899"], ["1899-12-31"]),
         ValueError, "^targets must be dates from 1900-01-01 to 2099-12-31$"),
        ("fractions",
         lambda: seq2seq.split_by_day(DATE_INPUTS, DATE_TARGETS, (0.8, 0.3)),
         ValueError, r"^fractions must be two positive numbers adding up to less than "
                     r"1, got \(0.8, 0.3\)$"),
        ("fractions",
         lambda: seq2seq.split_by_day(DATE_INPUTS, DATE_TARGETS, ("0.8", 0.1)),
         TypeError, "^fractions must be a number, got str$"),
        ("seed", lambda: seq2seq.split_by_day(DATE_INPUTS, DATE_TARGETS, seed=-1),
         ValueError, "^seed must be at least 0, got -1$"),
    ],
    "seq2seq.join_dates": [
        ("inputs", lambda: seq2seq.join_dates(tuple(DATE_INPUTS), DATE_TARGETS, 1),
         TypeError, "^inputs must be a list of strings, got tuple$"),
        ("targets", lambda: seq2seq.join_dates(DATE_INPUTS, None, 1),
         TypeError, "^targets must be a list of strings, got NoneType$"),
        ("inputs, targets", lambda: seq2seq.join_dates(DATE_INPUTS, [], 1),
         ValueError, "^inputs and targets must have the same length, got 2 and 0$"),
        ("k", lambda: seq2seq.join_dates(DATE_INPUTS, DATE_TARGETS, 0),
         ValueError, "^k must be at least 1, got 0$"),
    ],
    "seq2seq.date_form": [
        ("date", lambda: seq2seq.date_form(3),
         TypeError, "^date must be a string, got int$"),
        ("date", lambda: seq2seq.date_form("1998-03-03"),
         ValueError, "^date is in none of the forms of DATE_FORMS: '1998-03-03'$"),
    ],
    "seq2seq.make_date_datasets": [
        ("rng", lambda: seq2seq.make_date_datasets(None, 1, (1, 1, 1)),
         TypeError, "^rng must be a numpy.random.Generator, got NoneType$"),
        ("k_max", lambda: seq2seq.make_date_datasets(_rng(), 0, (1, 1, 1)),
         ValueError, "^k_max must be at least 1, got 0$"),
        ("sizes", lambda: seq2seq.make_date_datasets(_rng(), 1, (1, 1)),
         ValueError, r"^sizes must be \(train, validation, test\), got \(1, 1\)$"),
        ("sizes", lambda: seq2seq.make_date_datasets(_rng(), 1, (1, 0, 1)),
         ValueError, "^sizes must be at least 1, got 0$"),
    ],
    "seq2seq.encode_sources": [
        ("inputs", lambda: seq2seq.encode_sources("3/3/1998"),
         TypeError, "^inputs must be a list of strings, got str$"),
        ("inputs", lambda: seq2seq.encode_sources(["3/3/1998", "3/3/1998!"]),
         ValueError, r"^inputs\[1\] has characters outside the vocabulary: '!'$"),
    ],
    "seq2seq.encode_targets": [
        ("targets", lambda: seq2seq.encode_targets([1998]),
         TypeError, r"^targets\[0\] must be a string, got int$"),
        ("targets", lambda: seq2seq.encode_targets(["1998/03/03"]),
         ValueError, r"^targets\[0\] has characters outside the vocabulary: '/'$"),
    ],
    "seq2seq.decode_targets": [
        ("ids", lambda: seq2seq.decode_targets([[0, 15]]),
         ValueError, "^ids must be between 0 and 14$"),
        ("ids", lambda: seq2seq.decode_targets([1, 2]),
         ValueError, r"^ids must be 2-D \(n, steps\), got shape \(2,\)$"),
    ],
    "seq2seq.build_translator": [
        ("attention", lambda: seq2seq.build_translator(1, 4, 2, 4),
         TypeError, "^attention must be a bool, got int$"),
        ("embedding_dim", lambda: seq2seq.build_translator(False, 0, 2, 4),
         ValueError, "^embedding_dim must be at least 1, got 0$"),
        ("encoder_units", lambda: seq2seq.build_translator(False, 4, 2.0, 4),
         TypeError, "^encoder_units must be an int, got float$"),
        ("decoder_units", lambda: seq2seq.build_translator(False, 4, 2, 5),
         ValueError, r"^decoder_units must be 2 \* encoder_units = 4 .*, got 5$"),
    ],
    "seq2seq.make_batches": [
        ("inputs", lambda: seq2seq.make_batches(None, DATE_TARGETS, 1, _rng()),
         TypeError, "^inputs must be a list of strings, got NoneType$"),
        ("targets", lambda: seq2seq.make_batches(DATE_INPUTS, "x", 1, _rng()),
         TypeError, "^targets must be a list of strings, got str$"),
        ("inputs, targets", lambda: seq2seq.make_batches([], [], 1, _rng()),
         ValueError, "^inputs and targets must be non-empty and of the same length"),
        ("batch_size",
         lambda: seq2seq.make_batches(DATE_INPUTS, DATE_TARGETS, 0, _rng()),
         ValueError, "^batch_size must be at least 1, got 0$"),
        ("rng", lambda: seq2seq.make_batches(DATE_INPUTS, DATE_TARGETS, 1, 0),
         TypeError, "^rng must be a numpy.random.Generator, got int$"),
    ],
    "seq2seq.exact_match": [
        ("model", lambda: seq2seq.exact_match("model", DATE_INPUTS, DATE_TARGETS),
         TypeError, "^model must be a keras.Model, got str$"),
        ("inputs", lambda: seq2seq.exact_match(_translator(), "x", DATE_TARGETS),
         TypeError, "^inputs must be a list of strings, got str$"),
        ("targets", lambda: seq2seq.exact_match(_translator(), DATE_INPUTS, None),
         TypeError, "^targets must be a list of strings, got NoneType$"),
        ("inputs, targets",
         lambda: seq2seq.exact_match(_translator(), DATE_INPUTS, DATE_TARGETS[:1]),
         ValueError, "^inputs and targets must have the same length, got 2 and 1$"),
        ("batch_size",
         lambda: seq2seq.exact_match(_translator(), DATE_INPUTS, DATE_TARGETS, 0),
         ValueError, "^batch_size must be at least 1, got 0$"),
    ],
    # A bad argument is refused before any training.
    "seq2seq.train_translator": [
        ("model", lambda: seq2seq.train_translator(None, _date_batches(), 1, _no_score),
         TypeError, "^model must be a keras.Model, got NoneType$"),
        ("batches",
         lambda: seq2seq.train_translator(_compiled_translator(), "b", 1, _no_score),
         TypeError, "^batches must be a list of minilotes from make_batches, got str$"),
        ("batches",
         lambda: seq2seq.train_translator(_compiled_translator(), [], 1, _no_score),
         ValueError, "^batches must not be empty$"),
        ("epochs", lambda: seq2seq.train_translator(_compiled_translator(),
                                                    _date_batches(), 0, _no_score),
         ValueError, "^epochs must be at least 1, got 0$"),
        ("evaluate", lambda: seq2seq.train_translator(_compiled_translator(),
                                                      _date_batches(), 1, 2.5),
         TypeError, "^evaluate must be a function of the model, got float$"),
    ],
}

#: The arguments no row above covers, and why.
NOT_CHECKED = {
    "legacy.rnn_graph": {"cell": "any tf.compat.v1 RNN cell, which TensorFlow checks"},
    "plotting.plot_unrolled_rnn": {"ax": "a Matplotlib Axes or None, used as given"},
    "plotting.plot_outputs": {"title": "any text", "axes": "Matplotlib Axes or None, as given"},
    "plotting.plot_gated_cell": {"ax": "a Matplotlib Axes or None, used as given"},
    "training.train_sequence_classifier": {"validation_data": "passed to Keras' Model.evaluate"},
}


def public_functions():
    """'module.name' of every public function of rnnbook that takes arguments, and
    'module.Class' and 'module.Class.method' of every public class (NamedTuples, which only
    hold results, aside) and its public methods."""
    names = []
    for module_name in ("data", "legacy", "plotting", "reference", "repro", "seq2seq",
                        "text", "training"):
        module = importlib.import_module(f"rnnbook.{module_name}")
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value) and inspect.signature(value).parameters:
                names.append(f"{module_name}.{name}")
            elif inspect.isclass(value) and not issubclass(value, tuple):  # not a NamedTuple
                names.append(f"{module_name}.{name}")
                names += [f"{module_name}.{name}.{method}" for method, function
                          in vars(value).items()
                          if not method.startswith("_") and inspect.isfunction(function)]
    return names


def _function(label):
    """The function (or class) a wiring label names."""
    module_name, *path = label.split(".")
    value = importlib.import_module(f"rnnbook.{module_name}")
    for part in path:
        value = getattr(value, part)
    return value


def test_the_wiring_table_covers_every_argument_of_every_public_function():
    assert sorted(WIRING) == sorted(public_functions())
    for label, rows in WIRING.items():
        function = _function(label)
        covered = {part for argument, *_ in rows for part in argument.split(", ")}
        covered |= set(NOT_CHECKED.get(label, {}))
        parameters = set(inspect.signature(function).parameters) - {"self"}
        assert covered == parameters, label


@pytest.mark.parametrize("label", sorted(WIRING))
def test_a_bad_argument_gets_an_error_that_names_it(label):
    for argument, call, error, message in WIRING[label]:
        try:
            call()
        except error as raised:
            assert re.search(message, str(raised)), f"{label}, {argument}: {raised}"
        except Exception as other:  # noqa: BLE001 (the wrong kind of error: say which argument)
            pytest.fail(f"{label}, {argument}: {type(other).__name__}: {other}")
        else:
            pytest.fail(f"{label}, {argument}: no {error.__name__}")
