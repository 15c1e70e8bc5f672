"""Figures shared by the chapters (Matplotlib only)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch


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
    """Draw a recurrent layer, rolled (left) and unrolled over ``n_steps`` (right)."""
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)):
        raise TypeError(f"n_steps must be an int, got {type(n_steps).__name__}")
    if not 1 <= n_steps <= 8:
        raise ValueError(f"n_steps must be between 1 and 8, got {n_steps}")
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
    """
    outputs = np.asarray(outputs)
    if outputs.ndim != 3:
        raise ValueError(f"outputs must be 3-D (batch, n_steps, n_neurons), got shape {outputs.shape}")
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
