"""Execution time and peak memory of each chapter, and of a cold `jupyter-book build`.

Usage: RNNBOOK_MNIST=/path/to/mnist.npz python bench/chapters.py [--no-build]

Each chapter runs top to bottom in a fresh kernel (`jupyter execute`, outputs discarded); the
cold build executes every chapter into an empty output folder. Prints one table.
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent


def timed(command, cwd):
    """Run `command` under GNU time; return (seconds, peak RSS in MiB over it and its children)."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr).group(1)
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(clock.split(":"))))
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return seconds, peak_kib / 1024


def chapters():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="skip the cold build")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for path in chapters():
            copy = pathlib.Path(scratch) / path.name
            shutil.copy(path, copy)
            seconds, peak = timed([str(BIN / "jupyter"), "execute", "--inplace", str(copy)], cwd=path.parent)
            rows.append((path.stem, seconds, peak))
        if not args.no_build:
            out = pathlib.Path(scratch) / "build"
            seconds, peak = timed([str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out)], cwd=ROOT)
            rows.append(("cold jupyter-book build (all chapters)", seconds, peak))
    print(f"{'what':<42} {'seconds':>8} {'peak MiB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<42} {seconds:8.1f} {peak:9.0f}")
    chapter_total = sum(s for name, s, _ in rows if not name.startswith("cold"))
    print(f"{'sum of chapters':<42} {chapter_total:8.1f}")


if __name__ == "__main__":
    main()
