"""The JSON documents a built index answers with, shared by the CLI (--json), the web API and MCP.

One function per document, pure over the loaded graph and passages, so every front
end prints the same thing: `kgqa show --json`, `/api/concept` and the MCP tool
`concept` cannot drift apart.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path

from ingest import NoteRecord, Passage, pending_changes, read_notes
from kg.model import Concept, ConceptGraph
from kg.normalize import normalize_term
from kg.relation_table import RELATIONS
from retrieval.answer import Answer
from store import Generation, ignored_dirs
from store.errors import KgqaError

MAX_MENTIONING_PASSAGES = 50
NEAREST_NAMES = 8
MAX_DEPTH = 3
"""Hops a neighbourhood may reach: beyond this a hub pulls in most of a large graph."""
SOURCE_CONTEXT_LINES = 3
"""Lines shown before and after a passage's own lines."""
MAX_SOURCE_LINES = 400


class UnknownConcept(KgqaError, LookupError):
    """No concept carries the name; the message offers the nearest names."""


class UnknownSource(KgqaError, LookupError):
    """The note is not in the index, lies outside the notes folder, or cannot be read."""


def find_concept(graph: ConceptGraph, name: str) -> Concept:
    """The concept carrying this name or alias (normalised), or UnknownConcept with suggestions."""
    key = normalize_term(name)
    for concept in graph.concepts:
        if key and key in {normalize_term(label) for label in concept.labels}:
            return concept
    close = sorted({c.label for c in graph.concepts if key and any(key in normalize_term(l) or normalize_term(l) in key
                                                                  for l in c.labels if len(normalize_term(l)) >= 2)})
    if not close and key:  # a typo shares no substring: fall back to the closest spellings
        import difflib

        spelled = {normalize_term(label): concept.label for concept in graph.concepts for label in concept.labels}
        close = list(dict.fromkeys(spelled[k] for k in difflib.get_close_matches(key, list(spelled), NEAREST_NAMES, 0.6)))
    hint = f"; did you mean {', '.join(close[:NEAREST_NAMES])}?" if close else "; `kgqa concepts NOTES` lists them"
    raise UnknownConcept(f"no concept named {name!r}{hint}")


def concept_document(graph: ConceptGraph, passages: list[Passage], name: str) -> dict:
    """Names with why each is on the concept, typed edges out and in with provenance, and the passages that mention it."""
    concept = find_concept(graph, name)
    labels = {c.id: c.label for c in graph.concepts}
    by_id = {p.id: p for p in passages}

    def edge(triple, other: str) -> dict:
        return {**asdict(triple), "other": labels.get(other, other)}

    outgoing = [edge(t, t.object) for t in graph.triples if t.subject == concept.id]
    incoming = [edge(t, t.subject) for t in graph.triples if t.object == concept.id and t.subject != concept.id]
    mentioned = sorted((m for m in graph.mentions if m.concept_id == concept.id and m.passage_id in by_id),
                       key=lambda m: (-m.count, m.passage_id))
    why = {e.name: e for e in concept.evidence}
    names = [{"name": name, "why": why[name].describe() if name in why else "", "kind": why[name].kind if name in why else "",
              "file": why[name].path if name in why else "", "line": why[name].line if name in why else 0}
             for name in concept.labels]
    return {
        "id": concept.id, "label": concept.label, "aliases": list(concept.labels[1:]), "source": concept.source,
        "names": names, "out": outgoing, "in": incoming, "mentioned_in": len(mentioned),
        "passages": [_passage_reference(by_id[m.passage_id], m.count) for m in mentioned[:MAX_MENTIONING_PASSAGES]],
        "notes": sorted(path for path, about in graph.note_concepts if about == concept.id),
        "backlinks": _backlinks(graph, concept.id, by_id),
    }


def _backlinks(graph: ConceptGraph, concept_id: str, by_id: dict[str, Passage]) -> list[dict]:
    """Every [[link]] to a note about the concept: the linking file, line, passage and the shown text."""
    about = dict(graph.note_concepts)
    rows = []
    for link in graph.links:
        if link.concept != concept_id:
            continue
        passage = by_id.get(link.passage_id)
        rows.append({"file": link.source, "line": link.line, "location": f"{link.source}:{link.line}",
                     "from": about.get(link.source), "target": link.target, "target_path": link.target_path,
                     "dangling": link.dangling, "embed": link.embed, "shown": link.shown, "passage_id": link.passage_id,
                     "heading_path": list(passage.heading_path) if passage else []})
    return rows
def related_document(graph: ConceptGraph, name: str, relation: str | None = None) -> dict:
    """The concepts one typed edge away, in or out, each with its relation and file:lines (MCP `related`).

    Raises UnknownConcept (with the nearest names) or UnknownRelation (with the valid ones).
    """
    from kg.relation_table import relation_type

    concept = find_concept(graph, name)
    if relation:
        relation_type(relation)
    labels = {c.id: c.label for c in graph.concepts}
    order = {r: i for i, r in enumerate(RELATIONS)}
    edges = []
    for triple in graph.triples:
        if relation and triple.predicate != relation:
            continue
        if triple.subject == concept.id:
            direction, other = "out", triple.object
        elif triple.object == concept.id:
            direction, other = "in", triple.subject
        else:
            continue
        edges.append({"relation": triple.predicate, "direction": direction, "concept": labels.get(other, other),
                      "file": triple.path, "start": triple.start_line, "end": triple.end_line,
                      "evidence": triple.evidence, "rule": triple.rule, "confidence": triple.confidence})
    edges.sort(key=lambda e: (order.get(e["relation"], len(order)), e["direction"] != "out", e["concept"], e["file"], e["start"]))
    return {"id": concept.id, "label": concept.label, "relation": relation, "related": edges}


def _passage_reference(passage: Passage, count: int) -> dict:
    return {"id": passage.id, "file": passage.path, "start": passage.start_line, "end": passage.end_line,
            "location": passage.location, "heading_path": list(passage.heading_path), "count": count}


def concepts_document(graph: ConceptGraph, top: int) -> list[dict]:
    """The best-connected concepts: typed degree, PageRank over typed edges, mention count, aliases."""
    from kg.nxview import concept_ranking

    rows = []
    for concept_id, degree, rank, mentions in concept_ranking(graph)[:top]:
        concept = graph.concept(concept_id)
        rows.append({"id": concept_id, "label": concept.label, "aliases": list(concept.labels[1:]), "typed_degree": degree,
                     "pagerank": round(rank, 5), "mentions": mentions})
    return rows


def answer_document(answer: Answer, notes_root: Path | None = None) -> dict:
    """`kgqa ask --json`: the question, its concepts, ranked passages with reasons, related edges.

    `notes_root` inside an Obsidian vault: each passage and edge also carries its `obsidian` link.
    """
    from service.links import find_vault, obsidian_url

    document = answer.to_json()
    vault = find_vault(notes_root) if notes_root is not None else None
    if vault is not None:
        document["vault"] = vault.name
        for item in document["passages"]:
            item["obsidian"] = obsidian_url(vault, notes_root, item["file"])
        for edge in document["related"]:
            edge["obsidian"] = obsidian_url(vault, notes_root, edge["path"])
    return document


def neighbourhood_document(graph: ConceptGraph, passages: list[Passage], concepts: tuple[str, ...] = (), depth: int = 1,
                           relations: tuple[str, ...] = RELATIONS) -> dict:
    """The viewer's graph document for the concepts within `depth` hops of `concepts` (the best connected if none).

    Raises UnknownConcept for a start name no concept carries, SelectionError for an unknown relation.
    """
    from kg.subgraph import DEFAULT_CONCEPT_LIMIT, Selection, select
    from kg.viewer import graph_document

    starts = tuple(find_concept(graph, name).id for name in concepts)
    selection = Selection(starts, max(0, min(depth, MAX_DEPTH)), relations, None, None if starts else DEFAULT_CONCEPT_LIMIT)
    chosen, _ = select(graph, passages, selection)
    return graph_document(chosen, focus=starts)


def read_note(notes_root: Path, notes: list[NoteRecord], file: str) -> tuple[NoteRecord, bytes, str]:
    """An indexed note's record, bytes and text, read from the notes folder and never from outside it.

    Raises UnknownSource for a path outside the folder, a note the index does not hold, or one that cannot be read.
    """
    if "\0" in file or Path(file).is_absolute() or ".." in Path(file.replace("\\", "/")).parts:
        raise UnknownSource(f"{file!r} is outside the notes folder {notes_root}")
    record = {n.path: n for n in notes}.get(file)
    if record is None:
        raise UnknownSource(f"no note {file!r} in the index")
    root = notes_root.resolve()
    path = (root / record.path).resolve()
    if root not in path.parents:  # a symlinked note pointing elsewhere
        raise UnknownSource(f"{file!r} is outside the notes folder {notes_root}")
    try:
        data = path.read_bytes()
        return record, data, data.decode(record.encoding)
    except OSError as error:
        raise UnknownSource(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, LookupError):
        raise UnknownSource(f"{path} no longer decodes as {record.encoding}: run `kgqa ingest`") from None


def source_document(notes_root: Path, notes: list[NoteRecord], file: str, start: int, end: int,
                    context: int = SOURCE_CONTEXT_LINES) -> dict:
    """Lines `start`..`end` of an indexed note (1-based, inclusive) and a few around them.

    `changed` says the file's bytes differ from the indexed ones, so the lines may have moved.
    """
    record, data, text = read_note(notes_root, notes, file)
    lines = [line.rstrip("\r") for line in text.split("\n")]
    start = max(1, min(start, len(lines)))
    end = max(start, min(end, len(lines), start + MAX_SOURCE_LINES - 1))
    first, last = max(1, start - context), min(len(lines), end + context)
    return {"file": record.path, "start": start, "end": end, "changed": hashlib.sha256(data).hexdigest() != record.sha256,
            "lines": [{"number": n, "text": lines[n - 1], "in_passage": start <= n <= end} for n in range(first, last + 1)]}


def status_document(notes_root: Path, index_dir: Path, generation: Generation, verify: bool = False) -> dict:
    """`kgqa status --json`: the generation, each stage's counts, and what changed in the folder since."""
    notes = read_notes(generation)
    pending = pending_changes(notes_root, notes, ignored_dirs(notes_root, index_dir)) if notes_root.is_dir() else {}
    report = {
        "index": str(index_dir),
        "generation": generation.name,
        "notes": len(notes),
        "stages": {name: {"version": record.version, **record.info} for name, record in generation.manifest.stages.items()},
        "pending": pending,
        "up_to_date": not any(pending.values()),
    }
    if verify:
        report["verify_problems"] = generation.verify()
    return report
