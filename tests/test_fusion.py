"""Fusion: a permutation of the legs' union, deterministic, and no leg's first hit buried."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from retrieval.engine import default_weights
from retrieval.fusion import LEADER_DEPTH, fuse_rankings, keep_leaders, reciprocal_rank_fusion

LEGS = ["bm25", "dense", "graph"]
rankings_strategy = st.dictionaries(st.sampled_from(LEGS), st.lists(st.sampled_from([f"p{i:02d}" for i in range(60)]),
                                                                   unique=True, max_size=50))
weights_strategy = st.fixed_dictionaries({leg: st.sampled_from([0.0, 0.25, 1.0, 2.0]) for leg in LEGS})


@settings(max_examples=300, deadline=None)
@given(rankings_strategy, weights_strategy)
def test_fused_is_a_permutation_of_the_union_best_first(rankings, weights):
    fused = fuse_rankings(rankings, weights)
    union = set().union(*rankings.values()) if rankings else set()
    assert sorted(item for item, _ in fused) == sorted(union)
    assert fused == fuse_rankings(dict(reversed(list(rankings.items()))), dict(weights))  # input order does not matter


@settings(max_examples=300, deadline=None)
@given(rankings_strategy, weights_strategy)
def test_every_weighted_legs_first_hit_stays_within_the_first_places(rankings, weights):
    """Even when only that leg has it, and the other legs agree on dozens of passages."""
    fused = [item for item, _ in fuse_rankings(rankings, weights)]
    for leg, ranking in rankings.items():
        if ranking and weights[leg] > 0:
            assert fused.index(ranking[0]) < LEADER_DEPTH, leg


def test_a_leader_only_one_leg_has_is_kept_where_plain_rrf_buries_it():
    both = [f"p{i:02d}" for i in range(30)]
    rankings = {"bm25": ["only-bm25", *both], "dense": both}
    plain = [item for item, _ in reciprocal_rank_fusion(rankings)]
    assert plain.index("only-bm25") >= LEADER_DEPTH  # 1/61 loses to 1/(60+r)+1/(60+r+1) for r up to ~60
    kept = [item for item, _ in fuse_rankings(rankings)]
    assert kept.index("only-bm25") == LEADER_DEPTH - 1 and kept[: LEADER_DEPTH - 1] == plain[: LEADER_DEPTH - 1]
    assert kept[LEADER_DEPTH:] == [item for item in plain[LEADER_DEPTH - 1 :] if item != "only-bm25"]


def test_ties_are_broken_by_id_and_scores_are_kept():
    fused = fuse_rankings({"bm25": ["b", "a"], "dense": ["a", "b"]})
    assert [item for item, _ in fused] == ["a", "b"] and fused[0][1] == pytest.approx(1 / 61 + 1 / 62)
    assert keep_leaders([("x", 0.5)], {}, {}) == [("x", 0.5)]


def test_the_graph_leg_is_unweighted_by_default_and_bm25_and_dense_weigh_the_same():
    weights = default_weights()
    assert weights["bm25"] == weights["dense"] == 1.0 and weights["graph"] == 0.0
    fused = fuse_rankings({"bm25": ["a"], "dense": ["b"], "graph": ["c"]}, weights)
    assert [item for item, _ in fused] == ["a", "b", "c"] and fused[-1][1] == 0.0


def test_a_late_leader_does_not_push_a_leader_already_in_place_out():
    """Hypothesis found it: inserting BM25's lone first hit used to shift the graph leg's leader from place 10 to 11."""
    rankings = {"bm25": ["p08"], "dense": ["p01", "p02", "p03", "p04", "p05", "p09", "p10", "p06", "p07"],
                "graph": ["p00", "p01", "p02", "p03", "p09", "p10", "p04", "p05", "p06", "p07"]}
    fused = [item for item, _ in fuse_rankings(rankings, {"bm25": 0.25, "dense": 0.25, "graph": 0.25})]
    assert fused.index("p08") < LEADER_DEPTH and fused.index("p00") < LEADER_DEPTH, fused
