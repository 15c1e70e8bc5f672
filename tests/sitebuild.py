"""The book's pages, from _toc.yml, where the built site lives, and the configuration that builds
it from the notebooks' stored outputs (tests/conftest.py's site, tools/build_pdf.py's PDF)."""

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


PAGES = toc_files()


def stored_outputs_config(folder, extensions=None):
    """_config.yml with execution off and its paths made absolute (the copy lives in `folder`);
    ``extensions`` ({name: folder}) adds local Sphinx extensions."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"
    config["logo"] = str(ROOT / config["logo"])
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    config["bibtex_bibfiles"] = [str(ROOT / path) for path in config["bibtex_bibfiles"]]
    local = {name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()}
    config["sphinx"]["local_extensions"] = {**local, **(extensions or {})}
    path = folder / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path
