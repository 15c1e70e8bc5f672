"""One argument-checking module: a wrong type is a TypeError, a bad value of the right type a
ValueError, with the same wording in every public helper."""

import pathlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import rnnbook  # noqa: E402
from rnnbook import _checks, data, legacy, plotting, reference, repro, training  # noqa: E402
from rnnbook._checks import (  # noqa: E402
    check_array, check_bool, check_choice, check_generator, check_instance, check_int,
    check_number, check_seed, check_str,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- Each checker -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_check_int_accepts_ints_and_returns_a_python_int(value):
    result = check_int(value, "n", minimum=1)
    assert result == 3 and type(result) is int


@pytest.mark.parametrize(
    "value, type_name",
    [(2.0, "float"), (2.5, "float"), (np.float64(2.0), "float64"), (True, "bool"),
     (np.bool_(True), "bool"), ("2", "str"), (None, "NoneType"), ([2], "list")],
)
def test_check_int_refuses_other_types(value, type_name):
    with pytest.raises(TypeError, match=f"^n must be an int, got {type_name}$"):
        check_int(value, "n", minimum=1)


def test_check_int_bounds_and_none():
    with pytest.raises(ValueError, match="^n must be at least 1, got 0$"):
        check_int(0, "n", minimum=1)
    with pytest.raises(ValueError, match="^n must be at most 8, got 9$"):
        check_int(9, "n", maximum=8)
    with pytest.raises(ValueError, match="^n must be between 1 and 8, got -1$"):
        check_int(-1, "n", 1, 8)
    assert check_int(-5, "n") == -5 and check_int(10**30, "n", minimum=0) == 10**30
    assert check_int(None, "n", allow_none=True) is None
    with pytest.raises(TypeError, match="^n must be an int or None, got float$"):
        check_int(1.0, "n", allow_none=True)


def test_check_seed():
    assert check_seed(0) == 0 and check_seed(_checks.SEED_MAX) == 2**32 - 1
    assert check_seed(None, allow_none=True) is None
    for seed in (-1, 2**32):
        with pytest.raises(ValueError, match=f"^seed must be between 0 and 4294967295, got {seed}$"):
            check_seed(seed)
    with pytest.raises(TypeError, match="^seed must be an int, got NoneType$"):
        check_seed(None)


@pytest.mark.parametrize("value", [0, -2, 1.5, np.float32(0.25), np.int8(3), 10**400])
def test_check_number_returns_the_value_unchanged(value):
    assert check_number(value, "x") is value


@pytest.mark.parametrize(
    "value, error, message",
    [("1.0", TypeError, "^x must be a number, got str$"),
     (True, TypeError, "^x must be a number, got bool$"),
     (None, TypeError, "^x must be a number, got NoneType$"),
     (1j, TypeError, "^x must be a number, got complex$"),
     (np.array(1.0), TypeError, "^x must be a number, got ndarray$"),
     (float("nan"), ValueError, "^x must be finite, got nan$"),
     (-np.inf, ValueError, "^x must be finite, got -inf$"),
     (-0.5, ValueError, "^x must be at least 0, got -0.5$")],
)
def test_check_number_refuses(value, error, message):
    with pytest.raises(error, match=message):
        check_number(value, "x", minimum=0)


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
    with pytest.raises(TypeError, match="^rng must be a numpy.random.Generator or None, got RandomState$"):
        check_generator(np.random.RandomState(0), allow_none=True)
    assert check_instance(len, "f", type(len), "a builtin") is len
    with pytest.raises(TypeError, match="^f must be a builtin, got int$"):
        check_instance(3, "f", type(len), "a builtin")


def test_check_array_kinds_dims_and_conversion():
    array = check_array([[1, 2]], "a", dims=("rows", "cols"), dtype=np.float64)
    assert array.dtype == np.float64 and array.shape == (1, 2)
    assert check_array(np.array([True]), "a").dtype == bool  # bools are numeric
    assert check_array(3, "a").ndim == 0
    values = np.arange(3)
    assert check_array(values, "a") is values  # no copy without dtype=
    with pytest.raises(ValueError, match=r"^a must be 3-D \(batch, n_steps, n_inputs\), got shape \(1, 2\)$"):
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


# --- The public helpers, walked with the same bad inputs ---------------------------------------

X_TINY, Y_TINY = np.zeros((8, 3, 2), np.float32), np.zeros(8, np.int32)


def _graph_session(seed):
    with legacy.graph_session(seed=seed):
        pass


def _rng():
    return np.random.default_rng(0)


#: (label, call with the int argument, its name, whether None is allowed); every call is valid
#: with a good value, so any error comes from the argument under test.
INT_ARGUMENTS = [
    ("data.shuffle_batch", lambda v: next(data.shuffle_batch(np.zeros(5), np.zeros(5), v)), "batch_size", False),
    ("data.next_batch batch_size", lambda v: data.next_batch(v, 5), "batch_size", False),
    ("data.next_batch n_steps", lambda v: data.next_batch(5, v), "n_steps", False),
    ("data.adding_problem n", lambda v: data.adding_problem(v, 10, _rng()), "n", False),
    ("data.adding_problem n_steps", lambda v: data.adding_problem(5, v, _rng()), "n_steps", False),
    ("data.synthetic_series n_series", lambda v: data.synthetic_series(v, 10, _rng()), "n_series", False),
    ("data.synthetic_series n_steps", lambda v: data.synthetic_series(5, v, _rng()), "n_steps", False),
    # Checked before the file is read (or downloaded): the path need not exist.
    ("data.load_mnist", lambda v: data.load_mnist("/absent.npz", n_valid=v), "n_valid", False),
    ("training.build n_neurons", lambda v: training.build_sequence_classifier(n_neurons=v), "n_neurons", False),
    ("training.build n_inputs", lambda v: training.build_sequence_classifier(n_inputs=v), "n_inputs", False),
    ("training.build n_outputs", lambda v: training.build_sequence_classifier(n_outputs=v), "n_outputs", False),
    ("training.build n_steps", lambda v: training.build_sequence_classifier(n_steps=v), "n_steps", True),
    ("training.train epochs",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, epochs=v, batch_size=4), "epochs", False),
    ("training.train batch_size",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, batch_size=v), "batch_size", False),
    ("training.train n_neurons",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, n_neurons=v, batch_size=4), "n_neurons", False),
    ("training.train seed",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, seed=v, batch_size=4), "seed", True),
    ("plotting.plot_unrolled_rnn", lambda v: plotting.plot_unrolled_rnn(v), "n_steps", False),
    ("repro.seed_everything", lambda v: repro.seed_everything(v), "seed", False),
    ("legacy.graph_session", _graph_session, "seed", True),
    ("legacy.run_dynamic_rnn", lambda v: legacy.run_dynamic_rnn(lambda: None, np.zeros((1, 2, 1)), seed=v),
     "seed", True),
    ("legacy.measure_unrolling n_steps", lambda v: legacy.measure_unrolling("static", v), "n_steps", False),
    ("legacy.measure_unrolling repeats", lambda v: legacy.measure_unrolling("static", 2, repeats=v), "repeats",
     False),
    ("legacy.measure_unrolling n_runs", lambda v: legacy.measure_unrolling("static", 2, n_runs=v), "n_runs", False),
]


@pytest.mark.parametrize("value", [2.0, 2.5, True, "2", np.float32(2)], ids=repr)
@pytest.mark.parametrize("call, name, allow_none", [case[1:] for case in INT_ARGUMENTS],
                         ids=[case[0] for case in INT_ARGUMENTS])
def test_every_int_argument_refuses_other_types_with_a_type_error(call, name, allow_none, value):
    expected = "an int or None" if allow_none else "an int"
    with pytest.raises(TypeError, match=f"^{name} must be {expected}, got {type(value).__name__}$"):
        call(value)


@pytest.mark.parametrize("call, name, allow_none", [case[1:] for case in INT_ARGUMENTS],
                         ids=[case[0] for case in INT_ARGUMENTS])
def test_every_int_argument_refuses_minus_one_with_a_value_error(call, name, allow_none):
    with pytest.raises(ValueError, match=f"^{name} must be (at least|between) .*, got -1$"):
        call(-1)


NUMBER_ARGUMENTS = [
    ("data.next_batch t_min", lambda v: data.next_batch(5, 5, t_min=v), "t_min"),
    ("data.next_batch t_max", lambda v: data.next_batch(5, 5, t_max=v), "t_max"),
    ("repro.format_figure", lambda v: repro.format_figure(v), "value"),
    ("repro.glue_figure", lambda v: rnnbook.glue_figure("x", v), "value"),
    ("legacy.keras_lstm_to_legacy",
     lambda v: legacy.keras_lstm_to_legacy(np.zeros((2, 4)), np.zeros((1, 4)), np.zeros(4), forget_bias=v),
     "forget_bias"),
    ("training.train learning_rate",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, learning_rate=v, batch_size=4), "learning_rate"),
    ("reference.agree", lambda v: reference.agree(np.zeros(2), np.zeros(2), atol=v), "atol"),
]


@pytest.mark.parametrize("call, name", [case[1:] for case in NUMBER_ARGUMENTS],
                         ids=[case[0] for case in NUMBER_ARGUMENTS])
def test_every_number_argument(call, name):
    for value in ("1.0", True, None):
        with pytest.raises(TypeError, match=f"^{name} must be a number, got {type(value).__name__}$"):
            call(value)
    for value in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match=f"^{name} must be finite, got {value}$"):
            call(value)


RNG_ARGUMENTS = [
    ("data.shuffle_batch", lambda v: next(data.shuffle_batch(np.zeros(5), np.zeros(5), 2, rng=v)), True),
    ("data.next_batch", lambda v: data.next_batch(5, 5, rng=v), True),
    ("data.adding_problem", lambda v: data.adding_problem(5, 10, v), False),
    ("data.synthetic_series", lambda v: data.synthetic_series(5, 10, v), False),
    ("legacy.measure_unrolling", lambda v: legacy.measure_unrolling("static", 2, rng=v, n_runs=1), True),
]


@pytest.mark.parametrize("value", [42, np.random.RandomState(0)], ids=["int", "RandomState"])
@pytest.mark.parametrize("call, allow_none", [case[1:] for case in RNG_ARGUMENTS],
                         ids=[case[0] for case in RNG_ARGUMENTS])
def test_every_rng_argument_wants_a_generator(call, allow_none, value):
    expected = "a numpy.random.Generator" + (" or None" if allow_none else "")
    with pytest.raises(TypeError, match=f"^rng must be {expected}, got {type(value).__name__}$"):
        call(value)


RNN = dict(X=np.zeros((1, 2, 3)), W_x=np.zeros((3, 4)), W_y=np.zeros((4, 4)), b=np.zeros(4))
CHOICE_ARGUMENTS = [
    ("training.build cell", lambda v: training.build_sequence_classifier(cell=v), "cell"),
    ("training.train cell", lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, cell=v, batch_size=4),
     "cell"),
    ("plotting.plot_gated_cell", lambda v: plotting.plot_gated_cell(v), "kind"),
    ("legacy.measure_unrolling", lambda v: legacy.measure_unrolling(v, 2), "unroll"),
    ("reference.rnn_forward", lambda v: reference.rnn_forward(**RNN, activation=v), "activation"),
    ("reference.rnn_backward",
     lambda v: reference.rnn_backward(**RNN, d_outputs=np.zeros((1, 2, 4)), activation=v), "activation"),
]


@pytest.mark.parametrize("call, name", [case[1:] for case in CHOICE_ARGUMENTS],
                         ids=[case[0] for case in CHOICE_ARGUMENTS])
def test_every_choice_argument(call, name):
    for value in (3, None, np.tanh):
        with pytest.raises(TypeError, match=f"^{name} must be a string, got {type(value).__name__}$"):
            call(value)
    with pytest.raises(ValueError, match=f"^{name} must be one of '.*', got 'unknown'$"):
        call("unknown")


BOOL_ARGUMENTS = [
    ("reference.gru_forward reset_after",
     lambda v: reference.gru_forward(np.zeros((1, 2, 3)), np.zeros((3, 6)), np.zeros((2, 6)), np.zeros((2, 6)),
                                     reset_after=v), "reset_after"),
    ("training.build unroll", lambda v: training.build_sequence_classifier(unroll=v), "unroll"),
    ("training.train unroll",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, unroll=v, batch_size=4), "unroll"),
    ("training.train jit_compile",
     lambda v: training.train_sequence_classifier(X_TINY, Y_TINY, jit_compile=v, batch_size=4), "jit_compile"),
]
BOOL_OR_NONE = {"jit_compile"}  # None: the function decides (XLA unless distributed)


@pytest.mark.parametrize("call, name", [case[1:] for case in BOOL_ARGUMENTS],
                         ids=[case[0] for case in BOOL_ARGUMENTS])
def test_every_bool_argument(call, name):
    expected = "a bool or None" if name in BOOL_OR_NONE else "a bool"
    for value in (1, 0, "True") + (() if name in BOOL_OR_NONE else (None,)):
        with pytest.raises(TypeError, match=f"^{name} must be {expected}, got {type(value).__name__}$"):
            call(value)


ARRAY_ARGUMENTS = [
    ("data.time_series", lambda v: data.time_series(v), "t", None),
    ("reference.rnn_forward", lambda v: reference.rnn_forward(v, RNN["W_x"], RNN["W_y"], RNN["b"]), "X",
     "(batch, n_steps, n_inputs)"),
    ("reference.lstm_forward", lambda v: reference.lstm_forward(v, np.zeros((3, 4)), np.zeros((1, 4)), np.zeros(4)),
     "X", "(batch, n_steps, n_inputs)"),
    ("training.train", lambda v: training.train_sequence_classifier(v, Y_TINY, batch_size=4), "X_train",
     "(n, n_steps, n_inputs)"),
    ("plotting.plot_outputs", lambda v: plotting.plot_outputs(v), "outputs", "(batch, n_steps, n_neurons)"),
]


@pytest.mark.parametrize("call, name, dims", [case[1:] for case in ARRAY_ARGUMENTS],
                         ids=[case[0] for case in ARRAY_ARGUMENTS])
def test_every_array_argument(call, name, dims):
    with pytest.raises(TypeError, match=f"^{name} must be a numeric array, got dtype <U1$"):
        call(np.full((8, 3, 2), "a"))
    if dims is not None:
        with pytest.raises(ValueError, match=rf"^{name} must be 3-D \({dims[1:-1]}\), got shape \(8, 3\)$"):
            call(np.zeros((8, 3)))


def test_the_package_checks_arguments_only_in_checks():
    """No module keeps its own copy: every TypeError and isinstance test lives in _checks."""
    package = pathlib.Path(rnnbook.__file__).parent
    copies = [path.name for path in package.glob("*.py") if path.name != "_checks.py"
              and ("isinstance(" in path.read_text(encoding="utf-8")
                   or "raise TypeError" in path.read_text(encoding="utf-8"))]
    assert not copies, copies
