import collections
import datetime
import os
import re

import numpy as np
import pytest

from rnnbook import data

SHARED_MNIST = os.environ.get(data.MNIST_ENV)


def fake_mnist(path, **change):
    rng = np.random.default_rng(0)
    arrays = dict(
        x_train=rng.integers(0, 256, size=(30, 28, 28), dtype=np.uint8),
        y_train=(np.arange(30) % 10).astype(np.uint8),
        x_test=rng.integers(0, 256, size=(10, 28, 28), dtype=np.uint8),
        y_test=(np.arange(10) % 10).astype(np.uint8),
    )
    arrays.update(change)
    arrays = {k: v for k, v in arrays.items() if v is not None}
    np.savez(path, **arrays)
    return path


def test_source_batch_is_the_source_data():
    X = data.source_batch()
    assert X.shape == (4, 2, 3) and X.dtype == np.float32
    assert X[:, 0].tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 0, 1]]
    assert X[:, 1].tolist() == [[9, 8, 7], [0, 0, 0], [6, 5, 4], [3, 2, 1]]
    assert data.SEQ_LENGTH_BATCH.tolist() == [2, 1, 2, 2]


def test_load_mnist_from_a_file(tmp_path):
    path = fake_mnist(tmp_path / "m.npz")
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = data.load_mnist(path, n_valid=5)
    assert X_train.shape == (25, 28, 28) and X_valid.shape == (5, 28, 28) and X_test.shape == (10, 28, 28)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int32
    assert 0 <= X_train.min() and X_train.max() <= 1
    with np.load(path) as raw:
        np.testing.assert_array_equal(X_valid, raw["x_train"][:5] / np.float32(255))
        np.testing.assert_array_equal(y_train, raw["y_train"][5:])


def test_load_mnist_reads_the_environment_variable(tmp_path, monkeypatch):
    path = fake_mnist(tmp_path / "env.npz")
    monkeypatch.setenv(data.MNIST_ENV, str(path))
    assert len(data.load_mnist(n_valid=3)[1][0]) == 3


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(y_test=None), r"missing arrays \['y_test'\]"),
        (dict(x_train=np.zeros((30, 28), np.uint8)), "x_train has shape"),
        (dict(x_test=np.zeros((10, 28, 27), np.uint8)), "x_test has shape"),
        (dict(x_train=np.zeros((30, 28, 28), np.float32)), "x_train has dtype float32"),
        (dict(y_train=np.full(30, 10, np.uint8)), "y_train has labels outside 0-9"),
        (dict(y_test=np.arange(9, dtype=np.uint8)), "x_test has 10 images but y_test has 9 labels"),
    ],
)
def test_load_mnist_refuses_bad_files(tmp_path, change, message):
    path = fake_mnist(tmp_path / "bad.npz", **change)
    with pytest.raises(ValueError, match=message) as error:
        data.load_mnist(path)
    assert "bad.npz" in str(error.value)


def test_load_mnist_errors(tmp_path):
    """(A missing file and a negative n_valid: the wiring table of test_checks.py.)"""
    (tmp_path / "junk.npz").write_text("not a zip")
    with pytest.raises(ValueError, match="junk.npz: not a readable"):
        data.load_mnist(tmp_path / "junk.npz")
    message = "^n_valid must be smaller than the 30 training images, got 30$"
    with pytest.raises(ValueError, match=message):
        data.load_mnist(fake_mnist(tmp_path / "m.npz"), n_valid=30)


def test_no_data_and_no_network_names_the_variable(monkeypatch, tmp_path):
    """Without the file and without network, the download fails fast (a 10 s socket timeout
    while it runs, the previous timeout restored after) and the error names the variable."""
    import socket

    import keras

    monkeypatch.delenv(data.MNIST_ENV, raising=False)
    seen = []

    def offline(*args, **kwargs):
        seen.append(socket.getdefaulttimeout())
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    previous = socket.getdefaulttimeout()
    with pytest.raises(RuntimeError, match=f"set the environment variable {data.MNIST_ENV}"):
        data.load_mnist()
    assert seen == [10]
    assert socket.getdefaulttimeout() == previous


@pytest.mark.skipif(not SHARED_MNIST, reason=f"{data.MNIST_ENV} is not set")
def test_the_shared_mnist_file():
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = data.load_mnist()
    assert (len(X_train), len(X_valid), len(X_test)) == (55000, 5000, 10000)
    assert y_valid[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_shuffle_batch_covers_every_sample_once():
    X, y = np.arange(103)[:, None], np.arange(103)
    batches = list(data.shuffle_batch(X, y, 10, rng=np.random.default_rng(1)))
    assert len(batches) == 10
    assert sorted(np.concatenate([b[1] for b in batches]).tolist()) == list(range(103))
    assert all((bx[:, 0] == by).all() for bx, by in batches)
    again = list(data.shuffle_batch(X, y, 10, rng=np.random.default_rng(1)))
    assert all((a[1] == b[1]).all() for a, b in zip(batches, again))


def test_shuffle_batch_with_the_global_generator_follows_np_random_seed():
    X, y = np.arange(20), np.arange(20)
    np.random.seed(3)
    first = [b[1].tolist() for b in data.shuffle_batch(X, y, 5)]
    np.random.seed(3)
    assert first == [b[1].tolist() for b in data.shuffle_batch(X, y, 5)]


def test_shuffle_batch_needs_a_batch_per_step():
    with pytest.raises(ValueError, match="^batch_size must not exceed the 5 samples, got 6$"):
        next(data.shuffle_batch(np.zeros(5), np.zeros(5), 6))
    assert len(list(data.shuffle_batch(np.zeros(5), np.zeros(5), 5))) == 1  # the limit itself


def test_time_series_formula():
    t = np.array([0.0, 1.0, 12.2])
    np.testing.assert_allclose(data.time_series(t), t * np.sin(t) / 3 + 2 * np.sin(5 * t))
    assert data.time_series(0.0) == 0.0


def test_next_batch_windows_follow_the_series():
    X, y = data.next_batch(7, 20, rng=np.random.default_rng(0))
    assert X.shape == y.shape == (7, 20, 1) and X.dtype == np.float32
    np.testing.assert_array_equal(X[:, 1:], y[:, :-1])
    # Recover each window's start from a grid search and check every value against the formula.
    for window in X[:, :, 0]:
        grid = np.arange(data.T_MIN, data.T_MAX - 20 * data.RESOLUTION, 1e-4)
        values = data.time_series(grid)
        t0 = grid[np.argmin(np.abs(values - window[0]) + np.abs(data.time_series(grid + data.RESOLUTION) - window[1]))]
        np.testing.assert_allclose(window, data.time_series(t0 + np.arange(20) * data.RESOLUTION), atol=2e-3)


def test_next_batch_is_reproducible_and_stays_in_range():
    a = data.next_batch(50, 20, rng=np.random.default_rng(5))
    b = data.next_batch(50, 20, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a[0], b[0])
    X, _ = data.next_batch(1, 299, rng=np.random.default_rng(0))
    assert X.shape == (1, 299, 1)


def test_next_batch_inside_a_time_range():
    """Chapter 6's chronological split: windows and targets stay inside [t_min, t_max]."""
    rng = np.random.default_rng(3)
    X, y = data.next_batch(2000, 20, rng=rng, t_min=24.0, t_max=30.0)
    assert X.shape == y.shape == (2000, 20, 1)
    # Recover each window's start from its values on a fine grid of candidate starts.
    starts = np.arange(24.0, 30.0 - 2.0 + 1e-9, 0.0005)
    grid = data.time_series(starts[:, None] + np.arange(21) * data.RESOLUTION)
    for k in rng.choice(2000, 25, replace=False):
        window = np.concatenate([X[k, :, 0], y[k, -1:, 0]])
        best = np.abs(grid - window).max(axis=1).argmin()
        assert np.abs(grid[best] - window).max() < 0.01
    # The default range is the source's.
    a = data.next_batch(5, 20, rng=np.random.default_rng(1))
    b = data.next_batch(5, 20, rng=np.random.default_rng(1), t_min=data.T_MIN, t_max=data.T_MAX)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))


def test_next_batch_refuses_a_window_that_does_not_fit():
    """A window of n_steps + 1 values, RESOLUTION apart, must fit strictly inside the range."""
    with pytest.raises(ValueError, match=r"^a window of n_steps=300 \(\+1 target\) does not fit in "
                                         r"\[0.0, 30.0\] at resolution 0.1$"):
        data.next_batch(5, 300)  # exactly the whole range: no room to start anywhere
    with pytest.raises(ValueError, match=r"does not fit in \[29.0, 30.0\]"):
        data.next_batch(5, 20, t_min=29.0)
    with pytest.raises(ValueError, match=r"does not fit in \[24.0, 20.0\]"):
        data.next_batch(5, 20, t_min=24.0, t_max=20.0)


# --- The adding problem (chapter 8) ---------------------------------------------------------------

def test_adding_problem_shapes_markers_and_targets():
    X, y = data.adding_problem(500, 20, np.random.default_rng(0))
    assert X.shape == (500, 20, 2) and y.shape == (500, 1)
    assert X.dtype == np.float32 and y.dtype == np.float32
    markers = X[:, :, 1]
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert (markers.sum(axis=1) == 2).all()
    assert (markers[:, :10].sum(axis=1) == 1).all() and (markers[:, 10:].sum(axis=1) == 1).all()
    np.testing.assert_allclose(y[:, 0], (X[:, :, 0] * markers).sum(axis=1), rtol=1e-6)
    assert 0 <= X[:, :, 0].min() and X[:, :, 0].max() < 1


def test_adding_problem_baseline_is_one_sixth():
    _, y = data.adding_problem(200_000, 10, np.random.default_rng(1))
    assert abs(y.mean() - 1.0) < 0.005
    assert abs(((y - 1.0) ** 2).mean() - data.ADDING_BASELINE_MSE) < 0.002
    # Every position of each half is used.
    X, _ = data.adding_problem(2000, 6, np.random.default_rng(2))
    assert (X[:, :, 1].sum(axis=0) > 0).all()


def test_adding_problem_is_reproducible():
    a = data.adding_problem(30, 7, np.random.default_rng(5))
    b = data.adding_problem(30, 7, np.random.default_rng(5))
    c = data.adding_problem(30, 7, np.random.default_rng(6))
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    assert not np.array_equal(a[0], c[0])


# --- Géron's synthetic benchmark (chapter 9) ------------------------------------------------------

def test_synthetic_series_is_the_documented_formula():
    n_series, n_steps = 40, 60
    series = data.synthetic_series(n_series, n_steps, np.random.default_rng(3))
    assert series.shape == (n_series, n_steps, 1) and series.dtype == np.float32
    # The draws, in the documented order: f1, f2, o1, o2 per series, then u per step.
    rng = np.random.default_rng(3)
    f1, f2, o1, o2 = rng.random((4, n_series, 1))
    u = rng.random((n_series, n_steps))
    t = np.linspace(0, 1, n_steps)  # over the whole series, targets included
    expected = (0.5 * np.sin((t - o1) * (10 * f1 + 10)) + 0.2 * np.sin((t - o2) * (20 * f2 + 20))
                + 0.1 * (u - 0.5))
    np.testing.assert_allclose(series[..., 0], expected, atol=1e-7)


def test_synthetic_series_statistics():
    series = data.synthetic_series(20_000, 51, np.random.default_rng(1))
    # Bounded by the amplitudes 0.5 + 0.2 + 0.05; centred; the variance of five seeds of 5 000
    # series ranged 0.1450-0.1456 (two sines of random phase, 0.125 + 0.02 at most, + noise).
    assert np.abs(series).max() <= 0.75
    assert abs(series.mean()) < 0.002
    assert 0.140 < series.var() < 0.150
    # Longer series squeeze more periods into t in [0, 1]: the steps are closer together.
    short, long = (data.synthetic_series(2000, n, np.random.default_rng(0)) for n in (11, 101))
    assert np.abs(np.diff(long, axis=1)).mean() < np.abs(np.diff(short, axis=1)).mean() / 5


def test_synthetic_series_is_reproducible():
    a = data.synthetic_series(30, 51, np.random.default_rng(5))
    b = data.synthetic_series(30, 51, np.random.default_rng(5))
    c = data.synthetic_series(30, 51, np.random.default_rng(6))
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert sum(data.SYNTHETIC_SPLITS) == 10_000


# --- Dom Casmurro (chapter 10) ------------------------------------------------------------------

def roman(number):
    numerals = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


def fake_novel(n_chapters=148, body=2_450):
    """A stand-in for the novel as NLTK's file has it (C1 characters, no-break spaces): the
    front matter, 148 headings, 'Capitu', the dialogue dash U+0097, 'FIM' at the end."""
    paragraph = "\u0097 Capitu olhou\u00a0para mim, e disse que sim.\u0094 " * 60
    chapters = [
        f"CAPÍTULO {'PRIMEIRO' if i == 1 else roman(i)}\n\nTÍTULO {i}\n\n{paragraph[:body]}\n\n"
        for i in range(1, n_chapters + 1)
    ]
    return "Romance, Dom Casmurro, 1899\n\n" + "".join(chapters) + "FIM\n"


def test_load_dom_casmurro_reads_either_encoding_the_same(tmp_path):
    """The shared copy (UTF-8 holding the C1 characters) and the corpus' own bytes (Windows-1252,
    CRLF line ends) give one text, with the dash and the quote mended."""
    novel = fake_novel()
    (tmp_path / "utf8.txt").write_text(novel, encoding="utf-8")
    single_byte = novel.encode("latin-1").replace(b"\n", b"\r\n")
    (tmp_path / "cp1252.txt").write_bytes(single_byte)
    text = data.load_dom_casmurro(tmp_path / "utf8.txt")
    assert data.load_dom_casmurro(str(tmp_path / "cp1252.txt")) == text
    assert text == novel.replace("\u0097", "—").replace("\u0094", "”").replace("\u00a0", " ")
    assert not any("\u0080" <= c <= "\u009f" or c in "\r\u00a0" for c in text)


def test_load_dom_casmurro_reads_the_environment_variable(tmp_path, monkeypatch):
    (tmp_path / "novel.txt").write_text(fake_novel(), encoding="utf-8")
    monkeypatch.setenv(data.TEXT_ENV, str(tmp_path / "novel.txt"))
    assert data.load_dom_casmurro().endswith("FIM\n")
    monkeypatch.setenv(data.TEXT_ENV, str(tmp_path / "absent.txt"))
    with pytest.raises(FileNotFoundError, match=r"absent.txt \(from RNNBOOK_TEXT\)"):
        data.load_dom_casmurro()


@pytest.mark.parametrize(
    "content, message",
    [
        (fake_novel(body=1_000).encode(), r"1\d\d,\d{3} characters, expected 360,000 to 390,000"),
        (fake_novel(n_chapters=140, body=2_600).encode(), "140 chapter headings, expected 148"),
        (fake_novel().replace("Capitu", "Capitú").encode(), "not the words of Dom Casmurro"),
        (fake_novel().encode("latin-1").replace(b"\x97", b"\x81"), "neither UTF-8 nor"),
    ],
    ids=["too short", "headings", "words", "bytes"],
)
def test_load_dom_casmurro_refuses_a_file_that_is_not_the_novel(tmp_path, content, message):
    (tmp_path / "other.txt").write_bytes(content)
    with pytest.raises(ValueError, match=f"other.txt is not Dom Casmurro: .*{message}"):
        data.load_dom_casmurro(tmp_path / "other.txt")


def test_dom_casmurro_without_file_nor_network_names_the_variable_within_a_minute(tmp_path):
    """No path, no variable, no cached download, and a server that never answers: the error comes
    within the 10 s socket timeout (the issue allows 60 s) and says how to give the file."""
    import subprocess
    import sys
    import time

    code = (
        "from rnnbook import data\n"
        "data.MACHADO_URL = 'http://10.255.255.1/machado.zip'  # a blackhole\n"
        "data.load_dom_casmurro()\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != data.TEXT_ENV}
    environment.update(KERAS_HOME=str(tmp_path / "keras"), HOME=str(tmp_path))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=environment, timeout=120)
    elapsed = time.perf_counter() - start
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("RuntimeError: Dom Casmurro could not be downloaded"), last_line
    assert f"set the environment variable {data.TEXT_ENV}" in last_line
    assert elapsed < 60, elapsed


@pytest.mark.skipif(not os.environ.get(data.TEXT_ENV), reason=f"{data.TEXT_ENV} is not set")
def test_the_shared_text():
    import hashlib

    text = data.load_dom_casmurro()
    assert len(text) == 373_504 and text.count("—") == 841 and text.count("”") == 29
    assert text.startswith("Romance, Dom Casmurro, 1899\n")
    assert hashlib.sha256(text.encode()).hexdigest() == (
        "790f943c500707e72f168aeaf87fe428f34bf4239365615da6b4af1f40342030"
    )


# --- Dates written in Portuguese (chapter 11) -----------------------------------------

# The names written again, not taken from rnnbook.data: the parser checks the module.
MONTHS = ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
          "setembro", "outubro", "novembro", "dezembro")
ABBREVIATIONS = ("jan.", "fev.", "mar.", "abr.", "maio", "jun.", "jul.", "ago.", "set.",
                 "out.", "nov.", "dez.")
WEEKDAYS = ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira",
            "sexta-feira", "sábado", "domingo")  # date.weekday() is 0 on Monday
FIRST, LAST = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)


def _either(words):
    return "(" + "|".join(re.escape(word) for word in words) + ")"


_DAY = r"(1º|[2-9]|[12]\d|3[01])"  # a named month's first day: "1º", not "1" nor "01"
_YEAR = r"(\d{4})"
_PATTERNS = {  # form: a regex of the whole text, whose last groups are day, month, year
    "numérica": rf"(\d\d)/(\d\d)/{_YEAR}",  # 03/03/1998
    "numérica curta": rf"([1-9]\d?)/([1-9]\d?)/{_YEAR}",  # 3/3/1998
    "por extenso": rf"{_DAY} de {_either(MONTHS)} de {_YEAR}",  # 3 de março de 1998
    "abreviada": rf"{_DAY} {_either(ABBREVIATIONS)} {_YEAR}",  # 3 mar. 1998
    "com dia da semana": (  # terça-feira, 3 de março de 1998
        rf"{_either(WEEKDAYS)}, {_DAY} de {_either(MONTHS)} de {_YEAR}"
    ),
}


def parse_date_pt(text):
    """The date a Brazilian form writes, and the form (``"numérica"`` when both numeric
    forms fit, e.g. 10/10/1998); a text of no form, a day that does not exist or a wrong
    weekday is a ValueError."""
    for form, pattern in _PATTERNS.items():
        match = re.fullmatch(pattern, text)
        if match:
            break
    else:
        raise ValueError(f"no Brazilian form: {text!r}")
    *weekday, day, month, year = match.groups()
    day = 1 if day == "1º" else int(day)
    if not month.isdigit():
        month = (ABBREVIATIONS if form == "abreviada" else MONTHS).index(month) + 1
    date = datetime.date(int(year), int(month), day)  # ValueError: no such day
    if weekday and WEEKDAYS.index(weekday[0]) != date.weekday():
        raise ValueError(f"{text!r}: {date} is a {WEEKDAYS[date.weekday()]}")
    return date, form


@pytest.mark.parametrize("text, date, form", [
    ("03/03/1998", (1998, 3, 3), "numérica"),
    ("31/12/2099", (2099, 12, 31), "numérica"),
    ("3/3/1998", (1998, 3, 3), "numérica curta"),
    ("1/10/1900", (1900, 10, 1), "numérica curta"),
    ("3 de março de 1998", (1998, 3, 3), "por extenso"),
    ("1º de janeiro de 1900", (1900, 1, 1), "por extenso"),
    ("3 mar. 1998", (1998, 3, 3), "abreviada"),
    ("29 maio 2000", (2000, 5, 29), "abreviada"),
    ("terça-feira, 3 de março de 1998", (1998, 3, 3), "com dia da semana"),
    ("sábado, 1º de janeiro de 2000", (2000, 1, 1), "com dia da semana"),
])
def test_the_date_parser_of_these_tests_reads_each_form(text, date, form):
    assert parse_date_pt(text) == (datetime.date(*date), form)


@pytest.mark.parametrize("text", [
    "segunda-feira, 3 de março de 1998",  # a Tuesday
    "1 de março de 1998", "01 mar. 1998", "1º/3/1998",  # the first day, written wrong
    "3/3/98", "03/03/98", "3 de março de 98",  # a year in two digits
    "03/3/1998", "3/03/1998",  # half padded
    "29/02/1900", "31 de abril de 2000", "0/1/2000",  # no such day
    "3 de marco de 1998", "3 maio. 1998", "3 março 1998", "3 de mar. de 1998",
    "terça, 3 de março de 1998", "Terça-feira, 3 de março de 1998", " 3/3/1998",
])
def test_the_date_parser_of_these_tests_refuses_a_wrong_text(text):
    with pytest.raises(ValueError):
        parse_date_pt(text)


def test_dates_pt_inputs_write_their_targets_and_spread_over_the_range():
    n = 5_000
    inputs, targets = data.dates_pt(n, np.random.default_rng(0))
    assert type(inputs) is list and type(targets) is list
    assert len(inputs) == len(targets) == n
    assert all(type(text) is str for text in inputs + targets)
    dates, forms = [], collections.Counter()
    for text, target in zip(inputs, targets):
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", target), target
        date = datetime.date.fromisoformat(target)  # a real day
        assert FIRST <= date <= LAST, target
        parsed, form = parse_date_pt(text)
        assert parsed == date, (text, target)
        dates.append(date)
        forms[form] += 1
    # Unambiguous: one text never stands for two dates.
    assert len(set(zip(inputs, targets))) == len(set(inputs))
    # Every form, drawn uniformly: a share of 1/5 has a standard deviation of 0.006
    # here; the two numeric forms count together, 10/10/1998 being written both ways.
    assert set(forms) == set(_PATTERNS)
    for form in ("por extenso", "abreviada", "com dia da semana"):
        assert abs(forms[form] / n - 1 / 5) < 0.04, forms
    assert abs((forms["numérica"] + forms["numérica curta"]) / n - 2 / 5) < 0.05, forms
    # Dates uniform over the range. For any seed but once in e^40 or so: both centuries,
    # the first and last two years, every month, weekday and day of the month, and "1º".
    years = [date.year for date in dates]
    assert min(years) <= 1901 and max(years) >= 2098
    assert {date.month for date in dates} == set(range(1, 13))
    assert {date.weekday() for date in dates} == set(range(7))
    assert {date.day for date in dates} == set(range(1, 32))
    assert any("1º " in text for text in inputs)
    # Shares within 5 standard deviations (0.004 for a month, 0.005 for a weekday, 0.007
    # for a century) of the share of the range's days.
    days = [FIRST + datetime.timedelta(k) for k in range((LAST - FIRST).days + 1)]
    for key, margin in [(lambda d: d.month, 0.02), (lambda d: d.weekday(), 0.025),
                        (lambda d: d.year // 100, 0.035)]:
        drawn, expected = (collections.Counter(map(key, x)) for x in (dates, days))
        for value, count in expected.items():
            assert abs(drawn[value] / n - count / len(days)) < margin, (value, drawn)


def test_dates_pt_is_reproducible():
    a = data.dates_pt(200, np.random.default_rng(7))
    b = data.dates_pt(200, np.random.default_rng(7))
    c = data.dates_pt(200, np.random.default_rng(8))
    assert a == b
    assert a[0] != c[0] and a[1] != c[1]
    one = data.dates_pt(np.int64(1), np.random.default_rng(7))  # a NumPy int is an int
    assert [len(half) for half in one] == [1, 1]


@pytest.mark.parametrize("forms", [
    ("abreviada",), ["numérica curta"], ("com dia da semana", "numérica"),
    ["por extenso", "abreviada"],
])
def test_dates_pt_draws_only_the_forms_asked_for(forms):
    inputs, targets = data.dates_pt(300, np.random.default_rng(1), forms=forms)
    alone = set()  # the forms some text fits alone (10/10/1998 fits both numeric forms)
    for text, target in zip(inputs, targets):
        assert parse_date_pt(text)[0].isoformat() == target
        fits = {form for form, regex in _PATTERNS.items() if re.fullmatch(regex, text)}
        assert fits & set(forms), text
        alone |= fits if len(fits) == 1 else set()
    assert alone == set(forms)
