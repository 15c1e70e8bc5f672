"""Publishing, checked offline: .github/workflows/publish.yml cannot run here, so actionlint (pinned
in requirements.txt) lints it, and these tests check that it builds the book with the README's
command, installs what .ci/run installs, deploys _build/html to GitHub Pages from main and attaches
the HTML, the notebooks and the PDF to a release on a version tag, after building the PDF with the
README's command and putting it beside the pages. And the repository's URL lives in one place,
_config.yml's ``repository.url``: every other mention in the repository equals it."""

import importlib.util
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap

import yaml

from bookbuild.layout import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
README = ROOT / "README.md"


def load_workflow(path=PUBLISH):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def readme_commands():
    """The commands of the README's "Os dois comandos" section: [build, test]."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Os dois comandos\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^( *)```bash\n(.*?)^\1```", section, re.M | re.S)
    return [textwrap.dedent(block).strip() for _, block in blocks]


def readme_pdf_command():
    """The command of the README's "PDF do livro" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## PDF do livro\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"^```bash\n(.*?)^```", section, re.M | re.S)
    return block.strip()


def pdf_path():
    """Where tools/build_pdf.py writes the PDF, relative to the repository: _build/pdf/<name>.pdf."""
    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "tools" / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.OUTPUT.relative_to(ROOT).as_posix()


def steps(job):
    return job.get("steps", [])


def runs(job):
    return [step["run"].strip() for step in steps(job) if "run" in step]


def uses(job, action):
    """The job's steps that use `action` (owner/name, any version)."""
    return [step for step in steps(job) if step.get("uses", "").split("@")[0] == action]


def build_job(workflow):
    """The job that runs the README's build command."""
    build = readme_commands()[0]
    found = [name for name, job in workflow["jobs"].items() if build in runs(job)]
    assert len(found) == 1, f"no single job runs the README's build command {build!r}: {found}"
    return found[0], workflow["jobs"][found[0]]


def actionlint():
    beside = pathlib.Path(sys.executable).with_name("actionlint")  # the pinned one, in this environment
    return str(beside) if beside.exists() else shutil.which("actionlint")


def test_actionlint_finds_no_problem():
    executable = actionlint()
    assert executable, "actionlint is missing: python -m pip install -r requirements.txt"
    files = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
    assert PUBLISH in files
    result = subprocess.run([executable, "-no-color", *[str(f.relative_to(ROOT)) for f in files]],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"actionlint:\n{result.stdout}{result.stderr}"


def test_the_readme_has_the_two_commands():
    build, test = readme_commands()
    assert build.endswith("jupyter-book build .") and "requirements.txt" in build
    assert test == "python -m pytest"


def test_the_workflow_builds_with_the_readme_command():
    workflow = load_workflow()
    name, job = build_job(workflow)
    assert workflow["on"]["push"]["branches"] == ["main"]
    # Python: the README's version ("Numa máquina nova com Python 3.11"), from the container image.
    version = re.search(r"com Python (3\.\d+)", README.read_text(encoding="utf-8")).group(1)
    assert job["container"].startswith(f"python:{version}-"), job["container"]


def test_the_workflow_installs_what_ci_installs():
    """The same requirement files as .ci/run, and the same Debian packages (its Chromium)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, job = build_job(load_workflow())
    script = "\n".join(runs(job))

    def requirement_files(text):
        return set(re.findall(r"pip install .*?(?:-r|--requirement) (\S+)", text))

    def apt_packages(text):
        return {word for line in re.findall(r"apt-get install ([^>\n]*)", text)
                for word in line.split() if not word.startswith("-")}

    assert requirement_files(ci) == requirement_files(script) == {"requirements.txt"}
    assert apt_packages(ci) == apt_packages(script) and "chromium" in apt_packages(ci)
    assert "RNNBOOK_MNIST" in script  # the shared MNIST when present, as .ci/run; Keras downloads it otherwise
    assert "RNNBOOK_TEXT" in script and "RNNBOOK_TEXT" in ci  # the same for Dom Casmurro


def test_the_workflow_deploys_the_built_site_to_pages_from_main():
    workflow = load_workflow()
    name, job = build_job(workflow)
    run_order = [step.get("run", "").strip() or step.get("uses", "") for step in steps(job)]
    (upload,) = uses(job, "actions/upload-pages-artifact")
    assert ROOT / upload["with"]["path"] == ROOT / "_build" / "html"  # where `jupyter-book build .` writes
    assert run_order.index(readme_commands()[0]) < run_order.index(upload["uses"])
    assert uses(job, "actions/configure-pages")
    (deploy_name,) = [n for n, j in workflow["jobs"].items() if uses(j, "actions/deploy-pages")]
    deploy = workflow["jobs"][deploy_name]
    assert deploy["needs"] == name
    assert deploy["if"] == upload["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert workflow["permissions"] == {"contents": "read"}  # write access only where a job needs it


def test_a_version_tag_attaches_the_html_and_the_notebooks_to_a_release():
    workflow = load_workflow()
    assert workflow["on"]["push"]["tags"] == ["v*"]
    name, job = build_job(workflow)
    packaging = [step for step in steps(job) if "zipfile" in step.get("run", "")]
    assert packaging and all(step["if"] == "startsWith(github.ref, 'refs/tags/v')" for step in packaging)
    script = "\n".join(step["run"] for step in packaging)
    assert "book/*.ipynb" in script and re.search(r"cd _build && python -m zipfile -c \S+ html\b", script)
    assert pdf_path() in script  # the release gets the PDF
    (release,) = [j for j in workflow["jobs"].values() if "gh release upload" in "\n".join(runs(j))]
    assert release["needs"] == name and release["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert release["permissions"] == {"contents": "write"}


def test_the_workflow_builds_the_pdf_and_publishes_it_with_the_site():
    """The README's PDF command runs after the book's build, on main and on tags; its PDF is copied
    into _build/html before the Pages upload, where the introduction's link finds it."""
    _, job = build_job(load_workflow())
    pdf = pdf_path()
    assert readme_pdf_command() == "python tools/build_pdf.py" and pdf == "_build/pdf/redes-neurais-recorrentes.pdf"
    order = [step.get("run", "") or step.get("uses", "") for step in steps(job)]

    def first(text):
        return next(i for i, step in enumerate(order) if text in step)

    (pdf_step,) = [step for step in steps(job) if readme_pdf_command() in step.get("run", "").splitlines()]
    assert "if" not in pdf_step
    assert f"cp {pdf} _build/html/" in pdf_step["run"].splitlines()
    assert first(readme_commands()[0]) < first(readme_pdf_command()) < first("actions/upload-pages-artifact")
    assert first(readme_pdf_command()) < first("zipfile")
    owner, name = repository_url().rsplit("/", 2)[1:]
    link = f"https://{owner.lower()}.github.io/{name}/{pathlib.PurePosixPath(pdf).name}"
    assert link in (ROOT / "book" / "intro.md").read_text(encoding="utf-8")


def test_every_action_is_pinned_to_a_version():
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for job in load_workflow(path)["jobs"].values():
            for step in steps(job):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"]), step["uses"]


# --- The repository URL lives in one place ---

CONFIG_URL_HOME = "_config.yml, repository.url"
THIRD_PARTY = {"keras-team/keras", "ageron/handson-ml3"}  # other projects' GitHub repositories the book may link to, as "owner/name"
THIRD_PARTY_SITES = {"karpathy.github.io"}  # other people's GitHub Pages the book cites


def repository_url():
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url), url
    return url


def repository_files():
    """Every file of the repository (tracked or new, not ignored), with its text."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        path = ROOT / name
        if path.is_file():
            data = path.read_bytes()
            if b"\0" not in data:
                yield name, data.decode("utf-8", errors="replace")


def test_the_repository_url_lives_in_config_only():
    """Every GitHub repository or Pages address in the repository (README, pyproject, notebooks'
    Colab cells, ...) is this repository's, as _config.yml spells it."""
    url = repository_url()
    owner, name = url.rsplit("/", 2)[1:]
    wrong = []
    for path, text in repository_files():
        for match in re.finditer(r"github\.com/([\w.-]+)/([\w.-]+)", text):
            found = f"{match[1]}/{match[2].removesuffix('.git').rstrip('.')}"
            if found != f"{owner}/{name}" and found not in THIRD_PARTY:
                wrong.append(f"{path}: github.com/{found}")
        for match in re.finditer(r"([\w-]+)\.github\.io/([\w.-]+)", text):
            if f"{match[1].lower()}.github.io" in THIRD_PARTY_SITES:
                continue
            if (match[1].lower(), match[2].rstrip(".")) != (owner.lower(), name):
                wrong.append(f"{path}: {match[0]}")
    assert not wrong, (f"the repository is {url} ({CONFIG_URL_HOME}); change it there and in "
                       f"these places, or list a third-party repository in THIRD_PARTY: {wrong}")
