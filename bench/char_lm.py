"""Chapter 10's character-level RNN on Dom Casmurro: its spread over seeds, and a longer run.

Usage: RNNBOOK_TEXT=/path/to/dom_casmurro.txt python bench/char_lm.py [--seeds 42 43 44 45 46]
       [--long-minutes 12] [--write]

The chapter trains one seed of its recipe (RECIPE: a stateful GRU(256) read in 32 streams of
100-character windows, 6 epochs) and of the same model without state (STATELESS), so that the build
stays cheap. This script trains both recipes for every seed of --seeds and records, per seed, the validation bits per character of every epoch
and, for the epoch chosen on validation, the test bits per character (looked at once per seed,
after the choice). Then, with --long-minutes, it trains a larger model (LONG: GRU(512), the same
streams) for as many epochs as fit in that budget and records its learning curve: validation bits
per character against characters processed, and test once at the end, for the epoch chosen on
validation. The n-gram baselines are exact (no seed) and computed by the chapter itself.

With no --seeds (`--seeds` alone), only the long run is made, and --write keeps the seeds already
recorded in the file. --write stores the results, with the CPU (lscpu), the date and the versions, in
src/rnnbook/measurements/char_lm.json, the file chapter 10 reads.
"""

import argparse
import json
import time

import rnnbook
from bookbuild.measurements import (
    PACKAGE_MEASUREMENTS, describe, machine, spread, warn_if_loaded, write_measurement,
)

import keras  # noqa: E402
import numpy as np  # noqa: E402

from rnnbook import data, text  # noqa: E402

RECIPE = dict(units=256, embedding_dim=32, n_steps=100, batch_size=32, learning_rate=4e-3,
              clipnorm=1.0, epochs=6, stateful=True)
STATELESS = dict(RECIPE, stateful=False)  # the same windows, shuffled, the state reset each time
LONG = dict(RECIPE, units=512, learning_rate=2e-3)
OUT = PACKAGE_MEASUREMENTS / "char_lm.json"


def split():
    train, valid, test, _ = text.split_by_chapters(data.load_dom_casmurro())
    vocabulary = text.make_vocabulary(train)
    return vocabulary, [text.encode(part, vocabulary) for part in (train, valid, test)]


def run(recipe, seed, ids, vocab_size, epochs=None, deadline=None):
    train_ids, valid_ids, test_ids = ids
    rng = rnnbook.seed_everything(seed)
    batch_shape = (recipe["batch_size"], recipe["n_steps"]) if recipe["stateful"] else (None, None)
    model = text.build_char_rnn(vocab_size, recipe["units"], recipe["embedding_dim"],
                                batch_shape=batch_shape, stateful=recipe["stateful"])
    model.compile(optimizer=keras.optimizers.Adam(recipe["learning_rate"],
                                                  clipnorm=recipe["clipnorm"]),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = {"train_bpc": [], "valid_bpc": [], "seconds": []}
    best_weights, best_epoch = None, None
    for epoch in range(epochs or 10_000):
        one = text.train_char_rnn(model, train_ids, valid_ids, 1, recipe["n_steps"],
                                  recipe["batch_size"], rng)
        for key in history:
            history[key] += one[key]
        print(f"  seed {seed} epoch {epoch + 1}: valid {history['valid_bpc'][-1]:.4f} "
              f"({history['seconds'][-1]:.0f} s)", flush=True)
        if best_epoch is None or history["valid_bpc"][-1] < history["valid_bpc"][best_epoch - 1]:
            best_weights, best_epoch = model.get_weights(), epoch + 1
        if deadline and time.perf_counter() + 1.2 * history["seconds"][-1] > deadline:
            break
    reader = text.build_char_rnn(vocab_size, recipe["units"], recipe["embedding_dim"])
    reader.set_weights(best_weights)
    test_bpc = -text.streamed_log2_probabilities(reader, test_ids).mean()
    characters = len(train_ids) - 1
    return {**history, "best_epoch": best_epoch, "test_bpc": float(test_bpc),
            "characters_per_epoch": characters}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[42, 43, 44, 45, 46])
    parser.add_argument("--long-minutes", type=float, default=12.0)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    warn_if_loaded()
    print(describe(machine()))
    vocabulary, ids = split()
    results = {"recipe": RECIPE, "stateless_recipe": STATELESS}
    if not args.seeds and OUT.exists():  # only the long run: keep the seeds already measured
        kept = json.loads(OUT.read_text(encoding="utf-8"))
        results.update({key: value for key, value in kept.items() if "seeds" in key})
    for key, recipe in (("seeds", RECIPE), ("stateless_seeds", STATELESS)):
        seeds = results[key] = {} if args.seeds else results.get(key, {})
        for seed in args.seeds:
            seeds[str(seed)] = run(recipe, seed, ids, len(vocabulary), epochs=recipe["epochs"])
            print(f"{key} {seed}: valid {min(seeds[str(seed)]['valid_bpc']):.4f} "
                  f"test {seeds[str(seed)]['test_bpc']:.4f}", flush=True)
        if args.seeds and len(seeds) > 1:
            tests = [run_["test_bpc"] for run_ in seeds.values()]
            valids = [min(run_["valid_bpc"]) for run_ in seeds.values()]
            results[f"{key}_summary"] = summary = {
                **spread(valids, prefix="valid_"), **spread(tests, prefix="test_"),
                "n_seeds": len(tests)}
            print(key, summary, flush=True)
    if args.long_minutes > 0:
        start = time.perf_counter()
        long_run = run(LONG, 42, ids, len(vocabulary),
                       deadline=start + 60 * args.long_minutes)
        long_run["minutes"] = (time.perf_counter() - start) / 60
        results["long"] = {"recipe": LONG, **long_run}
        print(f"long: best epoch {long_run['best_epoch']}, valid "
              f"{min(long_run['valid_bpc']):.4f}, test {long_run['test_bpc']:.4f}")
    if args.write:
        command = "python bench/char_lm.py " + " ".join(
            ["--seeds", *map(str, args.seeds), "--long-minutes", f"{args.long_minutes:g}",
             "--write"])
        write_measurement(OUT, command, {"text": "RNNBOOK_TEXT"}, results)
        print(f"written: {OUT}")


if __name__ == "__main__":
    main()
