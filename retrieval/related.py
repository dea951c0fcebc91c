"""Related concepts for an answer: typed edges around the question's concepts and the top
passages' concepts, ranked for what the question asks.

A question's intent is read from language-level cue words in both languages (有哪些 / 由什么组成 /
components → has_component; 哪几种 / types of → is_a towards it; 怎么解决 / 如何防止 / how to avoid →
solves; 区别 / vs → compared_with; 是什么 / what is → is_a, alias; 为什么 / cause → causes; 作用 /
what for → what it solves; 缺点 / drawback → what it causes). An intent names relations *and the
role* the asked-about concept plays in them: "LSTM 有哪些门" wants LSTM —has_component→ ?, not
? —has_component→ LSTM; "怎么防止过拟合" wants ? —solves→ 过拟合.

The concepts an edge may be about (its anchors) are the question's concepts, the parts or kinds one
hop below them when the intent asks for parts or kinds (parts of parts), and the concepts the top
passages name, weighted by how high and how often those passages name them. An edge scores by the
intent it fits (at its anchor, in the intended direction), by its anchor, by being stated in a top
passage, by its rule's confidence and by how many passages state it. Pure functions over triples:
no index, no model.
"""
from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass

from kg.model import Triple
from kg.relation_table import CONVENTION_RELATIONS, RELATIONS, SYMMETRIC_RELATIONS

SUBJECT, OBJECT, EITHER = "subject", "object", "either"


@dataclass(frozen=True)
class Wanted:
    """One relation an intent asks for, and the role the asked-about concept plays in it."""

    relation: str
    role: str
    """subject (LSTM —has_component→ ?), object (? —solves→ 过拟合) or either."""


def _wants(*specs: str) -> tuple[Wanted, ...]:
    """'has_component>' = the concept is the subject, '<is_a' = the object, 'solves' = either."""
    wanted = []
    for spec in specs:
        role = SUBJECT if spec.endswith(">") else OBJECT if spec.startswith("<") else EITHER
        wanted.append(Wanted(spec.strip("<>"), role))
    return tuple(wanted)


@dataclass(frozen=True)
class Intent:
    """What kind of answer a question asks for, and the edges that give it."""

    name: str
    wanted: tuple[Wanted, ...]
    """Best first."""
    cue: re.Pattern
    hop: str = ""
    """A relation whose far ends are asked about too (the parts of the parts), or empty."""
    generic: bool = False
    """'what is' / 'how': often the frame of a more specific ask, so it ranks after the specific intents."""


def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


INTENTS: tuple[Intent, ...] = (
    Intent("kinds", _wants("<is_a", "<variant_of", "has_component>"), _cue(
        r"(?:哪|几)(?:几|些)?(?:种|类|型)|(?:什么|哪些)(?:种类|类型|类别|变体|变种)|分为|分成|有哪些分类|(?:怎么|如何)分类|"
        r"\b(?:types?|kinds?|sorts?|variants?|famil(?:y|ies)|categories) of\b|\bwhat (?:types|kinds|variants)\b"), "is_a"),
    Intent("components", _wants("has_component>", "<is_a", "uses>"), _cue(
        r"由(?:什么|哪些|哪几|几)|(?:哪些|哪几|几个|几)(?:部分|部件|模块|组件|层|门|子层|步骤|阶段|结构|参数)|组成|构成|结构是|什么结构|"
        r"包括哪些|包含哪些|有哪些(?!种|类)|有哪几(?!种|类)|里(?:面)?有(?:什么|哪些)|"
        r"\bcomponents?\b|\bparts?\b|\b(?:which|what) (?:\w+ )?layers\b|consists? of|composed of|made (?:up )?of|\bstructure of\b|"
        r"\bwhat (?:are|is) in\b"),
        "has_component"),
    Intent("solutions", _wants("<solves", "uses>", "solves>", "<causes"), _cue(
        r"(?:怎么|怎样|如何|怎么样)(?:去|来|才能)?(?:解决|防止|预防|避免|缓解|减轻|克服|应对|处理|抑制|降低|减少|减小|改善)|"
        r"(?:用|靠|通过|采用)(?:了)?(?:什么|哪些|哪种).{0,6}?(?:解决|求解|防止|避免|缓解|降低|减少|减小|处理)|"
        r"解决(?:方法|办法|方案)|有(?:什么|哪些)(?:办法|方法|手段|技巧|措施)|什么办法|怎么办|的方法有|"
        r"\bhow (?:to|do(?:es)? \w+|can \w+|should \w+) (?:avoid|prevent|fix|solve|reduce|mitigate|"
        r"handle|deal with|overcome|address|alleviate|cope with)|\bsolutions?\b|\bremed(?:y|ies)\b|\bprevent|\bavoid|\bmitigat")),
    Intent("comparison", _wants("compared_with", "variant_of", "is_a>"), _cue(
        r"区别|对比|比较|异同|不同之处|有何不同|有什么不同|差异|差别|相比|优劣|"
        r"\bvs\.?\b|\bversus\b|\bdiffer|\bcompare|\bcomparison\b")),
    Intent("improvements", _wants("variant_of>", "uses>", "compared_with", "solves>"), _cue(
        r"改进|改良|提升|优化了|\bimprove|\bbetter than\b")),
    Intent("purpose", _wants("solves>", "<uses", "causes>"), _cue(
        r"作用|用途|有什么用|干什么|好处|优点|优势|意义|目的|"
        r"为(?:什么|何)(?:要|需要)?(?:做|用|使用|引入|采用|加入|加|进行|选择)|"
        r"(?:解决|防止|避免|预防|缓解|克服|抑制)了?(?:什么|哪些|哪种|哪类)|"
        r"\bwhat (?:is|are) (?:\w+ ){1,4}for\b|\bwhy (?:use|do we use|introduce|do|add)\b|\bpurpose\b|"
        r"\bbenefits?\b|\badvantages?\b|\bwhat (?:problems?|(?:does|do|can) (?:\w+ ){1,3}"
        r"(?:solve|prevent|avoid|fix|mitigate|reduce|address|alleviate|help with))\b")),
    Intent("applications", _wants("<uses", "solves>"), _cue(
        r"用(?:在|于)(?:哪|什么)|应用(?:在|于|场景)?|场景|场合|\bapplications?\b|\bused (?:for|in)\b|\buse cases?\b")),
    Intent("drawbacks", _wants("causes>", "<solves"), _cue(
        r"缺点|缺陷|不足|局限|弊端|劣势|问题是什么|有什么问题|\bdrawbacks?\b|\bdisadvantages?\b|\blimitations?\b|"
        r"\bweakness(?:es)?\b|\bdownsides?\b")),
    Intent("tools", _wants("uses>", "has_component>"), _cue(
        r"用了?(?:哪些|什么)|(?:采用|使用|利用)了?(?:哪些|什么)|\bwhat (?:\w+ ){0,3}does (?:\w+ ){1,3}use\b|\bwhich (?:\w+ ){0,3}(?:does|do) (?:\w+ ){1,4}use\b|"
        r"\buses?\b|\bused\b")),
    Intent("mechanism", _wants("uses>", "has_component>"), _cue(
        r"原理|核心思想|基本思想|主要思想|工作机制|(?:怎么|怎样|如何|是怎么|是如何)\S|"
        r"\bhow (?:does|do|is|are|can) (?:\w+ ){1,4}(?:work|computed|calculated|trained|implemented|done)\b|"
        r"\bmechanism\b|\bidea\b|\bprinciple\b"), generic=True),
    Intent("definition", _wants("is_a>", "alias", "variant_of>"), _cue(
        r"是什么|什么是|是指|指什么|定义|含义|是一种|属于|\bwhat (?:is|are)\b|\bdefin(?:e|ed|es|ition)\b|\bmeaning\b|\bmeans?\b|"
        r"\bkind of\b|\btype of\b"), generic=True),
    Intent("causes", _wants("causes", "solves"), _cue(
        r"为什么|为何|导致|原因|引起|造成|会怎样|后果|\bwhy\b|\bcauses?\b|\blead(?:s)? to\b|\bresults? in\b|\bbecause\b")),
)
"""Language-level cue words per intent; a question may have several."""

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


def question_intents(question: str) -> tuple[Intent, ...]:
    """The intents whose cues occur in the question, in the order they occur; the generic ones ('what
    is', 'how') come last, since 'what are the components of' asks for components."""
    found = [(intent.generic, match.start(), index, intent)
             for index, intent in enumerate(INTENTS) if (match := intent.cue.search(question))]
    return tuple(found_intent[-1] for found_intent in sorted(found, key=lambda f: f[:3]))


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
                 min_confidence: float = 0.0, tie_break=lambda concept: 0.0, labels=None) -> list[RankedEdge]:
    """The `limit` best edges for the question, best first.

    Args:
        question_concepts: concept ids the question names.
        top_passages: passage ids of the answer, best first (the first TOP_PASSAGES count).
        passage_concepts: concept id → its passage relevance (`passage_relevance`), or a list of
            concept ids the top passages name (each fully relevant).
        tie_break: concept id → a score (the question's random walk) for edges otherwise equal.
        labels: concept id → label, for the reason of a two-hop edge ('part of Transformer').
    """
    wanted = set(question_concepts)
    rank_of = {pid: rank for rank, pid in enumerate(top_passages[:TOP_PASSAGES], 1)}
    if not isinstance(passage_concepts, dict):
        passage_concepts = dict.fromkeys(passage_concepts, 1.0)
    relevance = {c: r for c, r in passage_concepts.items() if c not in wanted and r > 0}
    weights = intended_relations(intents)
    hop = intents[0].hop if intents else ""
    hop_of = _hop_anchors(triples, wanted, hop, min_confidence)

    def part_at(subject: str, relation: str, obj: str) -> str:
        """The end of an edge of the hop relation that is a part (kind) of a question concept, or ''."""
        end = subject if hop == "has_component" else obj  # where a part (kind) has its own parts (kinds)
        return end if relation == hop and end in hop_of else ""

    best: dict[tuple[str, str, str], Triple] = {}
    support: dict[tuple[str, str, str], int] = {}
    stated_at: dict[tuple[str, str, str], int] = {}
    for triple in triples:
        if triple.subject == triple.object or triple.confidence < min_confidence or triple.predicate in CONVENTION_RELATIONS:
            continue  # links_to / tagged are the author's navigation, not statements: kgqa show lists them as backlinks
        ends = {triple.subject, triple.object}
        in_passage = rank_of.get(triple.passage_id)
        if not (ends & wanted or in_passage or part_at(triple.subject, triple.predicate, triple.object)
                or ends & relevance.keys()):
            continue
        key = (triple.subject, triple.predicate, triple.object)
        if triple.predicate in SYMMETRIC_RELATIONS and key[0] > key[2]:
            key = (key[2], key[1], key[0])
        support[key] = support.get(key, 0) + 1
        if in_passage:
            stated_at[key] = min(stated_at.get(key, in_passage), in_passage)
        if key not in best or triple.confidence > best[key].confidence:
            best[key] = triple
    label = labels or {}
    candidates: list[_Candidate] = []
    for key, triple in best.items():
        subject, relation, obj = key
        role = {subject: SUBJECT, obj: OBJECT}

        def fit(ends: list[str], wrong_role: float = WRONG_ROLE) -> float:
            return intent_fit(weights, relation, [role[end] for end in ends], wrong_role)

        score = 0.5 * triple.confidence + 0.3 * math.log1p(support[key])
        asked = [end for end in (subject, obj) if end in wanted]
        part = part_at(subject, relation, obj)
        around = [end for end in (subject, obj) if end in relevance]
        counted = (subject, obj)
        if asked:
            score += QUESTION_WEIGHT + (BOTH_ENDS_BONUS if len(asked) == 2 else 0.0) + fit(asked)
            if fit(asked, wrong_role=0.0):
                counted = tuple(end for end in counted if end not in wanted)
            score += OTHER_END_WEIGHT * max((relevance.get(end, 0.0) for end in (subject, obj) if end not in asked), default=0.0)
            reason = "question"
        elif part:
            score += HOP_WEIGHT + fit([part]) + OTHER_END_WEIGHT * relevance.get(obj if part == subject else subject, 0.0)
            kind = "part" if relation == "has_component" else "kind"
            reason = f"{kind} of {label.get(hop_of[part], hop_of[part])}"
        else:
            if around:
                score += max(relevance[end] * (PASSAGE_CONCEPT_WEIGHT + fit([end])) for end in around)
                score += OTHER_END_WEIGHT * min(relevance.get(subject, 0.0), relevance.get(obj, 0.0))
            else:
                score += 0.5 * intent_fit(weights, relation, [SUBJECT, OBJECT])
            reason = f"passage {stated_at[key]}" if key in stated_at else "passage concepts"
        if key in stated_at:
            score += PASSAGE_WEIGHT / math.sqrt(stated_at[key])
        other = max(tie_break(end) for end in (subject, obj))
        candidates.append(_Candidate(RankedEdge(key, triple, score, reason), other, counted))
    return _pick(candidates, limit)


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


