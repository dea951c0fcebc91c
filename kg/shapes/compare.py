"""X compared with Y (compared_with, symmetric): pair ('X 与 Y 的区别', 'X 和 Y 类似', 'A、B 和 C 之间的差异'),
prefix ('相比 Y，X …', '与 Y 类似，X …', 'X 类似于 Y'), than ('X 比 Y 更快') and among ('比较 A、B 和 C',
'compare A, B and C'): an enumeration of three or more, or one after a verb of comparing, compares each pair.

They share the words of degree and respect that may stand between the names and the cue ('非常', '的架构').
"""
from __future__ import annotations

import re
from itertools import combinations
from typing import Iterator

from kg.phrases import (
    CLAUSE_BREAKS, SEPARATORS, SUBJECT_GAP_WORDS, bare_enumeration, closes_phrase, gap_ok, next_clause_openers, no_break,
    object_items,
)
from kg.shapes.infix import past_focus
from kg.shapes.site import CueSite, Fact, cue_facts, head_end, plays_a_role, rule_name
from kg.shapes.subject import bare_lead
from kg.subjects.clauses import clause_start
from kg.subjects.model import Subject
from kg.subjects.resolve import resolve_subject


DEGREE_WORDS = frozenset("非常 十分 很 极其 颇为 相当 几乎 基本 基本上 大致 惊人地 高度".split())
"""How alike two things are ('X 与 Y 非常相似', '几乎是一样的')."""
PAIRED = ("与", "和", "跟", "同", "、", "vs", "VS", "/", "以及", "及")


def pair(site: CueSite) -> Iterator[Fact]:
    """X 与 Y 的区别 / X 和 Y 类似 / X 和 Y 之间的一个关键区别 / 训练 X 与训练 Y 几乎是一样的."""
    doc = site.doc
    near = [s for s in site.spans if s.end <= site.start]
    chief = near and site.cue.words[0].startswith("的") and all(t.text in CHIEF for t in doc[near[-1].end : site.start])
    if len(near) < 2 or not (gap_ok(doc, near[-1].end, site.start, DEGREE_WORDS) or _aspect_gap(doc, near[-1].end, site.start)
                             or chief or _named_difference(site, near[-1])):
        return
    if site.cue.words[0] in SAMENESS and not gap_ok(doc, near[-1].end, site.start, DEGREE_WORDS) and not any(
            t.text in ASPECT_NOUNS for t in doc[near[-1].end : site.start]):
        return  # 'A 和 B 的形状相同' says their shapes match, not how the two compare; 'A 和 B 的目标相同' does
    first, second = near[-2], near[-1]
    opens = clause_start(doc, site.sentence, site.start)
    listed = _listed_up_to(doc, site.spans, near[-1], site.start)
    if len(listed) >= 3 and (gap_ok(doc, opens, listed[0].start) or _named_difference(site, listed[-1])):
        yield from _each_pair(site, listed)  # 'A、B 与 C 的区别在于…', '描述了 ELMo、GPT 和 BERT 之间的差异'
        return
    between = doc[first.end : second.start].text.strip()
    done_to_both = _done_to_both(doc, first, second)
    if not gap_ok(doc, opens, first.start) and not (done_to_both and gap_ok(doc, opens, first.start - 1)):
        return  # 'X 和 Y 不同' has them as its subject, not as objects of some verb
    if between in PAIRED or done_to_both:
        yield Fact(site.cue.relation, first.concept, second.concept, rule_name(site), site.cue.confidence)


def _listed_up_to(doc, spans: list, last, stop: int) -> list:
    """The bare enumeration of names that ends with `last` ('A、B 和 C' before '之间的差异'), read from its first item."""
    for span in spans:
        if span.end > last.start:
            break
        listed = bare_enumeration(doc, spans, span.start, stop, closed_at=last.end)
        if listed and listed[-1] == last:
            return listed
    return []


def _named_difference(site: CueSite, last) -> bool:
    """'A 和 B 之间的区别', 'A、B 和 C (之间)的差异': the names and a noun of comparing make one noun phrase, which a
    list of three may be anywhere in ('描述了 … 之间的差异'); a predicate ('在 A、B 和 C 中用于相同用途') needs
    the names as its subject."""
    gap = [t.text for t in site.doc[head_end(site.doc, last) : site.start]]
    return site.cue.words[0].startswith("的") and gap in ([], ["之间"])


def _each_pair(site: CueSite, items: list) -> Iterator[Fact]:
    for one, other in combinations(items, 2):
        yield Fact(site.cue.relation, one.concept, other.concept, rule_name(site), site.cue.confidence)


def among(site: CueSite) -> Iterator[Fact]:
    """比较 A、B 和 C / 将比较的是 A、B 和 C 这几个架构的… / compare A, B and C: the verb of comparing takes an
    enumeration of names right after it (at most numbers or determiners before), and compares each pair, perhaps
    in some respect after 的. '比较常用' (fairly common) takes no names; '比较 训练误差' one name, compared with
    nothing named."""
    doc = site.doc
    begin = past_focus(doc, site.end, site.sentence.end)
    stop = next((i for i in range(begin, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text not in ("，", ",")),
                site.sentence.end)  # a comma may part the items ('compare A, B and C'): object_items tells
    first = next((s for s in site.spans if s.start >= begin), None)
    if first is None or not bare_lead(doc, begin, first.start):
        return
    respect = next((i for i in range(first.end, stop) if doc[i].text == "的"), None)  # '比较 A、B 和 C 的 参数量'
    yield from _each_pair(site, bare_enumeration(doc, site.spans, first.start, stop, closed_at=respect))


SAME_DOINGS = frozenset("训练 使用 用 计算 实现 初始化".split())


def _done_to_both(doc, first, second) -> bool:
    """'训练 X 与 训练 Y 几乎是一样的': the same verb before each compares the two."""
    gap = [t.text for t in doc[first.end : second.start]]
    return first.start > 0 and len(gap) == 2 and gap[0] in ("与", "和", "跟") and gap[1] == doc[first.start - 1].text \
        and gap[1] in SAME_DOINGS


def _aspect_gap(doc, start: int, end: int) -> bool:
    """'A 和 B 的 设计理念 非常 相似', 'A 和 B 之间的一个关键区别': they are compared in some respect."""
    if start < end and doc[start].text == "之间":
        start += 1
    if start + 1 < end and doc[start].text in CHIEF and doc[start + 1].text == "的":
        start += 1  # 'A 与 B 最大的不同在于…
    gap = doc[start:end]
    return 2 <= len(gap) <= 5 and gap[0].text == "的" and no_break(doc, start, end) and \
        all(t.tag_.startswith(("n", "d", "a", "vn")) or t.lower_ in SUBJECT_GAP_WORDS or t.text in ("一个", "最大", "主要")
            for t in gap[1:])


def _remark_until(doc, start: int, stop: int) -> bool:
    """doc[start:stop] is one bracketed remark ('（在 :numref:`sec_conv_layer` 中）')."""
    return stop - start >= 2 and doc[start].text in ("（", "(") and doc[stop - 1].text in ("）", ")")


CHIEF = frozenset("最大 主要 本质 根本 关键 核心 显著 最主要".split())
"""'A 与 B 最大的不同': the chief one of their differences."""
SAMENESS = frozenset("一样 相同 一致 不一致".split())
LIKENESS = frozenset("类似 相似 一样 相同 类似于 相似于 不同 不同于 相反".split())
ASPECT_NOUNS = frozenset("架构 结构 原理 思想 思路 设计 做法 形式 目标 作用 公式 训练 训练过程".split())
"""'AlexNet 的架构与 LeNet 相似': the two are alike in this respect."""


RESPECTS = ASPECT_NOUNS | frozenset("实现 版本 结果 性能 效果".split())
"""'与 Y 的简洁实现相比': X's implementation (version, results) against Y's, so X against Y."""


def _in_one_respect(doc, start: int, stop: int) -> bool:
    """doc[start:stop] is '的', perhaps an adjective, one of RESPECTS, perhaps a bracketed remark ('的简洁实现（…）')."""
    if start >= stop or doc[start].text != "的":
        return False
    noun = start + 1 + (start + 2 < stop and doc[start + 1].tag_.startswith("a"))
    if noun >= stop or doc[noun].text not in RESPECTS:
        return False
    return noun + 1 == stop or _remark_until(doc, noun + 1, stop)


def prefix(site: CueSite) -> Iterator[Fact]:
    """相比 Y，X … / 与 Y 相比，X …: the other side opens the next clause (or stood before the cue).
    Likeness (与 Y 类似，X …; X 类似于 Y; X，与 Y 类似，…): the other side must open its clause."""
    doc = site.doc
    alike = (site.cue.tail or site.cue.words)[-1] in LIKENESS
    stop = site.tail if site.tail is not None else site.sentence.end
    after = [s for s in site.spans if s.start >= site.end and s.end <= stop]
    if site.tail is not None and after:
        # '与 [通过卷积核减少输入元素的] 常规卷积（在…中）相比': the head at the end, a remark may follow it
        head = after[-1]
        if alike and head.end != site.tail and gap_ok(doc, head.end, site.tail, DEGREE_WORDS):
            pass  # 'X 与 Adagrad 算法 非常 相似'
        elif head.end != site.tail and not _remark_until(doc, head.end, site.tail) and not (
                not alike and _in_one_respect(doc, head.end, site.tail)):
            return
        before_head = doc[head.start - 1] if head.start > site.end else None
        if before_head is not None and before_head.text.isascii() and before_head.text.isalnum():
            return  # '与 PTB 数据集 相比': the name is PTB's, which the lexicon lacks, not 数据集 ('常规 卷积' is 卷积)
        if alike and before_head is not None and before_head.text != "的" and before_head.text not in SEPARATORS:
            return  # '与 互相关 运算符 一样': the head has a modifier the lexicon lacks
        owner_end = head.start - (2 if head.start - 2 >= site.end and doc[head.start - 2].text in ("中", "里") else 1)
        if alike and (plays_a_role(doc, head) or (before_head is not None and before_head.text == "的"
                                                    and any(s.end == owner_end for s in site.spans))):
            return  # '与 Transformer 的编码器一样', '与线性回归中的损失函数类似': a part of another named thing
        items = object_items(doc, site.spans, site.end, site.tail, closed_at=site.tail)
        after = items if items and items[-1] == head else [head]  # '与 AlexNet、LeNet 一样，VGG …', '与 A 和 B 相比': each
    if not after or not no_break(doc, site.end, after[0].start) or not (
            closes_phrase(doc, after[0]) or _compared_in_amount(doc, after[0])) and site.tail is None:
        return
    if site.cue.words[0] in RELATIVE_TO and after[0].start != site.end:
        return  # '正则化项相对于两个参数的梯度': relative to something else, not compared with the name
    first = clause_start(doc, site.sentence, site.start)
    if site.tail is not None and first < site.start and doc[first].text in FRAME_OPENERS:
        return  # '与 A 和 B 相比，…': this 和 joins the items of the frame that opens the clause
    before = [s for s in site.spans if first <= s.start and s.end <= site.start and gap_ok(doc, s.end, site.start)]
    if alike:
        before = [s for s in site.spans if first <= s.start and s.end <= site.start and gap_ok(doc, first, s.start)
                  and (gap_ok(doc, _past_gloss(doc, s.end, site.start), site.start, DEGREE_WORDS)
                       or _in_respect(doc, s.end, site.start))][:1]
        if not before and first > site.sentence.start and site.start == first:
            before = _named_clause(doc, site.spans, clause_start(doc, site.sentence, first - 1), first - 1)
    sides = after if alike or site.tail is not None else after[:1]  # a likeness or a closed frame: each name it holds
    if before:
        for other in sides:
            yield Fact(site.cue.relation, before[-1].concept, other.concept, rule_name(site), site.cue.confidence)
        return
    if alike and not _likeness_opens_clause(site, first, after[0]):
        return  # '第一个模块类似于 AlexNet，Inception块…': what is alike is not the next clause's subject
    openers = next_clause_openers(doc, site.spans, (site.tail or after[0].end), site.sentence.end)
    if not openers and not alike and site.tail is not None:
        yield from _unnamed_side(site, after)
    for later in openers:
        for other in sides:
            yield Fact(site.cue.relation, later, other.concept, rule_name(site), site.cue.confidence)


DIFFERENCE_OPENING = re.compile(r"(?:这里|此处|本节)?的?(?:唯一|主要|最大|一个)?的?(?:区别|不同|变化|差异|改动|改变)|这里|此处|本节")
"""What follows '与 Y 相比，' when the sentence names no X: what differs ('这里的主要变化是…', '唯一的区别是…')."""
NAMELESS_SUBJECTS = frozenset("label previous_sentence previous_line heading".split())


def _unnamed_side(site: CueSite, after: list) -> Iterator[Fact]:
    """'与 Y 相比，' opening a sentence that names no X: alone on its line (the sentence goes on below) or followed by
    what differs ('唯一的区别是我们添加了…'). X is found as subjects are found elsewhere: the line's label, the
    sentence before, or the heading when it names exactly one concept (kg.subjects.resolve_subject)."""
    doc, sentence = site.doc, site.sentence
    comma = site.tail + len(site.cue.tail)
    if site.start != sentence.start or comma >= sentence.end or doc[comma].text not in ("，", ","):
        return
    rest = "".join(t.text for t in doc[comma + 1 : sentence.end] if not t.is_punct)
    if rest and not DIFFERENCE_OPENING.match(rest):
        return
    subject = resolve_subject(doc, sentence, site.spans, site.start, site.label, site.heading, True, site.previous_line,
                              list(site.line_spans))
    if subject is not None and subject.rule in NAMELESS_SUBJECTS:
        yield from cue_facts(site, subject, [other.concept for other in after])


FRAME_OPENERS = frozenset("与 和 跟 同".split())
"""The openings of the '与 … 相比 / 和 … 类似' frames."""
RELATIVE_TO = frozenset(["相对于", "比起"])
"""Also the mathematician's 'relative to' ('f 相对于 x 的梯度'): the name must follow at once."""


def _compared_in_amount(doc, span) -> bool:
    """'LSTM 相比 RNN 多了三个门': what X has more or less of than Y follows Y."""
    end = head_end(doc, span)
    return end < len(doc) and (doc[end].text in ("多了", "少了", "多", "少", "更", "要", "还") or doc[end].text in COMPARATIVES)


def _likeness_opens_clause(site: CueSite, first: int, obj) -> bool:
    """'与 Y 类似，X …' / '类似于 Y，X …': the likeness is the whole opening clause, and the name opening the
    next one is a whole subject ('与多层感知机一样，隐藏层数目…' is about a count, not 隐藏层)."""
    doc = site.doc
    if not gap_ok(doc, first, site.start):
        return False
    if site.tail is None:
        end = head_end(doc, obj)
        if end >= site.sentence.end or doc[end].text not in CLAUSE_BREAKS:
            return False  # '类似于 ResNet 使用的4个残差块，…'
    breaks = [i for i in range((site.tail or obj.end), site.sentence.end) if doc[i].text in CLAUSE_BREAKS]
    opener = [s for s in site.spans if breaks and s.start == breaks[0] + 1]
    return bool(opener) and closes_phrase(doc, opener[0])


def _in_respect(doc, start: int, end: int) -> bool:
    """'X 的架构 与 Y 相似', 'X 在两个方面 与 Y 相似': X is compared in one respect."""
    gap = [t.text for t in doc[start:end]]
    if len(gap) == 2 and gap[0] == "的" and gap[1] in ASPECT_NOUNS:
        return True
    return 2 <= len(gap) <= 5 and gap[0] == "在" and gap[-1] in ("方面", "上") and no_break(doc, start, end)


def _past_gloss(doc, end: int, stop: int) -> int:
    """Where the text after a name goes on past its bracketed gloss ('连续词袋（CBOW）模型')."""
    if end < stop and doc[end].text in ("（", "("):
        close = next((i for i in range(end + 1, stop) if doc[i].text in ("）", ")")), None)
        if close is not None:
            return close + 1
    return end


def _named_clause(doc, spans: list, start: int, end: int) -> list:
    """The clause doc[start:end] is one name, perhaps with a bracketed gloss: '交叉熵 (Cross-Entropy)，与 …'."""
    inside = [s for s in spans if start <= s.start and s.end <= end]
    if not inside or inside[0].start != start:
        return []
    rest = doc[inside[0].end : end]
    if len(rest) and not _remark_until(doc, inside[0].end, end):
        return []
    return inside[:1]


COMPARING_DEGREE = frozenset("要 更 还 都 都要 还要 要更 更加 稍微 略 略微 稍 明显 显著 远 通常".split())
COMPARATIVES = frozenset("快 慢 好 差 简单 复杂 高效 稳定 有效 准确 少 多 小 大 低 高 强 弱 深 浅 容易 困难 鲁棒 灵活 轻量 "
                         "快得多 慢得多 好得多 要慢 要快 要好 更快 更慢 更好 更少 更多 需要".split())
"""What the comparison says of X ('更 快', '要 好', '需要 更少的参数')."""


def than(site: CueSite) -> Iterator[Fact]:
    """X 比 Y 更快 / X 的训练时间比 Y 要慢 / X 的效果要比 A 与 B 都要好: X is compared with each of Y (A, B).
    Y must follow 比 at once and end its phrase (at most '的 速度' after it), and a comparative word close it;
    '比 简单加权平均值 更复杂的函数' or '比例' compare nothing the lexicon names."""
    doc, stop = site.doc, site.sentence.end
    stop = next((i for i in range(site.end, stop) if doc[i].text in CLAUSE_BREAKS), stop)
    close = next((i for i in range(site.end + 1, stop) if doc[i].text in COMPARING_DEGREE or doc[i].text in COMPARATIVES
                  or (doc[i].text == "的" and i + 1 < stop and doc[i + 1].tag_.startswith("n"))), None)
    if close is None:
        return
    objects = object_items(doc, site.spans, site.end, close, bounded=True, closed_at=close)
    if not objects or objects[0].start != site.end or head_end(doc, objects[-1]) != close:
        return
    i = close + (2 if doc[close].text == "的" else 0)  # '和 梯度下降 的 速度 快'
    while i < stop and doc[i].text in COMPARING_DEGREE:
        i += 1
    if i >= stop or not (doc[i].text in COMPARATIVES or doc[i].tag_.startswith("a")):
        return
    subject = _compared_subject(site)
    if subject is not None:
        yield from cue_facts(site, subject, [o.concept for o in objects])


def _compared_subject(site: CueSite) -> Subject | None:
    """The name opening the clause, with at most its aspect ('的 训练 时间'), a setting ('在…时') or adverbs
    before 比; else who the sentence is about ('Word2Vec …，但比 NNLM 简单')."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    opening = [s for s in site.spans if s.start == first and s.end <= site.start]
    if opening:
        gap = [t for t in doc[head_end(doc, opening[0]) : site.start]]
        gap = gap[1:] if gap and gap[0].text == "的" else gap
        aspect = all(t.tag_.startswith(("n", "vn", "d")) or t.text in SUBJECT_GAP_WORDS or t.text in COMPARING_DEGREE
                     or t.text in ("收敛", "得") for t in gap)
        if len(gap) <= 4 and aspect and not any(s.start > opening[0].start and s.end <= site.start for s in site.spans):
            return Subject(opening[0].concept, "own")
    subject = resolve_subject(doc, site.sentence, site.spans, site.start, None, None, False)
    return subject if subject is not None and subject.rule in ("own", "sentence", "anaphor") else None
