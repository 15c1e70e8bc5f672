"""Local Sphinx tweaks that make the site work offline and load without errors.

- MathJax is served from the built site instead of a CDN, so formulas render offline and in
  the tests, which have no internet. MathJax 3 comes from the pinned PyPI package
  ``django-static-mathjax`` (no Django needed); its ``tex-svg.js`` is copied to
  ``_static/mathjax/``, with the TeX extensions that it loads on demand (``\boldsymbol`` loads
  ``input/tex/extensions/boldsymbol.js``, for instance).
- Jupyter Book 1 registers sphinx-thebe's inline configuration script twice, and the second
  ``const THEBE_JS_URL`` declaration is a JavaScript error on every page: identical inline
  scripts are kept once.
"""

import pathlib
import shutil

import mathjax

MATHJAX = pathlib.Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg.js"
EXTENSIONS = pathlib.Path("input") / "tex" / "extensions"


def _use_local_mathjax(app, config):
    config.mathjax_path = f"mathjax/{MATHJAX.name}"


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
    app.connect("build-finished", _copy_mathjax)
    app.connect("html-page-context", _drop_duplicate_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
