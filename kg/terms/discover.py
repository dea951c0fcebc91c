"""discover_terms: every source of candidate names over the notes, merged; passage_terms, what it reads of one passage."""
from __future__ import annotations

from collections import Counter

from ingest import Passage
from kg.effects import clause_effect, cost_names, named_harm
from kg.model import PassageTerms
from kg.normalize import has_cjk, normalize_term
from kg.segment import everyday_words
from kg.terms.causes import reason_labels, setting_phrases
from kg.terms.compounds import latin_compounds, layer_compounds, names_a_step, sized_kernels
from kg.terms.emphasis import bold_terms
from kg.terms.english import MIN_WEAK_COUNT, technical_terms, title_case_terms
from kg.terms.headings import heading_terms
from kg.terms.junk import GENERIC_TERMS, is_good_term
from kg.terms.kinds import KIND_HEADS, kind_phrases
from kg.terms.lists import announced_items, drawback_effects
from kg.terms.problems import CLOSING_PROBLEM_NOUN, clause_effects, problem_phrases, written_effect

def passage_terms(passage: Passage) -> PassageTerms:
    """What discover_terms reads of one passage by itself: a re-ingest keeps it for every unchanged passage."""
    return PassageTerms(
        headings=tuple(tuple(heading_terms(title)) for title in passage.heading_path),
        counted=(*bold_terms(passage.raw), *announced_items(passage.raw), *drawback_effects(passage),
                 *cost_names(passage.text), *title_case_terms(passage.text)),
        weak=tuple(technical_terms(passage.text)),
        kinds=tuple(kind_phrases(passage.raw)),
        problems=(*problem_phrases(passage.text), *clause_effects(passage.text)),
    )


def discover_terms(passages: list[Passage], known_names: set[str],
                   read: list[PassageTerms] | None = None) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Candidate names across the notes (sorted), problems named with and without their 问题/现象 suffix,
    and names with the forms the notes write them in ('学习率过大' / '太大的学习率'; which other names are
    aliases: kg.aliases). `read`: passage_terms of each passage, in order, when the caller has them."""
    read = read if read is not None else [passage_terms(p) for p in passages]
    counts: Counter = Counter()
    weak: Counter = Counter()
    groups: list[list[str]] = []
    written: list[list[str]] = []
    seen_headings: set[tuple[str, str]] = set()
    for passage, terms in zip(passages, read, strict=True):
        for title, names_in_title in zip(passage.heading_path, terms.headings, strict=True):
            if (passage.path, title) in seen_headings:
                continue
            seen_headings.add((passage.path, title))
            counts.update(names_in_title)
        counts.update(terms.counted)
        weak.update(terms.weak)
    names = set(counts) | {t for t, n in weak.items() if n >= MIN_WEAK_COUNT}
    known = known_names | names
    names |= layer_compounds(passages, {normalize_term(name) for name in known})
    names |= latin_compounds(passages, {normalize_term(name) for name in known}, {normalize_term(n) for n in known_names})
    for name, surfaces in sized_kernels(passages).items():
        names.add(name)
        groups.extend([name, surface] for surface in sorted(surfaces - {name}))
    everyday = everyday_words()
    for terms in read:
        names.update(name for name in terms.kinds if name not in known
                     and not any(name[: -len(head)] in known for head in KIND_HEADS if name.endswith(head)))
    for terms in read:
        for name, surface in terms.problems:
            if _known_with_generic_prefix(name, known) or name in everyday:
                continue  # '解决实际问题' names no problem 实际
            names.add(name)
            if surface and surface != name and is_good_term(surface) and CLOSING_PROBLEM_NOUN.search(surface):
                groups.append([name, surface])  # '网络退化问题' names 网络退化
            elif surface and surface != name and (is_good_term(surface) or written_effect(surface)
                                                  or (named_harm(surface) or ("",))[0] == name
                                                  or (clause_effect(surface) or ("",))[0] == name):
                written.append([name, surface])  # '误差的快速累积' is 误差累积 as written
    keys = {normalize_term(name) for name in known_names | names}
    for passage in passages:
        names.update(reason_labels(passage, keys))
        for name, surface in setting_phrases(passage.text, keys):
            names.add(name)
            if surface != name:
                written.append([name, surface])  # 'learning rate太高导致…' names the setting learning rate过高
    names = {name for name in names if not names_a_step(name, keys)}
    return sorted(names), groups, written


def _known_with_generic_prefix(name: str, known: set[str]) -> bool:
    """'模型过拟合' is 过拟合 said of the model: the known name is the concept."""
    return any(name.startswith(prefix) and name[len(prefix):] in known for prefix in _GENERIC_PREFIXES)


COMPOUNDING_TERMS = frozenset("计算 训练 参数".split())
"""Generic words that make a new name with a problem ('计算复杂度', '训练误差', '参数更新困难'), unlike the
model or network a problem is said of ('模型过拟合' is 过拟合)."""
_GENERIC_PREFIXES = tuple(sorted(term for term in GENERIC_TERMS if has_cjk(term) and term not in COMPOUNDING_TERMS))
