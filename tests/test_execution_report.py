"""The execution report: bench/chapters.py --write, its data file and the Sphinx extension that
renders it (book/_ext/execution_report.py), with synthetic data and a tiny Sphinx project."""

import datetime
import importlib.util
import io
import json
import re
import subprocess
import sys

import pytest

from bookbuild import measurements
from bookbuild.layout import ROOT, toc_pages

PAGES = toc_pages()

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import execution_report as report  # noqa: E402


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_chapters", ROOT / "bench" / "chapters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()
CHAPTERS = [page for page in PAGES if (ROOT / f"{page}.ipynb").exists()]
AMD = {"cpu": "AMD EPYC", "family": "25", "model": "1", "avx512": False, "cores": 2}
INTEL = {"cpu": "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", "family": "6", "model": "106",
         "avx512": True, "cores": 2}


def synthetic(file, seconds, peak_mib, machine=AMD):
    return {"file": file, "seconds": seconds, "peak_mib": peak_mib, "machine": machine,
            "date": "2026-11-29", "versions": {"tensorflow": "2.21.0", "keras": "3.15.1"}}


# --- formatting -------------------------------------------------------------------------------

@pytest.mark.parametrize("seconds, text", [
    (2.0, "cerca de 5 s"), (34.9, "cerca de 35 s"), (40.6, "cerca de 40 s"), (58.0, "cerca de 1 min"),
    (150.0, "cerca de 3 min"), (176.0, "cerca de 3 min"), (355.0, "cerca de 6 min"),
])
def test_approximate_time(seconds, text):
    assert report.approximate_time(seconds) == text


@pytest.mark.parametrize("seconds, text", [
    (5.25, "5,2 s"), (34.9, "34,9 s"), (59.96, "1 min 00 s"), (176.0, "2 min 56 s"), (3725.0, "62 min 05 s"),
])
def test_exact_time(seconds, text):
    assert report.exact_time(seconds) == text


def test_decimal_comma_gigabytes_and_dates():
    assert report.decimal(1.25, 2) == "1,25" and report.decimal(0.716) == "0,7"
    assert report.gigabytes(1000) == pytest.approx(1.048576)
    assert report.brazilian_date("2026-11-29") == "29/11/2026"


def test_machine_descriptions():
    assert report.describe_machine(AMD) == "AMD EPYC (família 25, modelo 1), sem AVX-512, 2 núcleos"
    assert report.cpu_name(INTEL) == "Intel Xeon Platinum 8375C CPU @ 2.90GHz"
    assert report.describe_machine(INTEL).endswith("com AVX-512, 2 núcleos")


# --- Binder or Colab --------------------------------------------------------------------------

# The kernel's peak plus 0.2 GB for the Jupyter server must stay within 2 GB: 1.8e9 bytes are
# 1716.6 MiB, so 1716 MiB fit and 1717 do not.
@pytest.mark.parametrize("peak_mib, fits", [(683, True), (1716, True), (1717, False), (4000, False)])
def test_binder_decision_leaves_room_for_the_server(peak_mib, fits):
    assert report.fits_binder(peak_mib) is fits


def test_requirement_line():
    fits = report.requirement(synthetic("book/05.ipynb", 176.0, 1145, INTEL))
    assert fits == ("cerca de 3 min e 1,2 GB de RAM (medido num Intel Xeon Platinum 8375C CPU @ 2.90GHz "
                    "com AVX-512); cabe nos 2 GB do Binder.")
    too_big = report.requirement(synthetic("book/08.ipynb", 330.0, 2500))
    assert too_big == ("cerca de 6 min e 2,6 GB de RAM (medido num AMD EPYC sem AVX-512); "
                       "não cabe nos 2 GB do Binder: use o Colab.")


# --- the committed data file ------------------------------------------------------------------

def test_data_file_records_are_sane():
    records = report.load()
    assert records, f"no measurements in {report.DATA}"
    for name, record in records.items():
        assert name in CHAPTERS, f"{name}: not a chapter of _toc.yml"
        assert record["file"] == f"{name}.ipynb"
        assert 0 < record["seconds"] < 3600, name
        assert 100 < record["peak_mib"] < 24 * 1024, name
        machine = record["machine"]
        assert machine["cpu"].strip() and isinstance(machine["avx512"], bool) and machine["cores"] >= 1, name
        datetime.date.fromisoformat(record["date"])
        assert record["versions"].get("tensorflow"), name


def test_data_file_covers_every_chapter():
    assert set(CHAPTERS) <= set(report.load())


# --- bench/chapters.py --write ----------------------------------------------------------------

def test_write_records_merges_by_chapter(tmp_path):
    data = tmp_path / "_data" / "execution.json"
    bench.write_records([synthetic("book/02_b.ipynb", 20.0, 700), synthetic("book/01_a.ipynb", 10.0, 600)], data)
    merged = bench.write_records([synthetic("book/02_b.ipynb", 25.0, 710), synthetic("book/03_c.ipynb", 30.0, 800)], data)
    assert sorted(merged) == ["book/01_a", "book/02_b", "book/03_c"]
    stored = json.loads(data.read_text(encoding="utf-8"))["chapters"]
    assert list(stored) == ["book/01_a", "book/02_b", "book/03_c"]  # sorted: small diffs
    assert stored["book/02_b"]["seconds"] == 25.0 and stored["book/01_a"]["seconds"] == 10.0
    assert report.load(data) == stored  # what the extension reads is what the bench wrote


def test_record_and_machine():
    host = measurements.machine()
    assert host["cpu"] and isinstance(host["avx512"], bool) and host["cores"] >= 1
    item = bench.record(ROOT / "book" / "01_rnn_basica.ipynb", 34.94, 683.4, host, "2026-11-29",
                        measurements.versions())
    assert item["file"] == "book/01_rnn_basica.ipynb" and item["seconds"] == 34.9 and item["peak_mib"] == 683
    assert item["versions"]["tensorflow"]


def test_unknown_chapter_is_refused_before_anything_runs():
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "chapters.py"), "--write", "--chapters", "99_nada"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "99_nada" in result.stderr


# --- the extension in a tiny Sphinx project ---------------------------------------------------

def _line_text(html):
    """The text of a requirement line's HTML: no tags, entities decoded, single spaces."""
    import html as html_module

    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", "", html))).strip()


def _notebook(title):
    cell = {"cell_type": "markdown", "id": "titulo", "metadata": {}, "source": f"# {title}\n\nTexto."}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_extension_renders_the_report_and_the_lines(tmp_path, monkeypatch):
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    (source / "book").mkdir(parents=True)
    (source / "conf.py").write_text(
        "extensions = ['myst_nb', 'execution_report']\nnb_execution_mode = 'off'\nlanguage = 'pt_BR'\n",
        encoding="utf-8")
    (source / "index.md").write_text(
        "# Início\n\n```{toctree}\n:numbered:\nbook/01_a\nbook/02_b\nbook/execucao\n```\n", encoding="utf-8")
    (source / "book" / "01_a.ipynb").write_text(_notebook("Primeiro"), encoding="utf-8")
    (source / "book" / "02_b.ipynb").write_text(_notebook("Segundo"), encoding="utf-8")
    (source / "book" / "execucao.md").write_text("# Relatório\n\n```{execution-report}\n```\n", encoding="utf-8")
    data = tmp_path / "execution.json"
    data.write_text(json.dumps({"chapters": {"book/01_a": synthetic("book/01_a.ipynb", 176.0, 2500)}}),
                    encoding="utf-8")
    monkeypatch.setattr(report, "DATA", data)
    warnings = io.StringIO()
    app = Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True, confoverrides={"nitpicky": True})
    app.build()
    assert warnings.getvalue() == ""

    first = (tmp_path / "html" / "book" / "01_a.html").read_text(encoding="utf-8")
    line = re.search(r'<h1>.*?</h1>\s*<p class="execution-requirements">(.*?)</p>', first, re.S).group(1)
    assert _line_text(line) == ("Para executar: cerca de 3 min e 2,6 GB de RAM (medido num AMD EPYC "
                                "sem AVX-512); não cabe nos 2 GB do Binder: use o Colab. Veja o "
                                "relatório de execução.")
    assert line.startswith("<strong>Para executar:</strong>") and 'href="execucao.html"' in line
    second = (tmp_path / "html" / "book" / "02_b.html").read_text(encoding="utf-8")
    assert "execution-requirements" not in second  # no measurement, no line

    page = (tmp_path / "html" / "book" / "execucao.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="[^"]*execution-report.*?</table>', page, re.S).group(0)
    assert table.count("<tr") == 2  # the header and chapter 1
    cells = re.sub(r"<[^>]+>", "", table)
    for text in ("1. Primeiro", "2 min 56 s", "2,62 GB", "não cabe: use o Colab",
                 "AMD EPYC (família 25, modelo 1), sem AVX-512, 2 núcleos", "29/11/2026"):
        assert text in cells, text
    missing = re.search(r'<p class="execution-missing">(.*?)</p>', page, re.S).group(1)
    assert "Ainda sem medição" in missing and 'href="02_b.html"' in missing and "01_a" not in missing


# --- the built site ---------------------------------------------------------------------------

@pytest.mark.slow
def test_built_site_has_the_report_and_the_lines(site):
    records = report.load()
    page = (site / "book" / "execucao.html").read_text(encoding="utf-8")
    assert "Relatório de execução" in page and "bench/chapters.py" in page
    table = re.search(r'<table class="[^"]*execution-report.*?</table>', page, re.S).group(0)
    assert table.count("<tr") == 1 + len(records)
    assert ("Ainda sem medição" in page) == (not set(CHAPTERS) <= set(records))
    for name in CHAPTERS:
        html = (site / f"{name}.html").read_text(encoding="utf-8")
        line = re.search(r'<p class="execution-requirements">(.*?)</p>', html, re.S)
        assert bool(line) == (name in records), name
        if line:  # the page's own record, the whole line, and the link to the report
            expected = f"Para executar: {report.requirement(records[name])} Veja o relatório de execução."
            assert _line_text(line.group(1)) == expected, name
            assert 'href="execucao.html"' in line.group(1)
