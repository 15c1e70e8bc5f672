"""How much the figures that come out of training move from one CPU to another.

Usage: RNNBOOK_MNIST=/path/to/mnist.npz python bench/cpu_spread.py [--settings NAME ...]
       [--chapters STEM ...] [--out results.json]

TensorFlow picks its CPU kernels (oneDNN, XLA) by instruction set and thread count, so a long
training run drifts in the last digits from one machine to another. This script executes each
chapter that trains, in a fresh kernel, under settings that select the kernels another processor
would get, and tabulates every figure the chapter glues for its prose (`rnnbook.glue_figure`)
beside the value stored in the committed notebook and the asserts of the cell that computes it.

Settings: default; avx2 (ONEDNN_MAX_CPU_ISA=AVX2, XLA_FLAGS=--xla_cpu_max_isa=AVX2); avx (the same
with AVX); one-thread (`taskset -c 0`). On a CPU without AVX-512, `avx2` selects the same kernels as
`default`. Results are merged into --out (JSON) as they arrive, so settings can be run separately;
the table is printed from everything in that file. A chapter that fails under a setting (an
assert that does not hold there) is reported with the failing cell, and the script exits 1.
"""

import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

from bookbuild.layout import ROOT, TRAINING_CHAPTERS as TRAINING_PAGES

BIN = pathlib.Path(sys.executable).parent
TRAINING_CHAPTERS = [pathlib.PurePosixPath(page).name for page in TRAINING_PAGES]
SETTINGS = {
    "default": ({}, []),
    "avx2": ({"ONEDNN_MAX_CPU_ISA": "AVX2", "XLA_FLAGS": "--xla_cpu_max_isa=AVX2"}, []),
    "avx": ({"ONEDNN_MAX_CPU_ISA": "AVX", "XLA_FLAGS": "--xla_cpu_max_isa=AVX"}, []),
    "one-thread": ({}, ["taskset", "-c", "0"]),
}
ASSERT = re.compile(r"^\s*assert .*$", re.MULTILINE)


GLUE = re.compile(r"glue_figure\(\s*(f?)\"([^\"]+)\",\s*([A-Za-z_]\w*)")


def checks(source, name):
    """The asserts of a cell that test the variable glued under `name` (an f-string name matches)."""
    for is_f, pattern, variable in GLUE.findall(source):
        regex = re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(pattern)) if is_f else re.escape(pattern)
        if re.fullmatch(regex, name):
            return [a.strip() for a in ASSERT.findall(source) if re.search(rf"\b{variable}\b", a)]
    return []


def glued_figures(notebook):
    """{name: (text, [asserts on it in the cell that glued it])} for every glue record."""
    figures = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                text = output["data"][record["mime_prefix"] + "text/plain"]
                figures[record["name"]] = (text.strip("'"), checks(source, record["name"]))
    return figures


def errors(notebook):
    found = []
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                found.append(f"cell {index}: {output['ename']}: {output['evalue'][:200]}")
    return found


def run(chapter, setting):
    """Execute one chapter under one setting; return its figures, errors and wall-clock time."""
    extra_env, prefix = SETTINGS[setting]
    env = {**os.environ, **extra_env}
    source = ROOT / "book" / f"{chapter}.ipynb"
    with tempfile.TemporaryDirectory() as scratch:
        target = pathlib.Path(scratch) / source.name
        command = [*prefix, str(BIN / "jupyter"), "execute", "--allow-errors", f"--output={target}", str(source)]
        start = time.perf_counter()
        subprocess.run(command, cwd=source.parent, env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        notebook = json.loads(target.read_text(encoding="utf-8"))
    return {"figures": glued_figures(notebook), "errors": errors(notebook), "seconds": round(seconds, 1)}


def number(text):
    """The float in a glued pt-BR figure ('0,9844', '93%', '12 345')."""
    clean = text.replace("\u202f", "").replace(",", ".")
    return float(clean.rstrip("%")) / (100 if clean.endswith("%") else 1)


def table(results):
    lines = []
    settings = [s for s in SETTINGS if any(s in r for r in results.values())]
    header = ["capítulo", "figura", "guardada", *settings, "mín.–máx.", "verificação na célula"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for chapter in sorted(results):
        stored = glued_figures(json.loads((ROOT / "book" / f"{chapter}.ipynb").read_text(encoding="utf-8")))
        for name, (text, asserts) in stored.items():
            values = [results[chapter].get(s, {}).get("figures", {}).get(name, ("—",))[0] for s in settings]
            numbers = [number(v) for v in values if v != "—"]
            spread = f"{min(numbers):g}–{max(numbers):g}" if numbers else "—"
            check = "; ".join(f"`{a}`" for a in asserts) or "—"
            lines.append(f"| {chapter[:2]} | `{name}` | {text} | " + " | ".join(values) + f" | {spread} | {check} |")
    lines.append("")
    lines.append("Tempo de execução de cada capítulo (s): " + "; ".join(
        f"{chapter[:2]}: " + ", ".join(f"{s} {results[chapter][s]['seconds']}" for s in settings if s in results[chapter])
        for chapter in sorted(results)))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS))
    parser.add_argument("--chapters", nargs="+", default=TRAINING_CHAPTERS)
    parser.add_argument("--out", type=pathlib.Path, default=pathlib.Path(tempfile.gettempdir()) / "cpu_spread.json")
    parser.add_argument("--merge", type=pathlib.Path, nargs="+", default=[],
                        help="results files of other runs (e.g. run in parallel) to merge into --out")
    parser.add_argument("--report", action="store_true", help="print the table of --out; run nothing")
    args = parser.parse_args()
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    for other in args.merge:
        for chapter, by_setting in json.loads(other.read_text()).items():
            results.setdefault(chapter, {}).update(by_setting)
    if args.report:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
        print(table(results))
        return
    failed = False
    for setting in args.settings:
        for chapter in args.chapters:
            result = run(chapter, setting)
            results.setdefault(chapter, {})[setting] = result
            args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))
            status = "; ".join(result["errors"]) or "ok"
            print(f"{setting:<10} {chapter:<24} {result['seconds']:7.1f} s  {status}", flush=True)
            failed |= bool(result["errors"])
    print()
    print(table(results))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
