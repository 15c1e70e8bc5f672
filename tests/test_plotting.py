"""The shared figures draw without errors and label what the chapters say (their bad inputs: the
wiring table of test_checks.py)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnbook import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("kind, gates, candidate", [("lstm", "fio", "c"), ("gru", "rz", "h")])
def test_gated_cell_shows_its_gates_and_states(kind, gates, candidate):
    ax = plotting.plot_gated_cell(kind)
    labels = " ".join(texts(ax))
    for gate in gates:
        assert rf"\mathbf{{{gate}}}_{{(t)}}" in labels
    # the candidate is named as in chapter 8's equations, not g (chapter 7's gradient)
    assert rf"\tilde{{\mathbf{{{candidate}}}}}_{{(t)}}" in labels
    assert r"\mathbf{g}" not in labels
    assert r"\mathbf{h}_{(t-1)}" in labels and r"\mathbf{x}_{(t)}" in labels
    assert (r"\mathbf{c}_{(t-1)}" in labels) == (kind == "lstm")  # only the LSTM has a cell state
    ax.figure.canvas.draw()  # renders (mathtext included)


def test_gated_cell_draws_on_a_given_axes():
    fig, axes = plt.subplots(1, 2)
    assert plotting.plot_gated_cell("gru", ax=axes[1]) is axes[1]
    assert not axes[0].texts


def test_unrolled_rnn_has_one_column_per_step():
    ax = plotting.plot_unrolled_rnn(3)
    labels = texts(ax)
    for t in range(3):
        assert rf"$\mathbf{{X}}_{{({t})}}$" in labels and rf"$\mathbf{{Y}}_{{({t})}}$" in labels
    assert labels.count("célula") == 4  # the rolled cell and three copies


def test_plot_outputs_writes_every_value():
    outputs = np.linspace(-1, 1, 2 * 3 * 4).reshape(2, 3, 4)
    image = plotting.plot_outputs(outputs, title="saídas")
    fig = image.figure
    assert len(fig.axes) == 3 + 0  # one heat map per step (no colour bar)
    assert fig.axes[0].get_title() == "passo t = 0"
    assert texts(fig.axes[2])[-1] == f"{outputs[1, 2, 3]:.2f}"
