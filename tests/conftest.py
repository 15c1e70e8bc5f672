# rnnbook must be imported before TensorFlow (it sets TF_USE_LEGACY_KERAS and silences C++ logs).
import rnnbook  # noqa: F401

import pathlib
import subprocess
import sys

import pytest
from sitebuild import HTML, ROOT

@pytest.fixture(scope="session")
def site():
    """Build the book once per test session, warnings as errors, and return the HTML folder."""
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "WARNING:" not in result.stdout + result.stderr, result.stdout[-4000:]
    return HTML


