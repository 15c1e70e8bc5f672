"""Chapters 5 and 8's MNIST classifiers: their spread over seeds.

Usage: RNNBOOK_MNIST=/path/to/mnist.npz python bench/mnist_seeds.py
       [--seeds 42 43 44 45 46] [--chapters 8 5] [--write]

Each chapter trains one seed of its recipe so that the build stays cheap: chapter 5 a
SimpleRNN(150) with ``rnnbook.training.train_sequence_classifier``'s defaults (CHAPTER_5),
chapter 8 an LSTM(128) with CHAPTER_8. This script trains the same recipe, called the same way,
for every seed of --seeds (``rnnbook.seed_everything(seed)`` and ``seed=seed`` for the order of
the minibatches; seed 42 is the chapters' own run) and records, per seed, the accuracy of the
final model on the validation split (the 5 000 held-out training images) and on the test
split (looked at once per seed, after training), the training time,
and the mean, standard deviation, minimum and maximum over seeds. --write stores the results,
with the CPU (lscpu), the date and the versions, in src/rnnbook/measurements/mnist_seeds.json,
the file chapters 5 and 8 read; it is rewritten after every seed, so that an interrupted run
keeps what it measured, and a run of some --chapters keeps the others already recorded (each
chapter's entry names the command that measured it).
"""

import argparse
import inspect
import json

import rnnbook
from bookbuild.measurements import (
    PACKAGE_MEASUREMENTS, describe, machine, spread, warn_if_loaded, write_measurement,
)

from rnnbook import data, training  # noqa: E402

CHAPTER_5 = dict(training.DEFAULTS)  # the chapter calls train_sequence_classifier's defaults
CHAPTER_8 = dict(cell="lstm", n_neurons=128, unroll=False, jit_compile=False,
                 epochs=12, batch_size=1000, learning_rate=1e-2)
# Chapter 5 passes its validation split to the loop (for the learning curves); chapter 8 not.
RECIPES = {"5": (CHAPTER_5, True), "8": (CHAPTER_8, False)}
OUT = PACKAGE_MEASUREMENTS / "mnist_seeds.json"


def resolved(recipe):
    """Every keyword argument of train_sequence_classifier that shapes the run, defaults
    included (all but ``strategy`` and ``seed``)."""
    parameters = inspect.signature(training.train_sequence_classifier).parameters
    defaults = {name: p.default for name, p in parameters.items()
                if p.kind is p.KEYWORD_ONLY and name not in ("strategy", "seed")}
    return {**defaults, **recipe}


def run(recipe, with_validation, seed, splits):
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = splits
    rnnbook.seed_everything(seed)
    validation = (X_valid, y_valid) if with_validation else None
    result = training.train_sequence_classifier(X_train, y_train, validation, seed=seed,
                                                **recipe)
    _, valid_acc = result.model.evaluate(X_valid, y_valid, batch_size=1000, verbose=0)
    _, test_acc = result.model.evaluate(X_test, y_test, batch_size=1000, verbose=0)
    return {"valid_accuracy": float(valid_acc), "test_accuracy": float(test_acc),
            "seconds": result.seconds}


def summarize(seeds):
    summary = {"n_seeds": len(seeds)}
    for split in ("valid", "test"):
        values = [one[f"{split}_accuracy"] for one in seeds.values()]
        summary.update(spread(values, prefix=f"{split}_"))
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44, 45, 46])
    parser.add_argument("--chapters", nargs="+", choices=sorted(RECIPES), default=["8", "5"])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    warn_if_loaded()
    print(describe(machine()), flush=True)
    splits = data.load_mnist()
    results = {}
    if OUT.exists():  # keep the chapters that this run does not measure again
        kept = json.loads(OUT.read_text(encoding="utf-8"))
        results = {key: value for key, value in kept.items() if key.startswith("chapter_")}
        for value in results.values():  # a record older than the per-chapter command
            value.setdefault("command", kept["command"])
    command = "python bench/mnist_seeds.py " + " ".join(
        ["--seeds", *map(str, args.seeds), "--chapters", *args.chapters, "--write"])
    for chapter in args.chapters:
        recipe, with_validation = RECIPES[chapter]
        entry = results[f"chapter_{chapter}"] = {
            "recipe": resolved(recipe), "validation_during_training": with_validation,
            "command": command, "seeds": {}}
        for seed in args.seeds:
            entry["seeds"][str(seed)] = one = run(recipe, with_validation, seed, splits)
            entry["summary"] = summarize(entry["seeds"])
            print(f"chapter {chapter}, seed {seed}: valid {one['valid_accuracy']:.4f} "
                  f"test {one['test_accuracy']:.4f} ({one['seconds']:.0f} s)", flush=True)
            if args.write:
                write_measurement(OUT, command, {"mnist": "RNNBOOK_MNIST"}, results)
        print(f"chapter {chapter}:", entry["summary"], flush=True)
    if args.write:
        print(f"written: {OUT}")


if __name__ == "__main__":
    main()
