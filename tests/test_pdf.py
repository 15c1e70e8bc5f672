"""The whole book as one PDF (``python tools/build_pdf.py``), built once into a temporary folder
and read back with pypdf: its size, the cover, every page of the table of contents starting a page
of its own, the bibliography, every figure, and no formula left as TeX source."""

import base64
import collections
import hashlib
import json
import re
import struct
import subprocess
import sys
import unicodedata

import pytest

from bookbuild.layout import ROOT, toc_pages
from conftest import SITE

PAGES = toc_pages()

pytestmark = pytest.mark.slow  # builds the book (singlehtml) and prints it in Chromium

MIN_PAGES = 150  # 218 measured (chapters 1-9, two appendices, glossary, references, execution report)
MAX_PAGES = 600
# TeX that MathJax should have typeset: delimiters and commands the book uses.
TEX = re.compile(r"\$|\\[()\[\]]|\\(?:frac|mathbf|mathrm|boldsymbol|tanh|sigma|odot|partial|operatorname"
                 r"|sum|cdot|left|right|begin|end|sqrt|hat|text|in|le|ge)\b")


def normal(text):
    """NFKC (the PDF's ligatures: "ﬁ" is "fi") and one space for any run of white space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def source(page):
    """The page's source: a notebook's cells, or a Markdown file as one cell."""
    notebook = ROOT / f"{page}.ipynb"
    if notebook.exists():
        return json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [{"cell_type": "markdown", "source": (ROOT / f"{page}.md").read_text(encoding="utf-8")}]


def text_of(cell):
    return "".join(cell["source"])


def title(page):
    """The first `# ` heading, as the PDF shows it (inline code without its backquotes)."""
    for cell in source(page):
        if cell["cell_type"] == "markdown":
            found = re.search(r"^# (.+)$", text_of(cell), re.M)
            if found:
                return normal(found.group(1).replace("`", ""))
    raise AssertionError(f"{page} has no title")


def code_lines(page):
    """Code as the PDF may show it: code cells, their text outputs, fenced blocks in Markdown."""
    for cell in source(page):
        if cell["cell_type"] == "code":
            yield from text_of(cell).splitlines()
            for output in cell.get("outputs", []):
                yield from "".join(output.get("text", "")).splitlines()
                yield from "".join(output.get("data", {}).get("text/plain", "")).splitlines()
        elif cell["cell_type"] == "markdown":
            for block in fenced_code(text_of(cell)):
                yield from block.splitlines()


def fenced_code(markdown):
    """The code blocks of MyST Markdown, looking inside directives (an exercise's solution)."""
    from markdown_it import MarkdownIt

    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "fence" and token.info.startswith("{"):
            yield from fenced_code(token.content)
        elif token.type in ("fence", "code_block"):
            yield token.content


def png_sizes():
    """(width, height) of every distinct PNG output of the book's notebooks."""
    payloads = {}
    for page in PAGES:
        for cell in source(page):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    data = base64.b64decode(output["data"]["image/png"])
                    payloads[hashlib.sha256(data).hexdigest()] = struct.unpack(">II", data[16:24])  # IHDR
    return collections.Counter(payloads.values())


def pdf_images(reader):
    """(width, height) of every image the PDF holds, each object once, Form XObjects included."""
    seen, sizes = set(), collections.Counter()

    def visit(resources):
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for reference in (xobjects.get_object().values() if xobjects is not None else []):
            xobject = reference.get_object()
            key = getattr(reference, "idnum", id(xobject))
            if key in seen:
                continue
            seen.add(key)
            if xobject.get("/Subtype") == "/Image":
                sizes[(int(xobject["/Width"]), int(xobject["/Height"]))] += 1
            elif xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return sizes


@pytest.fixture(scope="module")
def pdf(site, tmp_path_factory):
    """The PDF, built by the documented command into a temporary folder on the site's Sphinx
    build (tests/conftest.py), whose environment it reuses; (path, what it printed)."""
    path = tmp_path_factory.mktemp("pdf") / "livro.pdf"
    command = [sys.executable, str(ROOT / "tools" / "build_pdf.py"), "--output", str(path),
               "--path-output", str(SITE)]
    result = subprocess.run(command,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return path, result.stdout


@pytest.fixture(scope="module")
def reader(pdf):
    from pypdf import PdfReader

    return PdfReader(pdf[0])


@pytest.fixture(scope="module")
def pages(reader):
    """The text of every page of the PDF."""
    return [page.extract_text() for page in reader.pages]


def test_the_pdf_has_its_size_and_reused_the_sites_environment(pdf, reader):
    """Pages and bytes in range, every formula typeset, and no page read again: the single page
    was built on the site's Sphinx environment (tools/build_pdf.py, book/_ext/print_layout.py)."""
    path, printed = pdf
    assert MIN_PAGES <= len(reader.pages) <= MAX_PAGES, f"{len(reader.pages)} pages"
    assert 0.5 < path.stat().st_size / 1e6 < 50
    report = re.search(r" (\d+) formulas .*Sphinx environment: (.*)\)$", printed.strip())
    assert report, printed
    assert int(report[1]) >= 300  # 453 measured; MathJax typeset them all (the command stops otherwise)
    assert report[2].startswith("0 added, 0 changed"), report[2]


def test_the_cover_has_the_title_and_the_contents(pages):
    cover = normal(pages[0])
    assert cover.startswith("Redes Neurais Recorrentes"), cover[:200]
    assert "Conteúdo" in cover
    assert all(title(page) in cover for page in PAGES[1:])


def first_pages(pages):
    """{page of the table of contents: index of the PDF page it starts}, found in the book's order.

    Each starts a new PDF page, whose text begins with its title ("1. " before a chapter's; the
    references page may begin with its labels, "[Elm90] ...", which pypdf reads first)."""
    beginnings = [normal(text)[:400] for text in pages]
    found, at = {}, 0
    for page in PAGES[1:]:
        start = re.compile(rf"(\[[^\]]+\] )*(\d+\. )?{re.escape(title(page))}")
        at = next((i for i in range(at + 1, len(pages)) if start.match(beginnings[i])), None)
        assert at is not None, f"no page after page {max(found.values(), default=0) + 1} begins with {title(page)!r}"
        found[page] = at
    return found


def test_every_page_of_the_table_of_contents_starts_a_page_in_order(pages):
    assert min(first_pages(pages).values()) >= 2  # after the cover and the introduction


def test_the_bibliography_lists_every_reference(pages):
    """The references page (`{bibliography}` with `:all:`) shows each entry: its first author, then its year."""
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec; pybtex needs it too)
    import pybtex.database

    starts = first_pages(pages)
    start = starts["book/referencias"]
    end = min([at for at in starts.values() if at > start], default=len(pages))  # the next page's
    bibliography = normal(" ".join(pages[start:end]))
    entries = pybtex.database.parse_file(ROOT / "book" / "references.bib").entries
    assert len(entries) >= 10
    for key, entry in entries.items():
        author = re.sub(r"[{}]", "", codecs.decode(" ".join(entry.persons["author"][0].last_names), "ulatex"))
        year = entry.fields["year"]
        assert re.search(rf"{re.escape(author)}\b.{{0,600}}?\b{year}\b", bibliography), f"{key}: {author}, {year}"


def test_no_formula_source_is_left(pages):
    """No TeX in the text: a line with `$`, `\\(` or `\\frac`... is code that shows it (plot labels)."""
    code = "\n".join(normal(line) for page in PAGES for line in code_lines(page))
    leaked = [line for text in pages for line in map(normal, text.splitlines())
              if TEX.search(line) and line not in code]
    assert not leaked, f"TeX left as text: {leaked[:5]}"


def test_the_formulas_are_typeset(pages):
    """MathJax writes each formula in its own fonts, as text: "Y(t−1)" has a minus sign (U+2212)
    where the TeX source, or code, has a hyphen."""
    assert "\n".join(pages).count("t−1") >= 20  # 46 measured


def test_every_figure_is_in_the_pdf(reader):
    """Each distinct PNG output of the notebooks is an image of the same size in the PDF."""
    expected, found = png_sizes(), pdf_images(reader)
    assert sum(expected.values()) >= 20
    missing = expected - found
    assert not missing, f"figures missing from the PDF (width, height): {dict(missing)}"
