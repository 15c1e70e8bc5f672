"""Static vs dynamic unrolling: graph size and build/run times, measured as chapter 3 quotes them.

Usage: python bench/unrolling.py [--steps 2 10 25 50 100 200 300] [--repeats 3] [--runs 10] [--write]

Each size and time comes from rnnbook.legacy.measure_unrolling (the source's graph: BasicRNNCell
with 5 neurons, 3 inputs, a minibatch of 4 instances); the times are medians. Prints the CPU it ran
on and one table. --write records the table, with the CPU (from lscpu), the date and the versions,
in src/rnnbook/measurements/unrolling.json, the file chapter 3 reads for its table and plot of the times.
"""

import argparse

import numpy as np

from bookbuild.layout import ROOT
from bookbuild.measurements import (
    PACKAGE_MEASUREMENTS, describe, machine, warn_if_loaded, write_measurement,
)
from rnnbook import legacy

DATA = PACKAGE_MEASUREMENTS / "unrolling.json"
N_INPUTS, N_NEURONS, BATCH_SIZE = 3, 5, 4  # chapter 3's cell


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[2, 10, 25, 50, 100, 200, 300])
    parser.add_argument("--repeats", type=int, default=3, help="builds per measurement (median)")
    parser.add_argument("--runs", type=int, default=10, help="runs per build (median)")
    parser.add_argument("--write", action="store_true", help=f"record the table in {DATA.relative_to(ROOT)}")
    args = parser.parse_args()

    warn_if_loaded()
    rng = np.random.default_rng(0)
    for unroll in legacy.UNROLLINGS:  # warm-up: the first build pays one-off import costs
        legacy.measure_unrolling(unroll, 2, N_INPUTS, N_NEURONS, rng=rng, repeats=1, n_runs=1,
                                 batch_size=BATCH_SIZE)
    print(f"CPU: {describe(machine())}\n")
    print(f"{'steps':>6} | {'operations':^21} | {'build (ms)':^19} | {'first run (ms)':^19} | "
          f"{'run (ms)':^19}")
    print(f"{'':>6} | {'static':>9} {'dynamic':>11} | " + " | ".join([f"{'static':>9} {'dynamic':>9}"] * 3))
    costs = {unroll: [] for unroll in legacy.UNROLLINGS}
    for n_steps in args.steps:
        static, dynamic = (legacy.measure_unrolling(unroll, n_steps, N_INPUTS, N_NEURONS, rng=rng,
                                                    repeats=args.repeats, n_runs=args.runs,
                                                    batch_size=BATCH_SIZE)
                           for unroll in legacy.UNROLLINGS)
        costs["static"].append(static)
        costs["dynamic"].append(dynamic)
        times = " | ".join(f"{1000 * a:>9.1f} {1000 * b:>9.1f}" for a, b in zip(static[1:], dynamic[1:]))
        print(f"{n_steps:>6} | {static.operations[0]:>9} {sum(dynamic.operations):>11} | {times}")

    if args.write:
        command = " ".join(["python bench/unrolling.py", "--steps", *map(str, args.steps),
                            "--repeats", str(args.repeats), "--runs", str(args.runs), "--write"])
        settings = dict(n_inputs=N_INPUTS, n_neurons=N_NEURONS, batch_size=BATCH_SIZE,
                        repeats=args.repeats, runs=args.runs)
        results = {"steps": args.steps, "unrolling": {
            unroll: {
                "operations": [list(cost.operations) for cost in measured],  # [graph, loop nodes]
                **{f"{field}_seconds": [round(getattr(cost, field), 6) for cost in measured]
                   for field in ("build", "first_run", "run")},
            } for unroll, measured in costs.items()}}
        write_measurement(DATA, command, settings, results)
        print(f"\nrecorded in {DATA.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
