"""The BM25 leg: mixed zh/en tokens per passage, written once per generation, scored at query time.

Tokens are reused passage by passage from the previous generation when the tokenizer's
rules are unchanged and no concept name that appeared or vanished may occur in the
passage (jieba's cut of a text depends only on the user words in it: kg.segment).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from retrieval.legs.base import Hit, Leg, LegBuild, OpenIndex, Query, Searcher, top_k

if TYPE_CHECKING:
    from ingest import Passage
    from kg.model import Concept
    from retrieval.encoders import EncoderChoice
    from store import Generation

TOKENS_FILE = "bm25_tokens.jsonl"
VERSION = "1"


def bm25_text(passage: Passage) -> str:
    """What BM25 reads of a passage: its headings and its text."""
    return " ".join(passage.heading_path) + "\n" + passage.text


def lexicon_words(concepts: tuple[Concept, ...] | list[Concept]) -> list[str]:
    """Every concept name: the tokenizer keeps them whole."""
    return sorted({label for concept in concepts for label in concept.labels})


def load_tokens(generation: Generation) -> tuple[list[str], list[list[str]]]:
    ids, tokens = [], []
    with open(generation.path(TOKENS_FILE), encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            ids.append(record["id"])
            tokens.append(record["tokens"])
    return ids, tokens


class BM25Leg(Leg):
    name = "bm25"
    default_weight = 1.0
    version = VERSION
    files = (TOKENS_FILE,)

    def config_fingerprint(self, encoder: EncoderChoice | None) -> str:
        import jieba

        from kg import normalize, segment
        from retrieval import tokenize
        from store import code_fingerprint, digest

        return digest(VERSION, code_fingerprint(tokenize, segment, normalize), jieba.__version__)

    def build(self, job: LegBuild) -> dict:
        from retrieval.tokenize import MixedTokenizer

        words = lexicon_words(job.graph().concepts)
        cached = _previous_tokens(job.previous, job.passages, words)
        tokenizer = None
        with open(job.staged.path(TOKENS_FILE), "w", encoding="utf-8") as handle:
            for done, passage in enumerate(job.passages, 1):
                tokens = cached.get(passage.id)
                if tokens is None:
                    if tokenizer is None:
                        tokenizer = MixedTokenizer(words, job.dictionary())
                    tokens = tokenizer.tokenize(bm25_text(passage))
                    job.counters["tokenized"] = job.counters.get("tokenized", 0) + 1
                handle.write(json.dumps({"id": passage.id, "tokens": tokens}, ensure_ascii=False) + "\n")
                if job.progress and done % 200 == 0:
                    job.progress("tokenizing", done, len(job.passages))
        return {"passages": len(job.passages)}

    def open(self, index: OpenIndex) -> Searcher:
        return BM25Searcher(*load_tokens(index.generation))


class BM25Searcher(Searcher):
    def __init__(self, ids: list[str], tokens: list[list[str]]) -> None:
        from retrieval.bm25 import BM25Index

        self.ids = ids
        self.index = BM25Index(ids, tokens)
        self._tokens_of = dict(zip(ids, tokens))

    def search(self, query: Query, k: int) -> list[Hit]:
        return top_k(self.ids, self.index.scores([*query.tokens, *query.bridged_tokens]), k)

    def passage_tokens(self, passage_id: str) -> list[str] | None:
        """The tokens the index holds for a passage: an answer's matched terms without cutting it again."""
        return self._tokens_of.get(passage_id)


def _previous_tokens(previous: Generation | None, passages: list[Passage], words: list[str]) -> dict[str, list[str]]:
    """Tokens of the last generation by passage id, minus passages a changed word may touch."""
    from kg.files import read_concepts
    from kg.segment import is_segmenter_word, lookup_keys, may_contain

    if previous is None:
        return {}
    try:
        before = lexicon_words(read_concepts(previous.directory))
        ids, tokens = load_tokens(previous)
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    changed = sorted(w for w in set(before) ^ set(words) if is_segmenter_word(w))
    reusable = dict(zip(ids, tokens))
    kept: dict[str, list[str]] = {}
    for passage in passages:
        found = reusable.get(passage.id)
        if found is None:
            continue
        if changed:
            haystack = lookup_keys(bm25_text(passage))
            if any(may_contain(haystack, word) for word in changed):
                continue
        kept[passage.id] = found
    return kept
