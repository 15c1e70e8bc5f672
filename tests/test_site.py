"""Build the site with warnings as errors, then read the HTML it produced."""

import pathlib
import re

import pytest

from bookbuild.layout import ROOT, toc_pages

PAGES = toc_pages()

pytestmark = pytest.mark.slow  # builds the whole site once


@pytest.mark.parametrize("page", PAGES)
def test_page_exists_in_portuguese_without_errors(site, page):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR"' in html
    assert "Traceback" not in html and "output_error" not in html and "output stderr" not in html
    assert "Redes Neurais Recorrentes" in html
    # The side bar links every page of the table of contents.
    for other in (p for p in PAGES[1:] if p != page):
        assert pathlib.PurePosixPath(other).name + ".html" in html, f"{page}: no link to {other}"


def test_root_redirects_to_introduction(site):
    assert "book/intro.html" in (site / "index.html").read_text(encoding="utf-8")


def test_search_is_portuguese(site):
    html = (site / "search.html").read_text(encoding="utf-8")
    assert "Pesquisar" in html or "Buscar" in html
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    assert "recorrent" in index


def test_images_have_alt_text_and_exist(site):
    count = 0
    for page in PAGES:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        for tag in re.findall(r"<img [^>]*>", html):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), f"{page}: image without alt text: {tag[:120]}"
            if not src.startswith(("http", "data:")):
                assert (site / page).parent.joinpath(src).resolve().exists(), f"{page}: missing {src}"
            count += 1
    assert count >= 5


def test_chapter_has_exercises_with_hidden_solutions(site):
    html = (site / "book/01_rnn_basica.html").read_text(encoding="utf-8")
    assert html.count('class="solution dropdown') >= 3
    assert "Exercício" in html and "Solução para" in html


@pytest.mark.parametrize("page", [p for p in PAGES if pathlib.PurePosixPath(p).name[:2].isdigit()])
def test_launch_and_download_buttons(site, page):
    html = (site / f"{page}.html").read_text(encoding="utf-8")
    notebook = f"{page}.ipynb"
    assert f"https://colab.research.google.com/github/redes-neurais-recorrentes/curso-rnn/blob/main/{notebook}" in html
    assert f"https://mybinder.org/v2/gh/redes-neurais-recorrentes/curso-rnn/main?urlpath=tree/{notebook}" in html
    assert f'href="../_sources/{notebook}"' in html
    assert (site / "_sources" / notebook).exists()


def test_pages_show_the_executed_outputs(site):
    html = (site / "book/05_classificador_mnist.html").read_text(encoding="utf-8")
    assert "Acurácia no teste: 0,98" in html and "Tempo de treino:" in html
    html = (site / "book/06_series_temporais.html").read_text(encoding="utf-8")
    assert "MSE final: 0,0" in html and "MSE da previsão ingênua:" in html
    html = (site / "book/08_memoria_longa.html").read_text(encoding="utf-8")
    assert "Acurácia no teste (LSTM): 0,98" in html
    # The table of traps is rendered from the executed Markdown output, not shown as text.
    table = re.search(r"<table[^>]*>.*?</table>", html[html.index("Armadilha") - 2000:], re.S).group(0)
    assert table.count("<tr") == 7  # the header and six traps
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", table))
    assert "LSTMStateTuple(c, h)" in text and "reset_after=True" in text


def test_internal_links_and_anchors_resolve(site):
    """Every relative href of every built page points to a file that exists, and to an id in it."""
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("_static", "_sources"))
    ids = {page: set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))) for page in pages}
    checked = 0
    for page in pages:
        for href in re.findall(r'\bhref="([^"]*)"', page.read_text(encoding="utf-8")):
            if href.startswith(("http:", "https:", "mailto:", "javascript:", "data:")) or href == "#":
                continue
            path, _, anchor = href.partition("#")
            target = (page.parent / path.split("?")[0]).resolve() if path else page
            assert target.exists(), f"{page.relative_to(site)}: broken link {href}"
            if anchor and target.suffix == ".html":
                assert anchor in ids[target], f"{page.relative_to(site)}: no anchor #{anchor} in {href}"
            checked += 1
    assert checked > 200


def test_prose_quotes_the_glued_figures(site):
    """Every figure a chapter glues (rnnbook.glue_figure) appears, as text, on its built page."""
    import json

    checked = 0
    for page in PAGES:
        notebook = ROOT / f"{page}.ipynb"
        if not notebook.exists():
            continue
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                record = output.get("metadata", {}).get("scrapbook")
                if record:
                    text = output["data"][record["mime_prefix"] + "text/plain"].strip("'")
                    assert text in html, f"{page}: glued figure {record['name']} = {text} not on the page"
                    checked += 1
    assert checked >= 15
