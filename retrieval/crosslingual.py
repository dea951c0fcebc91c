"""English question words ↔ the Chinese names the notes use (and back), for BM25 and the graph leg.

An English question over Chinese notes shares almost no tokens with them: BM25 finds
nothing and the graph leg starts from nothing. The glossary and the graph's concepts
know that `forget gates` is 遗忘门 and `learning rate` 学习率, so the question's names
are looked up there and the other language's names become extra BM25 terms and extra
graph seeds. English is matched word by word after a light plural folding (`gates` →
`gate`, `accuracies` → `accuracy`), longest phrase first, never inside a word; Chinese
names are matched as substrings, longest first, never overlapping.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from kg.normalize import has_cjk, normalize_term

if TYPE_CHECKING:
    from kg.lexicon import GlossaryEntry
    from kg.model import Concept

MAX_PHRASE_WORDS = 5
MIN_CJK_CHARS = 2
"""A one-character Chinese name (门, 层) is a word part far more often than the concept."""
MIN_LATIN_CHARS = 3
"""`ML`, `DL` and `BN` are abbreviations of many things; two letters say too little alone."""
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_NO_PLURAL = ("ss", "us", "is", "as", "ous", "ics")


def fold_plural(word: str) -> str:
    """`gates` → `gate`, `accuracies` → `accuracy`, `losses` → `loss`; `loss`, `bias`, `corpus` stay."""
    if len(word) <= 3 or word.endswith(_NO_PLURAL) or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1]


def latin_key(text: str) -> tuple[str, ...]:
    """The words of an English name, lower-cased, hyphens as spaces, plurals folded."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("-", " ")
    return tuple(fold_plural(word) for word in _WORD.findall(text))


@dataclass(frozen=True)
class Bridge:
    """What a question's names mean in the other language."""

    terms: tuple[str, ...]
    """Names of the question's concepts in the language the question did not use for them."""
    concepts: tuple[str, ...]
    """Graph concept ids those names belong to (graph seeds)."""


class TermBridge:
    """Names grouped by concept: the graph's concepts (with their glossary names) and the glossary."""

    def __init__(self, concepts: Iterable[Concept] = (), glossary: Iterable[GlossaryEntry] = ()) -> None:
        names: dict[str, set[str]] = {}
        for entry in glossary:
            names.setdefault(entry.id, set()).update(entry.zh + entry.en)
        graph_ids = set()
        for concept in concepts:
            graph_ids.add(concept.id)
            names.setdefault(concept.id, set()).update(concept.labels)
        self._graph_ids = frozenset(graph_ids)
        self._names = {group: tuple(sorted(found)) for group, found in names.items()}
        self._latin: dict[tuple[str, ...], set[str]] = {}
        self._cjk: dict[str, set[str]] = {}
        for group, found in self._names.items():
            for name in found:
                if has_cjk(name):
                    key = normalize_term(name)
                    if len(key) >= MIN_CJK_CHARS:
                        self._cjk.setdefault(key, set()).add(group)
                else:
                    key = latin_key(name)
                    if key and len("".join(key)) >= MIN_LATIN_CHARS and len(key) <= MAX_PHRASE_WORDS:
                        self._latin.setdefault(key, set()).add(group)
        self._cjk_keys = sorted(self._cjk, key=lambda k: (-len(k), k))

    def bridge(self, question: str) -> Bridge:
        """Other-language names of the concepts the question names, and those concepts' graph ids."""
        found: dict[str, str] = {}  # group → "en" | "zh": the language the question used for it
        for group in self._latin_groups(question):
            found.setdefault(group, "en")
        for group in self._cjk_groups(question):
            found.setdefault(group, "zh")
        terms: list[str] = []
        for group, language in sorted(found.items()):
            for name in self._names[group]:
                if has_cjk(name) != (language == "zh") and name not in terms:
                    terms.append(name)
        concepts = tuple(group for group in sorted(found) if group in self._graph_ids)
        return Bridge(tuple(terms), concepts)

    def _latin_groups(self, question: str) -> list[str]:
        words = latin_key(question)
        taken = [False] * len(words)
        groups: list[str] = []
        for size in range(min(MAX_PHRASE_WORDS, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(taken[start : start + size]):
                    continue
                hit = self._latin.get(words[start : start + size])
                if hit:
                    taken[start : start + size] = [True] * size
                    groups.extend(sorted(hit))
        return groups

    def _cjk_groups(self, question: str) -> list[str]:
        text = normalize_term(question)
        taken = [False] * len(text)
        groups: list[str] = []
        for key in self._cjk_keys:
            start = text.find(key)
            while start != -1:
                if not any(taken[start : start + len(key)]):
                    taken[start : start + len(key)] = [True] * len(key)
                    groups.extend(sorted(self._cjk[key]))
                start = text.find(key, start + 1)
        return groups
