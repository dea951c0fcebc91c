"""Graph exports: RDF (Turtle, N-Triples, N-Quads, JSON-LD), GraphML, GEXF, Mermaid, DOT, HTML."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kg.model import ConceptGraph
from kg.relation_table import relation_type
from store.errors import KgqaError

if TYPE_CHECKING:  # the registry is read by `kgqa --help`: no heavy imports at module level
    from ingest import NoteRecord, Passage

class ExportError(KgqaError, ValueError):
    pass


@dataclass(frozen=True)
class Exporter:
    """One export format; the CLI's --format help and checks read these."""

    name: str
    """What --format takes."""
    suffix: str
    """The usual file ending."""
    media_type: str
    description: str
    visual: bool
    """Drawn for people: without --concept only the best-connected concepts are kept (see DEFAULT_CONCEPT_LIMIT)."""
    render: Callable[[ConceptGraph, list[Passage], list[NoteRecord]], str]


def _rdf(rdflib_format: str) -> Callable[[ConceptGraph, list[Passage], list[NoteRecord]], str]:
    def render(graph: ConceptGraph, passages: list[Passage], notes: list[NoteRecord]) -> str:
        from kg.rdf import nquads_text, to_dataset

        if rdflib_format == "nquads":  # sorted, as graph.nq: the same selection gives the same bytes
            return nquads_text(notes, passages, graph)
        return _union_graph(to_dataset(notes, passages, graph)).serialize(format=rdflib_format)

    return render


def _networkx(writer: str) -> Callable[[ConceptGraph, list[Passage], list[NoteRecord]], str]:
    def render(graph: ConceptGraph, passages: list[Passage], notes: list[NoteRecord]) -> str:
        import networkx as nx

        from kg.nxview import concept_view

        view = concept_view(graph)
        lines = nx.generate_graphml(view) if writer == "graphml" else nx.generate_gexf(view)
        return "\n".join(lines) + "\n"

    return render


def _html(graph: ConceptGraph, passages: list[Passage], notes: list[NoteRecord]) -> str:
    from kg.viewer import html_page

    return html_page(graph)


EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter("ttl", ".ttl", "text/turtle", "Turtle: the union of all notes' graphs", False, _rdf("turtle")),
    Exporter("nt", ".nt", "application/n-triples", "N-Triples", False, _rdf("nt")),
    Exporter("nq", ".nq", "application/n-quads", "N-Quads: one named graph per note", False, _rdf("nquads")),
    Exporter("jsonld", ".jsonld", "application/ld+json", "JSON-LD", False, _rdf("json-ld")),
    Exporter("graphml", ".graphml", "application/graphml+xml", "GraphML for Gephi, yEd, networkx", False, _networkx("graphml")),
    Exporter("gexf", ".gexf", "application/gexf+xml", "GEXF for Gephi", False, _networkx("gexf")),
    Exporter("mermaid", ".mmd", "text/plain", "Mermaid flowchart for Markdown notes", False, lambda g, p, n: mermaid(g)),
    Exporter("dot", ".dot", "text/vnd.graphviz", "Graphviz DOT", False, lambda g, p, n: dot(g)),
    Exporter("html", ".html", "text/html", "a self-contained page to explore the graph offline", True, _html),
)}


def exporter(name: str) -> Exporter:
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ExportError(f"unknown format {name!r}: choose from {', '.join(EXPORTERS)}") from None


def export(graph: ConceptGraph, passages: list[Passage], notes: list[NoteRecord], fmt: str) -> str:
    """The selected graph in one format, as text."""
    return exporter(fmt).render(graph, passages, notes)


def _union_graph(dataset):
    from rdflib import Graph

    from kg.vocab import PREFIXES

    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _edges(graph: ConceptGraph):
    """One edge per (subject, relation, object), with its first provenance."""
    seen = {}
    for t in graph.triples:
        seen.setdefault((t.subject, t.predicate, t.object), t)
    return list(seen.values())


def mermaid(graph: ConceptGraph) -> str:
    ids = {c.id: f"n{i}" for i, c in enumerate(graph.concepts)}
    lines = ["graph LR"]
    for concept in graph.concepts:
        lines.append(f'  {ids[concept.id]}["{_escape(concept.label)}"]')
    for t in _edges(graph):
        lines.append(f"  {ids[t.subject]} -- {t.predicate} --> {ids[t.object]}")
    return "\n".join(lines) + "\n"


def dot(graph: ConceptGraph) -> str:
    lines = ["digraph kgqa {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb"];']
    for concept in graph.concepts:
        lines.append(f'  "{_escape(concept.id)}" [label="{_escape(concept.label)}"];')
    for t in _edges(graph):
        colour = relation_type(t.predicate).colour
        lines.append(f'  "{_escape(t.subject)}" -> "{_escape(t.object)}" [label="{t.predicate}", color="{colour}", '
                     f'tooltip="{_escape(t.path)}:{t.start_line}-{t.end_line}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def write_export(text: str, output: Path) -> Path:
    """Write exactly `output`, atomically (a temporary file beside it, then a rename)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(output)
    return output
