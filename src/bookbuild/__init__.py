"""The machinery of this repository's checkout that tests, tools, benchmarks and the book's Sphinx
extensions share (README, "Organização"): where the book's pages are (:mod:`bookbuild.layout`) and
where a Chromium is (:mod:`bookbuild.chromium`). The chapters never import it; a reader's install of
the course package (Colab) brings it along unused."""
