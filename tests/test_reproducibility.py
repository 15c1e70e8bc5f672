"""A chapter executed twice, each time in a fresh kernel, gives the same outputs to the byte.

nbval compares a fresh run with the stored outputs as text (images are not compared, and the
sanitize file masks float32 round-off). This test is stricter on two quick chapters: every output
of two fresh runs, figures (PNG bytes) included, must be identical.
"""

import copy

import nbclient
import nbformat
import pytest

from sitebuild import ROOT


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(copy.deepcopy(notebook), timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    return client.execute()


def outputs(notebook):
    result = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "stream":
                result.append(("stream", output.name, output.text))
            elif output.output_type in ("display_data", "execute_result"):
                result.append((output.output_type, sorted(output.data.items())))
            else:
                result.append((output.output_type, output.get("ename"), output.get("evalue")))
    return result


@pytest.mark.parametrize("chapter", ["01_rnn_basica", "04_comprimento_variavel"])
def test_two_fresh_runs_are_identical(chapter):
    path = ROOT / "book" / f"{chapter}.ipynb"
    first, second = outputs(execute(path)), outputs(execute(path))
    assert len(first) == len(second) > 5
    for a, b in zip(first, second):
        assert a == b
    assert sum(kind == "display_data" for kind, *_ in first) >= 2  # figures were compared too
