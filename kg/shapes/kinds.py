"""X is a kind of Y (is_a): the bare copula ('BERT 是预训练模型', '最常见的损失函数是平方误差'), the kind
after 'X 是一种' (or after its modifier: 'X 是一个 纯使用注意力的 编码-解码器 模型'), '作为一种 Y，X …', and
the examples shape ('A、B 等 Y', 'Y，如 A、B', '常见的 Y 有 A、B').

The infix reading calls the first ones for its is_a cues; kg.shapes.parts reads EXAMPLE_MARKERS to tell
a list of examples ('常用的激活函数包括 …') from a list of parts.
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.phrases import CLAUSE_BREAKS, GENERIC_HEADS, closes_phrase, followed_by_variant_noun, gap_ok, object_items
from kg.shapes.site import CueSite, Fact, cue_facts, head_end, plays_a_role, subject_plays_a_role
from kg.shapes.subject import COPULA_GAP
from kg.subjects.clauses import clause_start
from kg.subjects.model import DEMOTED, Subject


def kind_facts(site: CueSite, subject: Subject, obj) -> Iterator[Fact]:
    """X 是一种 Y: only the first object ('X 是一种 A 和 B 的结合' is not two kinds)."""
    if followed_by_variant_noun(site.doc, obj):
        yield Fact("variant_of", subject.concept, obj.concept, f"{site.cue.language}.variant_of.is_a_variant",
                   site.cue.confidence - DEMOTED[subject.rule])
        return
    if obj.end < len(site.doc) and site.doc[obj.end].lower_ in FOR_NOUNS:
        return  # 'X 是一个 深度学习 框架' is a kind of framework, not of deep learning
    if opens_relative_clause(site.doc, obj, site.sentence.end):
        return  # 'X 可以看作一种 束宽 为1的 束搜索': the name is the subject of a modifier of the kind
    if subject.rule != "heading" and subject_plays_a_role(site, subject):
        return  # '编码器是一个 RNN': one model's encoder, not encoders
    yield from cue_facts(site, subject, [obj.concept])


STATING_VERBS = frozenset("为 是 有 具有 等于 大于 小于 不超过".split())
"""'束宽 为 1 的': what the name is said to be or have inside a modifier."""


AS_A = frozenset(["作为一种", "作为一个"])


def as_a_kind(site: CueSite, obj) -> Iterator[Fact]:
    """'作为一种 Y，X …': the kind ends the opening clause, and X opens the next one as a whole name."""
    doc, end = site.doc, head_end(site.doc, obj)
    if end >= site.sentence.end or doc[end].text not in ("，", ","):
        return
    opener = [s for s in site.spans if s.start == end + 1]
    if opener and closes_phrase(doc, opener[0]) and opener[0].concept != obj.concept and not plays_a_role(doc, opener[0]):
        yield Fact("is_a", opener[0].concept, obj.concept, f"{site.cue.language}.is_a.as_a", round(site.cue.confidence - 0.05, 2))


def kind_after_modifier(site: CueSite) -> list:
    """'X 是一个 [纯使用注意力的] 编码-解码器 模型。', 'X 是一类 [强大的、为处理图像数据而设计的] 神经网络。': the
    kind is the name right after the modifier's last 的 that ends the clause (at most its class noun after it)."""
    doc = site.doc
    end = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"),
               site.sentence.end)
    if end < site.sentence.end and doc[end].text not in ("，", ",", "；", ";"):
        return []
    last = doc[end - 1].text in ("。", ".", "！") and end - 1 or end
    heads = [s for s in site.spans if s.start > site.end and head_end(doc, s) == last and doc[s.start - 1].text == "的"]
    return heads[-1:]


def opens_relative_clause(doc, obj, stop: int) -> bool:
    """A verb follows the name and a 的 closes what it says before the clause ends ('束宽 为 1 的 …')."""
    if obj.end >= stop or doc[obj.end].text not in STATING_VERBS:
        return False
    end = next((i for i in range(obj.end, stop) if doc[i].text in CLAUSE_BREAKS), stop)
    return any(t.text == "的" for t in doc[obj.end + 1 : end])


CLAUSE_OPENERS = frozenset("而 但 但是 则 所以 因此 其实 而且 并且 那么 简而言之 总之".split())


SUPERLATIVE = re.compile(r"^最(?:常见|常用|受欢迎|流行|有用|重要|基本|简单|著名|广泛使用)")


def copula(site: CueSite, obj) -> Iterator[Fact]:
    """A bare 是: 'BERT 是语言的预训练模型，…', '编码器和解码器都是 RNN' (X is_a Y), and '最常见的损失函数是
    平方误差' (Y is_a X). Only when X opens its clause as a bare name (not '第二个元素', '每个词元',
    '优化算法的目标函数', 'X 的目标'), nothing but 都/也/其实 stands before 是, no count stands before Y
    ('是64个通道'), and Y ends the clause (with at most its class noun: 'Y 模型，')."""
    doc = site.doc
    end = obj.end + (1 if obj.end < len(doc) and doc[obj.end].lower_ in GENERIC_HEADS else 0)
    if end < len(doc) and doc[end].text not in ("，", "。", "；", ",", ";", "：", ":", "）", ")", "（", "("):
        return
    if any(t.tag_ in ("m", "q") or t.text in ("可能", "也许", "或者") for t in doc[site.end : obj.start]):
        return
    first = clause_start(doc, site.sentence, site.start)
    while first < site.start and doc[first].lower_ in CLAUSE_OPENERS:
        first += 1
    before = [s for s in site.spans if first <= s.start and s.end <= site.start]
    if not before or any(doc[i].lower_ not in COPULA_GAP for i in range(before[-1].end, site.start)):
        return
    subject = before[-1]
    lead = "".join(t.text for t in doc[first : subject.start])
    confidence = site.cue.confidence
    if SUPERLATIVE.match(lead) and lead.endswith("的"):
        if obj.concept != subject.concept:  # '最受欢迎的激活函数是 ReLU': ReLU is the kind's member
            yield Fact("is_a", obj.concept, subject.concept, f"{site.cue.language}.is_a.superlative_copula", confidence)
        return
    names = [s for s in before if s.start >= first]
    joined = all(all(t.text in COORDINATORS_OR_GAP for t in doc[a.end : b.start]) for a, b in zip(names, names[1:]))
    if names[0].start != first or not joined:
        return  # '第二个元素是…', '每个词元是…', 'A 的 B 是…': the subject is more than a name
    for name in names:
        if name.concept != obj.concept and not plays_a_role(doc, name):
            yield Fact("is_a", name.concept, obj.concept, f"{site.cue.language}.is_a.copula", confidence)


COORDINATORS_OR_GAP = frozenset("、 和 与 及 以及 , ，".split())


FOR_NOUNS = frozenset("框架 平台 工具 库 工具包 任务 领域 问题 数据集 framework library toolkit task field".split())
"""'X 是一个 深度学习 框架': a head noun that names a thing for the concept, not the concept."""


EXAMPLE_MARKERS = frozenset("常用 常见 典型 各种 多种 许多 很多 一系列 不同 常用的 常见的 主要的 一些 某些 popular common".split())


EN_PREDICATES = frozenset("are is were was can have has".split())
EXAMPLE_CLOSERS = frozenset("等 等等 ） ) 。 ； ;".split())


def examples(site: CueSite) -> Iterator[Fact]:
    """'ReLU、Leaky ReLU、ELU 等激活函数', '集成学习，如 Bagging、Boosting 等', '激活函数（如 ReLU 和 tanh）':
    each named example is a kind of the class the sentence names next to it. The class must be a name of
    its own right beside 等 / before 如; the examples must be names joined by 、/和 with nothing else between."""
    doc = site.doc
    if site.cue.words[-1].endswith("有"):
        yield from _kinds_listed(site)
        return
    if site.cue.words[0] in ("等", "等等"):
        kinds = [s for s in site.spans if s.start == site.end]
        items = _items_ending_at(doc, site.spans, site.start)
        if not kinds or not items or not closes_phrase(doc, kinds[0]) or plays_a_role(doc, kinds[0]):
            return
        end = head_end(doc, kinds[0])
        if end < len(doc) and doc[end].text == "的":
            return  # 'LSTM 等门机制 的结构': the class modifies a noun
        kind, chosen = kinds[0], items
    else:
        at = site.start - (1 if site.start > 0 and doc[site.start - 1].text in ("，", ",", "（", "(") else 0)
        kinds = [s for s in site.spans if head_end(doc, s) == at and s.start >= site.sentence.start]
        stop = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"
                     or (site.cue.language == "en" and doc[i].lower_ in EN_PREDICATES)), site.sentence.end)
        items = object_items(doc, site.spans, site.end, stop, bounded=True, closed_at=stop)
        if not kinds or not items or items[0].start != site.end:
            return
        if kinds[-1].start > 0 and doc[kinds[-1].start - 1].text in ("和", "、", "与", "及", "以及", "或"):
            return  # '类别和边界框（如偏移量）': the example may be of the whole coordination
        after = head_end(doc, items[-1])
        closed = after >= site.sentence.end or doc[after].text in EXAMPLE_CLOSERS or (
            doc[after].text in ("，", ",") and len(items) >= 2) or (
            site.cue.language == "en" and doc[after].lower_ in ("are", "is", "etc", "etc.", ")", ",", "."))
        if not closed or (len(items) < 2 and not (after < len(doc) and doc[after].text in ("等", "等等", "）", ")"))):
            return
        kind, chosen = kinds[-1], items
    for item in chosen:
        if item.concept != kind.concept:
            yield Fact("is_a", item.concept, kind.concept, f"{site.cue.language}.is_a.examples", site.cue.confidence)


def _kinds_listed(site: CueSite) -> Iterator[Fact]:
    """'常见的激活函数有 ReLU、sigmoid 和 tanh', '激活函数主要有 sigmoid、tanh、ReLU 等': members of the class
    the clause opens with, when the clause says they are common ones (常见/常用…) or ends them with 等.
    'GRU 有重置门和更新门' names parts, not kinds: nothing."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    kinds = [s for s in site.spans if first <= s.start and s.end <= site.start and
             gap_ok(doc, head_end(doc, s), site.start, frozenset(["主要", "一般", "通常"]))]
    if not kinds or not all(doc[i].lower_ in EXAMPLE_MARKERS or doc[i].text == "的" for i in range(first, kinds[-1].start)):
        return
    stop = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"),
                site.sentence.end)
    items = object_items(doc, site.spans, site.end, stop, bounded=True)
    if len(items) < 2 or items[0].start != site.end:
        return
    marked = any(doc[i].lower_ in EXAMPLE_MARKERS for i in range(first, kinds[-1].start))
    after = head_end(doc, items[-1])
    listed = after < len(doc) and doc[after].text in ("等", "等等")
    if not (marked or listed) or not (after >= site.sentence.end or doc[after].text in EXAMPLE_CLOSERS or doc[after].is_punct):
        return
    for item in items:
        if item.concept != kinds[-1].concept:
            yield Fact("is_a", item.concept, kinds[-1].concept, f"{site.cue.language}.is_a.examples", site.cue.confidence)


def _items_ending_at(doc, spans: list, end: int) -> list:
    """The names of an enumeration 'A、B 和 C' whose last item ends at doc[end]."""
    last = [s for s in spans if head_end(doc, s) == end or s.end == end]
    if not last:
        return []
    items = [last[-1]]
    while True:
        earlier = [s for s in spans if s.end <= items[0].start]
        if not earlier:
            break
        gap = [t.text for t in doc[head_end(doc, earlier[-1]) : items[0].start]]
        if len(gap) != 1 or gap[0] not in ("、", "和", "与", "及", "以及", "或", "，", ","):
            break
        items.insert(0, earlier[-1])
    if len(items) >= 2 and any(doc[head_end(doc, a)].text in ("，", ",") for a in items[:-1]) and \
            not any(doc[head_end(doc, a)].text in ("、", "和") for a in items[:-1]):
        items = items[-1:]  # 'A，B 等' with no 、/和 anywhere: the comma ends a clause
    return items
