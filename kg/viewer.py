"""The one graph viewer: a graph document for the browser, and the self-contained HTML page.

The page, its script and its style are files in package data (`kg/data/viewer/`),
drawn with a vendored copy of cytoscape.js. `kgqa export --format html` inlines
all of them plus the graph document into one file that works from `file://`;
`kgqa serve` sends the same files and fetches graph documents from its API.
"""
from __future__ import annotations

import json
import re
from importlib import resources

from kg.model import ConceptGraph
from kg.relation_table import RELATION_TYPES

INITIAL_CONCEPTS = 150
"""A graph with more concepts opens on the best-connected ones; a button shows the next as many."""
SOURCE_COLOURS = {"glossary": "#4c78a8", "notes": "#f58518", "user": "#54a24b"}
"""Node colour by where the concept was first defined."""
EVIDENCE_CHARS = 240
"""Evidence sentences are cut to this many characters in the document (the file:lines say where the rest is)."""
ASSET_FILES = ("cytoscape.min.js", "viewer.js", "viewer.css")
"""The files a page needs besides its HTML, in the order a page loads them."""
_SLOT = re.compile(r"\{\{kgqa:([a-z_]+)\}\}")


def graph_document(graph: ConceptGraph, focus: tuple[str, ...] = ()) -> dict:
    """Nodes (best connected first) and typed edges with every line that states them, for the viewer.

    One edge per (subject, relation, object); its `where` lists each provenance sorted by
    file and line. `degree` counts distinct typed edges to other concepts.
    """
    edges = _edges(graph)
    degree = {c.id: 0 for c in graph.concepts}
    for edge in edges:
        if edge["source"] != edge["target"]:
            degree[edge["source"]] += 1
            degree[edge["target"]] += 1
    mentions: dict[str, int] = {}
    for m in graph.mentions:
        mentions[m.concept_id] = mentions.get(m.concept_id, 0) + m.count
    concepts = sorted(graph.concepts, key=lambda c: (-degree[c.id], -mentions.get(c.id, 0), c.id))
    nodes = [{"id": c.id, "label": c.label, "names": list(c.labels), "source": c.source, "degree": degree[c.id],
              "mentions": mentions.get(c.id, 0)} for c in concepts]
    counts = {r.name: 0 for r in RELATION_TYPES}
    for edge in edges:
        counts[edge["relation"]] += 1
    relations = [{"name": r.name, "label": r.label, "colour": r.colour, "symmetric": r.symmetric, "edges": counts[r.name],
                  "shown": r.kind != "convention"}  # wikilink and tag edges would hide the typed ones: off until ticked
                 for r in RELATION_TYPES]
    known = {c.id for c in graph.concepts}
    return {"nodes": nodes, "edges": edges, "relations": relations, "sources": SOURCE_COLOURS,
            "focus": [f for f in focus if f in known], "initial": INITIAL_CONCEPTS}


def _edges(graph: ConceptGraph) -> list[dict]:
    """One edge per (subject, relation, object), sorted, with ids e0, e1, … and all its provenance."""
    grouped: dict[tuple[str, str, str], list] = {}
    for t in graph.triples:
        grouped.setdefault((t.subject, t.predicate, t.object), []).append(t)
    edges = []
    for index, (subject, relation, obj) in enumerate(sorted(grouped)):
        where = sorted(grouped[subject, relation, obj], key=lambda t: (t.path, t.start_line, t.end_line, t.rule))
        edges.append({"id": f"e{index}", "source": subject, "target": obj, "relation": relation, "where": [
            {"file": t.path, "start": t.start_line, "end": t.end_line, "rule": t.rule, "confidence": t.confidence,
             "evidence": t.evidence[:EVIDENCE_CHARS]} for t in where]})
    return edges


def read_asset(name: str) -> str:
    """One file of the viewer's package data, as text."""
    return resources.files("kg").joinpath("data", "viewer", name).read_text(encoding="utf-8")


def _inline_json(document: dict) -> str:
    """JSON safe inside a <script> element: with every `<` escaped, no `</script` or `<!--` can close or comment it."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def html_page(graph: ConceptGraph, focus: tuple[str, ...] = (), title: str = "kgqa graph") -> str:
    """The whole viewer and its graph in one HTML file: no external request, works from `file://`."""
    slots = {
        "title": title.replace("&", "&amp;").replace("<", "&lt;"),
        "style": read_asset("viewer.css"),
        "library": read_asset("cytoscape.min.js"),
        "viewer": read_asset("viewer.js"),
        "graph": _inline_json(graph_document(graph, focus)),
    }
    # one pass over the template only: inserted files are never searched for slots
    return _SLOT.sub(lambda match: slots[match.group(1)], read_asset("viewer.html"))
