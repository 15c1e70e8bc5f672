"""Figures shared by the chapters (Matplotlib only)."""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from rnnbook._checks import check_array, check_choice, check_int


def _box(ax, x, y, text, color, width=0.9, height=0.55):
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2), width, height,
            boxstyle="round,pad=0.04", facecolor=color, edgecolor="0.25", linewidth=1.2,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=12)


def _arrow(ax, start, end, label=None, offset=(0.0, 0.0), **style):
    ax.add_patch(
        FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color="0.25", linewidth=1.2, **style)
    )
    if label:
        mid = ((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1])
        ax.text(*mid, label, ha="center", va="center", fontsize=11, color="tab:blue")


def plot_unrolled_rnn(n_steps=2, ax=None):
    """Draw a recurrent layer, rolled (left) and unrolled over ``n_steps`` (right).

    Chapters 1 and 2 draw it.
    """
    n_steps = check_int(n_steps, "n_steps", minimum=1, maximum=8)
    if ax is None:
        _, ax = plt.subplots(figsize=(2.6 + 1.9 * n_steps, 3.4))
    cell, x_in, y_out = "#fde2b8", "#d7ecd9", "#d6e4f5"
    # Rolled network, with its loop.
    _box(ax, 0, 1.5, "célula", cell)
    _box(ax, 0, 0, r"$\mathbf{X}_t$", x_in)
    _box(ax, 0, 3, r"$\mathbf{Y}_t$", y_out)
    _arrow(ax, (0, 0.3), (0, 1.2), r"$W_x$", offset=(0.3, 0))
    _arrow(ax, (0, 1.8), (0, 2.7))
    _arrow(ax, (0.45, 1.65), (0.45, 1.35), connectionstyle="arc3,rad=-2.2")
    ax.text(0.78, 1.5, r"$W_y$", fontsize=11, color="tab:blue", va="center")
    ax.text(1.6, 1.5, "=", fontsize=22, ha="center", va="center")
    # Unrolled network.
    for t in range(n_steps):
        x = 2.5 + 1.9 * t
        _box(ax, x, 1.5, "célula", cell)
        _box(ax, x, 0, rf"$\mathbf{{X}}_{{({t})}}$", x_in)
        _box(ax, x, 3, rf"$\mathbf{{Y}}_{{({t})}}$", y_out)
        _arrow(ax, (x, 0.3), (x, 1.2), r"$W_x$", offset=(0.3, 0))
        _arrow(ax, (x, 1.8), (x, 2.7))
        if t:
            _arrow(ax, (x - 1.45, 1.5), (x - 0.45, 1.5), r"$W_y$", offset=(0, 0.22))
    ax.text((2.5 + 2.5 + 1.9 * (n_steps - 1)) / 2, -0.75, "tempo →", ha="center", fontsize=11)
    ax.set_xlim(-0.7, 3.1 + 1.9 * (n_steps - 1))
    ax.set_ylim(-1.0, 3.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_outputs(outputs, title=None, axes=None):
    """Show RNN outputs of shape (batch, n_steps, n_neurons) as one heat map per step.

    Values are written in each cell; the colour scale is fixed to [-1, 1] (tanh range).

    Chapter 1 introduces it.
    """
    outputs = check_array(outputs, "outputs", dims=("batch", "n_steps", "n_neurons"))
    batch_size, n_steps, n_neurons = outputs.shape
    if axes is None:
        fig, axes = plt.subplots(
            1, n_steps, figsize=(1.5 + 0.75 * n_neurons * n_steps, 0.9 + 0.55 * batch_size),
            squeeze=False, constrained_layout=True,
        )
        axes = axes[0]
        if title:
            fig.suptitle(title)
    for t, ax in enumerate(axes):
        image = ax.imshow(outputs[:, t], cmap="coolwarm", vmin=-1, vmax=1)
        for i in range(batch_size):
            for j in range(n_neurons):
                ax.text(j, i, f"{outputs[i, t, j]:.2f}", ha="center", va="center", fontsize=9)
        ax.set_title(f"passo t = {t}")
        ax.set_xlabel("neurônio")
        ax.set_xticks(range(n_neurons))
        ax.set_yticks(range(batch_size), [f"instância {i + 1}" for i in range(batch_size)])
    return image


def _op(ax, x, y, text):
    """A pointwise operation (⊗, ⊕, tanh, 1−) drawn as a small circle."""
    ax.add_patch(plt.Circle((x, y), 0.24, facecolor="white", edgecolor="0.25", linewidth=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=13 if len(text) == 1 else 7.5, zorder=4)


def _line(ax, points, arrow=True):
    """A path through ``points``; an arrow head on its last segment."""
    xs, ys = zip(*points)
    ax.plot(xs[:-1], ys[:-1], color="0.25", linewidth=1.2, zorder=1, solid_capstyle="round")
    _arrow(ax, points[-2], points[-1]) if arrow else ax.plot(xs[-2:], ys[-2:], color="0.25", linewidth=1.2)


def plot_gated_cell(kind, ax=None):
    """Draw one step of an LSTM (``kind="lstm"``) or GRU (``kind="gru"``) cell, Keras' gates.

    Boxes are layers (a weight matrix applied to ``[x_t, h_{t-1}]``, then σ or tanh); circles
    are element-wise operations. Chapter 8 (Memória longa: LSTM e GRU) explains both cells.
    """
    kind = check_choice(kind, "kind", ("lstm", "gru"))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.2, 4.4))
    gate, state, x_in = "#fde2b8", "#d6e4f5", "#d7ecd9"
    ax.add_patch(FancyBboxPatch((0.3, 0.55), 8.4, 4.0, boxstyle="round,pad=0.1",
                                facecolor="#f4f4f4", edgecolor="0.6", linewidth=1, zorder=0))
    _box(ax, 2.0, -0.45, r"$\mathbf{x}_{(t)}$", x_in, width=0.9, height=0.5)
    bottom = 1.0  # the rail that carries [x_t, h_{t-1}] to every layer
    if kind == "lstm":
        _box(ax, -0.55, 4.0, r"$\mathbf{c}_{(t-1)}$", state, width=0.95, height=0.5)
        _box(ax, -0.55, bottom, r"$\mathbf{h}_{(t-1)}$", state, width=0.95, height=0.5)
        _box(ax, 9.55, 4.0, r"$\mathbf{c}_{(t)}$", state, width=0.85, height=0.5)
        _box(ax, 9.55, bottom, r"$\mathbf{h}_{(t)}$", state, width=0.85, height=0.5)
        _box(ax, 7.7, 5.25, r"$\mathbf{h}_{(t)}$", state, width=0.85, height=0.5)
        # The candidate is c-tilde, as in chapter 8's equations (g is chapter 7's gradient).
        layers = [(1.6, "σ", r"\mathbf{f}"), (3.1, "σ", r"\mathbf{i}"),
                  (4.4, "tanh", r"\tilde{\mathbf{c}}"), (5.9, "σ", r"\mathbf{o}")]
        for x, fn, name in layers:
            _box(ax, x, 2.1, fn, gate, width=0.8, height=0.5)
            ax.text(x - 0.12, 2.62, rf"${name}_{{(t)}}$", fontsize=11, color="tab:blue", ha="right")
            _line(ax, [(x, bottom), (x, 1.85)])
        ax.plot([-0.07, 5.9], [bottom, bottom], color="0.25", linewidth=1.2, zorder=1)
        _line(ax, [(2.0, -0.2), (2.0, bottom)], arrow=False)
        # Cell state: c_{t-1} ⊗ f ⊕ i ⊗ c-tilde -> c_t, with no matrix on the way.
        _op(ax, 1.6, 4.0, "×")
        _op(ax, 4.4, 4.0, "+")
        _op(ax, 4.4, 3.1, "×")
        _op(ax, 7.0, 3.1, "tanh")
        _op(ax, 7.0, 2.1, "×")
        _line(ax, [(-0.07, 4.0), (1.36, 4.0)])
        _line(ax, [(1.84, 4.0), (4.16, 4.0)])
        _line(ax, [(4.64, 4.0), (9.12, 4.0)])
        _line(ax, [(1.6, 2.35), (1.6, 3.76)])
        _line(ax, [(3.1, 2.35), (3.1, 3.1), (4.16, 3.1)])
        _line(ax, [(4.4, 2.35), (4.4, 2.86)])
        _line(ax, [(4.4, 3.34), (4.4, 3.76)])
        _line(ax, [(7.0, 4.0), (7.0, 3.34)])
        _line(ax, [(7.0, 2.86), (7.0, 2.34)])
        _line(ax, [(5.9, 2.35), (5.9, 2.6), (6.5, 2.6), (6.5, 2.1), (6.76, 2.1)])
        _line(ax, [(7.24, 2.1), (7.7, 2.1), (7.7, bottom), (9.12, bottom)])
        _line(ax, [(7.7, 2.1), (7.7, 5.0)])
        ax.text(3.0, 4.3, "estado de longo prazo: só × e +", fontsize=9, color="0.35", ha="center")
    else:
        _box(ax, -0.55, 4.0, r"$\mathbf{h}_{(t-1)}$", state, width=0.95, height=0.5)
        _box(ax, 9.55, 4.0, r"$\mathbf{h}_{(t)}$", state, width=0.85, height=0.5)
        _box(ax, 7.7, 5.25, r"$\mathbf{h}_{(t)}$", state, width=0.85, height=0.5)
        for x, fn, name, label_xy in [(2.9, "σ", r"\mathbf{r}", (2.45, 1.3)),
                                      (4.4, "σ", r"\mathbf{z}", (4.9, 2.62)),
                                      (6.6, "tanh", r"\tilde{\mathbf{h}}", (7.1, 2.62))]:
            _box(ax, x, 2.1, fn, gate, width=0.8, height=0.5)
            ax.text(*label_xy, rf"${name}_{{(t)}}$", fontsize=11, color="tab:blue",
                    ha="right" if label_xy[0] < x else "left")
        # [x_t, h_{t-1}] feeds r and z; x_t and r ⊗ h_{t-1} feed the candidate h-tilde.
        _line(ax, [(-0.07, 4.0), (4.16, 4.0)])
        _line(ax, [(1.0, 4.0), (1.0, bottom), (2.9, bottom), (2.9, 1.85)])
        _line(ax, [(2.9, bottom), (4.4, bottom), (4.4, 1.85)])
        _line(ax, [(2.0, -0.2), (2.0, bottom)], arrow=False)
        _line(ax, [(2.0, 0.75), (6.8, 0.75), (6.8, 1.85)])
        _op(ax, 2.0, 3.1, "×")
        _line(ax, [(1.0, 3.1), (1.76, 3.1)])
        _line(ax, [(2.9, 2.35), (2.9, 2.7), (2.0, 2.7), (2.0, 2.86)])
        _line(ax, [(2.24, 3.1), (3.5, 3.1), (3.5, 1.45), (6.4, 1.45), (6.4, 1.85)])
        ax.text(5.0, 1.22, r"$\mathbf{r}_{(t)}\odot\mathbf{h}_{(t-1)}$", fontsize=8, color="0.35",
                ha="center")
        # h_t = z ⊗ h_{t-1} + (1 - z) ⊗ h-tilde
        _op(ax, 4.4, 4.0, "×")
        _op(ax, 6.6, 4.0, "+")
        _op(ax, 5.4, 3.1, "1−")
        _op(ax, 6.6, 3.1, "×")
        _line(ax, [(4.4, 2.35), (4.4, 3.76)])
        _line(ax, [(4.4, 2.9), (5.16, 3.1)])
        _line(ax, [(5.64, 3.1), (6.36, 3.1)])
        _line(ax, [(6.6, 2.35), (6.6, 2.86)])
        _line(ax, [(6.6, 3.34), (6.6, 3.76)])
        _line(ax, [(4.64, 4.0), (6.36, 4.0)])
        _line(ax, [(6.84, 4.0), (9.12, 4.0)])
        _line(ax, [(7.7, 4.0), (7.7, 5.0)])
    ax.set_xlim(-1.1, 10.1)
    ax.set_ylim(-0.8, 5.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
