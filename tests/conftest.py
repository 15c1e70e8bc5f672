# rnnbook must be imported before TensorFlow (it sets TF_USE_LEGACY_KERAS and silences C++ logs).
import rnnbook  # noqa: F401

import pathlib
import subprocess
import sys

import pytest
import yaml
from sitebuild import HTML, ROOT

def stored_outputs_config(folder):
    """_config.yml with execution off and its paths made absolute (the copy lives in `folder`)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"
    config["logo"] = str(ROOT / config["logo"])
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    config["bibtex_bibfiles"] = [str(ROOT / path) for path in config["bibtex_bibfiles"]]
    extensions = config["sphinx"]["local_extensions"]
    config["sphinx"]["local_extensions"] = {name: str(ROOT / path) for name, path in extensions.items()}
    path = folder / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Build the book once per test session, warnings as errors, and return the HTML folder.

    The pages show the outputs stored in the notebooks instead of executing every chapter a
    second time: nbval, in the same test run, executes each notebook in a fresh kernel and
    checks that it reproduces exactly those outputs. (`jupyter-book build .` executes them.)
    """
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    config = stored_outputs_config(tmp_path_factory.mktemp("config"))
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--config", str(config), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "WARNING:" not in result.stdout + result.stderr, result.stdout[-4000:]
    return HTML
