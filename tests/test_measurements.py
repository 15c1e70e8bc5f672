"""The measurements that chapters quote (rnnbook.repro.measurement) and the record that every
script of bench/ writes (bookbuild.measurements)."""

import json
import pathlib

import pytest

from bookbuild import measurements
from bookbuild.layout import ROOT
from rnnbook import repro

SHIPPED = sorted(path.stem for path in measurements.PACKAGE_MEASUREMENTS.glob("*.json"))


def test_the_chapters_measurements_ship_with_the_package():
    """Chapters 3, 5, 8, 9 and 10 read these; each names the script of bench/ that can make it again."""
    assert {"unrolling", "mnist_epoch_lstm", "char_lm", "mnist_seeds", "forecast"} <= set(SHIPPED)
    for name in SHIPPED:
        record = repro.measurement(name)
        assert record["command"].startswith(f"python {record['script']} ")
        assert (ROOT / record["script"]).is_file()
        assert {"cpu", "avx512", "cores"} <= set(record["machine"])
        assert record["versions"]["tensorflow"]


def test_an_unknown_measurement_names_the_ones_there_are():
    with pytest.raises(ValueError, match="^name must be one of .*'unrolling'.*, got 'nothing'$"):
        repro.measurement("nothing")
    with pytest.raises(TypeError, match="^name must be a string, got int$"):
        repro.measurement(3)


def test_write_measurement_records_what_measured_and_how(tmp_path):
    path = tmp_path / "sub" / "m.json"
    written = measurements.write_measurement(path, "python bench/x.py --fast", {"runs": 2},
                                             {"figures": [1.5]})
    assert json.loads(path.read_text(encoding="utf-8")) == written
    assert written["script"] == "bench/x.py" and written["settings"] == {"runs": 2}
    assert written["figures"] == [1.5]
    assert written["machine"] == measurements.machine()
    assert set(written["versions"]) <= set(measurements.PACKAGES)


def test_describe_says_cpu_instruction_set_and_cores():
    host = {"cpu": "AMD EPYC", "family": "25", "model": "1", "avx512": False, "cores": 2}
    assert measurements.describe(host) == "AMD EPYC (family 25, model 1), no AVX-512, 2 cores"
    assert "with" not in measurements.describe({**host, "avx512": True})
    assert ", AVX-512," in measurements.describe({**host, "avx512": True})


def test_the_package_declares_the_measurements_as_data():
    """Without the declaration, a non-editable install (Colab) would ship no measurement."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["rnnbook"]
    package = pathlib.Path(repro.__file__).parent
    declared = {path for pattern in patterns for path in package.glob(pattern)}
    assert declared == set(measurements.PACKAGE_MEASUREMENTS.glob("*.json"))


def test_spread_of_a_figure_over_seeds():
    assert measurements.spread([1.0, 2.0, 3.0], prefix="test_") == {
        "test_mean": 2.0, "test_stdev": 1.0, "test_min": 1.0, "test_max": 3.0}
    assert measurements.spread([0.5])["stdev"] is None  # one seed has no spread
    with pytest.raises(ValueError, match="^values must hold at least one figure$"):
        measurements.spread([])


def test_the_shipped_seed_summaries_are_the_spread_of_their_seeds():
    """The summaries the chapters quote agree with the per-seed figures recorded beside them."""
    record = repro.measurement("mnist_seeds")
    for chapter in ("chapter_5", "chapter_8"):
        runs = record[chapter]["seeds"].values()
        for split in ("valid", "test"):
            expected = measurements.spread([run[f"{split}_accuracy"] for run in runs], f"{split}_")
            assert {key: record[chapter]["summary"][key] for key in expected} == pytest.approx(expected)
    record = repro.measurement("char_lm")
    runs = record["seeds"].values()
    expected = {**measurements.spread([min(run["valid_bpc"]) for run in runs], "valid_"),
                **measurements.spread([run["test_bpc"] for run in runs], "test_")}
    assert {key: record["seeds_summary"][key] for key in expected} == pytest.approx(expected)
