"""Reciprocal rank fusion: pure functions over ranked id lists, ranks from 1.

Why ranks and equal weights: the legs' scores live on different scales (BM25 sums idf,
cosines sit in 0.75-0.9, PageRank mass is tiny) and their spread changes from corpus to
corpus, so any weight on scores is a per-corpus setting. RRF with k=60 (Cormack et al.
2009) and weight 1 for BM25 and dense needs no setting at all; on both dev sets it
ranks at least as well as the better of the two legs alone, where the earlier weights
(dense 1, BM25 0.25, graph 0.1, chosen on 25 questions) lost to BM25 on the d2l chapters
(benchmarks/RESULTS.md, "Fusion that generalises"). The graph leg's weight is 0: on both
sets every positive weight tried lowered one of R@1, R@5 or MRR on one set.

A rank-based sum can bury a passage only one leg found, however sure that leg is: a
leg's first hit scores w/(k+1), and with two legs of fifty candidates dozens of passages
both legs rank in their top 60 can outscore it. `keep_leaders` puts each weighted
leg's first hit back into the first `LEADER_DEPTH` places when fusion pushed it out.
"""
from __future__ import annotations

RRF_K = 60
HYBRID = "hybrid"
"""The name of the fused ranking where it stands beside the legs (`kgqa eval`)."""
LEADER_DEPTH = 10
"""Each weighted leg's first hit stays within this many fused places (the answer's usual k)."""


def reciprocal_rank_fusion(rankings: dict[str, list[str]], weights: dict[str, float] | None = None,
                           k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked lists (best first) into (id, score), best first; ties broken by id.

    score(d) = Σ_leg weight_leg / (k + rank_leg(d)). Every id of every input appears
    exactly once in the output (an id only weight-0 legs found scores 0).
    """
    weights = weights or {}
    scores: dict[str, float] = {}
    for leg, ranking in sorted(rankings.items()):
        weight = weights.get(leg, 1.0)
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def keep_leaders(fused: list[tuple[str, float]], rankings: dict[str, list[str]], weights: dict[str, float] | None = None,
                 depth: int = LEADER_DEPTH) -> list[tuple[str, float]]:
    """`fused` with every weighted leg's first hit within the first `depth` places.

    Leaders that fell below take the places of the lowest non-leaders of the first `depth`,
    in leg-name order, each with the score fusion gave it; nothing else moves, and a
    leader already in place stays there. With more legs than `depth` only the first
    `depth` leaders can fit.
    """
    weights = weights or {}
    leaders = []
    for leg, ranking in sorted(rankings.items()):
        if ranking and weights.get(leg, 1.0) > 0 and ranking[0] not in leaders:
            leaders.append(ranking[0])
    leaders = leaders[:depth]
    top = fused[:depth]
    placed = {item for item, _ in top}
    late = [item for item in leaders if item not in placed]
    if not late:
        return fused
    dropped = set([item for item, _ in top if item not in leaders][-len(late):])  # the lowest non-leaders
    score = dict(fused)
    top = [pair for pair in top if pair[0] not in dropped] + [(item, score[item]) for item in late]
    kept = {item for item, _ in top}
    return top + [pair for pair in fused if pair[0] not in kept]


def fuse_rankings(rankings: dict[str, list[str]], weights: dict[str, float] | None = None, k: int = RRF_K,
                  depth: int = LEADER_DEPTH) -> list[tuple[str, float]]:
    """What the retriever ranks by: reciprocal rank fusion, then every weighted leg's leader kept in sight."""
    return keep_leaders(reciprocal_rank_fusion(rankings, weights, k), rankings, weights, depth)
