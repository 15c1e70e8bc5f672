"""The package metadata: one version, and requirements.txt agreeing with pyproject's pins."""

import pathlib
import re
import sys
import tomllib

import pytest
import yaml

from bookbuild.layout import ROOT

# The cell installs from the repository that _config.yml names (tests/test_workflow.py checks
# that every GitHub address is that one).
REPOSITORY = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]


def pins(lines):
    return dict(re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", line.strip()).groups()
                for line in lines if re.match(r"^[A-Za-z0-9_.-]+==", line.strip()))


def test_version_lives_in_one_place():
    import importlib.metadata

    import rnnbook

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("rnnbook") == rnnbook.__version__


def test_requirements_repeat_the_pins_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = pins(project["dependencies"])
    for group in project["optional-dependencies"].values():
        declared.update(pins(group))
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert pins(lines) == declared
    assert [line for line in lines if line.strip()][-1] == "-e ."


COURSE_VERSION = re.compile(r'^COURSE_VERSION = "([^"]+)"', re.M)


def colab_source(path):
    """The first code cell of a chapter: the Colab install."""
    import json

    notebook = json.loads(path.read_text(encoding="utf-8"))
    return "".join(next(c for c in notebook["cells"] if c["cell_type"] == "code")["source"])


def colab_commands(monkeypatch, path, installed):
    """The commands the chapter's first cell runs on Colab when the installed course package has
    version `installed` (None: not installed); recorded, not run."""
    import importlib.metadata
    import subprocess
    import types

    commands = []

    def version(name):
        if name != "rnnbook" or installed is None:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed

    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: commands.append((command, kw)))
    exec(compile(colab_source(path), path.name, "exec"), {"print": lambda *a: None})
    return commands


def test_every_colab_cell_installs_the_notebooks_version_once(monkeypatch):
    """One cell in every chapter: it installs the course package (only its runtime pins) at the
    tag of the version the notebook belongs to, and does nothing when that version is there
    already (the cell is run again after the restart it asks for)."""
    import rnnbook

    chapters = sorted((ROOT / "book").glob("*.ipynb"))
    assert len({colab_source(path) for path in chapters}) == 1
    assert COURSE_VERSION.search(colab_source(chapters[0]))[1] == rnnbook.__version__
    for installed in (None, "0.0.1"):
        [(command, kw)] = colab_commands(monkeypatch, chapters[0], installed)
        assert command[1:5] == ["-m", "pip", "install", "-q"] and kw == {"check": True}
        url = command[5].removeprefix("rnnbook @ ")
        assert url == f"git+{REPOSITORY}@v{rnnbook.__version__}", command
    assert colab_commands(monkeypatch, chapters[0], rnnbook.__version__) == []
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = set(pins(project["dependencies"]))
    assert runtime == {"numpy", "tensorflow", "tf-keras", "keras", "matplotlib", "pandas", "scipy",
                       "statsmodels"}


@pytest.mark.slow
def test_the_colab_install_works_in_a_fresh_virtual_environment(monkeypatch, tmp_path):
    """The cell's pip command, run in a new venv on a clone of this repository at its version's
    tag, gives a working course package (installed into the venv, not the editable checkout).

    No network: the venv sees this environment's packages except the course's own (a folder of
    links to them, named by a .pth file), pip uses no index and builds the package with this
    environment's setuptools. Works from a venv and from the system Python alike."""
    import os
    import site
    import subprocess
    import venv

    import rnnbook

    [(install, _)] = colab_commands(monkeypatch, ROOT / "book" / "01_rnn_basica.ipynb", None)
    monkeypatch.undo()
    clone = tmp_path / "curso-rnn"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "tag", "-f", f"v{rnnbook.__version__}"],
                   check=True, capture_output=True)
    install[5] = install[5].replace(f"git+{REPOSITORY}", f"git+file://localhost{clone}")  # a host: old pip rejects an empty one
    others = tmp_path / "dependencies"
    others.mkdir()
    for folder in map(pathlib.Path, site.getsitepackages()):
        for entry in folder.iterdir():
            own = entry.name.startswith(("rnnbook", "bookbuild", "__editable__"))
            if not own and entry.suffix != ".pth" and not (others / entry.name).exists():
                (others / entry.name).symlink_to(entry)
    venv.create(tmp_path / "venv", with_pip=False)
    python = tmp_path / "venv" / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    pathlib.Path(purelib, "dependencies.pth").write_text(f"{others}\n", encoding="utf-8")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "PYTHONNOUSERSITE": "1"}
    result = subprocess.run([str(python), *install[1:]], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    check = ("import rnnbook, keras, tensorflow as tf; from rnnbook import data, legacy, reference, repro; "
             "repro.measurement('unrolling'); repro.measurement('mnist_epoch_lstm'); "  # package data
             "print(rnnbook.__file__); print(rnnbook.__version__, keras.__version__[0], tf.keras.__name__)")
    result = subprocess.run([str(python), "-c", check], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    location, versions = result.stdout.split()[0], result.stdout.split()[1:]
    assert location.startswith(str(tmp_path / "venv")), location
    assert versions[:2] == [rnnbook.__version__, "3"]  # the course's version; Keras 3 as `keras`
    assert versions[2].startswith("tf_keras")  # and the legacy Keras 2 as tf.keras (chapter 1)


def test_every_public_helper_names_the_chapter_that_explains_it():
    """D2L's habit: a public helper's docstring says where the book defines or uses it (a
    chapter, an appendix, or, for the project's own machinery in bookbuild, the README)."""
    import ast

    missing = []
    for package in ("rnnbook", "bookbuild"):
        for path in sorted((ROOT / "src" / package).glob("*.py")):
            if path.name.startswith("_"):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            module_doc = ast.get_docstring(tree) or ""
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                    doc = ast.get_docstring(node) or ""
                    where = doc if package == "rnnbook" else doc + module_doc
                    if not re.search(r"\b([Cc]hapters? \d|[Aa]ppendix|README)", where):
                        missing.append(f"{package}/{path.name}:{node.name}")
    assert not missing, missing
