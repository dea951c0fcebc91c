"""The relation table: every typed relation once, with everything the stages need to know of it.

Extraction (cues name a relation), RDF (its property), SPARQL (skos:broader for
is_a), exports and the viewer (colour, label), answers (grouping order) and the
evaluation (symmetry) all read this table; a relation missing a property or a
colour is a test failure, not a silent fallback. Importing it is cheap (no rdflib):
the property is a local name of the kgqa vocabulary, checked in `kg.vocab`.
"""
from __future__ import annotations

from dataclasses import dataclass

from store.errors import KgqaError


@dataclass(frozen=True)
class RelationType:
    """One typed relation between concepts."""

    name: str
    """The id used in triples, the CLI and JSON (`has_component`)."""
    rdf_property: str
    """Local name in the kgqa vocabulary (`hasComponent` → kgqa:hasComponent)."""
    symmetric: bool
    """A—r→B states B—r→A too (compared_with, alias)."""
    broader: bool
    """Also stated as skos:broader, so SKOS tools see the hierarchy (is_a)."""
    colour: str
    """Edge colour in every visual export."""
    label: str
    """How a person reads `A r B`, for legends and tooltips."""
    kind: str = "extracted"
    """`extracted` (read from prose by a cue rule) or `convention` (drawn by the author: a wikilink,
    a tag); convention edges start hidden in the viewer and need no cue."""


RELATION_TYPES: tuple[RelationType, ...] = (
    RelationType("has_component", "hasComponent", False, False, "#1f77b4", "has component"),
    RelationType("solves", "solves", False, False, "#2ca02c", "solves"),
    RelationType("is_a", "isA", False, True, "#9467bd", "is a"),
    RelationType("variant_of", "variantOf", False, False, "#8c564b", "is a variant of"),
    RelationType("compared_with", "comparedWith", True, False, "#ff7f0e", "compared with"),
    RelationType("uses", "uses", False, False, "#17becf", "uses"),
    RelationType("causes", "causes", False, False, "#d62728", "causes"),
    RelationType("alias", "alias", True, False, "#7f7f7f", "also called"),
    RelationType("links_to", "linksTo", False, False, "#bcbd22", "links to", "convention"),
    RelationType("tagged", "tagged", False, False, "#e377c2", "is tagged", "convention"),
)
"""In the order answers and the CLI group them."""

RELATIONS: tuple[str, ...] = tuple(r.name for r in RELATION_TYPES)
SYMMETRIC_RELATIONS = frozenset(r.name for r in RELATION_TYPES if r.symmetric)
CONVENTION_RELATIONS = frozenset(r.name for r in RELATION_TYPES if r.kind == "convention")
"""Edges from Obsidian/Logseq conventions (kg.links), not from prose."""
_BY_NAME = {r.name: r for r in RELATION_TYPES}


class UnknownRelation(KgqaError, ValueError):
    """A relation name that is not in the table; the message lists the valid ones."""


def relation_type(name: str) -> RelationType:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownRelation(f"unknown relation {name!r}: choose from {', '.join(RELATIONS)}") from None


def parse_relations(text: str | None) -> tuple[str, ...]:
    """`has_component,solves` → the names, checked; None or empty → every relation."""
    if not text:
        return RELATIONS
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    for name in names:
        relation_type(name)
    return names
