"""Load an index once, answer many questions: every registered leg, fused, with related edges."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest import Passage, read_passages
from kg.files import read_graph
from kg.model import ConceptGraph
from retrieval.answer import Answer, AnswerPassage, LegResult, RelatedEdge
from retrieval.concept_walk import QuestionConceptMatcher
from retrieval.encoders import EncoderChoice, EncoderPool
from retrieval.fusion import RRF_K, fuse_rankings
from retrieval.intents import intents_by_concept, question_intents
from retrieval.related import TOP_PASSAGES, passage_relevance, rank_related
from retrieval.legs import LEGS, Hit, OpenIndex, Query
from retrieval.legs.bm25 import bm25_text, lexicon_words
from store import Generation, IndexStore
from store.errors import KgqaError

CANDIDATES_PER_LEG = 50
MAX_QUESTION_CHARS = 2000
"""Longer questions are cut: nobody asks 100k characters, and embedding them would stall."""


class QuestionError(KgqaError, ValueError):
    """The question cannot be answered as asked (empty, say)."""


def default_weights() -> dict[str, float]:
    """Each leg's registered weight: BM25 and dense 1 (plain RRF, no per-corpus setting), graph 0
    (it helped neither dev set; retrieval.fusion and benchmarks/RESULTS.md)."""
    return {name: leg.default_weight for name, leg in LEGS.items()}


@dataclass(frozen=True)
class RetrievalConfig:
    """How the legs are fused."""

    weights: dict[str, float] = field(default_factory=default_weights)
    rrf_k: int = RRF_K
    legs: tuple[str, ...] = tuple(LEGS)
    related_limit: int = 12
    min_confidence: float = 0.0
    """Related edges whose rule is less sure than this are left out."""


class Retriever:
    """Everything needed to answer, loaded from the current generation of an index."""

    def __init__(self, generation: Generation, encoder: EncoderChoice | None = None,
                 passages: list[Passage] | None = None, graph: ConceptGraph | None = None,
                 encoders: EncoderPool | None = None) -> None:
        """`passages`/`graph`: the generation's, when the caller has them loaded already;
        `encoders`: models a previous generation's retriever loaded (a Session keeps one pool)."""
        self.generation = generation
        self.passages: list[Passage] = passages if passages is not None else read_passages(generation)
        self.by_id = {p.id: p for p in self.passages}
        self.graph = graph if graph is not None else read_graph(generation.directory)
        self.labels = {c.id: c.label for c in self.graph.concepts}
        opened = OpenIndex(generation, self.passages, self.graph, encoder, encoders)
        self.searchers = {name: leg.open(opened) for name, leg in LEGS.items() if leg.available(generation)}
        self._walk = opened.concept_walk
        self.matcher = QuestionConceptMatcher(self.graph)
        self._tokenizer = None
        self._bridge = None
        self._mentions_of: dict[str, set[str]] = {}
        self._passages_naming: dict[str, int] = {}
        """concept → how many passages name it (how specific it is to an answer, retrieval.related)."""
        for mention in self.graph.mentions:
            self._mentions_of.setdefault(mention.passage_id, set()).add(mention.concept_id)
            self._passages_naming[mention.concept_id] = self._passages_naming.get(mention.concept_id, 0) + 1

    def _passage_tokens(self, passage: Passage) -> list[str]:
        """From a searcher that holds them (BM25's index), else cut now (an index built without BM25)."""
        for searcher in self.searchers.values():
            tokens = getattr(searcher, "passage_tokens", lambda _: None)(passage.id)
            if tokens is not None:
                return tokens
        return self.tokenizer.tokenize(bm25_text(passage))

    @classmethod
    def open(cls, index_dir: Path, encoder: EncoderChoice | None = None) -> "Retriever":
        """The current generation of the index at index_dir."""
        return cls(IndexStore(index_dir).current(), encoder)

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            from retrieval.tokenize import MixedTokenizer

            self._tokenizer = MixedTokenizer(lexicon_words(self.graph.concepts))
        return self._tokenizer

    @property
    def bridge(self):
        """English ↔ Chinese names of the glossary and this graph's concepts, built on first use."""
        if self._bridge is None:
            from kg.lexicon import load_glossary
            from retrieval.crosslingual import TermBridge

            self._bridge = TermBridge(self.graph.concepts, load_glossary())
        return self._bridge

    def analyse(self, question: str) -> Query:
        """Tokens and concepts of the question, once for every leg."""
        question = question.strip()[:MAX_QUESTION_CHARS]
        if not question:
            raise QuestionError("empty question: ask something, e.g. kgqa ask \"LSTM 有哪些门\" NOTES")
        tokens = tuple(self.tokenizer.tokenize(question))
        concepts = list(self.matcher.match(question))
        bridge = self.bridge.bridge(question)
        concepts += [c for c in bridge.concepts if c not in concepts]
        seen = set(tokens)
        bridged = []
        for term in bridge.terms:
            for token in self.tokenizer.tokenize(term):
                if token not in seen:
                    seen.add(token)
                    bridged.append(token)
        return Query(question, tokens, tuple(concepts), tuple(bridged))

    def rankings(self, query: Query, legs: tuple[str, ...] = tuple(LEGS), k: int = CANDIDATES_PER_LEG) -> dict[str, list[Hit]]:
        """Each requested leg's hits (legs this index cannot open are left out)."""
        return {leg: self.searchers[leg].search(query, k) for leg in legs if leg in self.searchers}

    def fuse(self, query: Query, results: dict[str, list[Hit]], config: RetrievalConfig) -> list[tuple[str, float]]:
        """The legs' hits as one ranking of (passage id, score), best first. Legs asked for alone
        (`--legs graph`) whose weights are all 0 are fused with weight 1 each."""
        weights = {leg: config.weights.get(leg, 1.0) for leg in results}
        if not any(weight > 0 for weight in weights.values()):
            weights = dict.fromkeys(results, 1.0)
        return fuse_rankings({leg: [h.passage_id for h in hits] for leg, hits in results.items()}, weights, config.rrf_k)

    def ask(self, question: str, k: int = 10, config: RetrievalConfig = RetrievalConfig()) -> Answer:
        query = self.analyse(question)
        results = self.rankings(query, config.legs)
        fused = self.fuse(query, results, config)
        per_leg = {leg: {h.passage_id: (rank, h.score) for rank, h in enumerate(hits, 1)} for leg, hits in results.items()}
        token_set = set(query.tokens)
        concept_set = set(query.concepts)
        passages = []
        for rank, (pid, score) in enumerate(fused[:k], 1):
            passage = self.by_id[pid]
            legs = tuple(LegResult(leg, *per_leg[leg][pid]) for leg in sorted(per_leg) if pid in per_leg[leg])
            matched = tuple(sorted(token_set & set(self._passage_tokens(passage))))
            named = tuple(sorted(self.labels[c] for c in concept_set & self._mentions_of.get(pid, set())))
            passages.append(AnswerPassage(rank, passage, score, legs, matched, named))
        related = self.related_edges(query, [item.passage.id for item in passages], config.related_limit, config.min_confidence)
        return Answer(query.text, tuple(self.labels[c] for c in query.concepts), tuple(passages), related, tuple(sorted(results)))

    def related_edges(self, query: Query, passage_ids: list[str], limit: int,
                      min_confidence: float = 0.0) -> tuple[RelatedEdge, ...]:
        """Typed edges around the question's concepts and the top passages' concepts, ranked for the
        question's intent (retrieval.related), one per (s, relation, o), grouped by relation: the group of the
        best-ranked edge first, each group best first ('what does dropout prevent' opens with solves)."""
        concepts = list(query.concepts)
        top = passage_ids[:TOP_PASSAGES]
        around = passage_relevance(top, {pid: self._mentions_of.get(pid, set()) for pid in top},
                                   self._passages_naming, len(self.passages))
        walk = self._walk() if concepts else None

        def tie_break(concept: str) -> float:
            return walk.concept_score(concepts, concept) if walk is not None else 0.0

        def named_in(text: str) -> list[str]:
            return self.matcher.named_among(text, concepts)

        ranked = rank_related(self.graph.triples, concepts, top, around, question_intents(query.text), limit,
                              min_confidence, tie_break, self.labels, intents_by_concept(query.text, named_in))
        edges = [RelatedEdge(self.labels.get(r.key[0], r.key[0]), r.triple.predicate, self.labels.get(r.key[2], r.key[2]),
                             r.triple.path, r.triple.start_line, r.triple.end_line, r.triple.rule, r.triple.confidence,
                             r.reason) for r in ranked]
        group_rank = {}
        for edge in edges:  # ranked best first: a relation's group stands where its best edge ranks
            group_rank.setdefault(edge.relation, len(group_rank))
        edges.sort(key=lambda e: group_rank[e.relation])  # stable: within a group, best first
        return tuple(edges)
