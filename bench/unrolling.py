"""Static vs dynamic unrolling: graph size and build/run times, as measured by chapter 3.

Usage: python bench/unrolling.py

Runs chapter 3 (book/03_desenrolamento_dinamico.ipynb) in a fresh kernel and prints the tables
its measurement cells produce (operation counts, then times), so the figures come from the code
the chapter teaches, not from a copy of it.
"""

import pathlib

import nbclient
import nbformat


ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "book" / "03_desenrolamento_dinamico.ipynb"
MARKERS = ("dinâmico (grafo + laço)", "medição completa")


def main():
    notebook = nbformat.read(CHAPTER, as_version=4)
    nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(CHAPTER.parent)}}).execute()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        if any(marker in text for marker in MARKERS):
            print(text.rstrip(), end="\n\n")


if __name__ == "__main__":
    main()
