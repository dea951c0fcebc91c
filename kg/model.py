"""The concept graph as plain data: concepts, typed triples with provenance, mentions, the facts a rebuild reuses."""
from __future__ import annotations

from dataclasses import dataclass, field

NAME_EVIDENCE_KINDS = ("glossary", "alias-file", "front-matter", "parenthesis", "alias-cue", "heading", "suffix", "plural", "written",
                       "spelling", "notes")
"""Why a name is on a concept, strongest first: a name keeps the strongest reason it was given."""


@dataclass(frozen=True)
class NameEvidence:
    """Why one name is on its concept: the glossary, the alias file, or where the notes say so."""

    name: str
    kind: str
    """One of NAME_EVIDENCE_KINDS: notes = the name the notes introduce the concept by (heading, bold, term)."""
    path: str = ""
    """The note (or alias file) that says so; empty for the glossary and for notes names."""
    line: int = 0
    """1-based line of that statement (for a heading: the first line under it); 0 when none."""
    partner: str = ""
    """The name it was stated together with: '批归一化' for 'BN' in '批归一化（BN）'."""

    def describe(self) -> str:
        """'parenthesis with 批归一化 at notes.md:12', 'glossary', 'alias file kgqa-aliases.yaml'."""
        where = f" at {self.path}:{self.line}" if self.path and self.line else (f" in {self.path}" if self.path else "")
        partner = f" with {self.partner}" if self.partner else ""
        if self.kind == "suffix":
            return f"{self.partner} plus a generic head noun"
        if self.kind == "plural":
            return f"the plural of {self.partner}"
        if self.kind == "written":
            return f"the same phrase as {self.partner}, normalised (degree words, 的, adverbs)"
        if self.kind == "spelling":
            return f"another spelling of {self.partner} (case, width, spaces, hyphens)"
        if self.kind == "notes":
            return "named in the notes"
        return f"{self.kind.replace('-', ' ')}{partner}{where}"


@dataclass(frozen=True)
class Concept:
    """A node of the graph: one idea, under every name the notes and glossary give it."""

    id: str
    """Stable key: the glossary id, or the normalised surface of a discovered term."""
    label: str
    """The name the notes use most for it (ties broken alphabetically)."""
    labels: tuple[str, ...]
    """Every name (label first), as written in the notes, glossary or alias file."""
    source: str
    """glossary | notes | user: where the concept was first defined."""
    evidence: tuple[NameEvidence, ...] = ()
    """Why each name is on it, in the order of `labels`."""


@dataclass(frozen=True)
class Triple:
    """A typed edge between two concepts, with the passage and rule it came from."""

    subject: str
    """Concept id."""
    predicate: str
    """A relation name of kg.relation_table."""
    object: str
    """Concept id."""
    passage_id: str
    """The passage that states it."""
    path: str
    """Note path of that passage."""
    start_line: int
    """First line of the evidence (1-based)."""
    end_line: int
    """Last line of the evidence (inclusive)."""
    rule: str
    """Id of the extraction rule that fired, e.g. zh.has_component.cue."""
    confidence: float
    """The rule's prior precision, 0..1."""
    evidence: str
    """The sentence or line the rule read."""

    @property
    def key(self) -> tuple:
        return (self.path, self.start_line, self.subject, self.predicate, self.object, self.rule, self.passage_id)


@dataclass(frozen=True)
class Mention:
    """A passage names a concept: the weak link retrieval walks."""

    passage_id: str
    concept_id: str
    count: int
    """How often the passage names it."""


@dataclass(frozen=True)
class PassageFacts:
    """What one passage states, independent of every other passage."""

    triples: tuple[Triple, ...]
    section_triples: tuple[Triple, ...]
    """Facts its heading path states ('激活函数 › softmax'); kept once per section, from its first passage."""
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class PassageTerms:
    """The candidate names one passage offers the lexicon, read from it alone (kg.terms.discover.passage_terms)."""

    headings: tuple[tuple[str, ...], ...]
    """The names of each title of its heading path, in order (a note counts each title once)."""
    counted: tuple[str, ...]
    """Bold, announced, drawback, cost and title-case names: each is a name however often it occurs."""
    weak: tuple[str, ...]
    """English technical tokens: a name only when the notes write it MIN_WEAK_COUNT times."""
    kinds: tuple[str, ...]
    """The kinds its '是一种' sentences name (kept when the glossary and the notes lack them)."""
    problems: tuple[tuple[str, str], ...]
    """(problem, surface with its 问题/现象 suffix or '') after a solves/causes cue."""


@dataclass(frozen=True)
class ExtractionCache:
    """Each passage's facts and candidate names from the last build, and the lexicon the facts were read with."""

    builder: str
    """kg.build.config_fingerprint() of the build that wrote it: other rules, no reuse."""
    lexicon: tuple[tuple[str, str], ...]
    """(name, concept id) pairs, as kg.lexicon.Lexicon.surface_names()."""
    facts: dict[str, tuple[int, PassageFacts]]
    """kg.build.fact_key(passage) → (the passage's start line then, its facts)."""
    terms: dict[str, PassageTerms] = field(default_factory=dict)
    """kg.build.fact_key(passage) → its candidate names, which no other passage and no lexicon changes."""


@dataclass(frozen=True)
class NoteQuads:
    """One note's named graph as N-Quads lines, and the key of everything they are written from (kg.rdf.note_nquads)."""

    key: str
    """Digest of the note's record, passages, mentions, triples, links, concept and the concepts it uses."""
    context: str
    """The named graph's IRI as N-Quads writes it: every line ends with it."""
    lines: tuple[str, ...]
    """Sorted, distinct."""


@dataclass(frozen=True)
class NoteLink:
    """A `[[wikilink]]` resolved against the notes folder (kg.links)."""

    source: str
    """Path of the note that links."""
    passage_id: str
    """The passage holding the link."""
    line: int
    """1-based line of the link."""
    target: str
    """The target as written (`Transformer`, `folder/Note`)."""
    target_path: str
    """The note it opens; for a dangling link, the path a click would create."""
    concept: str
    """Concept id of the target note (the concept it is about)."""
    dangling: bool
    """No note of that name exists."""
    embed: bool
    """`![[…]]`."""
    shown: str
    """The text the reader sees."""


@dataclass(frozen=True)
class ConceptGraph:
    """Everything the graph stage produces; RDF and networkx views derive from it."""

    concepts: tuple[Concept, ...]
    """Concepts some passage mentions, sorted by id."""
    triples: tuple[Triple, ...]
    """Typed triples, sorted."""
    mentions: tuple[Mention, ...]
    """Passage → concept links, sorted."""
    links: tuple[NoteLink, ...] = ()
    """Wikilinks between notes, sorted by source, line and target."""
    note_concepts: tuple[tuple[str, str], ...] = ()
    """(note path, id of the concept the note is about) for notes that link, are linked, alias or tag."""

    def at_least(self, min_confidence: float) -> "ConceptGraph":
        """The same concepts and mentions, with only the triples whose rule is at least this sure."""
        if min_confidence <= 0:
            return self
        return ConceptGraph(self.concepts, tuple(t for t in self.triples if t.confidence >= min_confidence), self.mentions)

    def concept(self, concept_id: str) -> Concept | None:
        return self._by_id().get(concept_id)

    def _by_id(self) -> dict[str, Concept]:
        cache = self.__dict__.get("_index")
        if cache is None:
            cache = {c.id: c for c in self.concepts}
            object.__setattr__(self, "_index", cache)
        return cache
