"""Execution time and peak memory of each chapter, and of a cold `jupyter-book build`.

Usage: RNNBOOK_MNIST=/path/to/mnist.npz python bench/chapters.py [--no-build] [--chapters STEM ...]
       [--inplace] [--write]

Each chapter runs top to bottom in a fresh kernel (`jupyter execute`); its outputs are discarded,
or, with --inplace, saved into the notebook (the clean re-execution before a commit is then also
the measurement). --write records each chapter's time, peak memory, machine, date and versions in
book/_data/execution.json, merged with the chapters already there; the book's execution report
(book/execucao.md) and the line under each chapter's title are built from that file. The cold
build executes every chapter into an empty output folder. Prints one table.
"""

import argparse
import datetime
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from bookbuild.layout import ROOT, chapter_notebooks
from bookbuild.measurements import describe, machine, versions, warn_if_loaded

BIN = pathlib.Path(sys.executable).parent
DATA = ROOT / "book" / "_data" / "execution.json"


def timed(command, cwd):
    """Run `command` under GNU time; return (seconds, peak RSS in MiB of it or its largest child)."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr).group(1)
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(clock.split(":"))))
    peak_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return seconds, peak_kib / 1024


def record(path, seconds, peak_mib, host, date, installed):
    """One chapter's measurement, as stored in the data file."""
    return {
        "file": path.relative_to(ROOT).as_posix(),
        "seconds": round(seconds, 1),
        "peak_mib": round(peak_mib),
        "machine": host,
        "date": date,
        "versions": installed,
    }


def write_records(records, data=DATA):
    """Merge `records` into the JSON file `data` (one entry per chapter, keyed by its page name,
    replacing older measurements of the same chapters and keeping the others); return the merge."""
    data = pathlib.Path(data)
    merged = json.loads(data.read_text(encoding="utf-8"))["chapters"] if data.exists() else {}
    for item in records:
        merged[item["file"].removesuffix(".ipynb")] = item
    data.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"chapters": dict(sorted(merged.items()))}, ensure_ascii=False, indent=1)
    data.write_text(text + "\n", encoding="utf-8")
    return merged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="skip the cold build")
    parser.add_argument("--chapters", nargs="+", metavar="STEM", help="measure only these chapters (e.g. 01_rnn_basica)")
    parser.add_argument("--inplace", action="store_true", help="save the outputs into the notebooks themselves")
    parser.add_argument("--write", action="store_true", help=f"record the chapters in {DATA.relative_to(ROOT)}")
    args = parser.parse_args()
    selected = chapter_notebooks()
    if args.chapters:
        unknown = set(args.chapters) - {path.stem for path in selected}
        if unknown:
            parser.error(f"not a chapter of _toc.yml: {', '.join(sorted(unknown))}")
        selected = [path for path in selected if path.stem in args.chapters]
    host, installed, today = machine(), versions(), datetime.date.today().isoformat()
    warn_if_loaded()
    rows, records = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for path in selected:
            target = path
            if not args.inplace:
                target = pathlib.Path(scratch) / path.name
                shutil.copy(path, target)
            seconds, peak = timed([str(BIN / "jupyter"), "execute", "--inplace", str(target)], cwd=path.parent)
            rows.append((path.stem, seconds, peak))
            records.append(record(path, seconds, peak, host, today, installed))
        if not args.no_build:
            out = pathlib.Path(scratch) / "build"
            seconds, peak = timed([str(BIN / "jupyter-book"), "build", str(ROOT), "--path-output", str(out)], cwd=ROOT)
            rows.append(("cold jupyter-book build (all chapters)", seconds, peak))
    print(f"{'what':<42} {'seconds':>8} {'peak MiB':>9}")
    for name, seconds, peak in rows:
        print(f"{name:<42} {seconds:8.1f} {peak:9.0f}")
    chapter_total = sum(s for name, s, _ in rows if not name.startswith("cold"))
    print(f"{'sum of chapters':<42} {chapter_total:8.1f}")
    print(f"machine: {describe(host)}")
    if args.write:
        write_records(records)
        print(f"recorded {len(records)} chapters in {DATA.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
