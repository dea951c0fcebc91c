"""Links and tags as graph edges: what a vault's author drew by hand.

A note that links, is linked, has aliases or tags is *about* a concept: the one
named by its single H1, its `aliases` and its file stem (one merged concept; the
stem only when links name the note by it or it has no H1). A
`[[wikilink]]` is then a `links_to` edge from the note's concept to the target
note's concept, with the passage and line that hold it, and a note-to-note link;
a link whose target no note answers to is kept, marked dangling, with the path
a click would create. A tag is a concept of its own, named `#tag`, and a `tagged`
edge from the note's concept. Resolution follows Obsidian: a path, else the file
stem anywhere in the vault (case-insensitive; the shortest path wins a tie).
Nothing here reads prose, so it is recomputed on every build in a blink.
"""
from __future__ import annotations

from dataclasses import dataclass

from ingest import Passage
from ingest.model import NoteMeta
from kg.lexicon import Lexicon
from kg.model import Mention, NoteLink, Triple

LINKS_TO = "links_to"
TAGGED = "tagged"
"""The two relations of kg.relation_table this module draws."""
LINK_RULE = "convention.wikilink"
EMBED_RULE = "convention.embed"
TAG_RULE = "convention.tag"
CONVENTION_CONFIDENCE = 1.0
"""The author drew the edge: nothing is guessed."""
TAG_PREFIX = "#"


def tag_name(tag: str) -> str:
    """The lexicon name of a tag: `#深度学习` (its own concept, never the concept 深度学习)."""
    return TAG_PREFIX + tag


class Resolver:
    """Obsidian's link resolution over the indexed notes."""

    def __init__(self, metas: list[NoteMeta]) -> None:
        self._by_path: dict[str, str] = {}
        by_stem: dict[str, list[str]] = {}
        for meta in metas:
            self._by_path[_without_suffix(meta.path).casefold()] = meta.path
            by_stem.setdefault(meta.stem.casefold(), []).append(meta.path)
        self._by_stem = {stem: min(paths, key=lambda p: (p.count("/"), len(p), p)) for stem, paths in by_stem.items()}

    def resolve(self, target: str) -> str | None:
        key = target.strip().lstrip("./").casefold()
        found = self._by_path.get(key)
        if found is None and "/" not in key:
            found = self._by_stem.get(key)
        if found is None and "/" in key:
            suffix = "/" + key
            matches = sorted(path for stem, path in self._by_path.items() if stem.endswith(suffix))
            found = matches[0] if matches else None
        return found


@dataclass(frozen=True)
class Conventions:
    """What the notes' conventions add to the lexicon, read before any passage is."""

    metas: tuple[NoteMeta, ...]
    resolved: dict[str, str | None]
    """Every link target as written → the note path it opens, None when dangling."""
    about: tuple[str, ...]
    """Paths of the notes that are about a concept."""
    linked: frozenset[str]
    """Paths some link opens."""

    def name_groups(self) -> list[list[str]]:
        """Names that are one concept: each note's stem, H1 and aliases; each dangling target; each tag."""
        by_path = {meta.path: meta for meta in self.metas}
        groups = [self.names_of(by_path[path]) for path in self.about]
        groups.extend([_dangling_name(t)] for t, path in sorted(self.resolved.items()) if path is None)
        groups.extend([tag_name(t)] for t in sorted({tag.name for meta in self.metas for tag in meta.tags}))
        return [group for group in groups if any(name.strip() for name in group)]


    def names_of(self, meta: NoteMeta) -> list[str]:
        """The note's names, the one its concept is looked up by first: its single H1 and aliases, and
        its file stem when links name it by that or it has no H1 (a note only tagged does not make a
        word like `notes` or `index` a concept name)."""
        stem = [meta.stem] if meta.path in self.linked or not meta.h1 else []
        return [*stem, *([meta.h1] if meta.h1 else []), *meta.aliases]


def read_conventions(metas: list[NoteMeta]) -> Conventions:
    metas = sorted(metas, key=lambda m: m.path)
    resolver = Resolver(metas)
    resolved = {link.target: resolver.resolve(link.target) for meta in metas for link in meta.links}
    linked = frozenset(path for path in resolved.values() if path is not None)
    about = {meta.path for meta in metas if meta.aliases or meta.tags or meta.links} | linked
    return Conventions(tuple(metas), resolved, tuple(sorted(about)), linked)


@dataclass(frozen=True)
class ConventionFacts:
    triples: tuple[Triple, ...]
    mentions: tuple[Mention, ...]
    """A passage that links to or tags with a concept mentions it."""
    links: tuple[NoteLink, ...]
    note_concepts: tuple[tuple[str, str], ...]


def convention_facts(conventions: Conventions, lexicon: Lexicon, passages: list[Passage]) -> ConventionFacts:
    """Link and tag edges, the mentions they make, the resolved links and each note's concept."""
    by_id = {p.id: p for p in passages}
    by_path = {meta.path: meta for meta in conventions.metas}
    concept_of_note = {path: _note_concept(conventions.names_of(by_path[path]), lexicon) for path in conventions.about}
    concept_of_note = {path: concept for path, concept in concept_of_note.items() if concept}
    triples: dict[tuple, Triple] = {}
    links: list[NoteLink] = []
    mentioned: dict[tuple[str, str], int] = {}
    for meta in conventions.metas:
        source = concept_of_note.get(meta.path)
        for link in meta.links:
            path = conventions.resolved.get(link.target)
            concept = concept_of_note.get(path) if path else lexicon.concept_of(_dangling_name(link.target))
            if not concept or link.passage_id not in by_id:
                continue
            target_path = path or _would_create(link.target)
            links.append(NoteLink(meta.path, link.passage_id, link.line, link.target, target_path, concept, path is None,
                                  link.embed, link.shown))
            _count(mentioned, by_id[link.passage_id], link.line, concept)
            if source and source != concept:
                rule = EMBED_RULE if link.embed else LINK_RULE
                _add(triples, _edge(by_id[link.passage_id], link.line, source, LINKS_TO, concept, rule))
        for tag in meta.tags:
            concept = lexicon.concept_of(tag_name(tag.name))
            if not concept or tag.passage_id not in by_id:
                continue
            _count(mentioned, by_id[tag.passage_id], tag.line, concept)
            if source:
                _add(triples, _edge(by_id[tag.passage_id], tag.line, source, TAGGED, concept, TAG_RULE, meta.path))
    mentions = tuple(Mention(pid, concept, count) for (pid, concept), count in sorted(mentioned.items()))
    links.sort(key=lambda l: (l.source, l.line, l.target, l.shown, l.embed))
    return ConventionFacts(tuple(sorted(triples.values(), key=lambda t: t.key)), mentions, tuple(links),
                           tuple(sorted(concept_of_note.items())))


def merge_mentions(found: list[Mention], drawn: tuple[Mention, ...]) -> list[Mention]:
    """The extractor's mentions plus those links and tags make where the extractor found none."""
    have = {(m.passage_id, m.concept_id) for m in found}
    return [*found, *(m for m in drawn if (m.passage_id, m.concept_id) not in have)]


def _note_concept(names: list[str], lexicon: Lexicon) -> str | None:
    for name in names:
        concept = lexicon.concept_of(name) if name.strip() else None
        if concept:
            return concept
    return None


def _count(mentioned: dict, passage: Passage, line: int, concept: str) -> None:
    if passage.start_line <= line <= passage.end_line:  # front matter tags lie outside every passage
        key = (passage.id, concept)
        mentioned[key] = mentioned.get(key, 0) + 1


def _add(triples: dict, triple: Triple) -> None:
    """One edge per (note, relation, target), at its first line, as Obsidian's graph draws one; every
    occurrence stays in the note's links (backlinks) and mentions."""
    key = (triple.path, triple.subject, triple.predicate, triple.object)
    if key not in triples or triple.start_line < triples[key].start_line:
        triples[key] = triple


def _edge(passage: Passage, line: int, subject: str, relation: str, obj: str, rule: str, path: str | None = None) -> Triple:
    inside = passage.start_line <= line <= passage.end_line
    evidence = passage.raw.split("\n")[line - passage.start_line] if inside else ""
    return Triple(subject=subject, predicate=relation, object=obj, passage_id=passage.id, path=path or passage.path,
                  start_line=line, end_line=line, rule=rule, confidence=CONVENTION_CONFIDENCE, evidence=evidence.strip()[:300])


def _without_suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return path[: -len(name.rsplit(".", 1)[-1]) - 1] if "." in name else path


def _dangling_name(target: str) -> str:
    return target.strip().rsplit("/", 1)[-1]


def _would_create(target: str) -> str:
    """Where Obsidian puts a note created by clicking a dangling link: the target as a path, plus .md."""
    return target.strip().lstrip("./") + ".md"
