"""X has Y as a part (has_component): the list shape ('X 包括 A、B 和 C', '由两部分组成：第一部分是 A，…'),
around ('X 由 A、B 组成'), named_part ('在 X 中，…块被称为 Y块'), part_is ('X 的一个关键组件是 Y') and
part_of ('Y 是 X 的一部分', read as kg.shapes.variants.of reads 'Y 是 X 的一种', turned round).

A list is a list of parts unless the sentence says otherwise: a family ('ReLU 有许多变体，包括 A、B'),
examples ('常用的 Y 包括 …', '… 等'), or methods taken up ('修改了一些方法，其中包括 A、B').
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from kg.phrases import CLAUSE_BREAKS, ConceptSpan, closes_phrase, no_break, object_items
from kg.shapes.kinds import EXAMPLE_MARKERS
from kg.shapes.site import CueSite, Fact, cue_facts, head_end, names_part, rule_name
from kg.shapes.subject import cue_subject, sentence_opener
from kg.shapes.variants import of
from kg.subjects.clauses import clause_start
from kg.subjects.model import DEMOTED, Subject
from kg.subjects.resolve import resolve_subject
from kg.subjects.words import FIELDS


ORDINALS = frozenset("第一 第二 第三 第四 第五 第六 一个 另一个 另外一个 还有一个 其一 其二 其三 一是 二是 三是 首先 其次 再次 最后".split())
ORDINAL_MEASURES = frozenset("部分 个 种 步 方面 任务 阶段 层 模块 组件 子层".split())
ORDINAL_GAP = frozenset("， , ； ; 、 还有 另 另外 而 和 以及".split())


def ordinal_items(doc, spans: list[ConceptSpan], start: int, stop: int) -> list[ConceptSpan] | None:
    """'由两部分组成：第一部分是 A，第二部分是 B', '包括两个任务，一个是 A，还有一个是 B': after a short
    announcement, items that open with an ordinal and 是. None when the sentence is not so built (fewer
    than two ordinal items); else the items whose name stands right after 是 and closes its phrase."""
    i = start
    while i < stop and i - start < 5 and doc[i].text not in ORDINALS:
        if not (doc[i].tag_.startswith(("m", "q", "n")) or doc[i].text in (":", "：", "，", ",", "以下", "如下")):
            return None  # '包括计算 A 的梯度…': no announcement, an ordinary object
        i += 1
    starts = {s.start: s for s in spans}
    items, markers = [], 0
    while i < stop and doc[i].text in ORDINALS:
        j = i + 1
        if j < stop and doc[j].text in ORDINAL_MEASURES:
            j += 1
        if doc[i].text.endswith("是"):
            j -= 1  # '一是 A'
        elif j >= stop or doc[j].text not in ("是", "为"):
            break
        markers += 1
        item = starts.get(j + 1)
        if item is not None and item.end <= stop and closes_phrase(doc, item):
            items.append(item)
        i = j + 1
        while i < stop and doc[i].text != "。" \
                and not (doc[i].text in ORDINALS and doc[i - 1].text in ORDINAL_GAP):
            i += 1  # the rest of this item (its remark, its explanation) up to the next ordinal after a separator
    return items if markers >= 2 else None


def enumeration(site: CueSite) -> Iterator[Fact]:
    """X 包括 A、B 和 C / X consists of A, B, and C; also after '包括以下两个任务：' and
    '由两部分组成：第一部分是 A，第二部分是 B'."""
    doc, end = site.doc, site.end
    if _lists_methods_before(site):
        yield from _methods_included(site)  # '修改了一些预训练方法，其中包括：A、B'
        return
    ordinal = ordinal_items(doc, site.spans, end, site.sentence.end) if site.cue.language == "zh" else None
    if ordinal is not None:
        yield from _listed(site, ordinal)
        return
    if site.cue.tail:  # '有三种类型的门：A、B 和 C': the items follow the colon
        if site.tail is None or not any(t.tag_ == "m" or t.text[:1] in "一二两三四五六七八九十几多" for t in doc[end : site.tail]):
            return
        end = site.tail + 1
    lead = end
    while lead < site.sentence.end and lead - end < 6 and not any(s.start == lead for s in site.spans):
        if doc[lead].text in ("。", "；", ";"):
            return
        lead += 1
    announced = lead > end and doc[lead - 1].text in (":", "：", "即", "分别是", "分别为", "如")
    comma = next((i for i in range(end, lead) if doc[i].text in ("，", ",")), None)
    if not announced and comma is not None and comma > end and all(_counts_parts(t) for t in doc[end:comma]):
        subject = cue_subject(site)
        if subject is None or subject.rule != "own":
            return  # '对于 encoder，包含两层，…': the owner is named out of the clause, maybe not the heading
        announced, lead = True, comma + 1  # 'X 包含两层，一个 A 和一个 B': a count, then the items after the comma
    objects = object_items(doc, site.spans, lead if announced else end, site.next_cue)
    yield from _listed(site, objects)


METHOD_NOUNS = frozenset("方法 技术 技巧 策略 改进 手段 trick tricks".split())
INCLUDED_AMONG = frozenset(["其中", "其中主要"])


def _lists_methods_before(site: CueSite) -> bool:
    """'…的方法，其中包括 A、B': the clause before named methods, and 其中 points back to them."""
    doc, at = site.doc, site.start
    return site.cue.language == "zh" and at >= 3 and doc[at - 1].text in INCLUDED_AMONG \
        and doc[at - 2].text in ("，", ",") and doc[at - 3].lower_ in METHOD_NOUNS


def _methods_included(site: CueSite) -> Iterator[Fact]:
    """'RoBERTa 只是修改了一些预训练时的方法，其中包括：动态掩码、…': the methods are what the sentence's subject
    (the concept opening it) uses, not its parts. Nothing when the sentence opens with no concept."""
    lead = site.end + (1 if site.end < site.sentence.end and site.doc[site.end].text in (":", "：") else 0)
    subject = sentence_opener(site)
    objects = object_items(site.doc, site.spans, lead, site.sentence.end)
    if subject is not None and objects:
        yield from cue_facts(site, subject, [o.concept for o in objects], "uses")


def _listed(site: CueSite, objects: list) -> Iterator[Fact]:
    """The facts a list cue states about its items: members of a family, kinds or examples, or parts."""
    if not objects:
        return
    family = _announced_family(site)
    if family is not None:
        relation, owner = family  # 'ReLU函数有许多变体，包括 A、B': each is a variant of ReLU
        for obj in objects:
            if obj.concept != owner:
                yield Fact(relation, obj.concept, owner, f"{site.cue.language}.{relation}.family_list", round(site.cue.confidence - 0.05, 2))
        return
    subject = cue_subject(site)
    if subject is None or (subject.rule == "sentence" and site.cue.words[0] not in BACK_REFERENCES):
        return  # '…引入了一系列技术，包括 A、B': the list belongs to the noun before the comma
    if _counted_kinds(site):
        return  # '它有两种网络结构，分别是 CBOW 和 Skip-gram': alternatives, not parts
    if _lists_examples(site, objects):
        # '常用的激活函数包括 ReLU、sigmoid 和 tanh' / '包括 A、B 等': kinds or examples, not parts
        for obj in objects:
            yield Fact("is_a", obj.concept, subject.concept, f"{site.cue.language}.is_a.examples", round(site.cue.confidence - 0.05 - DEMOTED[subject.rule], 2))
        return
    yield from cue_facts(site, subject, [o.concept for o in objects])


BACK_REFERENCES = frozenset(["分别为", "分别是"])
"""'LSTM 拥有三个门，分别为 A、B 和 C': the list names the sentence subject's parts."""

_FAMILY_NOUNS = {"变体": "variant_of", "变种": "variant_of", "改进": "variant_of", "种类": "is_a", "类型": "is_a", "类别": "is_a"}


def _counted_kinds(site: CueSite) -> bool:
    """'有两种网络结构，分别是…', '主要有三种方式：': the clause before the list counts kinds (种), so the
    items are alternatives of the subject, not its parts."""
    doc = site.doc
    for i in range(site.start - 1, max(site.sentence.start, site.start - 10) - 1, -1):
        if doc[i].text in ("。", "；"):
            return False
        if doc[i].text.endswith("种") and (doc[i].tag_ == "m" or doc[i].text[:1] in "一二两三四五六七八九十几多"):
            return True
    return False


def _announced_family(site: CueSite) -> tuple[str, str] | None:
    """The clause before the list says 'X 有许多变体 / X 的种类'; the owner is X."""
    doc = site.doc
    for i in range(site.start - 1, max(site.sentence.start, site.start - 8) - 1, -1):
        relation = _FAMILY_NOUNS.get(doc[i].text)
        if relation:
            owners = [s for s in site.spans if s.end <= i and i - s.end <= 4]
            return (relation, owners[-1].concept) if owners else None
    return None


def _lists_examples(site: CueSite, objects: list) -> bool:
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    if any(doc[i].lower_ in EXAMPLE_MARKERS for i in range(first, site.start)):
        return True
    last = objects[-1].end
    return last < len(doc) and doc[last].text in ("等", "等等", "etc")


def around(site: CueSite) -> Iterator[Fact]:
    """X 由 A、B 组成 (the parts stand between 由 and the cue)."""
    doc, sentence = site.doc, site.sentence
    by = [i for i in range(sentence.start, site.start) if doc[i].text in ("由", "是由", "被")]
    if not by:
        return
    stop = site.start
    while stop - 1 > by[-1] and _counts_parts(doc[stop - 1]):
        stop -= 1  # 'X 由 A 和 B 两部分组成': the count of parts after the parts
    if stop == by[-1] + 1 or (stop == by[-1] + 2 and doc[by[-1] + 1].text in ("主要", "若干")) \
            or all(_counts_parts(t) or t.text == "主要" for t in doc[by[-1] + 1 : site.start]):
        yield from _parts_after(site, by[-1])  # 'X 由三个部分组成：A、B、C': the parts follow the cue
        return
    parts = object_items(doc, [s for s in _with_glosses(doc, site.spans) if s.start > by[-1] and s.end <= stop], by[-1] + 1, stop,
                         bounded=True)
    if not parts or not no_break(doc, parts[-1].end, stop):
        return
    owner = resolve_subject(doc, sentence, site.spans, by[-1], site.label, site.heading, True, site.previous_line)
    if owner is not None and owner.rule != "sentence":
        yield from cue_facts(site, owner, [part.concept for part in parts], "has_component")


PART_COUNT_NOUNS = frozenset("部分 个 层 门 模块 组件 子层 块 步骤 步 阶段 部件 分支 路径".split())


def _counts_parts(token) -> bool:
    """'三', '两个', '八层', '2部分': a number, or a number with what is counted (its tagger splits them either way)."""
    text = token.text
    number = re.match(r"[0-9一二两三四五六七八九十几多]+个?", text)
    return token.tag_ in ("m", "q") and (number is not None or text in PART_COUNT_NOUNS) or text in PART_COUNT_NOUNS \
        or (number is not None and text[number.end():] in PART_COUNT_NOUNS)


def _with_glosses(doc, spans: list) -> list:
    """'重置门 reset gate $r_t$': a name glossed right after by another name of the same concept, or by
    its symbol in $…$, is one item."""
    merged: list = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            continue
        if merged and span.start == merged[-1].end and span.concept == merged[-1].concept:
            merged[-1] = replace(merged[-1], end=span.end)
        else:
            merged.append(span)
        end = merged[-1].end
        if end < len(doc) and doc[end].text == "$":
            closing = next((i for i in range(end + 1, min(len(doc), end + 16)) if doc[i].text == "$" and doc[i - 1].text != "$"), None)
            while closing is not None and closing + 1 < len(doc) and doc[closing + 1].text == "$":
                closing += 1
            if closing is not None:
                merged[-1] = replace(merged[-1], end=closing + 1)
    return merged


def _parts_after(site: CueSite, by: int) -> Iterator[Fact]:
    """'X 由三个部分组成：A、B 和 C', 'X 由两个门构成，分别是 A 和 B': only a count stands between 由 and
    the cue, so the parts are listed right after it, behind a colon or 分别是 / 即."""
    doc, end = site.doc, site.end
    if end >= site.sentence.end:
        return
    if doc[end].text in ("：", ":"):
        end += 1
    elif doc[end].text in ("，", ",") and end + 1 < site.sentence.end and doc[end + 1].text in ("分别是", "分别为", "即"):
        end += 2
    elif doc[end].text in ("分别是", "分别为", "即"):
        end += 1
    else:
        return
    parts = object_items(doc, _with_glosses(doc, site.spans), end, site.sentence.end)
    owner = resolve_subject(doc, site.sentence, site.spans, by, site.label, site.heading, True, site.previous_line)
    if parts and owner is not None and owner.rule != "sentence":
        yield from cue_facts(site, owner, [part.concept for part in parts if part.concept != owner.concept], "has_component")


SETTING_OPEN, SETTING_CLOSE = "在", frozenset("中 里 内 当中 之中".split())
FRAMEWORKS = frozenset("pytorch mxnet gluon tensorflow keras paddlepaddle paddle jax 框架 深度学习框架".split())


def named_part(site: CueSite) -> Iterator[Fact]:
    """'在 GoogLeNet 中，基本的卷积块被称为 Inception块': what a model's part is called is a part of that model.
    Only a name that ends like a part (块, 层, 门, 模块) is one; '在统计学中，该过程称为抽样' names a term of a field."""
    doc, sentence = site.doc, site.sentence
    owners = [s for s in site.spans if s.start == sentence.start + 1 and doc[sentence.start].text == SETTING_OPEN]
    if not owners or head_end(doc, owners[0]) >= site.start or doc[head_end(doc, owners[0])].text not in SETTING_CLOSE:
        return
    at = site.end + (1 if site.end < sentence.end and doc[site.end].text in ("*", "“", "「") else 0)
    parts = [s for s in site.spans if s.start == at]
    if not parts or not names_part(doc, parts[0]) or parts[0].concept == owners[0].concept:
        return
    if doc[owners[0].start : owners[0].end].text.lower() in FIELDS | FRAMEWORKS:
        return  # '在 PyTorch 中，全连接层被称为 Linear层' names the framework's word for a layer, not a part of it
    yield Fact("has_component", owners[0].concept, parts[0].concept, rule_name(site), site.cue.confidence)


PART_ORDINALS = frozenset("第一个 第二个 第三个 第四个 另一个 最后一个 一个".split())
PART_QUALITIES = frozenset("关键 核心 主要 重要 基本 最后 第一 第二".split())


def part_is(site: CueSite) -> Iterator[Fact]:
    """'X 的一个关键组件是 Y', under the heading on X '第一个组件是编码器': Y is a part of X. '第一个组件是一个
    编码器' keeps the article; a clause that names no X and stands under no heading on one gives nothing."""
    doc, sentence = site.doc, site.sentence
    first = clause_start(doc, sentence, site.start)
    words = [t.text for t in doc[first : site.start]]
    at = site.end
    while at < sentence.end and doc[at].text in ("一个", "一种", "*", "“"):
        at += 1
    stop = next((i for i in range(at, sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"), sentence.end)
    parts = object_items(doc, site.spans, at, stop, bounded=True) or [s for s in site.spans if s.start == at and closes_phrase(doc, s)]
    if not parts or parts[0].start != at:
        return  # 'X 的关键组件是 [数据迭代器的实现]': the part must be what the clause names first
    before = [s for s in site.spans if first <= s.start and s.end <= site.start]
    if before and before[0].start == first:
        gap = [t.text for t in doc[head_end(doc, before[0]) : site.start]]
        gap = gap[1:] if gap[:2] == ["中", "的"] else gap  # '卷积块中的基本单元是…'
        if len(before) != 1 or gap[:1] != ["的"] or not all(w in PART_ORDINALS or w in PART_QUALITIES for w in gap[1:]):
            return
        owner = Subject(before[0].concept, "own")
    elif words and all(w in PART_ORDINALS or w in PART_QUALITIES for w in words) and site.heading is not None:
        owner = Subject(site.heading, "heading")
    else:
        return
    yield from cue_facts(site, owner, [part.concept for part in parts])


def part_of(site: CueSite) -> Iterator[Fact]:
    """'区域提议网络作为 Faster R-CNN 模型的一部分', 'X 是 Y 的一个组成部分': read as `of` reads 'X 是 Y 的一种',
    then turned round: Y has X as a part."""
    for fact in of(site):
        yield Fact(fact.relation, fact.object, fact.subject, fact.rule, fact.confidence)
