"""Reciprocal rank fusion: pure functions over ranked id lists, ranks from 1."""
from __future__ import annotations

RRF_K = 60
HYBRID = "hybrid"
"""The name of the fused ranking where it stands beside the legs (`kgqa eval`)."""


def reciprocal_rank_fusion(rankings: dict[str, list[str]], weights: dict[str, float] | None = None,
                           k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked lists (best first) into (id, score), best first; ties broken by id.

    score(d) = Σ_leg weight_leg / (k + rank_leg(d)). Every id of every input appears
    exactly once in the output.
    """
    weights = weights or {}
    scores: dict[str, float] = {}
    for leg, ranking in sorted(rankings.items()):
        weight = weights.get(leg, 1.0)
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
