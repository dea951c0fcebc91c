"""Graph exports: RDF (Turtle, N-Triples, N-Quads, JSON-LD), GraphML, GEXF, Mermaid, DOT, HTML."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from ingest import NoteRecord, Passage
from kg.build import ConceptGraph
from kg.model import RELATIONS

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
FORMATS = (*RDF_FORMATS, "graphml", "gexf", "mermaid", "dot", "html")
RELATION_COLOURS = {
    "has_component": "#1f77b4", "solves": "#2ca02c", "is_a": "#9467bd", "variant_of": "#8c564b",
    "compared_with": "#ff7f0e", "uses": "#17becf", "causes": "#d62728", "alias": "#7f7f7f",
}
SOURCE_COLOURS = {"glossary": "#4c78a8", "notes": "#f58518", "user": "#54a24b"}


class ExportError(ValueError):
    pass


def export(graph: ConceptGraph, passages: list[Passage], notes: list[NoteRecord], fmt: str) -> str:
    """The selected graph in one format, as text."""
    if fmt in RDF_FORMATS:
        from kg.rdf import to_dataset

        dataset = to_dataset(notes, passages, graph)
        if fmt == "nq":
            return dataset.serialize(format="nquads")
        union = _union_graph(dataset)
        return union.serialize(format=RDF_FORMATS[fmt])
    if fmt in ("graphml", "gexf"):
        view = concept_view(graph)
        lines = nx.generate_graphml(view) if fmt == "graphml" else nx.generate_gexf(view)
        return "\n".join(lines) + "\n"
    if fmt == "mermaid":
        return mermaid(graph)
    if fmt == "dot":
        return dot(graph)
    if fmt == "html":
        from kg.html import html_page

        return html_page(graph)
    raise ExportError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")


def _union_graph(dataset):
    from rdflib import Graph

    from kg.vocab import PREFIXES

    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def concept_view(graph: ConceptGraph) -> nx.MultiDiGraph:
    """Concept nodes with labels and languages; typed edges with provenance as attributes."""
    from kg.normalize import language_of

    view = nx.MultiDiGraph()
    for concept in graph.concepts:
        zh = [n for n in concept.labels if language_of(n) == "zh"]
        en = [n for n in concept.labels if language_of(n) == "en"]
        view.add_node(concept.id, label=concept.label, label_zh=zh[0] if zh else "", label_en=en[0] if en else "",
                      aliases=" | ".join(concept.labels[1:]), source=concept.source, kind="concept")
    for t in graph.triples:
        view.add_edge(t.subject, t.object, key=f"{t.predicate}:{t.passage_id}:{t.start_line}", relation=t.predicate,
                      label=t.predicate, file=t.path, start_line=t.start_line, end_line=t.end_line, rule=t.rule,
                      confidence=t.confidence, passage=t.passage_id)
    return view


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
        colour = RELATION_COLOURS.get(t.predicate, "#333333")
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


def graph_json(graph: ConceptGraph) -> str:
    """Nodes and edges for the HTML page."""
    nodes = [{"id": c.id, "label": c.label, "aliases": list(c.labels[1:]), "source": c.source} for c in graph.concepts]
    edges = [{"s": t.subject, "o": t.object, "r": t.predicate, "where": f"{t.path}:{t.start_line}-{t.end_line}",
              "rule": t.rule, "confidence": t.confidence} for t in graph.triples]
    return json.dumps({"nodes": nodes, "edges": edges, "relations": list(RELATIONS),
                       "relationColours": RELATION_COLOURS, "sourceColours": SOURCE_COLOURS}, ensure_ascii=False)
