"""X is made from Y: of ('X 是 Y 的一种 / 的变体 / 之一', is_a or variant_of by the cue), frame (opening
words, Y, closing words: '在 Y 的基础上改进', '用 Y 作为…', '针对 Y'), remade ('X 对 Y 做了三个修改') and
idea_taken ('X 吸收了 Y 的思想，并在此基础上…').

kg.shapes.parts reads `of` turned round for part_of ('Y 是 X 的一部分').
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.phrases import GENERIC_HEADS, VARIANT_NOUNS, closes_phrase, object_items
from kg.shapes.site import FRONTING, CueSite, Fact, cue_facts, head_end, names_harm
from kg.shapes.subject import cue_subject
from kg.subjects.clauses import clause_start
from kg.subjects.model import Subject
from kg.subjects.resolve import resolve_subject


def of(site: CueSite) -> Iterator[Fact]:
    """X 是 Y 的一种 / 的变体 / 之一: the object stands right before the cue, the subject before 是."""
    doc = site.doc
    if site.cue.relation == "is_a" and site.end < site.sentence.end and doc[site.end].text in VARIANT_NOUNS:
        return
    first = clause_start(doc, site.sentence, site.start)
    if site.start > first and doc[site.start - 1].text in PROPOSING and site.cue.words[0] in ("的一种", "的一类", "的一个"):
        yield from _proposed_kind(site, first)  # 'X 是 Hinton 提出的一种 Y'
        return
    before = [s for s in site.spans if first <= s.start and s.end <= site.start]
    if not before:
        return
    obj = before[-1]
    between = [t.text for t in doc[obj.end : site.start]]
    if between and not (len(between) <= 3 and all(t in ("的", "最", "广泛", "使用", "常用") or t in GENERIC_HEADS for t in between)):
        return
    copula = [i for i in range(first, obj.start) if doc[i].text in OF_COPULAS]
    modifier = doc[copula[-1] + 1 : obj.start] if copula else ()
    verbs = [t for t in modifier if t.tag_.startswith(("v", "p")) and t.tag_ != "vn" and t.text not in ("最", "常用", "使用", "广泛使用")]
    if verbs and _one_of(site) and modifier[-1].text == "的" and not any(s.start >= copula[-1] for s in before[:-1]):
        verbs = []  # 'LeNet 是 最早发布的 卷积神经网络 之一': a relative clause before the head, no name in it
    if not copula or verbs or (len(modifier) > 1 and modifier[-1].text != "的"):
        return  # 'X 是 基于 Y 的一种算法': Y is a modifier, not what X is a kind of
    at = copula[-1]
    while at - 1 >= first and doc[at - 1].text in OF_COPULAS:
        at -= 1  # 'GRU 可以看成 是 LSTM 的简化'
    owner = resolve_subject(doc, site.sentence, site.spans, at, None, None, False) or _held_as(site, first, at)
    if owner is not None and owner.rule in ("own", "opener") and owner.concept != obj.concept:
        yield from cue_facts(site, owner, [obj.concept])


HOLDING_OPENERS = frozenset("我们 我们可以 我们也可以 可以 也可以 不妨 通常 一般 人们".split())


def _held_as(site: CueSite, first: int, at: int) -> Subject | None:
    """'我们可以把 GRU 看作 LSTM 的简化版本': the name after 把/将 is what the copula (看作, 视为) says of; only the
    writer, a modal and 把 stand before it."""
    doc = site.doc
    if at - first < 2 or doc[at].text not in OF_COPULAS or doc[at].text in ("是", "为", "就是", "也是", "都是", "属于"):
        return None
    named = [s for s in site.spans if first < s.start and s.end == at]
    if len(named) != 1 or doc[named[0].start - 1].text not in FRONTING:
        return None
    if not all(t.text in HOLDING_OPENERS or t.text in FRONTING for t in doc[first : named[0].start]):
        return None
    return Subject(named[0].concept, "own")


PROPOSING = frozenset("提出 发明 设计 开发 提出来".split())


def _proposed_kind(site: CueSite, first: int) -> Iterator[Fact]:
    """'余弦调度器是 :cite:`…` 提出的一种 启发式算法', 'X 是 Hinton 等人提出的一种 Y': who proposed it
    stands between 是 and 一种; the kind follows the cue and ends the clause."""
    doc = site.doc
    copula = [i for i in range(first, site.start - 1) if doc[i].text in ("是", "就是", "也是")]
    if not copula or any(copula[-1] < s.start < site.start for s in site.spans) or site.start - copula[-1] > 8:
        return
    objects = [s for s in site.spans if s.start == site.end]
    if not objects or not closes_phrase(doc, objects[0]):
        return
    owner = resolve_subject(doc, site.sentence, site.spans, copula[-1], None, None, False)
    if owner is not None and owner.rule in ("own", "opener") and owner.concept != objects[0].concept:
        yield from cue_facts(site, owner, [objects[0].concept])


OF_COPULAS = frozenset("是 为 属于 作为 就是 也是 都是 视为 看作 看做 看成 视作 看作是 看成是 看做是 可以视为 可以看作 可视为 被视为 被看作".split())
"""What stands before 'Y 的一种 / 的特例 / 之一': X 是 / 可以视为 Y 的特例."""


def _one_of(site: CueSite) -> bool:
    return site.cue.words[-1].endswith("之一")


FOUNDATION_VERBS = ("改进", "引入", "提出", "创建", "做", "增加", "加入", "简化", "扩展", "修改", "改造", "发展")
"""What follows '在 Y 的基础上' when X is built as a variant of Y (Mask R-CNN 在 Faster R-CNN 的基础上引入…)."""


FOUNDATION_ADVERBS = frozenset("又 还 再 进一步 也 主要 首先".split())
"""What may stand between '在 Y 的基础上' and its verb."""


def frame(site: CueSite) -> Iterator[Fact]:
    """Opening words, the object, closing words: X 是基于 Y 的一种算法; 对 Y 的改进; 用 Y 作为 …"""
    if site.tail is None:
        return
    objects = object_items(site.doc, site.spans, site.end, site.tail, closed_at=site.tail)
    if not objects or head_end(site.doc, objects[-1]) != site.tail:
        # '使用 [学习率为0.1的] 小批量随机梯度下降 作为…': a modifier with names in it, the head right before the tail
        head = [s for s in site.spans if head_end(site.doc, s) == site.tail and s.start > site.end]
        objects = object_items(site.doc, head, site.end, site.tail, clausal=True, closed_at=site.tail)
    if not objects or head_end(site.doc, objects[-1]) != site.tail:
        return  # '对 AdaGrad 算法 的改进': the class noun may follow the name
    if site.cue.object_kind == "harm" and not all(names_harm(site.doc, o) for o in objects):
        return  # '针对 图像分类 设计' names a task, not a problem
    if site.cue.tail[-1:] == ("上",) and site.cue.words[0] != "建立在":
        after = site.tail + len(site.cue.tail)
        while after < len(site.doc) and site.doc[after].text in FOUNDATION_ADVERBS:
            after += 1  # '在 V1 的基础上 又 做了一些改进'
        if after >= len(site.doc) or not site.doc[after].text.startswith(FOUNDATION_VERBS):
            return  # 'X 在 mini-batch 的基础上 对每个特征…' works on top of Y; '在 Y 的基础上 改进/引入' makes a variant
    subject = cue_subject(site)
    if subject is not None:
        yield from cue_facts(site, subject, [o.concept for o in objects])


REMAKING_VERBS = frozenset("做了 做 作了 作 进行了 进行 做出了 做出 作出".split())
REMAKES = frozenset("修改 改进 改动 扩展 简化 调整".split())
REMAKE_COUNTS = re.compile(r"^(?:[一二两三四五六七八九十几\d]+(?:个|处|点|项|种)?|一些|若干|许多|很多|多处|小|重要|关键|主要|的)$")


def remade(site: CueSite) -> Iterator[Fact]:
    """'GloVe 模型基于平方损失对跳元模型做了三个修改', 'X 对 Y 进行了一些改进': X is a variant of Y. Only a
    remaking verb, a count and a remaking noun stand after Y; '我们对数据做了预处理', '对 Y 的修改' (no verb) say
    nothing of the subject."""
    doc = site.doc
    objects = [s for s in site.spans if s.start == site.end]
    if not objects:
        return
    i = head_end(doc, objects[0])
    if i >= site.sentence.end or doc[i].text not in REMAKING_VERBS:
        return
    i += 1
    if i < site.sentence.end and doc[i].text == "了":
        i += 1
    while i < site.sentence.end and REMAKE_COUNTS.match(doc[i].text):
        i += 1
    if i >= site.sentence.end or doc[i].text not in REMAKES:
        return
    subject = cue_subject(site) or _opener_past_means(site)
    if subject is not None and subject.rule in ("own", "opener", "sentence", "heading"):
        yield from cue_facts(site, subject, [objects[0].concept])


MEANS_PREPOSITIONS = frozenset("基于 通过 利用 使用 借助 用 采用".split())


def _opener_past_means(site: CueSite) -> Subject | None:
    """'GloVe 基于平方损失 对 Y 做了修改': the clause's opening name, past one means phrase ('基于 Z') before the cue."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    before = [s for s in site.spans if first <= s.start and s.end <= site.start]
    if len(before) != 2 or before[0].start != first or not closes_phrase(doc, before[0]):
        return None
    at = head_end(doc, before[0])
    if doc[at].text not in MEANS_PREPOSITIONS or before[1].start != at + 1 or head_end(doc, before[1]) != site.start:
        return None
    return Subject(before[0].concept, "opener")


BASE_POINTERS = ("在此基础上", "在这个基础上", "在其基础上", "在这一基础上", "在此基础之上")


def idea_taken(site: CueSite) -> Iterator[Fact]:
    """'GoogLeNet 吸收了 NiN 中串联网络的思想，并在此基础上做了改进': X takes Y's idea and improves on it, so X is
    a variant of Y. Without the second clause ('X 借鉴了 Y 的思想') X only uses it (the uses cue says so)."""
    doc = site.doc
    objects = [s for s in site.spans if s.start == site.end]
    if not objects:
        return
    rest = doc[head_end(doc, objects[0]) : site.sentence.end].text.replace(" ", "")
    idea = rest.find("思想")
    if idea < 0 or "，" not in rest[idea:] and "," not in rest[idea:]:
        return
    after = rest[idea:]
    base = next((after.find(p) for p in BASE_POINTERS if p in after), -1)
    if base < 0 or not after[base:].lstrip("在此这个其一基础之上").startswith(FOUNDATION_VERBS):
        return
    subject = cue_subject(site)
    if subject is not None and subject.rule in ("own", "opener", "heading"):
        yield from cue_facts(site, subject, [objects[0].concept])
