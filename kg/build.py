"""Passages → concept graph: lexicon, mentions and typed triples, all deterministic.

The graph is a pure function of (passages, glossary, user aliases): a sync after
any edits equals a rebuild by construction. What makes a rebuild cheap is the
per-note cache in the index (see retrieval.pipeline), keyed by note hash and the
lexicon fingerprint.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from ingest import Passage
from kg.lexicon import Lexicon, load_glossary
from kg.model import Concept, Mention, Triple
from kg.normalize import normalize_term
from kg.terms import discover_terms


@dataclass(frozen=True)
class ConceptGraph:
    """Everything the graph stage produces; RDF and networkx views derive from it."""

    concepts: tuple[Concept, ...]
    """Concepts some passage mentions, sorted by id."""
    triples: tuple[Triple, ...]
    """Typed triples, sorted."""
    mentions: tuple[Mention, ...]
    """Passage → concept links, sorted."""

    def concept(self, concept_id: str) -> Concept | None:
        return self._by_id().get(concept_id)

    def _by_id(self) -> dict[str, Concept]:
        cache = self.__dict__.get("_index")
        if cache is None:
            cache = {c.id: c for c in self.concepts}
            object.__setattr__(self, "_index", cache)
        return cache


def build_lexicon(passages: list[Passage], user_aliases: dict[str, list[str]]) -> Lexicon:
    """Glossary, then the user's alias file, then names and aliases the notes state."""
    glossary = load_glossary()
    lexicon = Lexicon.from_glossary(glossary)
    for name, aliases in sorted(user_aliases.items()):
        lexicon.merge_names([name, *aliases], source="user")
    known = {name for name, _ in lexicon.surface_names()}
    names, groups = discover_terms(passages, known)
    for name in names:
        lexicon.add_name(name)
    for group in sorted(groups):
        lexicon.merge_names(group)
    for name, aliases in sorted(user_aliases.items()):  # the user has the last word
        lexicon.merge_names([name, *aliases], source="user")
    return lexicon


RULES_VERSION = "2026-11-24.3"
"""Bump when extraction rules change, so an existing index rebuilds its graph on the next ingest."""


def graph_builder_id() -> str:
    """Identifies the rules and glossary that built a graph (stored in the manifest)."""
    from pathlib import Path

    glossary = (Path(__file__).parent / "data" / "glossary.tsv").read_bytes()
    return RULES_VERSION + "+" + hashlib.sha256(glossary).hexdigest()[:12]


def build_graph(passages: list[Passage], user_aliases: dict[str, list[str]] | None = None) -> ConceptGraph:
    """The concept graph of these passages."""
    from kg.relations import RelationExtractor

    passages = list(passages)
    lexicon = build_lexicon(passages, user_aliases or {})
    triples, mentions = RelationExtractor(lexicon).extract(passages)
    return assemble_graph(lexicon, triples, mentions, passages)


def assemble_graph(lexicon: Lexicon, triples: list[Triple], mentions: list[Mention], passages: list[Passage]) -> ConceptGraph:
    """Keep the concepts that some passage or triple uses; pick each one's label from the notes."""
    used = {m.concept_id for m in mentions} | {t.subject for t in triples} | {t.object for t in triples}
    surface_counts = _surface_counts(lexicon, used, passages)
    concepts = []
    for concept_id in sorted(used):
        names = lexicon.names(concept_id)
        if not names:
            continue
        counts = surface_counts.get(concept_id, Counter())
        label = min(names, key=lambda n: (-counts.get(n, 0), names.index(n)))
        concepts.append(Concept(concept_id, label, (label, *[n for n in names if n != label]), lexicon.source(concept_id)))
    return ConceptGraph(tuple(concepts), tuple(sorted(triples, key=lambda t: t.key)), tuple(sorted(mentions, key=lambda m: (m.passage_id, m.concept_id))))


def _surface_counts(lexicon: Lexicon, used: set[str], passages: list[Passage]) -> dict[str, Counter]:
    """How often each name of a used concept appears verbatim in the notes (for labels)."""
    text = "\n".join(p.text for p in passages)
    counts: dict[str, Counter] = {}
    for concept_id in used:
        counter = Counter()
        for name in lexicon.names(concept_id):
            if normalize_term(name):
                counter[name] = text.count(name)
        counts[concept_id] = counter
    return counts
