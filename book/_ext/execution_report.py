"""Execution report: how long each chapter takes to run and how much memory it needs.

The measurements come from ``book/_data/execution.json``, written by ``bench/chapters.py --write``
(one record per chapter: seconds, peak MiB, machine, date, versions).

- The ``{execution-report}`` directive (used on ``book/execucao.md``) renders them as a table and
  names the chapters of the table of contents that have no measurement.
- Every page with a measurement gets one line after its title: about how long it runs, how much
  memory it needs and whether that fits Binder's 2 GB, with a link to the report.
"""

import datetime
import json
import pathlib
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

DATA = pathlib.Path(__file__).resolve().parents[1] / "_data" / "execution.json"
REPORT = "book/execucao"
BINDER_GB = 2.0  # mybinder.org's memory limit
SERVER_GB = 0.2  # left for the Jupyter server beside the kernel


def load(path=None):
    """The records of the data file (DATA by default), keyed by page name ({} without a file)."""
    path = pathlib.Path(path or DATA)
    return json.loads(path.read_text(encoding="utf-8"))["chapters"] if path.exists() else {}


def decimal(value, digits=1):
    """A number with a decimal comma: 1.25 -> '1,2' (one digit), as written in Portuguese."""
    return f"{value:.{digits}f}".replace(".", ",")


def gigabytes(mib):
    return mib * 2**20 / 1e9


def fits_binder(peak_mib):
    """Whether the kernel's peak, plus room for the Jupyter server, stays within Binder's 2 GB."""
    return gigabytes(peak_mib) + SERVER_GB <= BINDER_GB


def approximate_time(seconds):
    """'cerca de 15 s' under a minute (to 5 s), else 'cerca de 3 min' (to the minute)."""
    rounded = max(5, 5 * int(seconds / 5 + 0.5))
    if rounded < 60:
        return f"cerca de {rounded} s"
    return f"cerca de {int(seconds / 60 + 0.5)} min"


def exact_time(seconds):
    """'34,9 s' under a minute, else '2 min 56 s'."""
    if round(seconds, 1) < 60:
        return f"{decimal(seconds)} s"
    minutes, rest = divmod(int(seconds + 0.5), 60)
    return f"{minutes} min {rest:02d} s"


def cpu_name(machine):
    """The CPU's model name without trademark signs: 'Intel(R) Xeon(R) ...' -> 'Intel Xeon ...'."""
    return re.sub(r"\s+", " ", re.sub(r"\((R|TM|tm)\)", "", machine["cpu"])).strip()


def describe_machine(machine):
    """'AMD EPYC (família 25, modelo 1), sem AVX-512, 2 núcleos'."""
    name = cpu_name(machine)
    if machine.get("family"):
        name += f" (família {machine['family']}, modelo {machine['model']})"
    avx = "com" if machine["avx512"] else "sem"
    return f"{name}, {avx} AVX-512, {machine['cores']} núcleos"


def brazilian_date(iso):
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y")


def binder_verdict(peak_mib):
    return "cabe nos 2 GB do Binder" if fits_binder(peak_mib) else "não cabe nos 2 GB do Binder: use o Colab"


def requirement(record):
    """The line under a chapter's title, up to the link to the report."""
    avx = "com" if record["machine"]["avx512"] else "sem"
    return (
        f"{approximate_time(record['seconds'])} e {decimal(gigabytes(record['peak_mib']))} GB de RAM "
        f"(medido num {cpu_name(record['machine'])} {avx} AVX-512); {binder_verdict(record['peak_mib'])}."
    )


class execution_report(nodes.General, nodes.Element):
    """Placeholder for the report's table, filled in once every page's title is known."""


class ExecutionReportDirective(SphinxDirective):
    """``{execution-report}``: the table of every measured chapter."""

    def run(self):
        if DATA.exists():
            self.env.note_dependency(str(DATA))
        return [execution_report()]


class RequirementLine(SphinxTransform):
    """Insert the line after the first title of each page that has a measurement."""

    default_priority = 500

    def apply(self):
        docname = self.env.docname
        if DATA.exists():
            self.env.note_dependency(str(DATA))  # a new measurement re-reads the page
        record = load().get(docname)
        section = next(self.document.findall(nodes.section), None)
        if record is None or section is None or not isinstance(section[0], nodes.title):
            return
        link = addnodes.pending_xref(
            "", nodes.inline("", "relatório de execução", classes=["xref", "std", "std-doc"]),
            refdomain="std", reftype="doc", reftarget=f"/{REPORT}", refdoc=docname,
            refexplicit=True, refwarn=True,
        )
        line = nodes.paragraph("", "", classes=["execution-requirements"])
        line += nodes.strong("", "Para executar:")
        line += nodes.Text(f" {requirement(record)} Veja o ")
        line += link
        line += nodes.Text(".")
        section.insert(1, line)


def _table(app, fromdocname, records, names):
    """The report's table: one row per measured page, in table-of-contents order."""
    header = ["Capítulo", "Tempo", "Pico de RAM", "Binder (2 GB)", "Máquina", "Data"]
    table = nodes.table(classes=["execution-report"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    rows = []
    for docname in names:
        record = records[docname]
        cells = [
            _link(app, fromdocname, docname),
            exact_time(record["seconds"]),
            f"{decimal(gigabytes(record['peak_mib']), 2)} GB",
            "cabe" if fits_binder(record["peak_mib"]) else "não cabe: use o Colab",
            describe_machine(record["machine"]),
            brazilian_date(record["date"]),
        ]
        rows.append(cells)
    for section, content in ((nodes.thead, [header]), (nodes.tbody, rows)):
        part = section()
        for cells in content:
            row = nodes.row()
            for cell in cells:
                entry = nodes.entry()
                entry += nodes.paragraph("", "", cell if isinstance(cell, nodes.Node) else nodes.Text(cell))
                row += entry
            part += row
        group += part
    return table


def _link(app, fromdocname, docname):
    """A link to `docname` showing its number and title (with the title's code and emphasis)."""
    number = app.env.toc_secnumbers.get(docname, {}).get("")
    prefix = [nodes.Text(".".join(map(str, number)) + ". ")] if number else []
    title = [child.deepcopy() for child in app.env.titles[docname].children]
    return nodes.reference("", "", *prefix, *title, internal=True,
                           refuri=app.builder.get_relative_uri(fromdocname, docname))


def _toc_order(env, docname, seen):
    """Every page of the table of contents under `docname`, depth first, in reading order."""
    for child in env.toctree_includes.get(docname, []):
        if child not in seen:
            seen.append(child)
            _toc_order(env, child, seen)
    return seen


def _fill_report(app, doctree, fromdocname):
    placeholders = list(doctree.findall(execution_report))
    if not placeholders:
        return
    env = app.env
    records = load()
    pages = _toc_order(env, app.config.root_doc, [app.config.root_doc])
    chapters = [name for name in pages if env.doc2path(name).endswith(".ipynb")]
    measured = [name for name in pages if name in records]
    content = []
    if measured:
        content.append(_table(app, fromdocname, records, measured))
        found = {", ".join(f"{k} {v}" for k, v in records[name]["versions"].items()) for name in measured}
        content.append(nodes.paragraph("", f"Versões: {'; '.join(sorted(found))}."))
    missing = [name for name in chapters if name not in records]
    line = nodes.paragraph("", "", classes=["execution-missing"])
    if missing:
        line += nodes.Text("Ainda sem medição: ")
        for i, name in enumerate(missing):
            if i:
                line += nodes.Text(", ")
            line += _link(app, fromdocname, name)
        line += nodes.Text(".")
    else:
        line += nodes.Text("Todos os capítulos têm medição.")
    content.append(line)
    for node in placeholders:
        node.replace_self([part.deepcopy() for part in content])


def setup(app):
    app.add_node(execution_report)
    app.add_directive("execution-report", ExecutionReportDirective)
    app.add_transform(RequirementLine)
    app.connect("doctree-resolved", _fill_report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
