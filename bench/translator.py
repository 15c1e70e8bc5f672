"""Chapter 11's date translator: its spread over seeds, with and without attention.

Usage: python bench/translator.py [--seeds 42 43 44 45 46] [--write]

The chapter trains one seed of its recipe (RECIPE) with and without attention. This script trains
both for every seed of --seeds, on data drawn with that seed, and records, per seed: the
validation exact-match accuracy by k after every epoch, the epoch chosen on validation, the
training time, and for the chosen epoch the test accuracy by k and, for single dates, by form
(looked at once per seed, after the choice). --write stores the results, with the CPU (lscpu),
the date and the versions, in src/rnnbook/measurements/translator.json, the file chapter 11
reads.
"""

import argparse

import rnnbook
from bookbuild.measurements import (
    PACKAGE_MEASUREMENTS, describe, machine, spread, warn_if_loaded, write_measurement,
)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from rnnbook import seq2seq  # noqa: E402

RECIPE = dict(k_max=4, sizes=[2500, 300, 1000], batch_size=64, learning_rate=3e-3,
              clipnorm=1.0, epochs=4, embedding_dim=32, encoder_units=64, decoder_units=128)
OUT = PACKAGE_MEASUREMENTS / "translator.json"


def accuracy_by_k(model, sets):
    return {str(k): float(seq2seq.exact_match(model, *pair).mean())
            for k, pair in sets.items()}


def run(seed, attention):
    rng = rnnbook.seed_everything(seed)
    datasets = seq2seq.make_date_datasets(rng, RECIPE["k_max"], RECIPE["sizes"])
    train = [pair for pair in datasets["treino"].values()]
    inputs = [x for pair in train for x in pair[0]]
    targets = [y for pair in train for y in pair[1]]
    batches = seq2seq.make_batches(inputs, targets, RECIPE["batch_size"], rng)
    model = seq2seq.build_translator(attention, RECIPE["embedding_dim"],
                                     RECIPE["encoder_units"], RECIPE["decoder_units"])
    model.compile(optimizer=keras.optimizers.Adam(RECIPE["learning_rate"],
                                                  clipnorm=RECIPE["clipnorm"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    by_epoch = []

    def evaluate(trained):
        by_epoch.append(accuracy_by_k(trained, datasets["validação"]))
        return float(np.mean(list(by_epoch[-1].values())))

    history = seq2seq.train_translator(model, batches, RECIPE["epochs"], evaluate)
    test = accuracy_by_k(model, datasets["teste"])
    single_inputs, single_targets = datasets["teste"][1]
    right = seq2seq.exact_match(model, single_inputs, single_targets)
    forms = np.array([seq2seq.date_form(x) for x in single_inputs])
    by_form = {form: float(right[forms == form].mean()) for form in sorted(set(forms))}
    return {"loss": history["loss"], "seconds": history["seconds"],
            "valid_by_epoch": by_epoch, "best_epoch": history["best_epoch"],
            "test": test, "test_single_by_form": by_form}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44, 45, 46])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    warn_if_loaded()
    print(describe(machine()))
    results = {"recipe": RECIPE}
    for key, attention in (("attention", True), ("no_attention", False)):
        seeds = results[key] = {}
        for seed in args.seeds:
            seeds[str(seed)] = run(seed, attention)
            one = seeds[str(seed)]
            print(f"{key} {seed}: best epoch {one['best_epoch']}, "
                  f"valid {one['valid_by_epoch'][one['best_epoch'] - 1]}, "
                  f"test {one['test']} ({sum(one['seconds']):.0f} s)", flush=True)
        if len(seeds) > 1:
            summary = {}
            for k in map(str, range(1, RECIPE["k_max"] + 1)):
                tests = [one["test"][k] for one in seeds.values()]
                summary[k] = spread(tests)
            results[f"{key}_summary"] = summary
            print(key, summary, flush=True)
    if args.write:
        command = "python bench/translator.py --seeds " + " ".join(map(str, args.seeds))
        write_measurement(OUT, command + " --write", {}, results)
        print(f"written: {OUT}")


if __name__ == "__main__":
    main()
