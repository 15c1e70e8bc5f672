"""Static vs dynamic unrolling: graph size and build/run times, measured as chapter 3 measures.

Usage: python bench/unrolling.py [--steps 2 10 25 50 100 200 300] [--repeats 3] [--runs 10]

Both call rnnbook.legacy.measure_unrolling (the source's graph: BasicRNNCell with 5 neurons,
3 inputs, a minibatch of 4 instances); the times are medians. Prints the CPU it ran on.
"""

import argparse
import platform
import re
import subprocess

import numpy as np

from rnnbook import legacy


def cpu():
    """The CPU's model name and whether it has AVX-512 (from lscpu)."""
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "unknown CPU"
    model = re.search(r"Model name:\s*(.+)", text)
    avx512 = "AVX-512" if re.search(r"\bavx512f\b", text) else "no AVX-512"
    return f"{model.group(1).strip() if model else 'unknown CPU'}, {avx512}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[2, 10, 25, 50, 100, 200, 300])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    for unroll in legacy.UNROLLINGS:  # warm-up: the first build pays one-off import costs
        legacy.measure_unrolling(unroll, 2, rng=rng, repeats=1, n_runs=1)
    print(f"CPU: {cpu()}\n")
    print(f"{'steps':>6} | {'operations':^21} | {'build (ms)':^19} | {'first run (ms)':^19} | "
          f"{'run (ms)':^19}")
    print(f"{'':>6} | {'static':>9} {'dynamic':>11} | " + " | ".join([f"{'static':>9} {'dynamic':>9}"] * 3))
    for n_steps in args.steps:
        static, dynamic = (legacy.measure_unrolling(unroll, n_steps, rng=rng, repeats=args.repeats,
                                                    n_runs=args.runs) for unroll in legacy.UNROLLINGS)
        times = " | ".join(f"{1000 * a:>9.1f} {1000 * b:>9.1f}" for a, b in zip(static[1:], dynamic[1:]))
        print(f"{n_steps:>6} | {static.operations[0]:>9} {sum(dynamic.operations):>11} | {times}")


if __name__ == "__main__":
    main()
