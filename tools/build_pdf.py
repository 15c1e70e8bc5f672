"""Build the whole book as one PDF, offline, from the outputs stored in the notebooks.

    python tools/build_pdf.py [--output PATH] [--path-output FOLDER]

1. ``jupyter-book build --builder singlehtml`` with a copy of ``_config.yml`` whose execution is off
   (``bookbuild.layout.stored_outputs_config``), so no chapter is executed: the PDF shows the
   outputs committed in the notebooks. With ``--path-output`` naming the folder of a site built the
   same way (the tests' site), Sphinx reuses that build's environment and reads no page again;
   ``book/_ext/print_layout.py`` gives the single page what it needs beyond the site.
2. Headless Chromium, found as the browser tests find it (``bookbuild.chromium``) and driven by
   Playwright, opens that one page, waits until MathJax has typeset every formula, and prints it
   (``book/_static/print.css`` lays out the printed page: cover, a new page per chapter).

The site draws formulas as SVG; here MathJax writes them in its web fonts (CommonHTML, from the same
pinned package): the PDF gets them as text, which a reader can search and copy, and is lighter.

The PDF goes to ``_build/pdf/redes-neurais-recorrentes.pdf`` unless ``--output`` says otherwise.
"""

import argparse
import pathlib
import re
import subprocess
import sys
import tempfile
import time

from bookbuild.chromium import ChromiumNotFound, find_chromium
from bookbuild.layout import ROOT, stored_outputs_config, toc_pages

OUTPUT = ROOT / "_build" / "pdf" / "redes-neurais-recorrentes.pdf"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def build_singlehtml(folder):
    """Build the book as one HTML page under `folder`; return the page's path and what Sphinx
    said about its environment ("0 added, 0 changed" when it reused a site's)."""
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    with tempfile.TemporaryDirectory() as config_folder:
        result = subprocess.run(
            [str(jupyter_book), "build", str(ROOT), "--config", str(stored_outputs_config(config_folder)),
             "--builder", "singlehtml", "--path-output", str(folder)],
            capture_output=True, text=True,
        )
    if result.returncode != 0:
        sys.exit(result.stdout[-4000:] + result.stderr[-4000:] + "\nthe singlehtml build failed")
    environment = ""
    for line in (result.stdout + result.stderr).splitlines():
        if "WARNING" in line:  # the site's own build (tests/test_site.py) fails on these; the PDF is made
            print(line, file=sys.stderr)
        if "updating environment:" in line:
            environment = re.sub(r"\x1b\[[0-9;]*m", "", line).split("updating environment:", 1)[1].strip()
    # Sphinx writes the page as the root document, book/intro.html, with links relative to the
    # output folder: a copy at the top resolves them, and its links to itself become anchors.
    html = pathlib.Path(folder) / "_build" / "singlehtml"
    root = toc_pages()[0]
    text = (html / f"{root}.html").read_text(encoding="utf-8").replace(f'href="{root}.html#', 'href="#')
    page = html / "livro.html"
    page.write_text(text, encoding="utf-8")
    return page, environment


def print_pdf(page_path, output):
    """Open the page in headless Chromium, wait for MathJax, print it to `output` (A4).

    Returns the number of formulas typeset; stops if one is not, or if MathJax reports an error.
    """
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
    parser.add_argument("--path-output", type=pathlib.Path,
                        help="the folder of the Sphinx build (default: a temporary one); the folder "
                             "of a site built with the same configuration lends its environment")
    arguments = parser.parse_args()
    output = arguments.output.resolve()
    with tempfile.TemporaryDirectory() as temporary:
        folder = (arguments.path_output or pathlib.Path(temporary)).resolve()
        start = time.perf_counter()
        page, environment = build_singlehtml(folder)
        built = time.perf_counter()
        formulas = print_pdf(page, output)
        printed = time.perf_counter()

    from pypdf import PdfReader

    pages = len(PdfReader(output).pages)
    print(f"{output}: {pages} pages, {output.stat().st_size / 1e6:.1f} MB, {formulas} formulas "
          f"(HTML {built - start:.0f} s, print {printed - built:.0f} s; Sphinx environment: {environment})")


if __name__ == "__main__":
    main()
