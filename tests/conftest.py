# rnnbook must be imported before TensorFlow (it sets TF_USE_LEGACY_KERAS and silences C++ logs).
import rnnbook  # noqa: F401

import shutil
import subprocess
import sys
import pathlib

import pytest

from bookbuild.layout import ROOT, TEST_BUILD, stored_outputs_config

SITE = TEST_BUILD / "site"  # Sphinx's build of the site, whose environment the PDF's build reuses
HTML = SITE / "_build" / "html"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Build the book once per test session, warnings as errors, and return the HTML folder.

    The pages show the outputs stored in the notebooks instead of executing every chapter a
    second time: nbval, in the same test run, executes each notebook in a fresh kernel and
    checks that it reproduces exactly those outputs. (`jupyter-book build .` executes them.)
    """
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    config = stored_outputs_config(tmp_path_factory.mktemp("config"))
    shutil.rmtree(SITE, ignore_errors=True)
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--config", str(config), "--path-output", str(SITE),
         "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "WARNING:" not in result.stdout + result.stderr, result.stdout[-4000:]
    return HTML
