"""Related concepts for an answer: typed edges around the question's concepts and the top
passages' concepts, ranked for what the question asks (its intents, retrieval.intents: the relations
it wants and the role the asked-about concept plays in them).

The concepts an edge may be about (its anchors) are the question's concepts, the parts or kinds one
hop below them when the intent asks for parts or kinds (parts of parts), and the concepts the top
passages name, weighted by how high and how often those passages name them. An edge scores by the
intent it fits (at its anchor, in the intended direction, for the ask that names the anchor), by its
anchor, by being stated in a top passage, by its rule's confidence and by how many passages state it.
Pure functions over triples: no index, no model.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from kg.model import Triple
from kg.relation_table import CONVENTION_RELATIONS, RELATIONS, SYMMETRIC_RELATIONS
from retrieval.intents import EITHER, OBJECT, SUBJECT, Intent

INTENT_WEIGHT = 4.0
"""The first intent's first relation; each later relation of an intent and each later intent one half / one point less."""
WRONG_ROLE = 0.25
"""An intended relation with the anchor in the other role (? —has_component→ LSTM for 'LSTM 有哪些门') keeps this share."""
QUESTION_WEIGHT = 3.0
"""An edge with one end among the question's concepts."""
HOP_WEIGHT = 2.0
"""An edge of the intent's hop relation at a part (kind) of a question concept: the parts of the parts."""
BOTH_ENDS_BONUS = 1.0
PASSAGE_WEIGHT = 2.0
"""An edge stated in the first passage; a passage at rank r gives PASSAGE_WEIGHT / sqrt(r)."""
PASSAGE_CONCEPT_WEIGHT = 2.0
"""An edge at a concept every top passage names; a concept named by fewer or lower passages gets its share."""
OTHER_END_WEIGHT = 2.0
"""Times the passage relevance of the edge's other end: an edge from the question (or from one concept of the
answer) to a concept the top passages discuss, rather than to anywhere."""
TOP_PASSAGES = 5
"""Passages whose concepts and edges count for the related concepts."""


def intended_relations(intents: tuple[Intent, ...]) -> dict[tuple[str, str], float]:
    """(relation, role of the anchor) → the weight the intents give it; EITHER stands for both roles."""
    weights: dict[tuple[str, str], float] = {}
    for rank, intent in enumerate(intents):
        for offset, wanted in enumerate(intent.wanted):
            weight = max(INTENT_WEIGHT - rank - 0.5 * offset, 1.0)
            for role in ((SUBJECT, OBJECT) if wanted.role == EITHER else (wanted.role,)):
                weights[(wanted.relation, role)] = max(weights.get((wanted.relation, role), 0.0), weight)
    return weights


def intent_fit(weights: dict[tuple[str, str], float], relation: str, anchor_roles: list[str],
               wrong_role: float = WRONG_ROLE) -> float:
    """How well an edge of `relation` answers the intents, seen from anchors in `anchor_roles`
    (a symmetric relation fits either way); an anchor in the other role gets `wrong_role` of it."""
    best = 0.0
    for role in anchor_roles:
        roles = (SUBJECT, OBJECT) if relation in SYMMETRIC_RELATIONS else (role,)
        for candidate in roles:
            best = max(best, weights.get((relation, candidate), 0.0))
        other = OBJECT if role == SUBJECT else SUBJECT
        best = max(best, wrong_role * weights.get((relation, other), 0.0))
    return best


def passage_relevance(top_passages: list[str], concepts_of: dict[str, set[str]],
                      passages_naming: dict[str, int] | None = None, passage_total: int = 0) -> dict[str, float]:
    """concept → how much the top passages are about it, 0..1: the share of their weight (1/sqrt(rank))
    that names it, times how specific it is (a concept half the notes name says little about this answer).

    Args:
        concepts_of: passage id → the concepts it names.
        passages_naming: concept → how many passages of the notes name it; with `passage_total`,
            the specificity log(1 + N/n) / log(1 + N). Without them every concept is fully specific.
    """
    ranked = top_passages[:TOP_PASSAGES]
    total = sum(1.0 / math.sqrt(rank) for rank in range(1, len(ranked) + 1))
    share: dict[str, float] = {}
    for rank, pid in enumerate(ranked, 1):
        for concept in concepts_of.get(pid, ()):
            share[concept] = share.get(concept, 0.0) + 1.0 / math.sqrt(rank) / total
    if not passages_naming or passage_total <= 1:
        return share
    scale = math.log1p(passage_total)
    return {c: value * min(1.0, math.log1p(passage_total / max(passages_naming.get(c, 1), 1)) / scale)
            for c, value in share.items()}


@dataclass(frozen=True)
class RankedEdge:
    key: tuple[str, str, str]
    """(subject, relation, object); symmetric relations with the smaller id first."""
    triple: Triple
    """The best-supported statement of it (highest confidence, then first in order)."""
    score: float
    reason: str
    """question | part of X / kind of X | passage N | passage concepts: why it is related."""


@dataclass(frozen=True)
class _Candidate:
    edge: RankedEdge
    walk: float
    """The question's random-walk score of its better end (tie-break)."""
    ends: tuple[str, ...]
    """The ends the repeat penalty counts: both, less a question concept the edge answers the intent at
    (the dozen things that prevent 过拟合 are the answer, not one hub's edges)."""


def _hop_anchors(triples, wanted: set[str], hop: str, min_confidence: float) -> dict[str, str]:
    """far end → question concept, for the first intent's hop relation ('Transformer 由哪些部分组成':
    the parts of Transformer, whose own parts are asked about too)."""
    if not hop:
        return {}
    anchors: dict[str, str] = {}
    for triple in triples:
        if triple.predicate != hop or triple.confidence < min_confidence or triple.subject == triple.object:
            continue
        # has_component: the parts are objects; is_a (kinds): the kinds are subjects
        near, far = (triple.subject, triple.object) if hop == "has_component" else (triple.object, triple.subject)
        if near in wanted and far not in wanted:
            anchors.setdefault(far, near)
    return anchors


def rank_related(triples: tuple[Triple, ...], question_concepts: list[str], top_passages: list[str],
                 passage_concepts: dict[str, float] | list[str], intents: tuple[Intent, ...], limit: int,
                 min_confidence: float = 0.0, tie_break=lambda concept: 0.0, labels=None,
                 intents_at: dict[str, tuple[Intent, ...]] | None = None) -> list[RankedEdge]:
    """The `limit` best edges for the question, best first.

    Args:
        question_concepts: concept ids the question names.
        intents: what the whole question asks (for the passages' concepts and the parts of parts).
        top_passages: passage ids of the answer, best first (the first TOP_PASSAGES count).
        passage_concepts: concept id → its passage relevance (`passage_relevance`), or a list of
            concept ids the top passages name (each fully relevant).
        tie_break: concept id → a score (the question's random walk) for edges otherwise equal.
        labels: concept id → label, for the reason of a two-hop edge ('part of Transformer').
        intents_at: question concept → what the question asks of it (`intents_by_concept`); a concept
            left out is asked `intents`.
    """
    wanted = set(question_concepts)
    if not isinstance(passage_concepts, dict):
        passage_concepts = dict.fromkeys(passage_concepts, 1.0)
    hop = intents[0].hop if intents else ""
    asked = _Asked(wanted, {pid: rank for rank, pid in enumerate(top_passages[:TOP_PASSAGES], 1)},
                   {c: r for c, r in passage_concepts.items() if c not in wanted and r > 0}, intended_relations(intents),
                   {concept: intended_relations(each) for concept, each in (intents_at or {}).items()}, hop,
                   _hop_anchors(triples, wanted, hop, min_confidence))
    stated = _stated_edges(triples, asked, min_confidence)
    label = labels or {}
    candidates = [_Candidate(RankedEdge(key, triple, *_score(asked, stated, key, triple, label)),
                             max(tie_break(end) for end in (key[0], key[2])), _counted_ends(asked, key))
                  for key, triple in stated.best.items()]
    return _pick(candidates, limit)


@dataclass(frozen=True)
class _Asked:
    """What one question asks, as rank_related scores edges against it."""

    wanted: set[str]
    """The question's concepts."""
    rank_of: dict[str, int]
    """Top passage id → its rank (1-based)."""
    relevance: dict[str, float]
    """The top passages' other concepts → how much the answer is about them."""
    weights: dict[tuple[str, str], float]
    """What the whole question asks (intended_relations)."""
    weights_at: dict[str, dict[tuple[str, str], float]]
    """What it asks of each question concept, where that differs."""
    hop: str
    hop_of: dict[str, str]
    """A part (kind) of a question concept → that concept (_hop_anchors)."""

    def part_at(self, subject: str, relation: str, obj: str) -> str:
        """The end of an edge of the hop relation that is a part (kind) of a question concept, or ''."""
        end = subject if self.hop == "has_component" else obj  # where a part (kind) has its own parts (kinds)
        return end if relation == self.hop and end in self.hop_of else ""

    def fit(self, key: tuple[str, str, str], ends: list[str], wrong_role: float = WRONG_ROLE) -> float:
        """How well the edge answers what is asked of the best of `ends`, in the role each plays in it."""
        subject, relation, obj = key
        role = {subject: SUBJECT, obj: OBJECT}
        return max(intent_fit(self.weights_at.get(end, self.weights), relation, [role[end]], wrong_role) for end in ends)


@dataclass(frozen=True)
class _Stated:
    """The edges near the question, each once: its best statement, how many statements, best top-passage rank."""

    best: dict[tuple[str, str, str], Triple]
    support: dict[tuple[str, str, str], int]
    stated_at: dict[tuple[str, str, str], int]


def _stated_edges(triples, asked: _Asked, min_confidence: float) -> _Stated:
    """Every edge at a question concept, a part (kind) of one, a top passage or a passage concept."""
    stated = _Stated({}, {}, {})
    for triple in triples:
        if triple.subject == triple.object or triple.confidence < min_confidence or triple.predicate in CONVENTION_RELATIONS:
            continue  # links_to / tagged are the author's navigation, not statements: kgqa show lists them as backlinks
        ends = {triple.subject, triple.object}
        in_passage = asked.rank_of.get(triple.passage_id)
        if not (ends & asked.wanted or in_passage or asked.part_at(triple.subject, triple.predicate, triple.object)
                or ends & asked.relevance.keys()):
            continue
        key = (triple.subject, triple.predicate, triple.object)
        if triple.predicate in SYMMETRIC_RELATIONS and key[0] > key[2]:
            key = (key[2], key[1], key[0])
        stated.support[key] = stated.support.get(key, 0) + 1
        if in_passage:
            stated.stated_at[key] = min(stated.stated_at.get(key, in_passage), in_passage)
        if key not in stated.best or triple.confidence > stated.best[key].confidence:
            stated.best[key] = triple
    return stated


def _score(asked: _Asked, stated: _Stated, key: tuple[str, str, str], triple: Triple, label: dict) -> tuple[float, str]:
    """An edge's score and why it is related: at the question, at a part (kind) of it, or at the passages."""
    subject, relation, obj = key
    score = 0.5 * triple.confidence + 0.3 * math.log1p(stated.support[key])
    at_question = [end for end in (subject, obj) if end in asked.wanted]
    part = asked.part_at(subject, relation, obj)
    if at_question:
        score += QUESTION_WEIGHT + (BOTH_ENDS_BONUS if len(at_question) == 2 else 0.0) + asked.fit(key, at_question)
        score += OTHER_END_WEIGHT * max((asked.relevance.get(end, 0.0) for end in (subject, obj) if end not in at_question),
                                        default=0.0)
        reason = "question"
    elif part:
        score += HOP_WEIGHT + asked.fit(key, [part]) + OTHER_END_WEIGHT * asked.relevance.get(obj if part == subject else subject, 0.0)
        reason = f"{'part' if relation == 'has_component' else 'kind'} of {label.get(asked.hop_of[part], asked.hop_of[part])}"
    else:
        around = [end for end in (subject, obj) if end in asked.relevance]
        if around:
            score += max(asked.relevance[end] * (PASSAGE_CONCEPT_WEIGHT + asked.fit(key, [end])) for end in around)
            score += OTHER_END_WEIGHT * min(asked.relevance.get(subject, 0.0), asked.relevance.get(obj, 0.0))
        else:
            score += 0.5 * intent_fit(asked.weights, relation, [SUBJECT, OBJECT])
        reason = f"passage {stated.stated_at[key]}" if key in stated.stated_at else "passage concepts"
    if key in stated.stated_at:
        score += PASSAGE_WEIGHT / math.sqrt(stated.stated_at[key])
    return score, reason


def _counted_ends(asked: _Asked, key: tuple[str, str, str]) -> tuple[str, ...]:
    """The ends the repeat penalty counts: a question concept the edge answers the intent at is left out."""
    at_question = [end for end in (key[0], key[2]) if end in asked.wanted]
    if at_question and asked.fit(key, at_question, wrong_role=0.0):
        return tuple(end for end in (key[0], key[2]) if end not in asked.wanted)
    return (key[0], key[2])


REPEAT_PENALTY = 0.75
"""Each edge already picked at the same concept costs a candidate this much: the cap spreads over the
concepts of the answer instead of one hub's dozen edges."""


def _pick(candidates: list[_Candidate], limit: int) -> list[RankedEdge]:
    """Greedy by score after the repeat penalty of what is picked already (ties: walk score, relation
    order, key). Penalties only grow, so a candidate's last computed score bounds its next one: the
    lazy greedy of a heap gives the same order as rescoring everything after every pick."""
    seen: dict[str, int] = {}

    def order(candidate: _Candidate) -> tuple:
        penalty = REPEAT_PENALTY * sum(seen.get(end, 0) for end in candidate.ends)
        edge = candidate.edge
        return (-(edge.score - penalty), -candidate.walk, RELATIONS.index(edge.key[1]), edge.key)

    heap = [(order(c), i) for i, c in enumerate(candidates)]
    heapq.heapify(heap)
    picked: list[RankedEdge] = []
    while heap and len(picked) < limit:
        _, i = heapq.heappop(heap)
        current = order(candidates[i])
        if heap and current > heap[0][0]:
            heapq.heappush(heap, (current, i))  # its score fell since it was stored: look again
            continue
        candidate = candidates[i]
        for end in candidate.ends:
            seen[end] = seen.get(end, 0) + 1
        picked.append(candidate.edge)
    return picked


