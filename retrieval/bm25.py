"""BM25 (Okapi, rank-bm25) over our mixed tokens; safe on an empty folder."""
from __future__ import annotations

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75


class BM25Index:
    def __init__(self, ids: list[str], documents: list[list[str]], k1: float = BM25_K1, b: float = BM25_B) -> None:
        self.ids = ids
        self._bm25 = None
        if ids and any(documents):
            from rank_bm25 import BM25Okapi

            self._bm25 = BM25Okapi(documents, k1=k1, b=b)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        if self._bm25 is None or not query_tokens:
            return np.zeros(len(self.ids), dtype=np.float64)
        return np.asarray(self._bm25.get_scores(query_tokens), dtype=np.float64)

    def search(self, query_tokens: list[str], k: int) -> list[tuple[str, float]]:
        scores = self.scores(query_tokens)
        return _top(self.ids, scores, k)


def _top(ids: list[str], scores: np.ndarray, k: int) -> list[tuple[str, float]]:
    positive = np.nonzero(scores > 0)[0]
    order = sorted(positive, key=lambda i: (-scores[i], ids[i]))[:k]
    return [(ids[i], float(scores[i])) for i in order]
