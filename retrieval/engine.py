"""Load an index once, answer many questions: BM25, dense and graph legs, fused."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest import IndexStore, Passage
from kg.files import read_graph
from kg.model import RELATIONS, SYMMETRIC_RELATIONS
from retrieval.answer import Answer, AnswerPassage, LegResult, RelatedEdge
from retrieval.bm25 import BM25Index
from retrieval.fusion import RRF_K, reciprocal_rank_fusion
from retrieval.graph_leg import GraphLeg
from retrieval.search_index import load_tokens, load_vectors

LEGS = ("bm25", "dense", "graph")
DEFAULT_WEIGHTS = {"dense": 1.0, "bm25": 0.25, "graph": 0.1}
"""Chosen on the dev set only (benchmarks/RESULTS.md): the dense leg is the most reliable,
BM25 and the graph mostly break its ties. With equal weights RRF is worse than dense alone."""
CANDIDATES_PER_LEG = 50
MAX_QUESTION_CHARS = 2000
"""Longer questions are cut: nobody asks 100k characters, and embedding them would stall."""


class QuestionError(ValueError):
    """The question cannot be answered as asked (empty, say)."""


@dataclass(frozen=True)
class RetrievalConfig:
    """How the legs are fused."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rrf_k: int = RRF_K
    legs: tuple[str, ...] = LEGS
    related_limit: int = 12


class Retriever:
    """Everything needed to answer, loaded from the current generation of an index."""

    def __init__(self, index_dir: Path, model: str | None = None) -> None:
        generation = IndexStore(index_dir).current()
        self.generation = generation
        self.passages: list[Passage] = generation.passages()
        self.by_id = {p.id: p for p in self.passages}
        self.graph = read_graph(generation.directory)
        self.labels = {c.id: c.label for c in self.graph.concepts}
        ids, tokens = load_tokens(generation)
        self.bm25 = BM25Index(ids, tokens)
        self._tokens_of = dict(zip(ids, (set(t) for t in tokens)))
        self._tokenizer = None
        self.vectors = load_vectors(generation, model)
        self._faiss = None
        self._encoder = None
        self.encoder_name = (generation.manifest.get("encoder") or {}).get("name")
        self.graph_leg = GraphLeg(self.graph, [p.id for p in self.passages])
        self._mentions_of: dict[str, set[str]] = {}
        for mention in self.graph.mentions:
            self._mentions_of.setdefault(mention.passage_id, set()).add(mention.concept_id)

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            import json

            from retrieval.search_index import WORDS_FILE
            from retrieval.tokenize import MixedTokenizer

            words = json.loads(self.generation.path(WORDS_FILE).read_text(encoding="utf-8"))
            self._tokenizer = MixedTokenizer(words)
        return self._tokenizer

    def _dense_search(self, question: str, k: int) -> list[tuple[str, float]]:
        if self.vectors is None or not len(self.vectors):
            return []
        if self._encoder is None:
            from retrieval.encoders import load_encoder
            from retrieval.vector_index import build_vector_index

            self._encoder = load_encoder(self.encoder_name)
            self._faiss = build_vector_index(self.vectors)
        query = self._encoder.embed_batch([question], is_query=True)
        scores, rows = self._faiss.search(query, min(k, len(self.passages)))
        return [(self.passages[r].id, float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]

    def rankings(self, question: str, legs: tuple[str, ...] = LEGS, k: int = CANDIDATES_PER_LEG):
        """Each leg's ranked (id, score) list, plus the question's concepts and PPR scores."""
        question = question.strip()[:MAX_QUESTION_CHARS]
        if not question:
            raise QuestionError("empty question: ask something, e.g. kgqa ask \"LSTM 有哪些门\" NOTES")
        results: dict[str, list[tuple[str, float]]] = {}
        tokens = self.tokenizer.tokenize(question)
        if "bm25" in legs:
            results["bm25"] = self.bm25.search(tokens, k)
        if "dense" in legs and self.vectors is not None:
            results["dense"] = self._dense_search(question, k)
        concepts = self.graph_leg.matcher.match(question)
        ppr = None
        if "graph" in legs:
            results["graph"], ppr = self.graph_leg.search(concepts, k)
        return results, tokens, concepts, ppr

    def ask(self, question: str, k: int = 10, config: RetrievalConfig = RetrievalConfig()) -> Answer:
        results, tokens, concepts, ppr = self.rankings(question, config.legs)
        fused = reciprocal_rank_fusion({leg: [pid for pid, _ in hits] for leg, hits in results.items()}, config.weights, config.rrf_k)
        per_leg = {leg: {pid: (rank, score) for rank, (pid, score) in enumerate(hits, 1)} for leg, hits in results.items()}
        token_set = set(tokens)
        concept_set = set(concepts)
        passages = []
        for rank, (pid, score) in enumerate(fused[:k], 1):
            legs = tuple(LegResult(leg, *per_leg[leg][pid]) for leg in sorted(per_leg) if pid in per_leg[leg])
            matched = tuple(sorted(token_set & self._tokens_of.get(pid, set())))
            named = tuple(sorted(self.labels[c] for c in concept_set & self._mentions_of.get(pid, set())))
            passages.append(AnswerPassage(rank, self.by_id[pid], score, legs, matched, named))
        related = self.related_edges(concepts, ppr, config.related_limit)
        return Answer(question, tuple(self.labels[c] for c in concepts), tuple(passages), related, tuple(sorted(results)))

    def related_edges(self, concepts: list[str], ppr: np.ndarray | None, limit: int) -> tuple[RelatedEdge, ...]:
        """Typed edges touching the question's concepts, one per (s, relation, o), most supported first."""
        wanted = set(concepts)
        best: dict[tuple[str, str, str], tuple] = {}
        support: dict[tuple[str, str, str], int] = {}
        for triple in self.graph.triples:
            if triple.subject not in wanted and triple.object not in wanted or triple.subject == triple.object:
                continue
            key = (triple.subject, triple.predicate, triple.object)
            if triple.predicate in SYMMETRIC_RELATIONS and key[0] > key[2]:
                key = (key[2], key[1], key[0])
            support[key] = support.get(key, 0) + 1
            if key not in best or triple.confidence > best[key].confidence:
                best[key] = triple
        def weight(key):
            other = key[2] if key[0] in wanted else key[0]
            score = self.graph_leg.concept_score(ppr, other) if ppr is not None else 0.0
            return (-support[key], -best[key].confidence, -score, RELATIONS.index(key[1]), key)
        edges = []
        for key in sorted(best, key=weight)[:limit]:
            t = best[key]
            edges.append(RelatedEdge(self.labels.get(key[0], key[0]), t.predicate, self.labels.get(key[2], key[2]),
                                     t.path, t.start_line, t.end_line, t.rule, t.confidence))
        edges.sort(key=lambda e: (RELATIONS.index(e.relation), e.subject, e.object))
        return tuple(edges)
