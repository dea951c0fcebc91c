"""X cue Y, the shape most cues have ('Dropout 用于解决 过拟合', 'GRU is a variant of LSTM'): the objects
after the cue and the subject before it (turned round for a reverse cue: 'Overfitting can be mitigated by
dropout').

Here stand the filters every infix object passes (an announcement before the items, a remark in brackets,
a pointer back ('这些'), a modifier ('基于 Y 的 Z'), a setting or an axis rather than a thing used); what
a relation then makes of its objects is read in that relation's module (kinds, uses, solves).
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.effects import clause_effect
from kg.phrases import CLAUSE_BREAKS, GENERIC_HEADS, PURPOSE_WORDS, ConceptSpan, negated, object_items
from kg.shapes.kinds import AS_A, as_a_kind, copula, kind_after_modifier, kind_facts, opens_relative_clause
from kg.shapes.site import (
    PART_NAME, CueSite, Fact, cue_facts, inside_brackets, named_before, names_harm, names_part, rule_name,
)
from kg.shapes.solves import remedy_named, solved_by_means, solved_later
from kg.shapes.subject import EXPLICIT_ONLY, bare_lead, cue_subject
from kg.shapes.uses import BUILDS_IN, cue_combines, described_by_use, use_facts, used_to_make
from kg.subjects.clauses import clause_start


def relation_is_a_means(site: CueSite, obj) -> bool:
    """'使用困惑度来衡量…' / '使用 X 作为…': X serves some purpose the sentence names, not the section's concept.
    A layer or block built in for a purpose ('引入一个 1×1卷积层 来变换输入') is still a part of it."""
    if site.cue.relation != "uses":
        return False
    if site.cue.words[0] in BUILDS_IN and names_part(site.doc, obj):
        return False
    end = obj.end + (1 if obj.end < len(site.doc) and site.doc[obj.end].lower_ in GENERIC_HEADS else 0)
    return end < len(site.doc) and site.doc[end].lower_ in PURPOSE_WORDS


def _names_data(doc, span) -> bool:
    """The name is a data set's ('MNIST 数据集', 'Fashion-MNIST', 'PTB数据集')."""
    text = doc[span.start : span.end].text.lower()
    following = doc[span.end].text if span.end < len(doc) else ""
    return text.endswith(("数据集", "数据", "dataset", "语料", "语料库")) or following.startswith(("数据集", "数据", "语料"))


def _bare_article(doc, start: int, end: int) -> bool:
    """Nothing but an English article stands before the object ('is based on the Transformer')."""
    return all(t.lower_ in ("a", "an", "the") for t in doc[start:end])


def _purpose_names_a_concept(site: CueSite, obj, subject: str) -> bool:
    """The rest of the clause after the object names a concept besides the subject ('使用困惑度来衡量语言模型')."""
    doc = site.doc
    stop = next((i for i in range(obj.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text == "。"),
                site.sentence.end)
    return any(s.start >= obj.end and s.end <= stop and s.concept != subject for s in site.spans)


def infix(site: CueSite) -> Iterator[Fact]:
    """X cue Y: Dropout 用于解决 过拟合; 结合了 A 和 B; GRU is a variant of LSTM."""
    stop = site.next_cue if site.cue.relation in ("uses", "has_component") else site.sentence.end
    begin = site.end
    if site.cue.relation in ("uses", "has_component"):
        begin = announcement_end(site.doc, site.end, stop)  # '使用两个任务：A、B'
    if site.cue.relation == "uses" and past_focus(site.doc, begin, site.sentence.end) > begin:
        begin, stop = past_focus(site.doc, begin, site.sentence.end), site.sentence.end  # 'DenseNet 使用的是 4个 稠密块'

    stop = min([i for i in range(begin, stop) if site.doc[i].text in CLAUSE_BREAKS and site.doc[i].text not in ("，", ",")]
               or [stop])
    if site.cue.relation == "uses":
        described = list(described_by_use(site))
        if described:
            yield from described
            return
    clausal = site.cue.relation in ("is_a", "variant_of", "solves", "causes")
    objects = object_items(site.doc, [s for s in site.spans if not negated(site.doc, s)], begin, stop, clausal,
                           merits=cue_combines(site))
    if site.cue.relation == "is_a" and objects and site.cue.words[0] in ("是", "是一个", "为"):
        owner = _owner_of_named_layer(site)
        if owner is not None:
            if PART_NAME.search(objects[0].concept) or any(PART_NAME.search(n) for n in _names_of(site, objects[0])):
                yield Fact("has_component", owner.concept, objects[0].concept, "zh.has_component.layer_is", 0.75)
            return  # 'X 的输出层是一个全连接层': what is said is what X's layer is, not what X is
    if site.cue.relation == "is_a" and site.cue.words != ("是",) and (
            not objects or opens_relative_clause(site.doc, objects[0], site.sentence.end)):
        objects = kind_after_modifier(site)  # 'X 是一个 纯使用注意力的 编码-解码器 模型。'
    if not objects and site.cue.relation == "solves":
        yield from solved_by_means(site)  # '梯度消失问题可以通过 ReLU 来缓解'
        yield from remedy_named(site)  # '解决过拟合的常用方法是正则化'
        return
    if not objects or (site.cue.relation == "alias" and objects[0].start - site.end > 2):
        return
    if site.cue.words[0] in EXPLICIT_ONLY and (not _bare_article(site.doc, begin, objects[0].start)
                                               or _modifies_next(site.doc, objects[-1])):
        return  # '基于 训练数据集 的 损失函数', '是基于 GBDT 的一种算法': what follows 基于 modifies a noun
    if any(site.doc[i].text in POINTING_BACK for i in range(site.end, objects[0].start)):
        return  # '使用这些模型参数': the object points back to something named before, not a concept
    if site.cue.words[0] in ("用", "用了") and "的" in (gap := site.doc[site.end : objects[0].start].text.replace(" ", "")) \
            and len(gap) >= 5:
        return  # '能够用 高度准确的 词元 来预测': bare 用 before a described thing says how, not what is used
        # (judged blind); '用 较小的 学习率 来补偿' still uses the rate
    if site.cue.relation == "uses" and _counted_layers(site.doc, site.end, objects[0].start):
        return  # 'AlexNet 使用了 8层 卷积神经网络' says what AlexNet is, not what it uses
    if site.cue.relation == "uses":
        objects = [o for o in objects if not _sets_a_value(site.doc, o) and not AXIS_NAME.search(site.doc[o.start : o.end].text)]
        if not objects:
            return  # '通过 步幅为2的 残差块', '基于 特征维度 进行规范化': a setting of the thing used, an axis to work along
    if inside_brackets(site.doc, _bracket_opening(site), site.start) and not _own_inside(site):
        return  # 'GBDT 用决策树作为弱学习器（浅层，防止过拟合）': the remark is about the tree, not GBDT
    if site.cue.words[0] in ADDS:
        objects = [o for o in objects if names_part(site.doc, o)]
        if not objects:
            return  # '增加了计算量': only an added layer, block or gate is a part
    if site.cue.object_kind == "harm":
        objects = [o for o in objects if names_harm(site.doc, o)]
        if not objects:
            return
    if site.cue.object_kind == "state":
        objects = [o for o in objects if clause_effect(site.doc[o.start : o.end].text.replace(" ", ""))]
        if not objects:
            return  # '使模型能够处理变长序列': 使 makes anything do anything; only a noun and its state is an effect
    if site.cue.words[0] in MAKES and not _ends_clause(site.doc, objects[-1]):
        return  # '残差连接使得深层网络更容易训练': what it makes is a clause about the network, not the network
    if site.cue.relation in ("solves", "causes") and _problem_is_a_clause(site.doc, objects[-1], stop):
        return  # '解决了 one-hot 表示维度高、稀疏的问题': the problem is what is said of one-hot, not one-hot
    if site.cue.words == ("是",):
        yield from copula(site, objects[0])
        return
    if site.cue.words[0] in AS_A and site.start == clause_start(site.doc, site.sentence, site.start):
        yield from as_a_kind(site, objects[0])  # '作为一种贪心方法，字节对编码迭代地合并…'
        return
    subject = cue_subject(site)
    if subject is not None and subject.rule == "next_clause":
        objects = [o for o in objects if not any(site.doc[i].text in CLAUSE_BREAKS for i in range(site.end, o.start))]
        if not objects:
            return  # '通过使用 Y，A 和 B 能够…': the names after the break are the subjects, not what is used
    if site.cue.direction == "reverse":
        if subject is not None and subject.rule in ("own", "opener"):  # 'Overfitting can be mitigated by dropout'
            for obj in objects:
                yield Fact(site.cue.relation, obj.concept, subject.concept, rule_name(site, subject.rule), site.cue.confidence)
        return
    if subject is None and site.cue.relation == "uses":
        yield from used_to_make(site, objects)  # '我们使用 A 来训练 B': B uses A
        return
    if subject is not None and subject.rule == "writer" and not bare_lead(site.doc, begin, objects[0].start):
        return  # '我们使用 列表中的 子词': the writer uses something the lexicon does not name
    if subject is not None and subject.rule == "writer":
        objects = [o for o in objects if not _names_data(site.doc, o)]
        if not objects:
            return  # '我们使用 MNIST 数据集': the writer's experiment runs on the data, the model does not use it
    if subject is None or (subject.rule in ("heading", "writer") and relation_is_a_means(site, objects[0])
                           and (subject.rule == "heading" or _purpose_names_a_concept(site, objects[-1], subject.concept))):
        return  # '我们使用 sigmoid 函数来拟合概率' (under 逻辑回归) keeps the writer's tool; '…来衡量语言模型' does not
    if site.cue.relation == "is_a":
        yield from kind_facts(site, subject, objects[0])
    elif site.cue.relation == "uses" and solved_later(site, objects[-1]) \
            and any(names_harm(site.doc, s) for s in named_before(site, subject.concept)):
        return  # '梯度消失问题可以通过 ReLU 来缓解': a problem uses nothing; ReLU solves it (solved_by_means)
    elif site.cue.relation == "uses":
        yield from use_facts(site, subject, objects)
    elif site.cue.relation == "alias" and _names_a_modified_thing(site, subject.concept, objects[0]):
        return  # '输出的卷积层有时被称为特征映射' names the layer's output, not the layer
    else:
        yield from cue_facts(site, subject, [o.concept for o in objects])


def _names_a_modified_thing(site: CueSite, subject: str, obj) -> bool:
    """A 的-modifier stands before the alias's subject in its clause or before its object ('向量的长度通常称为
    向量的维度'): the name is of that modified thing, not of the concept the span names."""
    first = clause_start(site.doc, site.sentence, site.start)
    own = [s for s in named_before(site, subject) if s.start >= first]
    before_subject = site.doc[first : own[-1].start] if own else ()
    return any(t.text == "的" for t in before_subject) or any(t.text == "的" for t in site.doc[site.end : obj.start])


MAKES = frozenset("使得 会使得".split())
"""Cues whose object is a clause more often than a name: only a name that ends the clause is the effect."""


LAYER_ROLES = frozenset("输出 输入 隐藏 最后 最后一 第一 中间 顶 底".split())


def _owner_of_named_layer(site: CueSite):
    """'softmax回归 的 输出 层 是一个…': the clause before the cue is 'X 的 [role] 层/块', a layer of X
    the lexicon does not name; X (its own concept, right before 的) owns the layer."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    words = [t.text for t in doc[first : site.start]]
    if "的" not in words:
        return None
    of = first + len(words) - 1 - words[::-1].index("的")
    tail = "".join(words[of - first + 1 :])
    match = re.fullmatch(r"(.{0,3}?)(层|块)", tail)
    if not match or (match.group(1) and match.group(1) not in LAYER_ROLES):
        return None
    owners = [s for s in site.spans if s.end == of and s.start >= first]
    return owners[-1] if owners else None


def _names_of(site: CueSite, span) -> list[str]:
    return [site.doc[span.start : span.end].text]


def _ends_clause(doc, span) -> bool:
    if span.end >= len(doc):
        return True
    following = doc[span.end].text
    return following in CLAUSE_BREAKS or following in ("。", "！", "!", "等", "等等", "的问题", "的现象", "、", "和", "与", "或") \
        or (following == "的" and span.end + 1 < len(doc) and doc[span.end + 1].text in PROBLEM_NOUNS) or following in PROBLEM_NOUNS


PROBLEM_NOUNS = frozenset("问题 现象 情况 风险 缺陷".split())


def _problem_is_a_clause(doc, last, stop: int) -> bool:
    """'one-hot 表示维度高、稀疏 的问题', '梯度 过大 的问题': more than 的/等 stands between the named object
    and the 问题 that closes the phrase, so the problem is a clause about the name."""
    for i in range(last.end, min(stop, last.end + 10)):
        if doc[i].text in PROBLEM_NOUNS or doc[i].text in ("的问题", "的现象"):
            return any(t.text not in ("的", "等", "等等") for t in doc[last.end : i])
        if doc[i].text in ("。", "；", ";", "，", ",", "：", ":"):
            return False
    return False


AXIS_NAME = re.compile(r"(?<!降)维度$|(?<![A-Za-z])(?:dimensions?|axis|axes)$|轴$", re.I)
"""'通过 inputs 最外层的维度实现循环', '基于特征维度进行规范化': the dimension says along which axis the thing
works, not a thing it uses (judged blind, three times)."""


def _sets_a_value(doc, span: ConceptSpan) -> bool:
    """'步幅为2的残差块', '填充为1的卷积层': the name with '为 <number> 的' after it sets a value of the noun that
    follows; that noun is what is used (judged blind: 'ResNet uses 步幅' was not)."""
    rest = doc[span.end : min(len(doc), span.end + 4)].text.replace(" ", "")
    return re.match(r"(?:为|是|=)\$?[\d.]+\$?(?:[×x*]\$?[\d.]+\$?)?的", rest) is not None


def past_focus(doc, start: int, stop: int) -> int:
    """'X 使用的是 Y' / '用的就是 Y': the cue's object follows 的是."""
    words = [t.text for t in doc[start : min(stop, start + 2)]]
    if words[:1] in (["的是"], ["的就是"]):
        return start + 1
    return start + 2 if words[:1] == ["的"] and words[1:2] in (["是"], ["就是"]) else start


ANNOUNCING = frozenset("以下 如下 下面 下列 这些 这 几 几种 几个".split())


APPOSITION_MARKS = frozenset([":", "：", "--", "——", "—", "－－", "-"])
"""What stands between an announcing phrase and what it announces ('一种基本方法--梯度下降', '两个任务：')."""


def announcement_end(doc, start: int, stop: int) -> int:
    """After '两个任务：' / '以下三种方法：' / '一种基本方法--' (a count or 以下, a few nouns, a colon or dash)
    the items begin; else `start`."""
    for i in range(start, min(stop, start + 5)):
        if doc[i].text in APPOSITION_MARKS:
            words = doc[start:i]
            counted = any(t.tag_ == "m" or t.text[:1] in "一二两三四五六七八九十几多" or t.text in ANNOUNCING for t in words)
            nouns = all(t.tag_.startswith(("m", "q", "n", "a")) or t.text in ANNOUNCING or t.text == "的" for t in words)
            end = i + 1
            while end < stop and doc[end].text in ("—", "-"):
                end += 1  # '——' comes out as two tokens
            return end if len(words) and counted and nouns else start
    return start


POINTING_BACK = frozenset("这些 这个 这种 那些 那个 该 此 上述 其".split())


def _modifies_next(doc, span) -> bool:
    """'基于 GBDT 的一种算法' ('的一种' is one cue token), '基于 Y 的 损失': Y is a modifier."""
    if span.end >= len(doc) or not doc[span.end].text.startswith("的"):
        return False
    return len(doc[span.end].text) > 1 or (span.end + 1 < len(doc) and not doc[span.end + 1].is_punct)


def _counted_layers(doc, start: int, end: int) -> bool:
    words = [t.text for t in doc[start:end]]
    return any(re.fullmatch(r"\d+层|[一二两三四五六七八九十]+层", w) for w in words) or any(
        w == "层" and i > 0 and doc[start + i - 1].tag_ == "m" for i, w in enumerate(words))


def _bracket_opening(site: CueSite) -> int:
    """Where the sentence's remarks may open: '…数据。（解决 Y 的问题）' has its bracket at the end of the sentence before."""
    start = site.sentence.start
    return start - 1 if start > 0 and site.doc[start - 1].text in ("（", "(") else start


def _own_inside(site: CueSite) -> bool:
    """A name inside the same bracket right before the cue is the remark's own subject."""
    opening = max(i for i in range(_bracket_opening(site), site.start) if site.doc[i].text in ("（", "("))
    return any(s.start > opening and s.end <= site.start for s in site.spans)


ADDS = frozenset("增加 增加了 添加 添加了 插入 插入了".split())
"""Cues that state a part only when what is added is a layer, block or gate (在 A 和 B 之间增加隐藏层)."""
