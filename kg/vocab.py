"""kgqa's own RDF terms. Typos raise (`_fail = True`) instead of minting new IRIs.

Concepts are `skos:Concept` with `skos:prefLabel`/`skos:altLabel`; provenance uses
PROV and DCTERMS. Only what SKOS/PROV/DCTERMS lack is defined here.
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from kg.relation_table import relation_type

BASE = "https://w3id.org/kgqa/"
ID = Namespace(BASE + "id/")


class KGQA(DefinedNamespace):
    """Classes and properties of the kgqa vocabulary."""

    _NS = Namespace(BASE + "vocab#")
    _fail = True

    # classes
    Note: URIRef  # a Markdown file under the notes root
    Passage: URIRef  # a span of lines of one note
    Assertion: URIRef  # a typed triple as a resource, carrying its provenance

    # typed relations between concepts (kg.relation_table says which is symmetric or broader)
    hasComponent: URIRef
    solves: URIRef
    isA: URIRef
    variantOf: URIRef
    comparedWith: URIRef
    uses: URIRef
    causes: URIRef
    alias: URIRef
    linksTo: URIRef  # a note's concept → the concept of a note it [[links]] to
    tagged: URIRef  # a note's concept → a #tag concept

    # notes as a vault sees them (kg.links)
    about: URIRef  # note → the concept it is about (file stem, single H1, aliases)
    linksToNote: URIRef  # note → note it links to (a dangling target has no rdf:type kgqa:Note)
    wikilink: URIRef  # passage → concept of the note a [[link]] in it targets
    hasTag: URIRef  # note → #tag concept

    # passages and notes
    mentions: URIRef  # passage → concept it names
    mentionCount: URIRef
    inNote: URIRef
    path: URIRef
    startLine: URIRef
    endLine: URIRef
    headingPath: URIRef
    text: URIRef
    sha256: URIRef

    # assertions
    rule: URIRef
    confidence: URIRef
    evidence: URIRef
    source: URIRef  # glossary | notes | user, for concepts


def relation_property(relation: str) -> URIRef:
    """The kgqa property of a relation of the relation table (a typo in the table raises here)."""
    return getattr(KGQA, relation_type(relation).rdf_property)


def concept_iri(concept_id: str) -> URIRef:
    return ID[f"concept/{quote(concept_id, safe='')}"]


def passage_iri(passage_id: str) -> URIRef:
    return ID[f"passage/{passage_id}"]


def note_iri(path: str) -> URIRef:
    return ID[f"note/{quote(path, safe='/')}"]


def note_graph_iri(path: str) -> URIRef:
    return ID[f"graph/note/{quote(path, safe='/')}"]


def assertion_iri(key: str) -> URIRef:
    return ID[f"assertion/{key}"]


PREFIXES = {
    "kgqa": str(KGQA._NS),
    "kgqaid": str(ID),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
