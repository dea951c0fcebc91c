"""Related concepts for an answer: typed edges around the question's concepts and the top
passages' concepts, ranked for what the question asks.

A question's intent is read from language-level cue words (有哪些 / 由什么组成 / components →
has_component; 怎么解决 / 如何防止 / how to avoid → solves; 区别 / vs → compared_with; 是什么 /
what is → is_a, alias; 为什么 / 导致 / cause → causes). Edges whose relation fits the intent
come first; then edges that touch a question concept, that are stated in a top passage, or that
join two concepts of the top passages with an intended relation. Pure functions over triples: no index, no model.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kg.model import Triple
from kg.relation_table import CONVENTION_RELATIONS, RELATIONS, SYMMETRIC_RELATIONS


@dataclass(frozen=True)
class Intent:
    """What kind of answer a question asks for, and the relations that give it."""

    name: str
    relations: tuple[str, ...]
    """Best first."""
    cue: re.Pattern


def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


INTENTS: tuple[Intent, ...] = (
    Intent("components", ("has_component", "is_a"), _cue(
        r"由(?:什么|哪些|哪几|几)|(?:哪些|哪几|几个|几)(?:部分|部件|模块|组件|层|门|子层|步骤|阶段)|组成|构成|包括哪些|包含哪些|有哪些|有哪几|"
        r"\bcomponents?\b|\bparts?\b|consists? of|composed of|made (?:up )?of|\bwhat (?:are|is) in\b")),
    Intent("solutions", ("solves",), _cue(
        r"(?:怎么|怎样|如何|怎么样)(?:去|来)?(?:解决|防止|预防|避免|缓解|减轻|克服|应对|处理|抑制|降低|减少)|解决(?:方法|办法|方案)|"
        r"有什么(?:办法|方法)|什么办法|怎么办|的方法有|\bhow (?:to|do(?:es)? \w+|can \w+) (?:avoid|prevent|fix|solve|reduce|mitigate|"
        r"handle|deal with|overcome|address)|\bsolutions?\b|\bremed(?:y|ies)\b|\bprevent|\bavoid")),
    Intent("comparison", ("compared_with",), _cue(
        r"区别|对比|比较|异同|不同之处|有何不同|差异|差别|相比|优劣|\bvs\.?\b|\bversus\b|\bdifferen(?:ce|t)\b|\bcompare|\bcomparison\b")),
    Intent("definition", ("is_a", "alias", "variant_of"), _cue(
        r"是什么|什么是|是指|指什么|定义|含义|是一种|属于|\bwhat (?:is|are)\b|\bdefin(?:e|ition)\b|\bmeaning\b|\bkind of\b|\btype of\b")),
    Intent("causes", ("causes",), _cue(
        r"为什么|为何|导致|原因|引起|造成|会怎样|后果|\bwhy\b|\bcauses?\b|\blead(?:s)? to\b|\bresults? in\b|\bbecause\b")),
)
"""Language-level cue words per intent; a question may have several."""

INTENT_WEIGHT = 4.0
"""The first intent's relations; later intents' relations get one point less each."""
QUESTION_WEIGHT = 3.0
"""An edge with one end among the question's concepts."""
BOTH_ENDS_BONUS = 1.0
PASSAGE_WEIGHT = 2.0
"""An edge stated in the first passage; a passage at rank r gives PASSAGE_WEIGHT / sqrt(r)."""
PASSAGE_CONCEPT_WEIGHT = 1.0
"""An edge between two concepts of the top passages (none in the question), of an intended relation."""
TOP_PASSAGES = 5
"""Passages whose concepts and edges count for the related concepts."""


def question_intents(question: str) -> tuple[Intent, ...]:
    """The intents whose cues occur in the question, in the order they occur; 'what is' comes last,
    since 'what are the components of' asks for components."""
    found = [(intent.name == "definition", match.start(), index, intent)
             for index, intent in enumerate(INTENTS) if (match := intent.cue.search(question))]
    return tuple(found_intent[-1] for found_intent in sorted(found, key=lambda f: f[:3]))


def intended_relations(intents: tuple[Intent, ...]) -> dict[str, float]:
    """relation → the weight its intent gives it."""
    weights: dict[str, float] = {}
    for rank, intent in enumerate(intents):
        for offset, relation in enumerate(intent.relations):
            weights.setdefault(relation, max(INTENT_WEIGHT - rank - 0.5 * offset, 1.0))
    return weights


@dataclass(frozen=True)
class RankedEdge:
    key: tuple[str, str, str]
    """(subject, relation, object); symmetric relations with the smaller id first."""
    triple: Triple
    """The best-supported statement of it (highest confidence, then first in order)."""
    score: float
    reason: str
    """question | passage N | passage concepts: why it is related."""


def rank_related(triples: tuple[Triple, ...], question_concepts: list[str], top_passages: list[str],
                 passage_concepts: list[str], intents: tuple[Intent, ...], limit: int,
                 min_confidence: float = 0.0, tie_break=lambda concept: 0.0) -> list[RankedEdge]:
    """The `limit` best edges for the question, best first.

    Args:
        question_concepts: concept ids the question names.
        top_passages: passage ids of the answer, best first (the first TOP_PASSAGES count).
        passage_concepts: concept ids those passages mention.
        tie_break: concept id → a score (the question's random walk) for edges otherwise equal.
    """
    wanted = set(question_concepts)
    rank_of = {pid: rank for rank, pid in enumerate(top_passages[:TOP_PASSAGES], 1)}
    around = set(passage_concepts) - wanted
    weights = intended_relations(intents)
    best: dict[tuple[str, str, str], Triple] = {}
    support: dict[tuple[str, str, str], int] = {}
    stated_at: dict[tuple[str, str, str], int] = {}
    for triple in triples:
        if triple.subject == triple.object or triple.confidence < min_confidence or triple.predicate in CONVENTION_RELATIONS:
            continue  # links_to / tagged are the author's navigation, not statements: kgqa show lists them as backlinks
        ends = {triple.subject, triple.object}
        in_passage = rank_of.get(triple.passage_id)
        if not (ends & wanted or in_passage or (ends <= around and triple.predicate in weights)):
            continue
        key = (triple.subject, triple.predicate, triple.object)
        if triple.predicate in SYMMETRIC_RELATIONS and key[0] > key[2]:
            key = (key[2], key[1], key[0])
        support[key] = support.get(key, 0) + 1
        if in_passage:
            stated_at[key] = min(stated_at.get(key, in_passage), in_passage)
        if key not in best or triple.confidence > best[key].confidence:
            best[key] = triple
    ranked = []
    for key, triple in best.items():
        ends = {key[0], key[2]}
        score = weights.get(key[1], 0.0) + 0.5 * triple.confidence + 0.3 * math.log1p(support[key])
        if ends & wanted:
            score += QUESTION_WEIGHT + (BOTH_ENDS_BONUS if ends <= wanted else 0.0)
            reason = "question"
        elif key in stated_at:
            reason = f"passage {stated_at[key]}"
        else:
            score += PASSAGE_CONCEPT_WEIGHT
            reason = "passage concepts"
        if key in stated_at:
            score += PASSAGE_WEIGHT / math.sqrt(stated_at[key])
        other = max(tie_break(end) for end in ends)
        ranked.append((-score, -other, RELATIONS.index(key[1]), key, RankedEdge(key, triple, score, reason)))
    ranked.sort(key=lambda r: r[:4])
    return [r[-1] for r in ranked[:limit]]
