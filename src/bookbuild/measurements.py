"""What every script of ``bench/`` records beside its figures: the CPU that measured (from
``lscpu``), the versions that ran, the date, and a warning when other programs load the machine.

One home for what ``bench/chapters.py`` (the execution report), ``bench/unrolling.py`` (chapter 3)
and ``bench/mnist_epoch.py`` (chapter 8) each did on their own. The measurements that a chapter
reads are written into the course package (:data:`PACKAGE_MEASUREMENTS`), so that the chapter
finds them wherever it runs, Colab included (``rnnbook.repro.measurement``).
"""

import datetime
import importlib.metadata
import json
import os
import pathlib
import statistics
import subprocess
import sys

from bookbuild.layout import ROOT

#: Where the measurements that chapters read live: package data of ``rnnbook``.
PACKAGE_MEASUREMENTS = ROOT / "src" / "rnnbook" / "measurements"
#: The packages whose versions a measurement records.
PACKAGES = ("tensorflow", "keras", "tf-keras", "numpy")


def machine():
    """The CPU that measures, from ``lscpu``: model name, family and model numbers, whether it
    has AVX-512, and the number of cores."""
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True,
                              env={**os.environ, "LC_ALL": "C"}).stdout
    except (OSError, subprocess.CalledProcessError):
        text = ""
    fields = {key.strip(): value.strip()
              for key, _, value in (line.partition(":") for line in text.splitlines())}
    return {
        "cpu": fields.get("Model name", "desconhecida"),
        "family": fields.get("CPU family", ""),
        "model": fields.get("Model", ""),
        "avx512": "avx512f" in fields.get("Flags", "").split(),
        "cores": int(fields.get("CPU(s)", os.cpu_count())),
    }


def describe(host):
    """One line for the console: ``AMD EPYC (family 25, model 1), no AVX-512, 2 cores``."""
    avx512 = "AVX-512" if host["avx512"] else "no AVX-512"
    return (f"{host['cpu']} (family {host['family']}, model {host['model']}), {avx512}, "
            f"{host['cores']} cores")


def versions(packages=PACKAGES):
    """Installed versions of ``packages`` (without importing them); missing ones are left out."""
    found = {}
    for name in packages:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            pass
    return found


def warn_if_loaded(threshold=0.5):
    """Say on stderr when the load average shows other programs competing for the CPU."""
    load = os.getloadavg()[0]
    if load > threshold:
        print(f"warning: load average {load:.1f}: other programs compete for the CPU and inflate "
              "the times", file=sys.stderr)
    return load


def spread(values, prefix=""):
    """The spread of one figure over seeds, as the chapters quote it: ``{prefix}mean``,
    ``{prefix}stdev`` (the sample standard deviation; ``None`` for one value), ``{prefix}min`` and
    ``{prefix}max``. The seed scripts of bench/ (forecast, mnist_seeds, char_lm, translator)
    record it; chapters 5, 8, 9, 10 and 11 read it ("0,0022 ± 0,0001 em 5 sementes")."""
    values = [float(value) for value in values]
    if not values:
        raise ValueError("values must hold at least one figure")
    stdev = statistics.stdev(values) if len(values) > 1 else None
    return {f"{prefix}mean": statistics.mean(values), f"{prefix}stdev": stdev,
            f"{prefix}min": min(values), f"{prefix}max": max(values)}


def write_measurement(path, command, settings, results):
    """Write one measurement to the JSON file ``path`` (replacing it) and return it: the command
    that made it (``python bench/<script>.py ...``), the date, the machine, the versions, the
    settings and the results (a dict merged at the top level)."""
    record = {
        "script": command.split()[1],
        "command": command,
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "versions": versions(),
        "settings": settings,
        **results,
    }
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return record
