"""Normalised vectors in faiss: exact inner product at notes scale, HNSW above it."""
from __future__ import annotations

import numpy as np

EXACT_LIMIT = 200_000
"""Up to this many passages a flat index answers in milliseconds; above it, HNSW (M=32)."""


def build_vector_index(vectors: np.ndarray, exact_limit: int = EXACT_LIMIT):
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    index.add(vectors)
    return index
