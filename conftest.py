"""Repository-wide pytest set-up.

The course writes the reason for excluding a cell on the marker's own line, e.g.
``# NBVAL_IGNORE_OUTPUT — tempos de relógio variam`` (checked by tests/test_notebooks.py).
nbval 0.11 only recognises a comment that is exactly the marker, so the reason is stripped
before nbval reads the markers.
"""

import re

import nbval.plugin

_MARKER_WITH_REASON = re.compile(r"^(\s*#\s*NBVAL_[A-Z_]+)\s+[—–:-].*$", flags=re.MULTILINE)
_find_comment_markers = nbval.plugin.find_comment_markers


def find_comment_markers(cellsource):
    return _find_comment_markers(_MARKER_WITH_REASON.sub(r"\1", cellsource))


nbval.plugin.find_comment_markers = find_comment_markers


def pytest_collection_modifyitems(config, items):
    """Start tests/test_other_cpu.py's background run early and move its test to the end.

    The run executes the training chapters under another CPU's kernels in a separate process; it
    overlaps the rest of the suite, and the test waits for it last (see that file).
    """
    waiting = [item for item in items if item.nodeid.startswith("tests/test_other_cpu.py::")]
    if not waiting:
        return
    config.other_cpu_run = waiting[0].module.start()
    for item in waiting:
        items.remove(item)
        items.append(item)
