"""Build and load the search side of a generation: BM25 tokens and dense vectors.

Vectors are cached by a hash of the exact text embedded, so a re-ingest embeds
only new or changed passages; everything else is copied from the previous
generation. Files are open formats: JSON, JSONL and .npy (loaded without pickle).
"""
from __future__ import annotations

import hashlib
import json

import numpy as np

from ingest import Generation, IndexIncompatible, Passage, StagedGeneration
from kg.build import ConceptGraph
from retrieval.encoders import DEFAULT_ENCODER, load_encoder

TOKENS_FILE = "bm25_tokens.jsonl"
WORDS_FILE = "lexicon_words.json"
VECTORS_FILE = "vectors.npy"
VECTOR_KEYS_FILE = "vector_keys.json"
EMBED_BATCH = 16
MAX_EMBED_CHARS = 4000
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
                         graph: ConceptGraph, options, progress=None) -> None:
    from retrieval.tokenize import MixedTokenizer

    words = lexicon_words(graph)
    (staged.path(WORDS_FILE)).write_text(json.dumps(words, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    tokenizer = MixedTokenizer(words)
    with open(staged.path(TOKENS_FILE), "w", encoding="utf-8") as handle:
        for done, passage in enumerate(passages, 1):
            handle.write(json.dumps({"id": passage.id, "tokens": tokenizer.tokenize(bm25_text(passage))}, ensure_ascii=False) + "\n")
            if progress and done % 200 == 0:
                progress("tokenizing", done, len(passages))
    if options.dense:
        _build_vectors(staged, previous, passages, options.model, progress)


def _build_vectors(staged: StagedGeneration, previous: Generation | None, passages: list[Passage], model: str | None, progress) -> None:
    texts = [embedding_text(p) for p in passages]
    keys = [hashlib.sha256(t.encode("utf-8")).hexdigest()[:24] for t in texts]
    cached = _previous_vectors(previous, model)
    todo = sorted({i for i, key in enumerate(keys) if key not in cached}, key=lambda i: len(texts[i]))
    encoder = load_encoder(model) if todo else None
    fresh: dict[str, np.ndarray] = {}
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        vectors = encoder.embed_batch([texts[i] for i in batch], is_query=False)
        for i, vector in zip(batch, vectors):
            fresh[keys[i]] = vector
        if progress:
            progress("embedding", min(start + EMBED_BATCH, len(todo)), len(todo))
    if not passages:
        dimension = 0
    else:
        dimension = encoder.dimension if encoder else next(iter(cached.values())).shape[0]
    matrix = np.zeros((len(passages), dimension), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = fresh[key] if key in fresh else cached[key]
    np.save(staged.path(VECTORS_FILE), matrix, allow_pickle=False)
    staged.path(VECTOR_KEYS_FILE).write_text(json.dumps(keys) + "\n", encoding="utf-8")
    staged.manifest["embedded_now"] = len(todo)


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
