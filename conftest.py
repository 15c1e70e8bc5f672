"""Repository-wide pytest set-up: markers for the notebooks, and the background run of
tests/test_other_cpu.py. (Cells excluded from nbval's comparison carry nbval's own
``nbval-ignore-output`` tag in their metadata; tests/test_notebooks.py checks the reason beside it.)"""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the notebooks (nbval items) ``notebooks`` and ``slow``, and move the test of
    tests/test_other_cpu.py to the end (it waits for a run started in the background)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
            item.add_marker(pytest.mark.slow)
    waiting = [item for item in items if item.nodeid.startswith("tests/test_other_cpu.py::")]
    for item in waiting:
        items.remove(item)
        items.append(item)


def pytest_collection_finish(session):
    """Start tests/test_other_cpu.py's background run as soon as its test is selected.

    The run executes the training chapters under another CPU's kernels in a separate process; it
    overlaps the rest of the suite, and the test waits for it last (see that file). Called after
    ``-m``/``-k`` deselection, so ``-m "not slow"`` starts nothing.
    """
    waiting = [item for item in session.items if item.nodeid.startswith("tests/test_other_cpu.py::")]
    if waiting:
        session.config.other_cpu_run = waiting[0].module.start()
