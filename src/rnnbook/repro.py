"""Reproducibility: one call seeds every random generator the course uses."""

import importlib.resources
import json
import random

import numpy as np

from rnnbook._checks import check_choice, check_number, check_seed, check_str


def seed_everything(seed=42):
    """Seed Python, NumPy, TensorFlow and Keras, and make TensorFlow ops deterministic.

    Returns a NumPy ``Generator`` seeded with the same value, for code that prefers
    an explicit generator to the global state.

    Chapter 1 calls it first; README, "Reprodutibilidade", explains the policy.
    """
    seed = check_seed(seed)
    import keras
    import tensorflow as tf

    random.seed(seed)
    np.random.seed(seed)
    tf.random.set_seed(seed)
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    return np.random.default_rng(seed)


def format_figure(value, fmt=".4f"):
    """``value`` formatted with ``fmt`` and a decimal comma, as the book's prose writes numbers.

    ``format_figure(0.98437, ".4f")`` is ``"0,9844"``; ``format_figure(0.93, ".0%")`` is
    ``"93%"``; ``format_figure(30.4, ".1f")`` is ``"30,4"``.

    README, "Reprodutibilidade e saídas que vêm do treino", explains the policy; chapter 5
    is the first to quote a figure with it (through :func:`glue_figure`).
    """
    fmt = check_str(fmt, "fmt")
    value = check_number(value, "value")
    try:
        text = format(value, fmt)
    except ValueError as error:
        raise ValueError(f"fmt {fmt!r} cannot format {value!r}: {error}") from None
    return text.replace(",", "\u202f").replace(".", ",")


def glue_figure(name, value, fmt=".4f"):
    """Glue a figure computed by a chapter, so that its prose quotes the executed value.

    The prose writes ``{glue:text}`name``` where the number belongs; the page then never
    contradicts its own outputs when the book is built on another machine (README,
    "Reprodutibilidade e saídas que vêm do treino"). Nothing is shown in the cell, and nothing
    is returned (so that a call on a cell's last line displays nothing either).

    Chapter 5 is the first to use it.
    """
    if not check_str(name, "name").isidentifier():
        raise ValueError(f"name must be an identifier-like str, got {name!r}")
    text = format_figure(value, fmt)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # plain Python: nothing to glue into
        return
    if get_ipython() is not None:
        # The record myst_nb.glue(name, text, display=False) writes, without needing myst-nb.
        prefix = "application/papermill.record/"
        # Quoted by hand: repr() would escape the narrow no-break space of "1 500" (U+202F).
        display({prefix + "text/plain": f"'{text}'"}, raw=True,
                metadata={"scrapbook": {"name": name, "mime_prefix": prefix}})


def measurement(name):
    """The measurement ``name`` that a script of ``bench/`` recorded, as a dict: the command that
    made it, the date, the machine (CPU from ``lscpu``), the versions, the settings and the
    figures.

    A chapter quotes a timing from here instead of measuring it while it runs: the figure
    comes from a run made for that purpose, on a named CPU, and the chapter costs nothing more
    to execute. The files ship with the package, so the chapter finds them in Colab too.
    ``measurement("unrolling")`` is chapter 3's table (``bench/unrolling.py``);
    ``measurement("mnist_seeds")`` chapters 5 and 8's accuracy over seeds
    (``bench/mnist_seeds.py``);
    ``measurement("mnist_epoch_lstm")`` chapter 8's epoch times (``bench/mnist_epoch.py``);
    ``measurement("char_lm")`` chapter 10's spread over seeds and longer run
    (``bench/char_lm.py``); ``measurement("forecast")`` chapter 9's spread over seeds
    (``bench/forecast.py``).
    """
    folder = importlib.resources.files("rnnbook") / "measurements"
    names = sorted(item.name.removesuffix(".json") for item in folder.iterdir()
                   if item.name.endswith(".json"))
    name = check_choice(name, "name", names)
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
