"""Chapter 9's forecasters on Géron's synthetic series: their spread over seeds.

Usage: python bench/forecast.py [--seeds 42 43 44 45 46] [--write]

The chapter trains one seed of each network. This script trains each of its recipes (RECIPES,
on the chapter's data: series drawn with seed 42, split 7 000 / 2 000 / 1 000) for every seed
of --seeds and records the validation and test MSE of each. Validation is what the chapter
compares with Géron's validation figures, and what chose the recipes (the width of the deep RNN:
2 x 32 against Géron's 2 x 20, both measured here); the test MSE is reported once, as the estimate
for new series. It also trains Géron's linear model (Flatten + Dense, Adam at its default rate, 20
epochs) to measure how far gradient training stops from the least-squares optimum. --write
stores the results, with the CPU (lscpu), the date and the versions, in
src/rnnbook/measurements/forecast.json, the file chapter 9 reads.
"""

import argparse

import rnnbook
from bookbuild.measurements import (
    PACKAGE_MEASUREMENTS, describe, machine, spread, warn_if_loaded, write_measurement,
)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from rnnbook import data, training  # noqa: E402

OUT = PACKAGE_MEASUREMENTS / "forecast.json"
N_STEPS = 50

# Each recipe: the chapter's name, the steps ahead, the architecture and the training settings
# (the defaults are training.FORECAST_DEFAULTS).
RECIPES = {
    "SimpleRNN(1)": dict(n_ahead=1, layers="simple_rnn_1"),
    "RNN profunda": dict(n_ahead=1, layers="deep", units=32),
    "RNN profunda (2 × 20)": dict(n_ahead=1, layers="deep", units=20),
    "sequência para vetor": dict(n_ahead=10, layers="deep", units=32),
    "sequência para sequência": dict(n_ahead=10, layers="deep_every_step", units=32,
                                     learning_rate=1e-2),
    "Conv1D + GRU": dict(n_ahead=10, layers="conv_gru", units=32, learning_rate=1e-2,
                         batch_size=128),
    "linear (Adam)": dict(n_ahead=1, layers="linear", learning_rate=1e-3, schedule="constant"),
}


def make_layers(recipe):
    n_outputs, units = recipe["n_ahead"], recipe.get("units")
    kind = recipe["layers"]
    if kind == "simple_rnn_1":
        return [keras.layers.SimpleRNN(1, unroll=True)]
    if kind in ("deep", "deep_every_step"):
        return [keras.layers.SimpleRNN(units, return_sequences=True, unroll=True),
                keras.layers.SimpleRNN(units, return_sequences=kind == "deep_every_step",
                                       unroll=True),
                keras.layers.Dense(n_outputs)]
    if kind == "conv_gru":
        return [keras.layers.Conv1D(units, kernel_size=4, strides=2), keras.layers.GRU(units),
                keras.layers.Dense(n_outputs)]
    if kind == "linear":
        return [keras.layers.Flatten(), keras.layers.Dense(n_outputs)]
    raise ValueError(kind)


def chapter_data():
    """The chapter's series, drawn in the chapter's order from one generator."""
    n_train, n_valid, n_test = data.SYNTHETIC_SPLITS
    rng = np.random.default_rng(42)
    series = data.synthetic_series(n_train + n_valid + n_test, N_STEPS + 1, rng)
    series_10 = data.synthetic_series(n_train + n_valid + n_test, N_STEPS + 10, rng)

    def split(array):
        return np.split(array, [n_train, n_train + n_valid])

    seq_targets = np.stack([series_10[:, k:k + N_STEPS, 0] for k in range(1, 11)], axis=-1)
    return {
        1: (split(series[:, :N_STEPS]), split(series[:, -1])),
        10: (split(series_10[:, :N_STEPS]), split(series_10[:, N_STEPS:, 0])),
        "every_step": split(seq_targets),
    }


def mse(y_true, y_pred):
    return float(np.mean((np.asarray(y_true, np.float64) - np.asarray(y_pred, np.float64)) ** 2))


def run(recipe, seed, sets):
    (X_train, X_valid, X_test), (Y_train, Y_valid, Y_test) = sets[recipe["n_ahead"]]
    if recipe["layers"] == "deep_every_step":
        Y_train = sets["every_step"][0]
    settings = {key: recipe[key] for key in ("learning_rate", "batch_size") if key in recipe}
    if recipe.get("schedule") == "constant":  # Géron's linear model: Adam at a constant rate
        rnnbook.seed_everything(seed)
        model = keras.Sequential([keras.Input((N_STEPS, 1)), *make_layers(recipe)])
        model.compile(loss="mse", optimizer=keras.optimizers.Adam(recipe["learning_rate"]))
        model.fit(X_train, Y_train, epochs=20, verbose=0)
    else:
        model = training.fit_forecaster(lambda: make_layers(recipe), X_train, Y_train,
                                        seed=seed, **settings).model

    def predict(X):
        out = np.asarray(model(X, training=False))
        return out[:, -1] if recipe["layers"] == "deep_every_step" else out

    return {"valid": mse(Y_valid, predict(X_valid)), "test": mse(Y_test, predict(X_test))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44, 45, 46])
    parser.add_argument("--models", nargs="+", default=list(RECIPES), choices=list(RECIPES))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    warn_if_loaded()
    print(describe(machine()), flush=True)
    sets = chapter_data()
    results = {"recipes": {name: dict(training.FORECAST_DEFAULTS, **RECIPES[name])
                           for name in args.models}, "seeds": args.seeds, "models": {}}
    for name in args.models:
        per_seed = {}
        for seed in args.seeds:
            per_seed[str(seed)] = run(RECIPES[name], seed, sets)
            print(f"{name} {seed}: {per_seed[str(seed)]}", flush=True)
        results["models"][name] = {
            "per_seed": per_seed,
            **{split: spread([one[split] for one in per_seed.values()]) if len(per_seed) > 1
               else None for split in ("valid", "test")},
        }
    if args.write:
        command = "python bench/forecast.py --seeds " + " ".join(map(str, args.seeds))
        write_measurement(OUT, command + " --write", {}, results)
        print(f"written: {OUT}")


if __name__ == "__main__":
    main()
