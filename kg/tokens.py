"""A token sequence with tags and sentences, and a longest-name matcher over it: all the rules need.

The rules used to read spaCy Docs (a blank pipeline, a sentencizer, a PhraseMatcher). They only
ever read a token's text, lower-case form, tag and whether it is punctuation, slice spans and
walk sentences, so these few classes do it without importing spaCy (a second per re-ingest).
Sentences end as spaCy's sentencizer ends them: after a sentence-final mark, at the first token
that is neither punctuation nor another final mark.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from kg.normalize import fold_hyphens

SENTENCE_FINAL = frozenset(["。", "！", "？", "!", "?", "；", ";", "."])


def _is_punct(text: str) -> bool:
    return bool(text) and all(unicodedata.category(ch).startswith("P") for ch in text)


@dataclass(frozen=True)
class Token:
    text: str
    lower_: str
    tag_: str
    """jieba's dictionary tag ('v', 'n', 'p', …); 'eng', 'm' or 'x' for what the dictionary lacks."""
    i: int
    is_punct: bool
    idx: int
    """Character offset in the doc's text."""
    whitespace: bool


class Span:
    """doc[start:end]: a run of tokens."""

    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: "Doc", start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __iter__(self) -> Iterator[Token]:
        return iter(self.doc.tokens[self.start : self.end])

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __getitem__(self, index: int) -> Token:
        return self.doc.tokens[self.start : self.end][index]

    @property
    def start_char(self) -> int:
        return self.doc.tokens[self.start].idx if self.start < len(self.doc) else len(self.doc.text)

    @property
    def text(self) -> str:
        if self.start >= self.end:
            return ""
        last = self.doc.tokens[self.end - 1]
        return self.doc.text[self.start_char : last.idx + len(last.text)]


class Doc:
    """Tokens (words with a space after or not), their tags, and sentences."""

    def __init__(self, words: list[str], spaces: list[bool], tags: list[str]) -> None:
        tokens, offset, parts = [], 0, []
        for i, (word, space, tag) in enumerate(zip(words, spaces, tags)):
            tokens.append(Token(word, word.lower(), tag, i, _is_punct(word), offset, space))
            parts.append(word + (" " if space else ""))
            offset += len(word) + (1 if space else 0)
        self.tokens: list[Token] = tokens
        self.text = "".join(parts)

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self.tokens))
            return Span(self, start, max(start, stop))
        return self.tokens[index]

    @property
    def sents(self) -> list[Span]:
        starts, seen_final = [0], False
        for token in self.tokens:
            final = token.text in SENTENCE_FINAL
            if seen_final and not token.is_punct and not final:
                starts.append(token.i)
                seen_final = False
            elif final:
                seen_final = True
        if not self.tokens:
            return []
        return [Span(self, a, b) for a, b in zip(starts, starts[1:] + [len(self.tokens)])]


class NameMatcher:
    """Every occurrence of every name (as lower-case token sequences, hyphens folded), keyed by concept."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}

    def add(self, concept: str, token_sequences: Iterable[tuple[str, ...]]) -> None:
        for words in token_sequences:
            words = tuple(fold_hyphens(word) for word in words)
            if words:
                self._by_first.setdefault(words[0], []).append((words, concept))

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        lowers = fold_hyphens("\x00".join(t.lower_ for t in doc.tokens)).split("\x00") if doc.tokens else []
        found = []
        for i, word in enumerate(lowers):
            for words, concept in self._by_first.get(word, ()):
                end = i + len(words)
                if tuple(lowers[i:end]) == words:
                    found.append((concept, i, end))
        return found


def longest_spans(matches: list[tuple[str, int, int]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, longest first then leftmost (spaCy's filter_spans); at one span the
    smallest concept id wins. Returned in text order."""
    at: dict[tuple[int, int], str] = {}
    for concept, start, end in matches:
        if (start, end) not in at or concept < at[(start, end)]:
            at[(start, end)] = concept
    taken: set[int] = set()
    chosen = []
    for start, end in sorted(at, key=lambda se: (-(se[1] - se[0]), se[0])):
        if not taken.intersection(range(start, end)):
            taken.update(range(start, end))
            chosen.append((start, end, at[(start, end)]))
    return sorted(chosen)
