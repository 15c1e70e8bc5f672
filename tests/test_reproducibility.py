"""A chapter executed twice, each time in a fresh kernel, gives the same outputs to the byte.

nbval compares a fresh run with the stored outputs as text (images are not compared, and the
sanitize file masks float32 round-off). This test is stricter on the quickest chapter with
figures: every output of two fresh runs, figures (PNG bytes) included, must be identical. The
first run is nbval's own in this session (the root conftest.py keeps what it received), so the
check costs one execution more; run alone, it executes the chapter twice.
"""

import jupyter_client
import nbclient
import nbformat
import pytest
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

from bookbuild.layout import ROOT

CHAPTER = ROOT / "book" / "02_desenrolamento_estatico.ipynb"  # 11 s, three figures


def execute(path):
    """The notebook executed top to bottom in a fresh kernel of this interpreter (as nbval's
    ``--nbval-current-env``; not whatever kernelspec is called python3)."""
    notebook = nbformat.read(path, as_version=4)
    manager = jupyter_client.KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME,
                                           kernel_spec_manager=NbvalKernelspecManager())
    client = nbclient.NotebookClient(notebook, km=manager, timeout=600,
                                     resources={"metadata": {"path": str(path.parent)}})
    return client.execute()


def outputs(notebook):
    """Every output of every code cell, in order, with consecutive stream chunks merged.

    A kernel may split what one `print` loop writes into chunks at different places from one run
    to the next; the text of the stream, not its chunking, is the output.
    """
    result = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        result.append(("cell",))
        for output in cell.outputs:
            if output.output_type == "stream":
                if result[-1][:2] == ("stream", output.name):
                    result[-1] = ("stream", output.name, result[-1][2] + output.text)
                else:
                    result.append(("stream", output.name, output.text))
            elif output.output_type in ("display_data", "execute_result"):
                result.append((output.output_type, sorted(output.data.items())))
            else:
                result.append((output.output_type, output.get("ename"), output.get("evalue")))
    return result


def _notebook(*texts):
    cell = nbformat.v4.new_code_cell("print()")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in texts]
    return nbformat.v4.new_notebook(cells=[cell])


def test_stream_chunks_are_merged_but_text_still_compared():
    assert outputs(_notebook("0 a\n", "1 b\n")) == outputs(_notebook("0 a\n1 b\n"))
    assert outputs(_notebook("0 a\n", "1 b\n")) != outputs(_notebook("0 a\n1 c\n"))
    two_cells = _notebook("0 a\n")
    two_cells.cells.append(_notebook("1 b\n").cells[0])
    assert outputs(two_cells) != outputs(_notebook("0 a\n1 b\n"))  # cells stay apart


@pytest.mark.slow
def test_two_fresh_runs_are_identical(executed_notebooks):
    first = outputs(executed_notebooks(CHAPTER) or execute(CHAPTER))
    second = outputs(execute(CHAPTER))
    assert len(first) == len(second) > 5
    for a, b in zip(first, second):
        assert a == b
    assert sum(kind == "display_data" for kind, *_ in first) >= 2  # figures were compared too
