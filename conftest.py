"""Repository-wide pytest set-up.

- nbval's items (each chapter's cells, executed in a fresh kernel of this environment and compared
  with the stored outputs) are marked ``notebooks`` and ``slow``.
- nbval's execution is the only one of each chapter in a run: the outputs it received are kept
  (:func:`executed_notebooks`), and the tests that need an executed chapter read them there. Those
  tests (they take the ``executed_notebooks`` fixture) run after the notebooks.
- The other-CPU pass (tests/test_other_cpu.py) is a separate process that executes the training
  chapters beside the rest of the suite. A session fixture starts it when its test is selected
  (so ``--collect-only`` starts nothing) and stops it when the session ends, however it ends
  (tests/other_cpu.py); its test runs last, and waits for it.

Cells excluded from nbval's comparison carry nbval's own ``nbval-ignore-output`` tag in their
metadata; tests/test_notebooks.py checks the reason beside it.
"""

import copy

import pytest

EXECUTED = pytest.StashKey[dict]()
OTHER_CPU_TEST = "tests/test_other_cpu.py::"


def _is_nbval_cell(item):
    return type(item).__name__ == "IPyNbCell"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the notebooks; move the tests that read nbval's executions after them, and the
    other-CPU test (which waits for its process) to the very end."""
    for item in items:
        if _is_nbval_cell(item):
            item.add_marker(pytest.mark.notebooks)
            item.add_marker(pytest.mark.slow)
    readers = [item for item in items if "executed_notebooks" in getattr(item, "fixturenames", ())]
    waiting = [item for item in items if item.nodeid.startswith(OTHER_CPU_TEST)]
    later = set(map(id, readers + waiting))
    items[:] = [item for item in items if id(item) not in later] + readers + waiting


def pytest_configure(config):
    config.stash[EXECUTED] = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the outputs nbval received for each cell it executed, and whether the cell passed."""
    report = yield
    if _is_nbval_cell(item) and call.when == "call" and item.test_outputs is not None:
        cells = item.config.stash[EXECUTED].setdefault(item.parent, {})
        cells[item.cell_num] = (copy.deepcopy(item.test_outputs), report.passed)
    return report


def executed_notebook(config, path):
    """The notebook at `path` with the outputs of nbval's execution in this run, or None when nbval
    did not execute every code cell of it here, or one of them failed."""
    for notebook_item, cells in config.stash[EXECUTED].items():
        if notebook_item.path != path:
            continue
        notebook = copy.deepcopy(notebook_item.nb)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        if sorted(cells) != list(range(len(code))) or not all(ok for _, ok in cells.values()):
            return None
        for number, cell in enumerate(code):
            cell.outputs = cells[number][0]
        return notebook
    return None


@pytest.fixture(scope="session")
def executed_notebooks(request):
    """``get(path)``: the chapter as nbval executed it in this run (see :func:`executed_notebook`);
    None if it did not."""
    return lambda path: executed_notebook(request.config, path)


@pytest.fixture(scope="session", autouse=True)
def _other_cpu_pass(request):
    """Start the other-CPU pass at the first test when its test is selected; stop it at the end."""
    selected = [item for item in request.session.items if item.nodeid.startswith(OTHER_CPU_TEST)]
    if not selected:
        yield None
        return
    from other_cpu import OtherCpuRun

    run = OtherCpuRun(request.config.rootpath)
    request.config.other_cpu_run = run
    try:
        yield run
    finally:
        run.stop()
