"""Build the whole book as one PDF, offline, from the outputs stored in the notebooks.

    python tools/build_pdf.py [--output PATH]

1. ``jupyter-book build --builder singlehtml`` with a copy of ``_config.yml`` whose execution is off,
   so no chapter is executed: the PDF shows the outputs committed in the notebooks.
2. Headless Chromium, found as the browser tests find it (``tests/browser_finder.py``) and driven by
   Playwright, opens that one page, waits until MathJax has typeset every formula, and prints it
   (``book/_static/print.css`` lays out the printed page: cover, a new page per chapter).

The site draws formulas as SVG; here MathJax writes them in its web fonts (CommonHTML, from the same
pinned package): the PDF gets them as text, which a reader can search and copy, and is lighter.

The PDF goes to ``_build/pdf/redes-neurais-recorrentes.pdf`` unless ``--output`` says otherwise.
This module is also a Sphinx extension of that build (:func:`setup`).
"""

import argparse
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "_build" / "pdf" / "redes-neurais-recorrentes.pdf"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def config_copy(folder):
    """_config.yml with execution off, its paths made absolute and this module as an extension."""
    sys.path.insert(0, str(ROOT / "tests"))
    from sitebuild import stored_outputs_config

    here = pathlib.Path(__file__)
    return stored_outputs_config(folder, extensions={here.stem: str(here.parent)})


def build_singlehtml(folder):
    """Build the book as one HTML page under `folder`; return the page's path."""
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--config", str(config_copy(folder)),
         "--builder", "singlehtml", "--path-output", str(folder)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(result.stdout[-4000:] + result.stderr[-4000:] + "\nthe singlehtml build failed")
    for line in (result.stdout + result.stderr).splitlines():
        if "WARNING" in line:  # the site's own build (tests/test_site.py) fails on these; the PDF is made
            print(line, file=sys.stderr)
    # Sphinx writes the page as the root document, book/intro.html, with links relative to the
    # output folder: a copy at the top resolves them, and its links to itself become anchors.
    html = folder / "_build" / "singlehtml"
    root = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    text = (html / f"{root}.html").read_text(encoding="utf-8").replace(f'href="{root}.html#', 'href="#')
    page = html / "livro.html"
    page.write_text(text, encoding="utf-8")
    return page


def print_pdf(page_path, output):
    """Open the page in headless Chromium, wait for MathJax, print it to `output` (A4).

    Returns the number of formulas typeset; stops if one is not, or if MathJax reports an error.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from browser_finder import ChromiumNotFound, find_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = find_chromium(playwright)
        except ChromiumNotFound as error:
            sys.exit(str(error))
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=FLAGS)
        try:
            page = browser.new_page(color_scheme="light")  # the site follows the reader's mode
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=120000)
            page.evaluate("MathJax.startup.promise.then(() => document.fonts.ready).then(() => true)")
            formulas, typeset = page.locator(".math").count(), page.locator(".math mjx-container").count()
            errors = page.locator("mjx-merror").count()
            if typeset < formulas or errors:
                sys.exit(f"MathJax typeset {typeset} of {formulas} formulas, with {errors} errors")
            output.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(output), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=FOOTER,
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
            return formulas
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description="Build the whole book as one PDF.")
    parser.add_argument("--output", type=pathlib.Path, default=OUTPUT,
                        help=f"the PDF to write (default: {OUTPUT.relative_to(ROOT)})")
    output = parser.parse_args().output.resolve()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        page = build_singlehtml(pathlib.Path(folder))
        built = time.perf_counter()
        formulas = print_pdf(page, output)
        printed = time.perf_counter()

    from pypdf import PdfReader

    pages = len(PdfReader(output).pages)
    print(f"{output}: {pages} pages, {output.stat().st_size / 1e6:.1f} MB, {formulas} formulas "
          f"(HTML {built - start:.0f} s, print {printed - built:.0f} s)")


# --- The Sphinx extension of the singlehtml build ---

def _html_visitors_for_singlehtml(app):
    """Give singlehtml the visitors registered for html only (myst-nb's hidden cells, for one).

    Sphinx falls back to the html visitors only for a builder that has none of its own, and
    sphinx-exercise registers some for singlehtml: without this, the build stops at a hidden cell.
    """
    handlers = app.registry.translation_handlers
    for node, visitors in handlers.get("html", {}).items():
        handlers.setdefault("singlehtml", {}).setdefault(node, visitors)


def _chtml_mathjax(app, config):
    config.mathjax_path = "mathjax/tex-chtml.js"  # after book/_ext/site_local.py's tex-svg.js


def _copy_chtml_mathjax(app, exception):
    import mathjax

    if exception is None:
        source = pathlib.Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
        target = pathlib.Path(app.outdir) / "_static" / "mathjax"
        fonts = pathlib.Path("output") / "chtml" / "fonts" / "woff-v2"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "tex-chtml.js", target)
        shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


def setup(app):
    app.connect("builder-inited", _html_visitors_for_singlehtml)
    app.connect("config-inited", _chtml_mathjax, priority=900)
    app.connect("build-finished", _copy_chtml_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    main()
