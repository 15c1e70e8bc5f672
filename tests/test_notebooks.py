"""Static checks on the committed notebooks (nbval itself re-runs them and compares outputs)."""

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
NOISE = re.compile(r"(^|\n)[IWEF]\d{4} \d\d:\d\d:|oneDNN custom operations|cuda_|absl::InitializeLog|Could not find cuda|Instructions for updating")
MARKER = re.compile(r"#\s*NBVAL_[A-Z_]+")
REASON = "nbval-ignore-output-reason"  # the cell-metadata key beside the nbval-ignore-output tag


def code_cells(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks under book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_once_top_to_bottom(path):
    counts = [c["execution_count"] for c in code_cells(path)]
    assert counts == list(range(1, len(counts) + 1)), f"re-run {path.name} in one fresh kernel"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_clean(path):
    for cell in code_cells(path):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", "".join(cell["source"])[:80]
            if output["output_type"] == "stream":
                text = "".join(output["text"])
                assert not NOISE.search(text), text[:200]
                assert output["name"] == "stdout", f"stderr output in {path.name}: {text[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_excluded_cells_say_why(path):
    """Exclusions from nbval live in the cell's metadata, off the page: the nbval-ignore-output tag
    and, beside it, the reason; the code the reader sees carries no test plumbing."""
    for cell in code_cells(path):
        source = "".join(cell["source"])
        assert not MARKER.search(source), f"{path.name}: use the nbval-ignore-output tag, not {source[:60]!r}"
        metadata = cell.get("metadata", {})
        nbval_tags = [t for t in metadata.get("tags", []) if t.startswith("nbval")]
        assert set(nbval_tags) <= {"nbval-ignore-output"}, f"{path.name}: unexpected {nbval_tags}"
        reason = metadata.get(REASON, "")
        if nbval_tags:
            assert len(reason.strip()) >= 10, f"{path.name}: {source[:60]!r} needs {REASON} in its metadata"
        else:
            assert not reason, f"{path.name}: {REASON} without the nbval-ignore-output tag"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_cell_then_rnnbook_first(path):
    cells = code_cells(path)
    colab = "".join(cells[0]["source"])
    assert 'if "google.colab" in sys.modules:' in colab, "the first cell installs the course on Colab"
    assert "remove-cell" in cells[0]["metadata"].get("tags", []), "the Colab cell is hidden on the site"
    assert cells[0]["outputs"] == [], "outside Colab the install cell does nothing"
    first = "".join(cells[1]["source"])
    lines = [line for line in first.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0].startswith("import rnnbook"), "the first statement after it must be `import rnnbook`"
    assert "rnnbook.seed_everything(" in first, "seed once, in the first cell"


def test_the_tag_is_what_nbval_reads():
    import nbval.plugin

    assert dict(nbval.plugin.find_metadata_tags({"tags": ["nbval-ignore-output"]})) == {"check": False}
    assert dict(nbval.plugin.find_metadata_tags({"tags": ["hide-input"]})) == {}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_plot_only_cells_are_folded(path):
    """A cell whose only output is a figure shows the figure; its code is one click away."""
    for cell in code_cells(path):
        outputs = cell["outputs"]
        if outputs and all(o["output_type"] == "display_data" and "image/png" in o["data"] for o in outputs):
            tags = set(cell["metadata"].get("tags", []))
            assert tags & {"hide-input", "remove-input"}, f"{path.name}: fold {''.join(cell['source'])[:60]!r}"


def _sanitize_rule(section):
    """The regex of one [section] of tests/nbval_sanitize.cfg."""
    text = (ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8")
    return re.compile(re.search(rf"^\[{re.escape(section)}\]\n(?:#.*\n)*regex: (.*)$", text, re.MULTILINE).group(1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_glue_records_are_masked_as_glued_figures(path):
    glued = _sanitize_rule("figures glued for the prose")
    assert glued.search("'0,9844'") and glued.search("'93%'") and glued.search("'4e+04'")
    assert not glued.search("'abc'") and not glued.search("'4e'")
    for cell in code_cells(path):
        for output in cell["outputs"]:
            values = [output.get("text", "")] + list(output.get("data", {}).values())
            values = [v if isinstance(v, str) else "".join(v) for v in values if isinstance(v, (str, list))]
            is_glue = "scrapbook" in output.get("metadata", {})
            for value in values:
                if glued.search(value):
                    assert is_glue, f"{path.name}: an output that is not a glue record looks like one: {value!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_glued_figure_is_quoted_in_the_prose(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    prose = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    quoted = set(re.findall(r"\{glue:text\}`([^`:]+)`", prose))
    glued = {o["metadata"]["scrapbook"]["name"] for c in code_cells(path) for o in c["outputs"]
             if "scrapbook" in o.get("metadata", {})}
    assert quoted <= glued, f"{path.name}: quoted but never glued: {sorted(quoted - glued)}"
    assert glued <= quoted, f"{path.name}: glued but never quoted: {sorted(glued - quoted)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_lines_fit_in_88_characters(path):
    long = [line for cell in code_cells(path) for line in "".join(cell["source"]).splitlines()
            if len(line) > 88]
    assert not long, f"{path.name}: {len(long)} code lines over 88 characters, e.g. {long[0]!r}"


#: Portuguese words that must not make up an identifier (the README's naming rule: names in
#: English, as in the source; prose, printouts and labels in Portuguese). Each was once a name
#: in a chapter; a new Portuguese name is caught when it shares one of these words.
PORTUGUESE = set("""
    acuracia amostras anterior arquivo atraso ativacao caminho camada camadas celula comprimento
    comprimentos contar cores diferenca entrada entradas epoca epocas erro erros estado estados
    estrategia execucoes grafo inicio janela janelas largura limite linha linhas mascara
    medir modelo modelos montar neuronios nome nomes norma operacoes passo passos pasta perda
    perdas peso pesos previsao previsto razao recorte resultados rotulo saida saidas semente
    sequencia serie taxa tempo tempos teste tipo tipos titulo treino treinar valor valores vies
""".split())


def assigned_names(source):
    """Names a cell binds: assignments, loop and with targets, functions, classes, arguments."""
    import ast

    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_identifiers_are_english(path):
    names = set().union(*(assigned_names("".join(c["source"])) for c in code_cells(path)))
    portuguese = sorted(n for n in names if PORTUGUESE & set(n.lower().split("_")))
    assert not portuguese, f"{path.name}: Portuguese identifiers {portuguese}"


def test_the_identifier_check_catches_a_portuguese_name():
    assert assigned_names("saidas_static = 1\nfor nome in x: pass\ndef f(n_passos): pass") == {
        "saidas_static", "nome", "f", "n_passos"}
    assert all(PORTUGUESE & set(n.split("_")) for n in ["saidas_static", "nome", "n_passos"])
