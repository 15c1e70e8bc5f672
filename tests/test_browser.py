"""Read the built site as a reader would: headless Chromium, driven by Playwright.

bookbuild.chromium finds the browser (Debian's, Ubuntu's, Google Chrome, Playwright's own);
.ci/run installs Debian's ``chromium`` package, and Playwright downloads no browser of its own.
Every page is read once, in light mode and then in dark mode (the reader's system preference,
which the theme follows); its screenshots in both are left in ``_build/test/screenshots/light/`` and
``_build/test/screenshots/dark/`` for a person to look at. axe-core checks its accessibility (in light
mode: a second run in dark mode would cost 20 to 30 s; there the tests check the contrast of the
main kinds of text and the figures). axe-core (``axe.min.js``, from npm) is installed by .ci/run
into ``_build/axe/``, or named by the ``RNNBOOK_AXE`` environment variable.
"""

import collections
import functools
import http.server
import io
import os
import pathlib
import re
import threading

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from bookbuild.chromium import ChromiumNotFound, find_chromium
from bookbuild.layout import ROOT, TEST_BUILD, toc_pages

PAGES = toc_pages()

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENSHOTS = TEST_BUILD / "screenshots"
MODES = ("light", "dark")

AXE = pathlib.Path(os.environ.get("RNNBOOK_AXE") or ROOT / "_build" / "axe" / "axe.min.js")
AXE_VERSION = re.search(r"^axe_version=(\S+)$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M).group(1)
AXE_INSTALL = (f"mkdir -p _build/axe && (cd _build/axe && npm pack axe-core@{AXE_VERSION}) && tar -xzf "
               f"_build/axe/axe-core-{AXE_VERSION}.tgz -C _build/axe --strip-components=1 package/axe.min.js")
SERIOUS = ("serious", "critical")
# Violations of serious or critical impact left in place, each with its reason, e.g.
# ("color-contrast", "book/05_classificador_mnist"): "why it stays". An entry that no longer
# occurs fails the test: remove it.
AXE_ALLOWED = {}

# The theme's colours fade for 0.15 to 0.3 s after a switch: without that, they are final at once.
NO_TRANSITIONS = "*, ::before, ::after { transition: none !important; }"
# The main kinds of text (prose, link, inline code, code, output): their colour and background.
TEXTS = """['article p', 'article p a', 'article p code', '.cell_input pre', '.cell_output pre'].map(selector => {
    let element = document.querySelector(selector), background = 'rgba(0, 0, 0, 0)';
    if (!element) return null;
    const colour = getComputedStyle(element).color;
    for (; element && background === 'rgba(0, 0, 0, 0)'; element = element.parentElement)
        background = getComputedStyle(element).backgroundColor;
    return [selector, colour, background];
}).filter(Boolean)"""
# The figures of the article: their background, whether they are shown (not in a closed solution)
# and where their content (inside the padding) lies on the page.
FIGURES = """Array.from(document.querySelectorAll('.bd-article img')).map(img => {
    const box = img.getBoundingClientRect(), style = getComputedStyle(img), px = name => parseFloat(style[name]);
    return {src: img.getAttribute('src'), background: style.backgroundColor,
            shown: img.checkVisibility() && !img.closest('.toggle-hidden'),
            left: box.left + scrollX + px('paddingLeft'), top: box.top + scrollY + px('paddingTop'),
            right: box.right + scrollX - px('paddingRight'), bottom: box.bottom + scrollY - px('paddingBottom')};
})"""


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


def run_axe(page):
    """axe-core's violations on the open page, as [{rule, impact, nodes: [start of the element's HTML]}]."""
    page.add_script_tag(path=str(AXE))
    # Only violations, without CSS selectors: the details axe computes for the rest cost time.
    return page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], selectors: false}).then(r => r.violations.map("
        "v => ({rule: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html.slice(0, 160))})))"
    )


def theme(page):
    """The theme the page shows (``data-theme`` on <html>) and the body's background colour."""
    return page.evaluate("[document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]")


def corner_pixels(image, figure):
    """The four pixels just inside the corners of a figure's content, in a full-page screenshot."""
    xs = (int(figure["left"]) + 2, int(figure["right"]) - 3)
    ys = (int(figure["top"]) + 2, int(figure["bottom"]) - 3)
    return [image.getpixel((x, y)) for x in xs for y in ys]


def read_page(browser, server, page_name):
    """Open one page, check it loads cleanly, in light and then in dark mode: axe-core's
    violations, the screenshots, the text colours, the figures' corners in dark mode; return what
    it holds."""
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
        result["axe"] = run_axe(page) if AXE.is_file() else None
        result["theme"], result["texts"] = {}, {}
        for mode in MODES:
            if mode == "dark":  # the reader's system turns dark; the theme, in "auto" mode, follows
                page.add_style_tag(content=NO_TRANSITIONS)
                page.emulate_media(color_scheme="dark")
                page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5000)
            result["theme"][mode] = theme(page)
            result["texts"][mode] = page.evaluate(TEXTS)
            figures = page.evaluate(FIGURES)
            path = SCREENSHOTS / mode / f"{pathlib.PurePosixPath(page_name).name}.jpeg"
            path.parent.mkdir(parents=True, exist_ok=True)
            screenshot = page.screenshot(path=str(path), full_page=True, quality=85)  # JPEG: faster to write than PNG
        dark = Image.open(io.BytesIO(screenshot)).convert("RGB")  # the last screenshot: dark mode
        result["dark_figures"] = [dict(figure, corners=corner_pixels(dark, figure) if figure["shown"] else [])
                                  for figure in figures]
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
    # A page whose source has maths shows formulas (the count above is not vacuous there).
    suffix = ".ipynb" if (ROOT / f"{page_name}.ipynb").exists() else ".md"
    if "$" in (ROOT / f"{page_name}{suffix}").read_text(encoding="utf-8"):
        assert result["formulas"] > 0, "the source has maths, the page shows no formula"
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


@pytest.fixture(scope="module")
def chapter_one(browser, server):
    """Chapter 1, opened once for the tests of its exercises' solutions (each uses its own)."""
    page, report = open_page(browser, server, "book/01_rnn_basica.html")
    yield page, report
    page.close()


def test_solutions_are_hidden_until_opened(chapter_one):
    page, report = chapter_one
    solution = page.locator("div.solution").first
    body = solution.locator(".admonition-title ~ *").first
    assert not body.is_visible()
    solution.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5000)
    assert report.problems == [], report.problems


@pytest.mark.parametrize("index, key", [(1, "Enter"), (2, "Space")])
def test_solutions_open_with_the_keyboard(chapter_one, index, key):
    """A solution's toggle is a real button in the tab order (Shift+Tab then Tab comes back to
    it), and Enter or Space on it shows the solution."""
    page, report = chapter_one
    solution = page.locator("div.solution").nth(index)
    button = solution.locator("button.toggle-button")
    body = solution.locator(".admonition-title ~ *").first
    assert button.evaluate("b => b.tagName === 'BUTTON' && b.tabIndex >= 0 && !b.disabled")
    assert not body.is_visible()
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert button.evaluate("b => b === document.activeElement"), "the toggle is not reached with Tab"
    page.keyboard.press(key)
    body.wait_for(state="visible", timeout=5000)
    assert button.get_attribute("aria-expanded") == "true"
    assert report.problems == [], report.problems


def luminance(colour):
    """The relative luminance (WCAG) of an "rgb(r, g, b)" string."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in map(int, re.findall(r"\d+", colour)[:3])]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour, background):
    """WCAG's contrast ratio of two colours, from 1 to 21."""
    light, dark = sorted([luminance(colour), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("page_name", PAGES)
def test_dark_mode(pages, page_name):
    """The system's dark preference turns the theme dark; the main kinds of text keep WCAG's
    contrast of 4.5 in both modes; every figure stays a light card on the dark page: white
    background behind it, and light pixels at its content's corners (a transparent figure would
    show the dark page there)."""
    result = pages[page_name]
    (light, light_body), (dark, dark_body) = result["theme"]["light"], result["theme"]["dark"]
    assert (light, dark) == ("light", "dark")
    assert luminance(light_body) > 0.9 and luminance(dark_body) < 0.05, (light_body, dark_body)
    for mode, texts in result["texts"].items():
        for selector, colour, background in texts:
            assert contrast(colour, background) >= 4.5, (mode, selector, colour, background)
    for figure in result["dark_figures"]:
        assert figure["background"] == "rgb(255, 255, 255)", figure
        assert all(min(pixel) >= 128 for pixel in figure["corners"]), (figure["src"], figure["corners"])


def test_accessibility(pages):
    """axe-core finds no violation of serious or critical impact on any page, except those
    AXE_ALLOWED explains."""
    if not AXE.is_file():
        pytest.fail(f"axe-core not found at {AXE}. Install it with `bash .ci/run` (which also checks "
                    f"its checksum), or with:  {AXE_INSTALL}   (or point RNNBOOK_AXE at an axe.min.js)",
                    pytrace=False)
    counts, found = collections.Counter(), {}
    for name, result in pages.items():
        for violation in result["axe"]:
            counts[violation["impact"], violation["rule"]] += len(violation["nodes"])
            if violation["impact"] in SERIOUS:
                found[violation["rule"], name] = violation["nodes"]
    print(f"\naxe-core {AXE_VERSION}: {len(pages)} pages, all rules, in light mode")
    for (impact, rule), n in sorted(counts.items()):
        print(f"  {impact:8} {rule}: {n} elements")
    print(f"  serious or critical: {len(found)} (rule, page), {len(set(found) & set(AXE_ALLOWED))} allowed")
    unexplained = {key: nodes[:5] for key, nodes in found.items() if key not in AXE_ALLOWED}
    assert not unexplained, f"serious or critical violations: {unexplained}"
    stale = [key for key in AXE_ALLOWED if key not in found]
    assert not stale, f"allowed violations that no longer occur (remove them from AXE_ALLOWED): {stale}"
