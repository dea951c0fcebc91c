"""The graph stage's files in a generation: five JSONL files (concepts, triples, mentions, wikilinks,
each note's concept), graph.nq with each note's key beside it, and the extraction cache."""
from __future__ import annotations

from pathlib import Path

from kg.model import (Concept, ConceptGraph, ExtractionCache, Mention, NameEvidence, NoteLink, NoteQuads, PassageFacts,
                      PassageTerms, Triple)
from store.files import read_jsonl as _read_jsonl, write_jsonl as _write_jsonl

STAGE = "graph"
"""The manifest section of this stage."""
CONCEPTS_FILE = "concepts.jsonl"
TRIPLES_FILE = "triples.jsonl"
MENTIONS_FILE = "mentions.jsonl"
NQUADS_FILE = "graph.nq"
EXTRACTION_CACHE_FILE = "extraction_cache.jsonl"
LINKS_FILE = "links.jsonl"
NOTE_CONCEPTS_FILE = "note_concepts.jsonl"
NQUADS_KEYS_FILE = "nquads_keys.jsonl"
"""Each note's named graph in graph.nq and the key of what it was written from (kg.rdf.NoteQuads)."""
FILES = (CONCEPTS_FILE, TRIPLES_FILE, MENTIONS_FILE, NQUADS_FILE, EXTRACTION_CACHE_FILE, LINKS_FILE, NOTE_CONCEPTS_FILE,
         NQUADS_KEYS_FILE)


def write_graph(graph: ConceptGraph, directory: Path) -> None:
    _write_jsonl(directory / CONCEPTS_FILE, ({**vars(c), "evidence": [vars(e) for e in c.evidence]} for c in graph.concepts))
    _write_jsonl(directory / TRIPLES_FILE, (vars(t) for t in graph.triples))
    _write_jsonl(directory / MENTIONS_FILE, (vars(m) for m in graph.mentions))
    _write_jsonl(directory / LINKS_FILE, (vars(link) for link in graph.links))
    _write_jsonl(directory / NOTE_CONCEPTS_FILE, ({"path": path, "concept": concept} for path, concept in graph.note_concepts))


def read_concepts(directory: Path) -> tuple[Concept, ...]:
    return tuple(Concept(**{**r, "labels": tuple(r["labels"]), "evidence": tuple(NameEvidence(**e) for e in r.get("evidence", ()))})
                 for r in _read_jsonl(directory / CONCEPTS_FILE))


def read_graph(directory: Path) -> ConceptGraph:
    concepts = read_concepts(directory)
    triples = tuple(Triple(**r) for r in _read_jsonl(directory / TRIPLES_FILE))
    mentions = tuple(Mention(**r) for r in _read_jsonl(directory / MENTIONS_FILE))
    links = tuple(NoteLink(**r) for r in _optional_jsonl(directory / LINKS_FILE))
    about = tuple((r["path"], r["concept"]) for r in _optional_jsonl(directory / NOTE_CONCEPTS_FILE))
    return ConceptGraph(concepts, triples, mentions, links, about)


def _optional_jsonl(path: Path) -> list[dict]:
    """A file a generation written before it existed lacks: none of its records."""
    return _read_jsonl(path) if path.exists() else []


def write_nquads(by_note: dict[str, NoteQuads], directory: Path) -> None:
    """graph.nq (sorted: the same notes give byte-identical files) and, beside it, each note's key and named
    graph (what the next build's note_nquads reuses). The only writer of graph.nq: a build and a query's
    throwaway generation (kg.sparql.run_above_confidence) both write it here."""
    from kg.rdf import joined_nquads

    (directory / NQUADS_FILE).write_text(joined_nquads(by_note), encoding="utf-8")
    _write_jsonl(directory / NQUADS_KEYS_FILE, ({"path": path, "key": quads.key, "graph": quads.context}
                                                for path, quads in sorted(by_note.items())))


def read_nquads(directory: Path) -> dict[str, NoteQuads]:
    """Each note's lines of graph.nq by its key; empty when either file is missing or unreadable (then every note is written anew)."""
    try:
        keys = _read_jsonl(directory / NQUADS_KEYS_FILE)
        lines: dict[str, list[str]] = {record["graph"]: [] for record in keys}
        with open(directory / NQUADS_FILE, encoding="utf-8") as handle:
            for line in handle:
                line = line.rstrip("\n")
                lines[line.rsplit(" ", 2)[1]].append(line)  # '<s> <p> o <graph> .': IRIs hold no space
        return {r["path"]: NoteQuads(r["key"], r["graph"], tuple(lines[r["graph"]])) for r in keys}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return {}


def write_extraction_cache(cache: ExtractionCache, directory: Path) -> None:
    """First line: builder and lexicon; then one line per passage, in key order."""
    header = {"builder": cache.builder, "lexicon": [list(entry) for entry in cache.lexicon]}
    records = (
        {"key": key, "start": start, "triples": [vars(t) for t in facts.triples],
         "section_triples": [vars(t) for t in facts.section_triples],
         "mentions": [[m.passage_id, m.concept_id, m.count] for m in facts.mentions],
         **({"terms": vars(cache.terms[key])} if key in cache.terms else {})}
        for key, (start, facts) in sorted(cache.facts.items())
    )
    _write_jsonl(directory / EXTRACTION_CACHE_FILE, [header, *records])


def _passage_terms(record: dict) -> PassageTerms:
    return PassageTerms(headings=tuple(tuple(names) for names in record["headings"]), counted=tuple(record["counted"]),
                        weak=tuple(record["weak"]), kinds=tuple(record["kinds"]),
                        problems=tuple((name, surface) for name, surface in record["problems"]))


def read_extraction_cache(directory: Path) -> ExtractionCache | None:
    """The cache, or None when it is missing or unreadable (the next build then reads every passage)."""
    try:
        header, *records = _read_jsonl(directory / EXTRACTION_CACHE_FILE)
        facts = {
            r["key"]: (r["start"], PassageFacts(
                triples=tuple(Triple(**t) for t in r["triples"]),
                section_triples=tuple(Triple(**t) for t in r["section_triples"]),
                mentions=tuple(Mention(*m) for m in r["mentions"]),
            ))
            for r in records
        }
        terms = {r["key"]: _passage_terms(r["terms"]) for r in records if "terms" in r}
        return ExtractionCache(header["builder"], tuple((name, concept) for name, concept in header["lexicon"]), facts, terms)
    except (OSError, ValueError, KeyError, TypeError):
        return None
