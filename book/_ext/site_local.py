"""Local Sphinx tweaks that make the site work offline and load without errors.

- MathJax is served from the built site instead of a CDN, so formulas render offline and in
  the tests, which have no internet. MathJax 3 comes from the pinned PyPI package
  ``django-static-mathjax`` (no Django needed); its ``tex-svg.js`` is copied to
  ``_static/mathjax/``, with the TeX extensions that it loads on demand (``\boldsymbol`` loads
  ``input/tex/extensions/boldsymbol.js``, for instance).
- Jupyter Book 1 registers sphinx-thebe's inline configuration script twice, and the second
  ``const THEBE_JS_URL`` declaration is a JavaScript error on every page: identical inline
  scripts are kept once.
- Accessibility fixes that axe-core asks for (tests/test_browser.py), made on each page's final
  HTML: an accessible name contains the button's visible text (WCAG 2.5.3: the theme's search
  field, the theme switcher's icon titles, myst-nb's English "Toggle hidden content" on hidden
  cells), a ``role="list"`` holds list items (docutils' deprecated ``doc-biblioentry`` role on the
  references), and ``site_local.css`` (``book/_static/``) keeps output text readable and gives
  figures an opaque white card in dark mode.
"""

import pathlib
import re
import shutil

import mathjax
from sphinx.jinja2glue import BuiltinTemplateLoader

MATHJAX = pathlib.Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg.js"
EXTENSIONS = pathlib.Path("input") / "tex" / "extensions"
STATIC = pathlib.Path(__file__).resolve().parents[1] / "_static"
CSS = "site_local.css"
# (pattern, replacement) applied to every HTML page the theme renders.
ACCESSIBLE_HTML = [
    # The search field shows "Buscar Ctrl+K": without its aria-label "Buscar", that is its name.
    (re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="[^"]*"'), r"\1"),
    # The theme switcher is named "Color mode"; its icons' titles ("Light", "Dark") made them
    # visible text outside that name. Without a title, Font Awesome marks each icon aria-hidden.
    (re.compile(r'(<i class="theme-switch [^"]*" data-mode="\w+")\s+title="[^"]*"'), r"\1"),
    # myst-nb's <summary> of a hidden cell is named by its visible text ("Mostrar célula").
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
    # A citation list is role="list": its entries are list items.
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
]


class AccessibleTemplates(BuiltinTemplateLoader):
    """Sphinx's template bridge, with ACCESSIBLE_HTML applied to every rendered page."""

    def render(self, template, context):
        html = super().render(template, context)
        for pattern, replacement in ACCESSIBLE_HTML:
            html = pattern.sub(replacement, html)
        return html


def _use_local_mathjax(app, config):
    config.mathjax_path = f"mathjax/{MATHJAX.name}"


def _use_accessible_templates(app, config):
    config.template_bridge = f"{__name__}.{AccessibleTemplates.__name__}"
    config.html_static_path.append(str(STATIC / CSS))


def _copy_mathjax(app, exception):
    if exception is None and app.builder.format == "html":
        target = pathlib.Path(app.outdir) / "_static" / "mathjax"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(MATHJAX, target / MATHJAX.name)
        shutil.copytree(MATHJAX.parent / EXTENSIONS, target / EXTENSIONS, dirs_exist_ok=True)


def _drop_duplicate_inline_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        key = (script.filename or "", body)  # inline code is registered with filename None or ""
        if body and key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique  # in place: other handlers may hold the same list


def setup(app):
    if not MATHJAX.is_file():
        raise RuntimeError(f"MathJax not found at {MATHJAX}: install django-static-mathjax")
    app.connect("config-inited", _use_local_mathjax)
    app.connect("config-inited", _use_accessible_templates)
    app.add_css_file(CSS)
    app.connect("build-finished", _copy_mathjax)
    app.connect("html-page-context", _drop_duplicate_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
