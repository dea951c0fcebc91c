"""The graph leg: personalized PageRank from the question's concepts; it builds no files of its own."""
from __future__ import annotations

from retrieval.legs.base import Hit, Leg, OpenIndex, Query, Searcher, top_k

PPR_FLOOR = 1e-12
"""Scores below this are the walk's numerical dust, not a connection."""


class GraphLeg(Leg):
    name = "graph"
    default_weight = 0.0
    """It ranks below BM25 and dense on both dev sets and every positive weight tried cost a metric on one
    of them (benchmarks/RESULTS.md): it still searches, to show which passages the question's concepts reach."""

    def open(self, index: OpenIndex) -> Searcher:
        return GraphSearcher(index.concept_walk(), [p.id for p in index.passages])


class GraphSearcher(Searcher):
    def __init__(self, walk, ids: list[str]) -> None:
        self.walk, self.ids = walk, ids

    def search(self, query: Query, k: int) -> list[Hit]:
        return top_k(self.ids, self.walk.passage_scores(list(query.concepts)), k, floor=PPR_FLOOR)
