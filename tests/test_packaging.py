"""The package metadata: one version, and requirements.txt agreeing with pyproject's pins."""

import re
import tomllib

import pytest

from sitebuild import ROOT


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


def colab_commands(path):
    """The commands the first cell of a chapter runs on Colab (recorded, not run)."""
    import json
    import types

    notebook = json.loads(path.read_text(encoding="utf-8"))
    source = "".join(next(c for c in notebook["cells"] if c["cell_type"] == "code")["source"])
    commands = []
    fake_subprocess = types.SimpleNamespace(run=lambda command, **kw: commands.append((command, kw)))
    fake_sys = types.SimpleNamespace(modules={"google.colab": object()}, executable="python")
    code = source.replace("import subprocess\nimport sys\n", "")
    exec(compile(code, path.name, "exec"), {"subprocess": fake_subprocess, "sys": fake_sys, "print": lambda *a: None})
    return commands


def test_every_colab_cell_installs_only_the_package():
    chapters = sorted((ROOT / "book").glob("*.ipynb"))
    first = colab_commands(chapters[0])
    assert all(colab_commands(path) == first for path in chapters)
    (clone, clone_kw), (install, install_kw) = first
    assert clone[:2] == ["git", "clone"] and clone[-1].endswith("/curso-rnn")
    assert install == ["python", "-m", "pip", "install", "-q", "./curso-rnn"]  # no requirements.txt
    assert clone_kw == install_kw == {"check": True}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = set(pins(project["dependencies"]))
    assert runtime == {"numpy", "tensorflow", "tf-keras", "keras", "matplotlib"}


@pytest.mark.slow
def test_the_colab_install_works_in_a_fresh_virtual_environment(tmp_path):
    """The cell's pip command, run in a new venv on a clone of this repository, gives a working
    course package (installed into the venv, not the editable checkout). The venv sees the
    system's packages and pip uses no index: the pinned dependencies are already there, so the
    test needs no network and checks what the cell installs, not PyPI."""
    import os
    import subprocess
    import sys
    import venv

    (_, _), (install, _) = colab_commands(ROOT / "book" / "01_rnn_basica.ipynb")
    subprocess.run(["git", "clone", "-q", str(ROOT), str(tmp_path / "curso-rnn")], check=True)
    venv.create(tmp_path / "venv", system_site_packages=True, with_pip=False)
    python = tmp_path / "venv" / "bin" / "python"
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "PYTHONNOUSERSITE": "1"}
    command = [str(python), "-m", "pip", *install[3:]]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    check = ("import rnnbook, keras, tensorflow as tf; from rnnbook import data, legacy, reference; "
             "print(rnnbook.__file__); print(rnnbook.__version__, keras.__version__[0], tf.keras.__name__)")
    result = subprocess.run([str(python), "-c", check], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    location, versions = result.stdout.split()[0], result.stdout.split()[1:]
    assert location.startswith(str(tmp_path / "venv")), location
    import rnnbook

    assert versions[:2] == [rnnbook.__version__, "3"]  # the course's version; Keras 3 as `keras`
    assert versions[2].startswith("tf_keras")  # and the legacy Keras 2 as tf.keras (chapter 1)


def test_every_public_helper_names_its_chapter():
    """Like D2L's helpers, each public function of rnnbook says where the book explains it."""
    import importlib
    import inspect

    missing = []
    for name in ["data", "legacy", "plotting", "reference", "repro", "training"]:
        module = importlib.import_module(f"rnnbook.{name}")
        for attr, value in vars(module).items():
            if attr.startswith("_") or not (inspect.isfunction(value) or inspect.isclass(value)):
                continue
            if getattr(value, "__module__", None) != module.__name__:
                continue
            if not re.search(r"[Cc]hapters? \d|README", inspect.getdoc(value) or ""):
                missing.append(f"rnnbook.{name}.{attr}")
    assert not missing, missing


def test_every_public_helper_names_the_chapter_that_explains_it():
    """D2L's habit: a helper's docstring says where the book defines or uses it."""
    import ast

    missing = []
    for path in sorted((ROOT / "src" / "rnnbook").glob("*.py")):
        if path.name.startswith("_"):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                doc = ast.get_docstring(node) or ""
                if not re.search(r"\b([Cc]hapters?|[Aa]ppendix)\b", doc):
                    missing.append(f"{path.name}:{node.name}")
    assert not missing, missing
