"""The concept graph as RDF: one named graph per note, deterministic N-Quads.

Each note's graph holds its passages, the concepts it names (type and labels),
its mentions and its typed triples, both as direct edges (easy SPARQL) and as
`kgqa:Assertion` resources with rule, confidence and lines (provenance). Removing
a note's graph therefore removes exactly what that note supported.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from rdflib import Dataset, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from ingest import NoteRecord, Passage
from kg.links import TAGGED
from kg.model import Concept, ConceptGraph, Mention, NoteLink, NoteQuads, Triple
from kg.normalize import language_of
from kg.relation_table import relation_type
from kg.vocab import (
    KGQA,
    PREFIXES,
    assertion_iri,
    concept_iri,
    note_graph_iri,
    note_iri,
    passage_iri,
    relation_property,
)


def note_quads(path: str, note: NoteRecord | None, passages: list[Passage], mentions: list[Mention],
               triples: list[Triple], graph: ConceptGraph, links: list[NoteLink] = (), about: str | None = None):
    """Yield (s, p, o) statements of one note's named graph (mentions, triples and links: the note's own;
    `about`: the concept the note is about)."""
    note_node = note_iri(path)
    yield note_node, RDF.type, KGQA.Note
    yield note_node, DCTERMS.identifier, Literal(path)
    if note is not None:
        yield note_node, KGQA.sha256, Literal(note.sha256)
    for passage in passages:
        yield from _passage_statements(passage, note_node)
    for mention in mentions:
        yield passage_iri(mention.passage_id), KGQA.mentions, concept_iri(mention.concept_id)
    for triple in triples:
        yield from _triple_statements(triple)
    yield from _vault_statements(note_node, triples, links, about)
    used = {m.concept_id for m in mentions} | {t.subject for t in triples} | {t.object for t in triples}
    used |= {link.concept for link in links} | ({about} if about else set())
    for concept_id in sorted(used):
        concept = graph.concept(concept_id)
        if concept is not None:
            yield from _concept_statements(concept)


def _passage_statements(passage: Passage, note_node):
    node = passage_iri(passage.id)
    yield node, RDF.type, KGQA.Passage
    yield node, KGQA.inNote, note_node
    yield node, KGQA.path, Literal(passage.path)
    yield node, KGQA.startLine, Literal(passage.start_line, datatype=XSD.integer)
    yield node, KGQA.endLine, Literal(passage.end_line, datatype=XSD.integer)
    yield node, KGQA.headingPath, Literal(passage.heading)
    yield node, KGQA.text, Literal(passage.text)


def _triple_statements(triple: Triple):
    """The direct edge (easy SPARQL), skos:broader where the relation implies it, and the
    kgqa:Assertion resource that carries its provenance."""
    subject, obj = concept_iri(triple.subject), concept_iri(triple.object)
    prop = relation_property(triple.predicate)
    yield subject, prop, obj
    if relation_type(triple.predicate).broader:
        yield subject, SKOS.broader, obj
    node = assertion_iri(hashlib.sha256("\x1f".join(map(str, triple.key)).encode("utf-8")).hexdigest()[:20])
    yield node, RDF.type, KGQA.Assertion
    yield node, RDF.subject, subject
    yield node, RDF.predicate, prop
    yield node, RDF.object, obj
    yield node, PROV.wasDerivedFrom, passage_iri(triple.passage_id)
    yield node, KGQA.path, Literal(triple.path)
    yield node, KGQA.startLine, Literal(triple.start_line, datatype=XSD.integer)
    yield node, KGQA.endLine, Literal(triple.end_line, datatype=XSD.integer)
    yield node, KGQA.rule, Literal(triple.rule)
    yield node, KGQA.confidence, Literal(canonical_decimal(triple.confidence), datatype=XSD.decimal)
    yield node, KGQA.evidence, Literal(triple.evidence)


def _vault_statements(note_node, triples: list[Triple], links: list[NoteLink], about: str | None):
    """The note as a vault sees it: its concept, its tags, its links to notes (dangling ones named)."""
    if about:
        yield note_node, KGQA.about, concept_iri(about)
    for triple in triples:
        if triple.predicate == TAGGED:
            yield note_node, KGQA.hasTag, concept_iri(triple.object)
    for link in links:
        target = note_iri(link.target_path)
        yield note_node, KGQA.linksToNote, target
        yield passage_iri(link.passage_id), KGQA.wikilink, concept_iri(link.concept)
        if link.dangling:
            yield target, DCTERMS.identifier, Literal(link.target_path)


def _concept_statements(concept: Concept):
    """Type, source and labels: the first name of each language is skos:prefLabel, the rest altLabel."""
    node = concept_iri(concept.id)
    yield node, RDF.type, SKOS.Concept
    yield node, KGQA.source, Literal(concept.source)
    preferred_languages = set()
    for name in concept.labels:
        language = language_of(name)
        if language not in preferred_languages:
            preferred_languages.add(language)
            yield node, SKOS.prefLabel, Literal(name, lang=language)
        else:
            yield node, SKOS.altLabel, Literal(name, lang=language)


def to_dataset(notes: list[NoteRecord], passages: list[Passage], graph: ConceptGraph) -> Dataset:
    """All notes' named graphs in one rdflib Dataset (default graph = union for SPARQL)."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for path, statements in _note_statements(notes, passages, graph):
        named = dataset.graph(note_graph_iri(path))
        for statement in statements:
            named.add(statement)
    return dataset


def _note_statements(notes: list[NoteRecord], passages: list[Passage], graph: ConceptGraph):
    """(note path, its statements) for every note that has passages, in path order."""
    for path, inputs in _note_inputs(notes, passages, graph):
        yield path, note_quads(*inputs[:5], graph, *inputs[5:])


def _note_inputs(notes: list[NoteRecord], passages: list[Passage], graph: ConceptGraph):
    """(note path, note_quads's arguments but the graph) for every note that has passages, in path order."""
    by_note: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_note[passage.path].append(passage)
    note_of = {p.id: p.path for p in passages}
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for mention in graph.mentions:
        if mention.passage_id in note_of:
            mentions[note_of[mention.passage_id]].append(mention)
    triples: dict[str, list[Triple]] = defaultdict(list)
    for triple in graph.triples:
        if triple.passage_id in note_of:
            triples[note_of[triple.passage_id]].append(triple)
    links: dict[str, list[NoteLink]] = defaultdict(list)
    for link in graph.links:
        links[link.source].append(link)
    about = dict(graph.note_concepts)
    note_records = {n.path: n for n in notes}
    for path in sorted(by_note):
        yield path, (path, note_records.get(path), by_note[path], mentions[path], triples[path], links[path], about.get(path))


def nquads_text(notes: list[NoteRecord], passages: list[Passage], graph: ConceptGraph) -> str:
    """The sorted N-Quads lines graph.nq holds (and `kgqa export --format nq` prints)."""
    return joined_nquads(note_nquads(notes, passages, graph))


def note_nquads(notes: list[NoteRecord], passages: list[Passage], graph: ConceptGraph,
                previous: dict[str, NoteQuads] | None = None) -> dict[str, NoteQuads]:
    """Each note's lines (path → NoteQuads). A note whose key `previous` holds keeps its lines
    unwritten: the same inputs give the same statements (a re-ingest writes one note, not all)."""
    found, previous = {}, previous or {}
    for path, inputs in _note_inputs(notes, passages, graph):
        _, _, _, mentions, triples, links, about = inputs
        used = {m.concept_id for m in mentions} | {t.subject for t in triples} | {t.object for t in triples}
        used |= {link.concept for link in links} | ({about} if about else set())
        key = hashlib.sha256(repr((inputs, [graph.concept(c) for c in sorted(used)])).encode("utf-8")).hexdigest()[:24]
        before = previous.get(path)
        if before is not None and before.key == key:
            found[path] = before
            continue
        context = note_graph_iri(path).n3()
        lines = {f"{s.n3()} {p.n3()} {_literal_n3(o)} {context} ." for s, p, o in note_quads(*inputs[:5], graph, *inputs[5:])}
        found[path] = NoteQuads(key, context, tuple(sorted(lines)))
    return found


def joined_nquads(by_note: dict[str, NoteQuads]) -> str:
    """graph.nq's text: every note's lines, sorted."""
    return "".join(line + "\n" for line in sorted(line for quads in by_note.values() for line in quads.lines))


def _literal_n3(term) -> str:
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return term.n3()


def read_dataset(source: Path) -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.parse(source=str(source), format="nquads")
    return dataset


def canonical_decimal(value: float) -> str:
    """xsd:decimal in its canonical form ('1', '0.8'): Oxigraph prints decimals canonically, so
    '1.0' in graph.nq would read back as '1' there and as '1.0' from rdflib."""
    from decimal import Decimal

    return format(Decimal(repr(float(value))).normalize(), "f")
