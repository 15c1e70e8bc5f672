"""Read the built site as a reader would: headless Chromium, driven by Playwright.

tests/browser_finder.py finds the browser (Debian's, Ubuntu's, Google Chrome, Playwright's own);
.ci/run installs Debian's ``chromium`` package, and Playwright downloads no browser of its own.
Screenshots of every page are left in ``_build/screenshots/`` for a person to look at.
"""

import functools
import http.server
import pathlib
import re
import threading

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from browser_finder import ChromiumNotFound, find_chromium
from sitebuild import HTML, PAGES

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENSHOTS = HTML.parent / "screenshots"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = find_chromium(playwright)
        except ChromiumNotFound as error:
            pytest.fail(str(error), pytrace=False)
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=FLAGS)
        yield browser
        browser.close()


class PageReport:
    """Everything a page did wrong while it loaded."""

    def __init__(self, page, base):
        self.problems = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"),
        )
        page.on(
            "request",
            lambda r: not r.url.startswith((base, "data:", "blob:")) and self.problems.append(f"external request: {r.url}"),
        )


def open_page(browser, server, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    report = PageReport(page, server)
    page.goto(f"{server}/{path}", wait_until="networkidle")
    return page, report


def read_page(browser, server, page_name):
    """Open one page, check it loads cleanly, take its screenshot; return what it holds."""
    page, report = open_page(browser, server, f"{page_name}.html")
    try:
        result = {"lang": page.evaluate("document.documentElement.lang")}
        # MathJax (served from the site) typesets every formula; none is left as raw TeX.
        result["formulas"] = n_math = page.locator(".math").count()
        if n_math:
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.document", timeout=20000)
            page.evaluate("MathJax.startup.promise")
        result["typeset"] = page.locator(".math mjx-container").count()
        result["tex_errors"] = page.locator("mjx-merror").count()
        result["images"] = page.evaluate(
            "Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0, i.alt])"
        )
        result["text"] = page.inner_text("body")
        # The prose (paragraphs, list items, table cells; not code): TeX left unrendered shows here.
        result["prose"] = page.evaluate(
            "Array.from(document.querySelectorAll('article p, article li, article td'))"
            ".filter(e => !e.closest('pre, code, .highlight')).map(e => e.innerText).join('\\n')"
        )
        result["search_button"] = page.locator("button.search-button__button, .search-button-field").first.is_visible()
        result["html"] = page.inner_html("body")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{pathlib.PurePosixPath(page_name).name}.png"), full_page=True)
        result["problems"] = list(report.problems)
        return result
    finally:
        page.close()


@pytest.fixture(scope="module")
def pages(browser, server):
    """Every page of the table of contents, read once, whatever tests run and in whatever order."""
    return {name: read_page(browser, server, name) for name in PAGES}


@pytest.mark.parametrize("page_name", PAGES)
def test_page_reads_well(pages, page_name):
    result = pages[page_name]
    assert result["lang"] == "pt-BR"
    assert result["typeset"] >= result["formulas"], "formulas not typeset"
    assert result["tex_errors"] == 0, "MathJax reported a TeX error"
    # Every image loaded and has alt text.
    for src, loaded, alt in result["images"]:
        assert loaded, f"image did not load: {src}"
        assert alt and alt.strip(), f"image without alt text: {src}"
    assert "Traceback" not in result["text"]
    # No formula source leaks into the prose (e.g. a line break before "+" ends inline maths).
    leaked = re.findall(r"\\(?:mathbf|frac|sigma|tanh|odot|partial|operatorname)\b|\$\S", result["prose"])
    assert not leaked, f"unrendered TeX on {page_name}: {leaked[:5]}"
    # The interface is Portuguese.
    assert result["search_button"]
    assert "Buscar" in result["html"] or "Pesquisar" in result["html"]
    assert result["problems"] == [], result["problems"]


def test_search_finds_recorrente(browser, server):
    page, report = open_page(browser, server, "search.html?q=recorrente")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20000)
        results = page.locator("#search-results ul.search li").all_inner_texts()
        assert len(results) >= 3, results
        assert report.problems == [], report.problems
    finally:
        page.close()


def test_solutions_are_hidden_until_opened(browser, server):
    page, report = open_page(browser, server, "book/01_rnn_basica.html")
    try:
        solution = page.locator("div.solution").first
        body = solution.locator(".admonition-title ~ *").first
        assert not body.is_visible()
        solution.locator("button.toggle-button").click()
        body.wait_for(state="visible", timeout=5000)
        assert report.problems == [], report.problems
    finally:
        page.close()


def test_report_counts(pages):
    """What the browser checked over all pages (printed with -s, asserted non-trivial); the
    counts come from the module's single visit of every page, so test order does not matter."""
    n_images = sum(len(result["images"]) for result in pages.values())
    n_formulas = sum(result["formulas"] for result in pages.values())
    print(f"browser checked {len(pages)} pages, {n_images} images, {n_formulas} formulas")
    assert len(pages) == len(PAGES)
    assert n_images >= 20 and n_formulas >= 20
