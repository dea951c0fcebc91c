"""Who a cue's sentence is about when kg.subjects cannot tell without the cue: the name a relative clause
defines ('Adam is an algorithm that combines …'), the owner of an idea ('LSTM 的主要思想是利用 …'), the
writer building the section's concept ('我们使用 Y 作为优化算法'), the section working by a means ('通过 Y
来…'), and whoever uses the means that solves ('LSTM 通过门控机制缓解了 Y').

These read the cue (its relation, words and shape), which kg.subjects knows nothing of; every shape that
looks for a subject before its cue asks cue_subject.
"""
from __future__ import annotations

import re

from kg.phrases import ADJECTIVAL_VERBS, CLAUSE_BREAKS, DETERMINERS, TOPIC_RELATIONS, closes_phrase, next_clause_openers
from kg.shapes.site import CLASS_CONCEPTS, ROLE_NAMES, CueSite
from kg.subjects.clauses import clause_start, continues_sentence
from kg.subjects.frames import built_subject, by_means_owner, setting_subject
from kg.subjects.model import Subject
from kg.subjects.resolve import resolve_subject
from kg.subjects.words import NO_SECTION_OPENERS, SUPPOSING, WRITERS


EXPLICIT_ONLY = frozenset(["基于", "is", "based"])
"""'基于 X 的 Y' describes Y, not the section's concept."""
SECTION_RELATIONS = TOPIC_RELATIONS
"""Relations a heading may be the subject of ('用于防止过拟合' under 'Dropout' is about Dropout)."""


BY_MEANS = frozenset(["通过", "借助", "利用", "通过使用", "使用", "采用", "by", "using"])


def cue_subject(site: CueSite):
    """The subject kg.subjects.resolve_subject finds, else (or completed by) the readings below that know the cue."""
    section_ok = (site.cue.relation in SECTION_RELATIONS or site.cue.shape == "frame") \
        and site.cue.words[0] not in EXPLICIT_ONLY and site.cue.words[0] not in ("通过", "通过使用")
    subject = resolve_subject(site.doc, site.sentence, site.spans, site.start, site.label, site.heading, section_ok,
                              site.previous_line, site.line_spans)
    if subject is None and site.cue.language == "en":
        subject = _defined_by_relative_clause(site)
    if subject is None and site.cue.relation == "uses":
        subject = _idea_owner(site)
    if site.cue.relation == "uses" and (subject is None or subject.rule == "heading"):
        subject = setting_subject(site.doc, site.sentence, site.spans, site.start) \
            or built_subject(site.doc, site.sentence, site.spans, site.start, site.end) or subject
    if subject is None and section_ok and site.cue.relation == "uses":
        subject = _writer_subject(site)
    if subject is None and site.cue.relation == "uses" and site.cue.words[0] in ("通过", "通过使用"):
        subject = _section_means(site)
    if site.cue.relation in ("solves", "causes", "variant_of") and site.cue.shape == "infix":
        subject = _with_owner_of_means(site, subject)
    if site.cue.relation == "uses" and (subject is None or subject.rule == "heading"):
        doc, first = site.doc, clause_start(site.doc, site.sentence, site.start)
        opening = [t.lower_ for t in doc[first : site.start]]
        if all(word in BY_MEANS for word in opening):  # 通过使用 Y，X 能够…: X opens the next clause
            later = next_clause_openers(doc, site.spans, site.end, site.sentence.end)
            if later:
                return Subject(later[0], "next_clause", tuple(later[1:]))
    return subject


def _defined_by_relative_clause(site: CueSite) -> Subject | None:
    """'Adam is an optimization algorithm that combines momentum and RMSProp': what the class noun does, the
    name defined as one of that class does. Only 'X is/are a(n) <at most four words> that/which CUE', X opening
    the clause; 'This is a layer that uses …' has no named subject."""
    doc, first = site.doc, clause_start(site.doc, site.sentence, site.start)
    if site.start - 1 <= first or doc[site.start - 1].lower_ not in ("that", "which"):
        return None
    article = next((i for i in range(site.start - 2, max(first, site.start - 7), -1) if doc[i].lower_ in ("a", "an")), None)
    if article is None or article - 1 <= first or doc[article - 1].lower_ not in ("is", "are"):
        return None
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z\-]*", t.text) for t in doc[article + 1 : site.start - 1]):
        return None  # '… a layer, which uses …' or a clause between: not the class noun alone
    own = [s for s in site.spans if s.end == article - 1 and s.start in (first, first + 1)]
    if not own or (own[0].start == first + 1 and doc[first].lower_ not in ("a", "an", "the")):
        return None
    return Subject(own[0].concept, "own")


def _with_owner_of_means(site: CueSite, subject: Subject | None) -> Subject | None:
    """'LSTM 通过门控机制缓解了 Y': the gate (the means) and LSTM (which uses it) both solve Y; 'L2 正则化通过
    惩罚大权重来防止 Y': L2 does, by a means the lexicon does not name; 'X 使用了两种新技术改进了 Y': X is the variant."""
    if subject is not None and subject.rule in ("means", "own"):
        means = next((s for s in site.spans if s.concept == subject.concept and s.end <= site.start), None)
        owner = by_means_owner(site.doc, site.sentence, site.spans, site.start, means) if means else None
        return Subject(subject.concept, subject.rule, (*subject.together, owner)) if owner else subject
    if subject is None or subject.rule in ("heading", "label", "topic"):
        owner = by_means_owner(site.doc, site.sentence, site.spans, site.start)
        return Subject(owner, "opener") if owner else subject
    return subject


def bare_lead(doc, start: int, end: int) -> bool:
    """Only numbers, measures, adjectives and determiners stand between a cue and its object."""
    return all(t.tag_.startswith(("m", "q", "a", "b")) or t.text == "了" or t.lower_ in DETERMINERS for t in doc[start:end])


IDEA_WORDS = frozenset("思想 思路 想法 原理 做法 本质 关键 核心 核心思想 基本思想 主要思想 基本原理 主要做法".split())
IDEA_MODIFIERS = frozenset("主要 基本 核心 关键 根本 具体".split())


def _idea_owner(site: CueSite) -> Subject | None:
    """'LSTM 的主要思想是利用 门结构 …', '跳元模型的核心是使用 softmax': the idea of X is to use Y, so X uses Y."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    owner = next((s for s in site.spans if s.start >= first), None)
    if owner is None or owner.end >= site.start or any(t.lower_ not in ADJECTIVAL_VERBS for t in doc[first : owner.start]):
        return None
    words = [t.text for t in doc[owner.end : site.start]]
    if words[:1] != ["的"]:
        return None
    words = words[1:]
    if words[:1] and words[0] in IDEA_MODIFIERS:
        words = words[1:]
    if not words or words[0] not in IDEA_WORDS:
        return None
    rest = words[1:]
    return Subject(owner.concept, "own") if rest and rest[-1] in ("是", "就是", "在于") and all(w in COPULA_GAP for w in rest[:-1]) else None


MEANS_AFTER = frozenset("来 以 进行 实现".split())


def _section_means(site: CueSite) -> Subject | None:
    """'通过 注意力汇聚（attention pooling）来有偏向性地选择输入' under 'Attention': a sentence that opens with
    通过 Y 来… and names nothing else says how the section's concept works. Not '通过细节可以知道' (no means
    link), nor '通过 Y 来衡量 语言模型' (the purpose is another concept's)."""
    doc, sentence = site.doc, site.sentence
    if site.heading is None or site.heading in ROLE_NAMES or site.start != sentence.start or continues_sentence(doc):
        return None
    after = [s for s in site.spans if s.start >= site.end]
    if not after or not bare_lead(doc, site.end, after[0].start):
        return None
    link = after[0].end
    if link < sentence.end and doc[link].text in ("（", "("):  # past a gloss: '注意力汇聚（attention pooling）来…'
        link = next((i + 1 for i in range(link, sentence.end) if doc[i].text in ("）", ")")), sentence.end)
    if link >= sentence.end or doc[link].text not in MEANS_AFTER:
        return None
    stop = next((i for i in range(link, sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text == "。"), sentence.end)
    if any(s.start >= link and s.end <= stop for s in site.spans):
        return None  # '通过 Y 来衡量 语言模型': the purpose is another concept's (or names the section's own)
    return Subject(site.heading, "section_means")


def _writer_subject(site: CueSite) -> Subject | None:
    """'在这里，我们使用 小批量随机梯度下降 作为优化算法' under 'softmax回归的简洁实现': the writer builds the
    section's one concept, so the tool they pick is its tool. Only the writer and 将/会 open the clause
    (not '我们也可以使用…', one option), the clauses before name nothing and set no purpose or condition
    ('为了…，我们使用…'), and the object follows the cue bare ('我们使用列表中的子词' is about the list).
    Under a heading that names the role ('优化算法'), '使用 Y 作为 优化算法' is the tool of the section above.
    Under '编码器' the writer builds one model's encoder, not encoders."""
    doc, sentence = site.doc, site.sentence
    connective = len(doc) > 1 and doc[1].text in ("，", ",")  # '但是，…' opens a sentence of its own
    if site.heading is None or site.heading in ROLE_NAMES or (continues_sentence(doc) and not connective) \
            or doc[sentence.start].lower_ in NO_SECTION_OPENERS | SUPPOSING:
        return None
    first = clause_start(doc, sentence, site.start)
    words = [t.lower_ for t in doc[first : site.start]]
    if not words or words[0] not in WRITERS or not all(w in WRITERS or w in ("将", "会", "就", "还", "在此") for w in words):
        return None
    if any(s.start < first for s in site.spans):
        return None
    role = [s for s in site.spans if s.start == site.tail + len(site.cue.tail)] if site.cue.shape == "frame" else []
    if role and role[0].concept == site.heading:
        return Subject(site.outer_heading, "writer") if site.outer_heading else None
    return None if site.heading in CLASS_CONCEPTS else Subject(site.heading, "writer")


COPULA_GAP = frozenset("都 也 就 其实 本质上 实际上 本身 则 便 正".split())


CONTRIBUTION = re.compile(r"^的?(?:最主要|主要|最大)?的?(?:贡献|创新|创新点|改进)(?:之一)?就?是")
"""'X 最主要的贡献是…': what X did, so X is the subject of the clauses that go on."""


def sentence_opener(site: CueSite) -> Subject | None:
    """The concept that opens the sentence as its subject, when a later clause goes on without one."""
    opening = next((s for s in site.spans if s.start == site.sentence.start), None)
    if opening is None:
        return None
    rest = site.doc[opening.end : site.sentence.end].text.replace(" ", "")
    if not CONTRIBUTION.match(rest) and (not closes_phrase(site.doc, opening) or site.doc[opening.end].text in ("的", "之")):
        return None
    return Subject(opening.concept, "sentence")
