"""Data used by the chapters: the source's toy batch, MNIST, the time series, the adding problem
and the text of Dom Casmurro."""

import os
import pathlib
import socket

import numpy as np

from rnnbook._checks import (
    check_array, check_generator, check_instance, check_int, check_number,
)

#: Lengths of the source's four instances in the variable-length example.
SEQ_LENGTH_BATCH = np.array([2, 1, 2, 2], dtype=np.int32)

#: Environment variable naming a local copy of Keras' ``mnist.npz``.
MNIST_ENV = "RNNBOOK_MNIST"

#: Range and resolution of the source's time series.
T_MIN, T_MAX, RESOLUTION = 0.0, 30.0, 0.1


def source_batch():
    """The source notebook's mini-batch: 4 instances, 2 time steps, 3 inputs.

    Returns a float32 array of shape (4, 2, 3); ``X[:, 0]`` is the source's
    ``X0_batch`` (t = 0) and ``X[:, 1]`` its ``X1_batch`` (t = 1).

    Chapters 1 to 4 use it.
    """
    X0_batch = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 0, 1]]  # t = 0
    X1_batch = [[9, 8, 7], [0, 0, 0], [6, 5, 4], [3, 2, 1]]  # t = 1
    return np.stack([X0_batch, X1_batch], axis=1).astype(np.float32)


# --- MNIST --------------------------------------------------------------------------------------

_MNIST_SHAPES = {"x_train": (28, 28), "y_train": (), "x_test": (28, 28), "y_test": ()}


def _read_mnist_file(path):
    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"MNIST file not found: {path} (set {MNIST_ENV} to the path of Keras' mnist.npz)"
        )
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a readable .npz file ({error})") from None
    missing = sorted(set(_MNIST_SHAPES) - set(arrays))
    if missing:
        raise ValueError(f"{path}: missing arrays {missing} (expected {sorted(_MNIST_SHAPES)})")
    for name, tail in _MNIST_SHAPES.items():
        array = arrays[name]
        if array.ndim != 1 + len(tail) or array.shape[1:] != tail:
            raise ValueError(f"{path}: {name} has shape {array.shape}, expected (n, {', '.join(map(str, tail))})".replace(", )", ")"))
        if array.dtype.kind not in "ui":
            raise ValueError(f"{path}: {name} has dtype {array.dtype}, expected integers (uint8)")
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if len(x) != len(y):
            raise ValueError(f"{path}: x_{split} has {len(x)} images but y_{split} has {len(y)} labels")
        if x.size and (x.min() < 0 or x.max() > 255):
            raise ValueError(f"{path}: x_{split} has pixel values outside 0-255")
        if y.size and (y.min() < 0 or y.max() > 9):
            raise ValueError(f"{path}: y_{split} has labels outside 0-9")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _download_mnist():
    import keras

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)
    try:
        return keras.datasets.mnist.load_data()
    except Exception as error:  # no network, blocked host, broken cache...
        raise RuntimeError(
            f"MNIST could not be downloaded ({type(error).__name__}: {error}). Without network, set "
            f"the environment variable {MNIST_ENV} to a local copy of Keras' mnist.npz, e.g. "
            f"`export {MNIST_ENV}=/path/to/mnist.npz`, or pass load_mnist(path=...)."
        ) from None
    finally:
        socket.setdefaulttimeout(previous)


def load_mnist(path=None, n_valid=5000):
    """Load MNIST as in the source: pixels scaled to [0, 1], first ``n_valid`` images for validation.

    The file is ``path``, else the one named by ``$RNNBOOK_MNIST``, else Keras' download.

    Returns ``((X_train, y_train), (X_valid, y_valid), (X_test, y_test))`` with X float32 of
    shape (n, 28, 28) and y int32.

    Chapter 5 (Classificador de sequências no MNIST) explains it; chapter 8 reuses it.
    """
    n_valid = check_int(n_valid, "n_valid", minimum=0)
    if path is None:
        path = os.environ.get(MNIST_ENV) or None
    (x_train, y_train), (x_test, y_test) = _read_mnist_file(path) if path else _download_mnist()
    if n_valid >= len(x_train):
        raise ValueError(f"n_valid must be smaller than the {len(x_train)} training images, got {n_valid}")

    def prepare(x, y):
        return x.astype(np.float32) / 255.0, y.astype(np.int32)

    X_train, y_train = prepare(x_train, y_train)
    return (
        (X_train[n_valid:], y_train[n_valid:]),
        (X_train[:n_valid], y_train[:n_valid]),
        prepare(x_test, y_test),
    )


def shuffle_batch(X, y, batch_size, rng=None):
    """Yield ``(X_batch, y_batch)`` over one shuffled epoch, as in the source.

    Every sample appears exactly once, in ``len(X) // batch_size`` batches of nearly equal
    size. ``rng`` (a ``numpy.random.Generator``) makes the order reproducible; without it
    NumPy's global generator is used, as the source does.

    Chapter 5 uses it in the source's training loop.
    """
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    if batch_size > len(X):
        raise ValueError(f"batch_size must not exceed the {len(X)} samples, got {batch_size}")
    rng = check_generator(rng, allow_none=True)
    order = np.random.permutation(len(X)) if rng is None else rng.permutation(len(X))
    for batch_idx in np.array_split(order, len(X) // batch_size):
        yield X[batch_idx], y[batch_idx]


# --- Time series --------------------------------------------------------------------------------


def time_series(t):
    """The source's series: ``t * sin(t) / 3 + 2 * sin(5 t)``.

    Chapter 6 (Previsão de séries temporais) explains it.
    """
    t = check_array(t, "t")
    return t * np.sin(t) / 3 + 2 * np.sin(t * 5)


def next_batch(batch_size, n_steps, rng=None, t_min=T_MIN, t_max=T_MAX):
    """Random training windows of the series, as in the source.

    Returns ``(X, y)``, float32 arrays of shape (batch_size, n_steps, 1), where ``y`` is ``X``
    shifted one step (``RESOLUTION``) ahead: the value to predict at every step. Each window,
    its target included, lies inside ``[t_min, t_max]`` (by default the source's whole range
    ``[T_MIN, T_MAX]``; chapter 6 trains on ``t < 24`` and evaluates on ``t >= 24``).

    Chapter 6 (Previsão de séries temporais) explains it.
    """
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    n_steps = check_int(n_steps, "n_steps", minimum=1)
    t_min, t_max = check_number(t_min, "t_min"), check_number(t_max, "t_max")
    span = t_max - t_min - n_steps * RESOLUTION
    if span <= 0:
        raise ValueError(
            f"a window of n_steps={n_steps} (+1 target) does not fit in [{t_min}, {t_max}] "
            f"at resolution {RESOLUTION}"
        )
    rng = check_generator(rng, allow_none=True)
    u = np.random.rand(batch_size, 1) if rng is None else rng.random((batch_size, 1))
    Ts = t_min + u * span + np.arange(0.0, n_steps + 1) * RESOLUTION
    ys = time_series(Ts).astype(np.float32)
    return ys[:, :-1].reshape(-1, n_steps, 1), ys[:, 1:].reshape(-1, n_steps, 1)


# --- The adding problem ---------------------------------------------------------------------------

#: MSE of the best constant prediction (the mean, 1) on the adding problem: Var(u1 + u2) = 2/12.
ADDING_BASELINE_MSE = 1 / 6


def adding_problem(n, n_steps, rng):
    """Instances of the adding problem (Hochreiter & Schmidhuber, 1997), used in chapter 8.

    Each instance has ``n_steps`` steps of two inputs: a value drawn from U(0, 1) and a
    marker, 1 at two steps (one in the first half, one in the second) and 0 elsewhere.
    The target is the sum of the two marked values. Predicting the mean (1) gives an MSE
    of :data:`ADDING_BASELINE_MSE` = 1/6; doing better means remembering the first marked
    value from its step (in the first half) to the last step: at least ``n_steps // 2`` steps.

    Returns ``(X, y)``: float32 arrays of shape (n, n_steps, 2) and (n, 1).
    """
    n = check_int(n, "n", minimum=1)
    n_steps = check_int(n_steps, "n_steps", minimum=2)
    rng = check_generator(rng)
    values = rng.random((n, n_steps))
    half = n_steps // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, n_steps, size=n)
    markers = np.zeros((n, n_steps))
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    X = np.stack([values, markers], axis=-1).astype(np.float32)
    y = (values[rows, first] + values[rows, second]).reshape(n, 1).astype(np.float32)
    return X, y


# --- The synthetic benchmark of chapter 9 ---------------------------------------------------------

#: Sizes of the training, validation and test sets in chapter 9 (as in Géron's benchmark).
SYNTHETIC_SPLITS = (7000, 2000, 1000)


def synthetic_series(n_series, n_steps, rng):
    """Géron's synthetic benchmark series (*Hands-On ML*, 2nd ed., ch. 15), used in chapter 9.

    Each series is ``0.5 sin((t - o1)(10 f1 + 10)) + 0.2 sin((t - o2)(20 f2 + 20))
    + 0.1 (u - 0.5)`` with ``t = linspace(0, 1, n_steps)`` over the whole series (the
    targets included: ask for 51 steps for one step ahead, 60 for ten), ``f1, f2, o1,
    o2 ~ U(0, 1)`` drawn once per series and ``u ~ U(0, 1)`` once per step.

    Returns a float32 array of shape (n_series, n_steps, 1).
    """
    n_series = check_int(n_series, "n_series", minimum=1)
    n_steps = check_int(n_steps, "n_steps", minimum=2)
    rng = check_generator(rng)
    freq1, freq2, offsets1, offsets2 = rng.random((4, n_series, 1))
    t = np.linspace(0, 1, n_steps)
    series = 0.5 * np.sin((t - offsets1) * (freq1 * 10 + 10))
    series += 0.2 * np.sin((t - offsets2) * (freq2 * 20 + 20))
    series += 0.1 * (rng.random((n_series, n_steps)) - 0.5)
    return series[..., np.newaxis].astype(np.float32)


# --- Dom Casmurro (chapter 10) ------------------------------------------------------------------

#: Environment variable naming a local copy of *Dom Casmurro* (UTF-8 or the corpus' own bytes).
TEXT_ENV = "RNNBOOK_TEXT"

#: NLTK's ``machado`` corpus (the complete works of Machado de Assis), as NLTK's downloader gets
#: it, and the novel's file inside it.
MACHADO_URL = "https://raw.githubusercontent.com/nltk/nltk_data/gh-pages/packages/corpora/machado.zip"
MACHADO_MEMBER = "machado/romance/marm08.txt"

#: What the novel must look like once read: its length in characters (373 504 for NLTK's file),
#: its 148 chapter headings, each alone on a line, and its last word.
DOM_CASMURRO_LENGTH = (360_000, 390_000)
DOM_CASMURRO_CHAPTERS = 148
_HEADING = r"^CAPÍTULO [A-Z]+$"


def _mend(raw, origin):
    """The novel's text from the bytes of a file: UTF-8 or single-byte, one result."""
    import re

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # every byte is a character; the C1 ones are mended below
    # Windows-1252 bytes read as Latin-1: U+0080-U+009F are control characters that stand for
    # cp1252's punctuation (U+0097 the dialogue dash, U+0094 a closing quote).
    text = re.sub(
        "[\u0080-\u009f]",
        lambda m: bytes([ord(m.group())]).decode("cp1252", errors="replace"),
        text,
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    low, high = DOM_CASMURRO_LENGTH
    headings = len(re.findall(_HEADING, text, flags=re.MULTILINE))
    problems = []
    if not low <= len(text) <= high:
        problems.append(f"{len(text):,} characters, expected {low:,} to {high:,}")
    if headings != DOM_CASMURRO_CHAPTERS:
        problems.append(f"{headings} chapter headings, expected {DOM_CASMURRO_CHAPTERS}")
    if "\ufffd" in text:
        problems.append("bytes that are neither UTF-8 nor Windows-1252")
    if not text.rstrip().endswith("FIM") or "Capitu" not in text:
        problems.append("not the words of Dom Casmurro")
    if problems:
        raise ValueError(f"{origin} is not Dom Casmurro: {'; '.join(problems)}")
    return text


def _download_dom_casmurro():
    import zipfile

    import keras

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)
    try:
        archive = keras.utils.get_file("machado.zip", MACHADO_URL, cache_subdir="datasets")
        with zipfile.ZipFile(archive) as corpus:
            return corpus.read(MACHADO_MEMBER), f"{MACHADO_MEMBER} in {archive}"
    except Exception as error:  # no network, blocked host, broken cache...
        raise RuntimeError(
            f"Dom Casmurro could not be downloaded ({type(error).__name__}: {error}). Without "
            f"network, set the environment variable {TEXT_ENV} to a local copy of the novel, "
            f"e.g. `export {TEXT_ENV}=/path/to/dom_casmurro.txt`, or pass "
            f"load_dom_casmurro(path=...)."
        ) from None
    finally:
        socket.setdefaulttimeout(previous)


def load_dom_casmurro(path=None):
    """The whole of *Dom Casmurro* (Machado de Assis, 1899) as one ``str``.

    The file is ``path``, else the one named by ``$RNNBOOK_TEXT``, else the novel's file
    (``romance/marm08.txt``) in NLTK's ``machado`` corpus, downloaded once with Keras'
    ``get_file`` (no NLTK needed; cached in ``~/.keras/datasets``). The file may be UTF-8 or the
    corpus' own Windows-1252 bytes: either way, the line ends are ``\\n``, the no-break spaces
    plain spaces, and the control characters that stand for Windows-1252 punctuation are mended
    (U+0097 becomes the dash ``—``, U+0094 the quote ``”``). A file that is not the novel is a
    ``ValueError``.

    Chapter 10 (Modelos de linguagem) explains it.
    """
    if path is None:
        path = os.environ.get(TEXT_ENV) or None
        origin = f"{path} (from {TEXT_ENV})"
    else:
        path = os.fspath(check_instance(path, "path", (str, os.PathLike), "a path"))
        origin = path
    if path is None:
        raw, origin = _download_dom_casmurro()
    else:
        if not pathlib.Path(path).is_file():
            raise FileNotFoundError(
                f"Dom Casmurro not found: {origin} (set {TEXT_ENV} to the novel's text file)"
            )
        raw = pathlib.Path(path).read_bytes()
    return _mend(raw, origin)


# --- Dates written in Portuguese (chapter 11) -------------------------------------------------

#: The range of the dates :func:`dates_pt` draws (both ends included).
DATE_RANGE = ("1900-01-01", "2099-12-31")

MONTHS_PT = ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
             "setembro", "outubro", "novembro", "dezembro")
#: Abbreviations of the months (ABNT): "maio" has none.
MONTH_ABBREVIATIONS_PT = ("jan.", "fev.", "mar.", "abr.", "maio", "jun.", "jul.", "ago.",
                          "set.", "out.", "nov.", "dez.")
#: ``date.weekday()`` is 0 on Monday.
WEEKDAYS_PT = ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
               "sábado", "domingo")


def _ordinal_day(day):
    return "1º" if day == 1 else str(day)


#: The forms :func:`dates_pt` writes a date in, by name, each as a function of a
#: ``datetime.date``; the examples are 3 March 1998.
DATE_FORMS = {
    "numérica": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",  # 03/03/1998
    "numérica curta": lambda d: f"{d.day}/{d.month}/{d.year}",  # 3/3/1998
    "por extenso": lambda d: (
        f"{_ordinal_day(d.day)} de {MONTHS_PT[d.month - 1]} de {d.year}"
    ),  # 3 de março de 1998
    "abreviada": lambda d: (
        f"{_ordinal_day(d.day)} {MONTH_ABBREVIATIONS_PT[d.month - 1]} {d.year}"
    ),  # 3 mar. 1998
    "com dia da semana": lambda d: (
        f"{WEEKDAYS_PT[d.weekday()]}, {_ordinal_day(d.day)} de {MONTHS_PT[d.month - 1]} "
        f"de {d.year}"
    ),  # terça-feira, 3 de março de 1998
}


def dates_pt(n, rng, forms=None):
    """``n`` dates written as a Brazilian reader writes them, and the same dates in ISO form.

    Each date is drawn uniformly from :data:`DATE_RANGE` (1900-01-01 to 2099-12-31), and its
    form uniformly from ``forms`` (names of :data:`DATE_FORMS`; all five when omitted):
    ``"03/03/1998"``, ``"3/3/1998"``, ``"3 de março de 1998"``, ``"3 mar. 1998"`` and
    ``"terça-feira, 3 de março de 1998"``; the first day of a month is written ``1º`` when the
    month is named. Every input names the year in four digits, so none is ambiguous, and the
    weekday, when written, is the date's own.

    Chapter 11 (Codificador–decodificador e atenção) learns to translate them.

    Args:
        n: how many dates, at least 1.
        rng: a ``numpy.random.Generator``; the same seed gives the same dates.
        forms: optional sequence of form names to draw from.

    Returns:
        ``(inputs, targets)``: two lists of ``n`` strings, e.g. ``"3 mar. 1998"`` and
        ``"1998-03-03"``.
    """
    import datetime

    n = check_int(n, "n", minimum=1)
    rng = check_generator(rng)
    if forms is None:
        forms = tuple(DATE_FORMS)
    else:
        check_instance(forms, "forms", (list, tuple), "a list or tuple of form names")
    unknown = [form for form in forms if form not in list(DATE_FORMS)]  # even unhashable
    if unknown or not forms:
        raise ValueError(
            f"forms must be names among {', '.join(map(repr, DATE_FORMS))}, got {list(forms)!r}"
        )
    first, last = (datetime.date.fromisoformat(day) for day in DATE_RANGE)
    offsets = rng.integers(0, (last - first).days + 1, size=n)
    chosen = rng.integers(0, len(forms), size=n)
    days = [first + datetime.timedelta(days=int(offset)) for offset in offsets]
    inputs = [DATE_FORMS[forms[k]](day) for day, k in zip(days, chosen)]
    return inputs, [day.isoformat() for day in days]
