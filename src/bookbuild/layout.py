"""The book's layout in a source checkout (README, "Organização"): its root, the pages of ``_toc.yml`` in order, the
chapters that are notebooks, the chapters whose figures come from training, and the copy of
``_config.yml`` that builds the book from the notebooks' stored outputs.

One home for what the tests, ``tools/build_pdf.py`` and the scripts of ``bench/`` used to read
each on their own. The project is installed editable (``requirements.txt`` ends with ``-e .``), so
:data:`ROOT` is the checkout this module lives in.
"""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The tests' own build folder (site, screenshots): a reader's `jupyter-book build .` writes
# _build/html, which the tests leave alone.
TEST_BUILD = ROOT / "_build" / "test"

# The chapters whose stored figures come from training (stochastic gradient descent on CPU
# kernels that differ by processor): the ones checked again under another CPU's kernels
# (tests/test_other_cpu.py) and measured by bench/cpu_spread.py.
TRAINING_CHAPTERS = (
    "book/05_classificador_mnist",
    "book/06_series_temporais",
    "book/07_treinando_rnns",
    "book/08_memoria_longa",
    "book/09_previsao_de_series",
    "book/10_modelos_de_linguagem",
    "book/11_codificador_decodificador",
)


def _yaml(name):
    import yaml  # in requirements.txt (book and tests), not in the readers' runtime pins

    path = ROOT / name
    if not path.exists():
        raise FileNotFoundError(f"{path}: bookbuild works in a source checkout of the course")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def toc_pages():
    """Every page of ``_toc.yml`` in reading order, as paths from the root without suffix
    (``"book/intro"``, ``"book/01_rnn_basica"``, …): the root page, then each part's chapters."""
    toc = _yaml("_toc.yml")
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


def chapter_notebooks():
    """The notebooks among :func:`toc_pages`, in reading order, as absolute paths."""
    return [ROOT / f"{page}.ipynb" for page in toc_pages() if (ROOT / f"{page}.ipynb").exists()]


def stored_outputs_config(folder, extensions=None):
    """Write into `folder` a copy of ``_config.yml`` with execution off and its paths made
    absolute, and return its path: ``jupyter-book build . --config <it>`` then shows the outputs
    stored in the notebooks instead of executing them. ``extensions`` ({module: folder}) adds
    local Sphinx extensions (tools/build_pdf.py adds itself)."""
    import yaml

    config = _yaml("_config.yml")
    config["execute"]["execute_notebooks"] = "off"
    config["logo"] = str(ROOT / config["logo"])
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    config["bibtex_bibfiles"] = [str(ROOT / path) for path in config["bibtex_bibfiles"]]
    local = {name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()}
    config["sphinx"]["local_extensions"] = {**local, **(extensions or {})}
    path = pathlib.Path(folder) / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path
