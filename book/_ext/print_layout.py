"""What the book's one-page build (``--builder singlehtml``, the PDF's source) needs beyond the site.

Loaded by every build of the book, so that ``tools/build_pdf.py`` can build the single page on the
site's own Sphinx environment (an extension that only the PDF's build loaded would change the
configuration and make Sphinx read every notebook again); it does nothing for other builders.

- Gives singlehtml the visitors registered for html only (myst-nb's hidden cells, for one): Sphinx
  falls back to the html visitors only for a builder that has none of its own, and
  sphinx-exercise registers some for singlehtml; without this, the build stops at a hidden cell.
- Makes MathJax write formulas with its web fonts (CommonHTML, from the same pinned package) instead
  of the site's SVG: in the PDF they are text, which a reader can search and copy.
"""

import pathlib
import shutil

CHTML = "mathjax/tex-chtml.js"


def _single_page(app):
    return app.builder.name == "singlehtml"


def _prepare_single_page(app):
    if not _single_page(app):
        return
    handlers = app.registry.translation_handlers
    for node, visitors in handlers.get("html", {}).items():
        handlers.setdefault("singlehtml", {}).setdefault(node, visitors)
    app.config.mathjax_path = CHTML  # the site's tex-svg.js is set at config-inited (site_local)


def _copy_chtml_mathjax(app, exception):
    import mathjax

    if exception is None and _single_page(app):
        source = pathlib.Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
        target = pathlib.Path(app.outdir) / "_static" / "mathjax"
        fonts = pathlib.Path("output") / "chtml" / "fonts" / "woff-v2"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "tex-chtml.js", target)
        shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)


def setup(app):
    app.connect("builder-inited", _prepare_single_page)
    app.connect("build-finished", _copy_chtml_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
