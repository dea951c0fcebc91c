"""BM25 (Okapi) over our mixed tokens: rank-bm25's model, scored through a sparse matrix.

rank-bm25 computes idf, document lengths and term frequencies; its `get_scores`
then loops in Python over every document for every query term, which costs
~0.5 s a question at 100k passages. The same formula is precomputed here into a
sparse document × term matrix, so a question sums a few columns. Safe on an
empty folder (rank-bm25 divides by zero there).
"""
from __future__ import annotations

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75


class BM25Index:
    def __init__(self, ids: list[str], documents: list[list[str]], k1: float = BM25_K1, b: float = BM25_B) -> None:
        self.ids = ids
        self._column: dict[str, int] = {}
        self._weights = None
        if ids and any(documents):
            from rank_bm25 import BM25Okapi
            from scipy.sparse import csc_matrix

            model = BM25Okapi(documents, k1=k1, b=b)
            rows, columns, values = [], [], []
            lengths = np.asarray(model.doc_len, dtype=np.float64)
            norms = k1 * (1 - b + b * lengths / model.avgdl)
            for row, frequencies in enumerate(model.doc_freqs):
                for term, frequency in frequencies.items():
                    column = self._column.setdefault(term, len(self._column))
                    rows.append(row)
                    columns.append(column)
                    values.append(model.idf.get(term, 0.0) * frequency * (k1 + 1) / (frequency + norms[row]))
            self._weights = csc_matrix((values, (rows, columns)), shape=(len(ids), len(self._column)))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """Okapi BM25 of every passage, as rank_bm25.BM25Okapi.get_scores computes it."""
        columns = [self._column[t] for t in query_tokens if t in self._column]
        if self._weights is None or not columns:
            return np.zeros(len(self.ids), dtype=np.float64)
        return np.asarray(self._weights[:, columns].sum(axis=1)).ravel()

