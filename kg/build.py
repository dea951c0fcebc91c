"""Passages → concept graph: lexicon, mentions and typed triples, all deterministic.

The graph is a pure function of (passages, glossary, user aliases): a sync after
any edits equals a rebuild. What makes a re-ingest cheap is the extraction cache:
each passage's facts are kept with the lexicon they were read with, and reused
unless the passage changed or a name that was added, dropped or re-assigned may
occur in it (segmentation and matching are local, see kg.segment).
"""
from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
import sys
from collections import Counter
from dataclasses import replace

from ingest import Passage
from ingest.model import NoteMeta
from kg.aliases import stated_aliases
from kg.lexicon import GLOSSARY_FILE, USER_ALIAS_FILE, Lexicon, load_glossary
from kg.links import Conventions, convention_facts, merge_mentions, read_conventions
from kg.model import Concept, ConceptGraph, ExtractionCache, Mention, PassageFacts, PassageTerms, Triple
from kg.normalize import has_cjk, normalize_term
from kg.segment import BaseDictionary, common_words, function_words
from kg.terms.discover import discover_terms, passage_terms
from kg.terms.headings import PROCEDURE_TITLE
from store import code_fingerprint, digest


def build_lexicon(passages: list[Passage], user_aliases: dict[str, list[str]],
                  conventions: Conventions | None = None, read: list[PassageTerms] | None = None) -> Lexicon:
    """Glossary, then the user's alias file, then names the notes use and the aliases they state,
    then the names their conventions give (note stems, H1s, front matter aliases, link targets, #tags).

    Names merge only on evidence (kg.aliases), and every name keeps why it is on its concept; ordinary
    words the dictionary tags as verbs, adverbs, adjectives ('减少', '非常') are no concepts.
    `read`: each passage's candidate names (kg.terms.discover.passage_terms), when the caller has them."""
    glossary = load_glossary()
    lexicon = Lexicon.from_glossary(glossary)
    for name, aliases in sorted(user_aliases.items()):
        lexicon.merge_names([name, *aliases], source="user", path=USER_ALIAS_FILE)
    known = {name for name, _ in lexicon.surface_names()}
    names, groups, written = discover_terms(passages, known, read)
    ordinary_words = function_words()
    ordinary = set(names) & ordinary_words
    names = [name for name in names if name not in ordinary]
    groups = [[name for name in group if name not in ordinary] for group in groups]
    for name in names:
        lexicon.add_name(name)
    for group in sorted(groups):  # a problem named with its 问题/现象 suffix ('网络退化问题' names 网络退化)
        lexicon.merge_names(group, kind="suffix")
    for group in sorted(written):  # a name as the notes write it ('太大的学习率' is 学习率过大)
        lexicon.merge_names([name for name in group if name not in ordinary], kind="written")
    for statement in stated_aliases(passages, lexicon.keys(), lexicon.concept_of):
        stated = [name for name in statement.names if name not in ordinary_words]  # '因此也被称为增长率'
        if stated:
            lexicon.merge_names(stated, kind=statement.kind, path=statement.path, line=statement.line)
    for group in conventions.name_groups() if conventions else ():
        lexicon.merge_names(group, kind="front-matter")
    for name, aliases in sorted(user_aliases.items()):  # the user has the last word
        lexicon.merge_names([name, *aliases], source="user", path=USER_ALIAS_FILE)
    return lexicon


_ASPECT_TAIL = re.compile(r"(?:原理|过程|方式|步骤|流程|效果|思路|结果|细节)$")
_PLAIN_ENGLISH = re.compile(r"[a-z]+(?: [a-z]+)?")


def everyday_concepts(lexicon: Lexicon) -> frozenset[str]:
    """Concepts the notes name only with everyday words (a section headed 电源 or 假设, '大小 (size)',
    '工作原理'): they stay nodes with their mentions, but no typed relation points at them ('GPU 使用大量的电源'
    uses nothing; '计算机由以下部件组成' still says something). Glossary and alias-file concepts never count,
    nor a name with a capital, digit or a rare word in it."""
    common = common_words()

    def everyday(name: str) -> bool:
        if not has_cjk(name):
            return _PLAIN_ENGLISH.fullmatch(name) is not None
        stem = _ASPECT_TAIL.sub("", name)
        return name in common or (stem != name and (stem in common or not stem))

    return _notes_concepts_named(lexicon, everyday, any_cjk=True)


def procedure_concepts(lexicon: Lexicon) -> frozenset[str]:
    """Concepts named as a step of the notes' code ('训练函数', '预测函数'): no typed relation is about them."""
    return _notes_concepts_named(lexicon, lambda name: PROCEDURE_TITLE.match(name) is not None)


def _notes_concepts_named(lexicon: Lexicon, kind, any_cjk: bool = False) -> frozenset[str]:
    """Notes-only concepts all of whose names are of `kind` (and, with any_cjk, one of them Chinese)."""
    found = set()
    for concept_id in lexicon.concept_ids():
        names = lexicon.names(concept_id)
        if lexicon.source(concept_id) == "notes" and (not any_cjk or any(has_cjk(n) for n in names)) \
                and all(kind(n) for n in names):
            found.add(concept_id)
    return frozenset(found)


STAGE_VERSION = "2026-12-08.6"
"""Bump when the graph means something else with the same code (the code itself is fingerprinted)."""


def fingerprinted_modules() -> tuple:
    """Every module that reads names, cuts words, matches rules or writes the graph files: an edit to any of
    them must make the next build read every passage again (the extraction cache is keyed by their code).
    This module first, then each listed module, a package followed by every module in it."""
    from kg import (aliases, chapters, cues, effects, files, lexicon, links, model, normalize, phrases, rdf, relation_table,
                    relations, segment, shapes, structure, subjects, terms, tokens, vocab)

    listed = (aliases, chapters, cues, effects, files, lexicon, links, model, normalize, phrases, rdf, relation_table,
              relations, segment, shapes, structure, subjects, terms, tokens, vocab)
    return (sys.modules[__name__], *(each for module in listed for each in _with_submodules(module)))


def _with_submodules(module) -> list:
    """The module and, if it is a package, every module in it: a module added to kg/shapes/, kg/structure/,
    kg/subjects/ or kg/terms/ is fingerprinted without being listed in fingerprinted_modules."""
    if not hasattr(module, "__path__"):
        return [module]
    inside = pkgutil.iter_modules(module.__path__)
    return [module, *(importlib.import_module(f"{module.__name__}.{found.name}") for found in inside)]


def config_fingerprint() -> str:
    """What decides the graph besides the passages and the alias file: the code of fingerprinted_modules, the
    glossary, and jieba's version."""
    import jieba

    return digest(STAGE_VERSION, code_fingerprint(*fingerprinted_modules()), hashlib.sha256(GLOSSARY_FILE.read_bytes()).hexdigest(),
                  jieba.__version__)


FEW_CHARS = 100_000
"""Below this much text to read, the extractor learns only the names that may occur in it."""


def fact_key(passage: Passage) -> str:
    """The passage's id (path, headings, clean text), its raw lines and how far below its heading it
    starts: all a rule reads, and what keeps a heading's citation right when the facts move."""
    below = passage.start_line - passage.heading_line if passage.heading_line else -1
    return hashlib.sha256(f"{passage.id}\x1f{below}\x1f{passage.raw}".encode("utf-8")).hexdigest()[:24]


def build_graph(passages: list[Passage], user_aliases: dict[str, list[str]] | None = None,
                metas: tuple[NoteMeta, ...] = ()) -> ConceptGraph:
    """The concept graph of these passages (`metas`: the notes' links, tags and aliases)."""
    return build_graph_reusing(passages, user_aliases, None, metas=metas)[0]


def build_graph_reusing(passages: list[Passage], user_aliases: dict[str, list[str]] | None,
                        previous: ExtractionCache | None,
                        dictionary: BaseDictionary | None = None,
                        metas: tuple[NoteMeta, ...] = (),
                        builder: str | None = None) -> tuple[ConceptGraph, ExtractionCache, int]:
    """The concept graph, the cache for the next build, and how many passages were read anew.

    Equal to build_graph for any `previous`: reused facts are exactly what reading
    the passage again would give. `dictionary`: jieba's, when the caller has it loaded;
    `builder`: config_fingerprint(), when the caller has computed it (hashing the rules costs ~50 ms).
    """
    from kg.chapters import qualify_by_chapter
    from kg.relations import RelationExtractor, combine_facts, may_read, reading_keys

    passages = list(passages)
    conventions = read_conventions(list(metas))
    builder = builder or config_fingerprint()
    reusable = previous is not None and previous.builder == builder
    keys = [fact_key(p) for p in passages]
    read = [(previous.terms.get(key) if reusable else None) or passage_terms(p) for key, p in zip(keys, passages)]
    lexicon = build_lexicon(passages, user_aliases or {}, conventions, read)
    entries = tuple(lexicon.surface_names())
    facts = {}
    if reusable:
        changed = sorted({name for name, _ in set(previous.lexicon) ^ set(entries)})
        for passage, key in zip(passages, keys):
            cached = previous.facts.get(key)
            if cached is None:
                continue
            if changed:
                haystack = reading_keys(passage)
                if any(may_read(lexicon, [haystack], name) for name in changed):
                    continue
            facts[passage.id] = _moved(cached[1], passage.start_line - cached[0])
    todo = [p for p in passages if p.id not in facts]
    if todo:
        few = sum(len(p.raw) for p in todo) < FEW_CHARS
        extractor = RelationExtractor(lexicon, only_for=todo if few else None, dictionary=dictionary)
        facts.update(extractor.extract_each(todo))
    triples, mentions = combine_facts(passages, facts)
    triples = qualify_by_chapter(triples, lexicon, passages)
    everyday, procedures = everyday_concepts(lexicon), procedure_concepts(lexicon)
    triples = [t for t in triples if t.object not in everyday and t.object not in procedures and t.subject not in procedures]
    cache = ExtractionCache(builder, entries, {key: (p.start_line, facts[p.id]) for key, p in zip(keys, passages)},
                            dict(zip(keys, read)))
    drawn = convention_facts(conventions, lexicon, passages)
    graph = assemble_graph(lexicon, sorted([*triples, *drawn.triples], key=lambda t: t.key),
                           merge_mentions(mentions, drawn.mentions), passages, {c for _, c in drawn.note_concepts})
    return replace(graph, links=drawn.links, note_concepts=drawn.note_concepts), cache, len(todo)


def _moved(facts: PassageFacts, shift: int) -> PassageFacts:
    """The same facts after the passage moved `shift` lines (an edit above it)."""
    if not shift:
        return facts

    def move(triple: Triple) -> Triple:
        return replace(triple, start_line=triple.start_line + shift, end_line=triple.end_line + shift)

    return replace(facts, triples=tuple(map(move, facts.triples)), section_triples=tuple(map(move, facts.section_triples)))


def assemble_graph(lexicon: Lexicon, triples: list[Triple], mentions: list[Mention], passages: list[Passage],
                   notes_about: set[str] = frozenset()) -> ConceptGraph:
    """Keep the concepts that some passage, triple or note uses; pick each one's label from the notes."""
    used = {m.concept_id for m in mentions} | {t.subject for t in triples} | {t.object for t in triples} | set(notes_about)
    surface_counts = _surface_counts(lexicon, used, passages)
    concepts = []
    for concept_id in sorted(used):
        names = lexicon.names(concept_id)
        if not names:
            continue
        counts = surface_counts.get(concept_id, Counter())
        label = min(names, key=lambda n: (-counts.get(n, 0), names.index(n)))
        labels = (label, *[n for n in names if n != label])
        evidence = tuple(lexicon.evidence(concept_id, n) for n in labels)
        concepts.append(Concept(concept_id, label, labels, lexicon.source(concept_id), evidence))
    return ConceptGraph(tuple(concepts), tuple(sorted(triples, key=lambda t: t.key)), tuple(sorted(mentions, key=lambda m: (m.passage_id, m.concept_id))))


def _surface_counts(lexicon: Lexicon, used: set[str], passages: list[Passage]) -> dict[str, Counter]:
    """How often each name of a used concept appears verbatim in the notes (for labels)."""
    text = "\n".join(p.text for p in passages)
    counts: dict[str, Counter] = {}
    for concept_id in used:
        counter = Counter()
        if len(lexicon.names(concept_id)) < 2:
            counts[concept_id] = counter  # one name is the label whatever its count
            continue
        for name in lexicon.names(concept_id):
            if normalize_term(name):
                counter[name] = text.count(name)
        counts[concept_id] = counter
    return counts
