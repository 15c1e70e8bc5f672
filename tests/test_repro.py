import os
import subprocess
import sys

import numpy as np
import pytest

import rnnbook
from bookbuild.layout import ROOT


def test_seed_everything_repeats_numpy_tensorflow_and_keras():
    import keras
    import tensorflow as tf

    def sample():
        rng = rnnbook.seed_everything(7)
        layer = keras.layers.Dense(4)
        layer.build((None, 3))
        return [
            np.random.rand(3),
            rng.random(3),
            tf.random.normal([3]).numpy(),
            keras.ops.convert_to_numpy(layer.kernel),
        ]

    first, second = sample(), sample()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    rnnbook.seed_everything(8)
    assert not np.array_equal(np.random.rand(3), first[0])


def test_seed_everything_uses_the_seed_it_is_given():
    """Each generator starts where seeding it with `seed` itself puts it, not merely somewhere
    repeatable (the chapters' printed numbers depend on it)."""
    import random

    import tensorflow as tf

    rng = rnnbook.seed_everything(7)
    drawn = [random.random(), np.random.rand(), rng.random(), float(tf.random.uniform([]))]
    random.seed(7)
    np.random.seed(7)
    tf.random.set_seed(7)
    expected = [random.random(), np.random.rand(), np.random.default_rng(7).random(),
                float(tf.random.uniform([]))]
    assert drawn == expected


def run_python(code):
    env = {k: v for k, v in os.environ.items() if k not in ("TF_USE_LEGACY_KERAS", "TF_CPP_MIN_LOG_LEVEL")}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.slow  # a fresh interpreter imports TensorFlow
def test_import_sets_legacy_keras_and_prints_nothing():
    result = run_python(
        "import rnnbook, os, tensorflow as tf, keras\n"
        "print(os.environ['TF_USE_LEGACY_KERAS'], tf.keras.__name__.startswith('tf_keras'), keras.__version__[0])\n"
        "import warnings; warnings.simplefilter('ignore')\n"
        "tf.compat.v1.nn.rnn_cell.BasicRNNCell(3)  # raises 'not available with Keras 3' without the switch\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "True", "3"]
    assert result.stderr == "", result.stderr


@pytest.mark.slow  # a fresh interpreter imports TensorFlow
def test_import_after_tensorflow_warns_with_the_fix():
    result = run_python("import tensorflow\nimport rnnbook\n")
    assert result.returncode == 0, result.stderr
    assert "RuntimeWarning: TensorFlow was imported before rnnbook" in result.stderr
    assert "import rnnbook` before `import tensorflow`" in result.stderr
    assert "tf.keras is already Keras 3" not in result.stderr


@pytest.mark.slow  # a fresh interpreter imports TensorFlow
def test_import_after_keras_3_was_loaded_as_tf_keras_says_legacy_cells_fail():
    result = run_python("import tensorflow as tf\ntf.keras.layers\nimport rnnbook\n")
    assert result.returncode == 0, result.stderr
    assert "tf.keras is already Keras 3, so the legacy RNN cells" in result.stderr


@pytest.mark.parametrize(
    "value, fmt, text",
    [(0.98437, ".4f", "0,9844"), (0.934, ".0%", "93%"), (30.44, ".1f", "30,4"), (156, "d", "156"),
     (12345, ",d", "12\u202f345"), (np.float32(0.5), ".2f", "0,50"), (-1.25, ".1f", "-1,2")],
)
def test_format_figure_writes_a_decimal_comma(value, fmt, text):
    assert rnnbook.repro.format_figure(value, fmt) == text


def test_format_figure_refuses_a_format_that_does_not_fit_the_value():
    with pytest.raises(ValueError, match="^fmt 'd' cannot format 0.5: Unknown format code 'd'"):
        rnnbook.repro.format_figure(0.5, "d")


def test_glue_figure_outside_a_kernel_shows_nothing(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **kw: shown.append(a))
    assert rnnbook.glue_figure("acc_teste", 0.98437) is None
    assert shown == []


def test_glue_figure_writes_the_record_myst_nb_reads(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell
    from myst_nb.ext.glue import GLUE_PREFIX

    shown = []
    monkeypatch.setattr("IPython.get_ipython", lambda: InteractiveShell.instance())
    monkeypatch.setattr("IPython.display.display", lambda data, **kw: shown.append((data, kw)))
    rnnbook.glue_figure("mse_final", 0.04213)
    (data, kw), = shown
    assert data == {GLUE_PREFIX + "text/plain": "'0,0421'"} and kw["raw"] is True
    assert kw["metadata"] == {"scrapbook": {"name": "mse_final", "mime_prefix": GLUE_PREFIX}}


def test_glued_thousands_keep_their_separator_for_myst_nb_and_nbval(monkeypatch):
    """'1 500' is glued with the narrow no-break space itself, not repr()'s escape of it: the page
    shows it (myst-nb literal_evals the record) and the sanitize rule for glued figures matches it."""
    import re

    from IPython.core.interactiveshell import InteractiveShell
    from myst_nb.core.variables import format_plain_text

    shown = []
    monkeypatch.setattr("IPython.get_ipython", lambda: InteractiveShell.instance())
    monkeypatch.setattr("IPython.display.display", lambda data, **kw: shown.append(data))
    rnnbook.glue_figure("n", 1500, ",d")
    (record,) = shown[0].values()
    assert record == "'1\u202f500'" and format_plain_text(record, "") == "1\u202f500"
    rule = re.search(r"^regex: (.*)$", (ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8")
                     .split("[figures glued for the prose]")[1], re.MULTILINE).group(1)
    assert re.search(rule, record)
