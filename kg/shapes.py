"""One small function per cue shape (kg.cues): where subject and object stand, dispatched from SHAPES.

Each takes a CueSite (the sentence, its concept spans, the cue's tokens, the line label and the
section's concept) and yields Facts. Subjects come from kg.subjects, objects from
kg.phrases.object_items, so an enumeration gives one fact per item everywhere.
English reads as Chinese: a reverse infix cue turns the passive round ('Overfitting can be mitigated by
dropout': dropout solves it), and 'X is a N that CUE Y' says of X what the relative clause says of N.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterator

from kg.cues import CUES, Cue
from kg.normalize import normalize_term
from kg.phrases import (
    PURPOSE_WORDS,
    GENERIC_HEADS,
    SUBJECT_GAP_WORDS,
    CLAUSE_BREAKS,
    NEGATIONS,
    SEPARATORS,
    TOPIC_RELATIONS,
    VARIANT_NOUNS,
    ConceptSpan,
    ADJECTIVAL_VERBS,
    DETERMINERS,
    closes_phrase,
    followed_by_merits,
    followed_by_variant_noun,
    gap_ok,
    name_before_class,
    negated,
    next_clause_opener,
    no_break,
    object_items,
)
from kg.subjects import (
    DEMOTED,
    FIELDS,
    NO_SECTION_OPENERS,
    SUPPOSING,
    WRITERS,
    LineAbove,
    Subject,
    by_means_owner,
    clause_start,
    continues_sentence,
    resolve_subject,
    speaks_of_itself,
)


@dataclass(frozen=True)
class CueSite:
    doc: object
    sentence: object
    spans: list
    """Concept spans inside the sentence, in order."""
    cue: Cue
    start: int
    end: int
    """Token span of the cue's opening words."""
    tail: int | None
    """frame cues: where the closing words start."""
    next_cue: int
    """Where the next cue of the sentence starts (or the sentence ends)."""
    label: str | None
    heading: str | None
    outer_heading: str | None = None
    """The concept the heading above names, when the nearest heading names one ('SVM' over '松弛变量')."""
    previous_line: LineAbove | None = None
    """The prose line right above, for '该架构…' opening this one."""
    line_spans: tuple = ()
    """Concept spans of the whole line, for '它' opening a sentence after 'X。' and for a sentence that points
    back to the one before it."""


@dataclass(frozen=True)
class Fact:
    relation: str
    subject: str
    object: str
    rule: str
    confidence: float


def _rule(site: CueSite, subject_rule: str = "own", relation: str | None = None) -> str:
    base = f"{site.cue.language}.{site.cue.relation}.{site.cue.shape}"
    if relation and relation != site.cue.relation:
        base = f"{site.cue.language}.{relation}.{site.cue.relation}_{site.cue.shape}"  # zh.has_component.uses_infix
    return base if subject_rule == "own" else f"{base}+{subject_rule}"


def _facts(site: CueSite, subject, objects, relation: str | None = None) -> Iterator[Fact]:
    confidence = site.cue.confidence - DEMOTED[subject.rule]
    for concept in (subject.concept, *subject.together):
        for obj in objects:
            if obj != concept:
                yield Fact(relation or site.cue.relation, concept, obj, _rule(site, subject.rule, relation), round(confidence, 2))
            elif subject.rule == "heading" and site.outer_heading not in (None, obj):
                # '引入松弛变量，…' under SVM › 松弛变量: the section is about the part, the sentence about its owner
                yield Fact(relation or site.cue.relation, site.outer_heading, obj, _rule(site, "outer_heading", relation),
                           round(site.cue.confidence - DEMOTED["outer_heading"], 2))


EXPLICIT_ONLY = frozenset(["基于", "is", "based"])
SECTION_RELATIONS = TOPIC_RELATIONS
"""Relations a heading may be the subject of ('用于防止过拟合' under 'Dropout' is about Dropout)."""
HARM_WORDS = re.compile(r"过拟合|欠拟合|消失|爆炸|偏移|退化|稀疏|噪|误差|偏差|方差|冗余|遗忘|溢出|不稳定|震荡|振荡|饱和|缓慢|过慢|"
                        r"困难|敏感|漂移|坍塌|崩溃|泄漏|泄露|偏见|歧义|多义|失真|丢失|损失|风险|开销|代价|复杂度|耗时|overfit|noise|vanish|explod|variance|bias|cost|error|shift|complexity|redundan|instabil")


def relation_is_a_means(site: CueSite, obj) -> bool:
    """'使用困惑度来衡量…' / '使用 X 作为…': X serves some purpose the sentence names, not the section's concept.
    A layer or block built in for a purpose ('引入一个 1×1卷积层 来变换输入') is still a part of it."""
    if site.cue.relation != "uses":
        return False
    if site.cue.words[0] in BUILDS_IN and names_part(site.doc, obj):
        return False
    end = obj.end + (1 if obj.end < len(site.doc) and site.doc[obj.end].lower_ in GENERIC_HEADS else 0)
    return end < len(site.doc) and site.doc[end].lower_ in PURPOSE_WORDS


def names_harm(doc, span) -> bool:
    """The object of 减少/降低 names a harm: its name says so, or '…的问题/现象' follows it."""
    following = [t.text for t in doc[span.end : span.end + 2]]
    return bool(HARM_WORDS.search(doc[span.start : span.end].text.lower())) or "问题" in following or "现象" in following
"""'基于 X 的 Y' describes Y, not the section's concept."""
BY_MEANS = frozenset(["通过", "借助", "利用", "通过使用", "使用", "采用", "by", "using"])


def _subject(site: CueSite):
    section_ok = (site.cue.relation in SECTION_RELATIONS or site.cue.shape == "frame") \
        and site.cue.words[0] not in EXPLICIT_ONLY and site.cue.words[0] not in ("通过", "通过使用")
    subject = resolve_subject(site.doc, site.sentence, site.spans, site.start, site.label, site.heading, section_ok,
                              site.previous_line, site.line_spans)
    if subject is None and site.cue.language == "en":
        subject = _defined_by_relative_clause(site)
    if subject is None and site.cue.relation == "uses":
        subject = _idea_owner(site)
    if subject is None and section_ok and site.cue.relation == "uses":
        subject = _writer_subject(site)
    if subject is None and site.cue.relation == "uses" and site.cue.words[0] in ("通过", "通过使用"):
        subject = _section_means(site)
    if site.cue.relation in ("solves", "causes") and site.cue.shape == "infix":
        subject = _with_owner_of_means(site, subject)
    if site.cue.relation == "uses" and (subject is None or subject.rule == "heading"):
        doc, first = site.doc, clause_start(site.doc, site.sentence, site.start)
        opening = [t.lower_ for t in doc[first : site.start]]
        if all(word in BY_MEANS for word in opening):  # 通过使用 Y，X 能够…: X opens the next clause
            later = next_clause_opener(doc, site.spans, site.end, site.sentence.end)
            if later:
                return Subject(later, "next_clause")
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
    惩罚大权重来防止 Y': L2 does, by a means the lexicon does not name."""
    if subject is not None and subject.rule in ("means", "own"):
        means = next((s for s in site.spans if s.concept == subject.concept and s.end <= site.start), None)
        owner = by_means_owner(site.doc, site.sentence, site.spans, site.start, means) if means else None
        return Subject(subject.concept, subject.rule, (*subject.together, owner)) if owner else subject
    if subject is None or subject.rule in ("heading", "label", "topic"):
        owner = by_means_owner(site.doc, site.sentence, site.spans, site.start)
        return Subject(owner, "opener") if owner else subject
    return subject


def _names_data(doc, span) -> bool:
    """The name is a data set's ('MNIST 数据集', 'Fashion-MNIST', 'PTB数据集')."""
    text = doc[span.start : span.end].text.lower()
    following = doc[span.end].text if span.end < len(doc) else ""
    return text.endswith(("数据集", "数据", "dataset", "语料", "语料库")) or following.startswith(("数据集", "数据", "语料"))


def _bare_lead(doc, start: int, end: int) -> bool:
    """Only numbers, measures, adjectives and determiners stand between a cue and its object."""
    return all(t.tag_.startswith(("m", "q", "a", "b")) or t.text == "了" or t.lower_ in DETERMINERS for t in doc[start:end])


def _bare_article(doc, start: int, end: int) -> bool:
    """Nothing but an English article stands before the object ('is based on the Transformer')."""
    return all(t.lower_ in ("a", "an", "the") for t in doc[start:end])


DESCRIBING_COPULAS = frozenset("是 为 就是 也是 都是 指的是 即 是一种 是一个 是一类 指的是一个 本质上是一种 实际上是一种".split())
BEFORE_USE_WORDS = frozenset("一种 一个 一类 纯 完全 一种纯".split())
BUILT_WORDS = frozenset("设计 构建 构造 搭建 实现 组合 叠加 堆叠".split())
OUTCOME_NOUNS = frozenset("结果 后果 原因 产物 现象 问题 代价 好处 坏处 目的 前提 效果 影响 缺点 优点".split())


def _described_by_use(site: CueSite) -> Iterator[Fact]:
    """'Transformer 是一种基于 注意力机制 的神经网络架构', 'CNN 是一类使用 卷积层 的网络', 'Seq2Seq 是基于
    Encoder-Decoder 框架设计的': X is described as a thing built on Y, so X uses Y. X opens the clause as a bare
    name; Y is the whole modifier before 的 (with its class noun, or a verb of building); '是基于 GBDT 的一种算法'
    (a variant, the frame cue's) and '的变体/特例' are not this."""
    doc, sentence = site.doc, site.sentence
    if site.cue.words[0] not in ("基于", "使用", "采用", "利用", "借助"):
        return
    at = site.start - 1
    while at >= sentence.start and doc[at].text in BEFORE_USE_WORDS:
        at -= 1
    if at < sentence.start or doc[at].text not in DESCRIBING_COPULAS:
        return
    first = clause_start(doc, sentence, at)
    end = at
    while end > first and (doc[end - 1].lower_ in COPULA_GAP or doc[end - 1].lower_ in GENERIC_HEADS):
        end -= 1
    names = [s for s in site.spans if first <= s.start and s.end <= end]
    if not names:
        return
    subject = names[-1]
    if subject.end == end - 1 and doc[end - 1].text in ("）", ")") and len(names) > 1 \
            and names[-2].end == subject.start - 1 and doc[subject.start - 1].text in ("（", "("):
        subject = names[-2]  # '卷积神经网络（CNN）是一类…'
    elif subject.end != end:
        return
    elif name_before_class(names, len(names) - 1, doc) == len(names) - 2:
        subject = names[-2]  # 'ReLU 激活函数 是…'
    if any(t.lower_ not in ADJECTIVAL_VERBS for t in doc[first : subject.start]):
        return  # '注意力汇聚的输出就是基于…', '第一个层是…': the subject is more than a name
    de = next((i for i in range(site.end, min(sentence.end, site.end + 12)) if doc[i].text == "的"), None)
    if de is None:
        return
    described = doc[de + 1] if de + 1 < sentence.end else None
    if described is None or described.is_punct:
        if doc[de - 1].text not in BUILT_WORDS:
            return  # '是基于 Y 框架设计的。' says how X was built; '是基于 Y 的。' may say anything
    elif described.text in VARIANT_NOUNS or described.text in OUTCOME_NOUNS \
            or described.text.startswith(("特例", "特殊", "一种", "一个", "改进", "变")):
        return  # '过拟合是使用过多参数的结果' says what using Y leads to
    close = de
    while close > site.end and (doc[close - 1].lower_ in GENERIC_HEADS or doc[close - 1].text in BUILT_WORDS) \
            and not any(s.start <= close - 1 < s.end for s in site.spans):
        close -= 1
    if not no_break(doc, site.end, close):
        return
    objects = object_items(doc, [s for s in site.spans if not negated(doc, s)], site.end, close, closed_at=close)
    if not objects or objects[-1].end != close or objects[0].start != site.end and site.cue.words[0] == "基于":
        return
    yield from _use_facts(site, Subject(subject.concept, "own"), objects)


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


def _purpose_names_a_concept(site: CueSite, obj, subject: str) -> bool:
    """The rest of the clause after the object names a concept besides the subject ('使用困惑度来衡量语言模型')."""
    doc = site.doc
    stop = next((i for i in range(obj.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text == "。"),
                site.sentence.end)
    return any(s.start >= obj.end and s.end <= stop and s.concept != subject for s in site.spans)


MEANS_AFTER = frozenset("来 以 进行 实现".split())


def _section_means(site: CueSite) -> Subject | None:
    """'通过 注意力汇聚（attention pooling）来有偏向性地选择输入' under 'Attention': a sentence that opens with
    通过 Y 来… and names nothing else says how the section's concept works. Not '通过细节可以知道' (no means
    link), nor '通过 Y 来衡量 语言模型' (the purpose is another concept's)."""
    doc, sentence = site.doc, site.sentence
    if site.heading is None or site.heading in ROLE_NAMES or site.start != sentence.start or continues_sentence(doc):
        return None
    after = [s for s in site.spans if s.start >= site.end]
    if not after or not _bare_lead(doc, site.end, after[0].start):
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


def infix(site: CueSite) -> Iterator[Fact]:
    """X cue Y: Dropout 用于解决 过拟合; 结合了 A 和 B; GRU is a variant of LSTM."""
    stop = site.next_cue if site.cue.relation in ("uses", "has_component") else site.sentence.end
    begin = site.end
    if site.cue.relation in ("uses", "has_component"):
        begin = announcement_end(site.doc, site.end, stop)  # '使用两个任务：A、B'
    if site.cue.relation == "uses" and _past_focus(site.doc, begin, site.sentence.end) > begin:
        begin, stop = _past_focus(site.doc, begin, site.sentence.end), site.sentence.end  # 'DenseNet 使用的是 4个 稠密块'

    stop = min([i for i in range(begin, stop) if site.doc[i].text in CLAUSE_BREAKS and site.doc[i].text not in ("，", ",")]
               or [stop])
    if site.cue.relation == "uses":
        described = list(_described_by_use(site))
        if described:
            yield from described
            return
    clausal = site.cue.relation in ("is_a", "variant_of", "solves", "causes")
    objects = object_items(site.doc, [s for s in site.spans if not negated(site.doc, s)], begin, stop, clausal,
                           merits=_combines(site))
    if site.cue.relation == "is_a" and objects and site.cue.words[0] in ("是", "是一个", "为"):
        owner = _owner_of_named_layer(site)
        if owner is not None:
            if PART_NAME.search(objects[0].concept) or any(PART_NAME.search(n) for n in _names_of(site, objects[0])):
                yield Fact("has_component", owner.concept, objects[0].concept, "zh.has_component.layer_is", 0.75)
            return  # 'X 的输出层是一个全连接层': what is said is what X's layer is, not what X is
    if site.cue.relation == "is_a" and site.cue.words != ("是",) and (
            not objects or _opens_relative_clause(site.doc, objects[0], site.sentence.end)):
        objects = _kind_after_modifier(site)  # 'X 是一个 纯使用注意力的 编码-解码器 模型。'
    if not objects and site.cue.relation == "solves":
        yield from _solved_by_means(site)  # '梯度消失问题可以通过 ReLU 来缓解'
        yield from _remedy_named(site)  # '解决过拟合的常用方法是正则化'
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
    if site.cue.words[0] in MAKES and not _ends_clause(site.doc, objects[-1]):
        return  # '残差连接使得深层网络更容易训练': what it makes is a clause about the network, not the network
    if site.cue.relation in ("solves", "causes") and _problem_is_a_clause(site.doc, objects[-1], stop):
        return  # '解决了 one-hot 表示维度高、稀疏的问题': the problem is what is said of one-hot, not one-hot
    if site.cue.words == ("是",):
        yield from copula(site, objects[0])
        return
    if site.cue.words[0] in AS_A and site.start == clause_start(site.doc, site.sentence, site.start):
        yield from _as_a_kind(site, objects[0])  # '作为一种贪心方法，字节对编码迭代地合并…'
        return
    subject = _subject(site)
    if site.cue.direction == "reverse":
        if subject is not None and subject.rule in ("own", "opener"):  # 'Overfitting can be mitigated by dropout'
            for obj in objects:
                yield Fact(site.cue.relation, obj.concept, subject.concept, _rule(site, subject.rule), site.cue.confidence)
        return
    if subject is None and site.cue.relation == "uses":
        yield from _used_to_make(site, objects)  # '我们使用 A 来训练 B': B uses A
        return
    if subject is not None and subject.rule == "writer" and not _bare_lead(site.doc, begin, objects[0].start):
        return  # '我们使用 列表中的 子词': the writer uses something the lexicon does not name
    if subject is not None and subject.rule == "writer":
        objects = [o for o in objects if not _names_data(site.doc, o)]
        if not objects:
            return  # '我们使用 MNIST 数据集': the writer's experiment runs on the data, the model does not use it
    if subject is None or (subject.rule in ("heading", "writer") and relation_is_a_means(site, objects[0])
                           and (subject.rule == "heading" or _purpose_names_a_concept(site, objects[-1], subject.concept))):
        return  # '我们使用 sigmoid 函数来拟合概率' (under 逻辑回归) keeps the writer's tool; '…来衡量语言模型' does not
    if site.cue.relation == "is_a":
        yield from _kind_facts(site, subject, objects[0])
    elif site.cue.relation == "uses" and _solved_later(site, objects[-1]) \
            and any(names_harm(site.doc, s) for s in _named_before(site, subject.concept)):
        return  # '梯度消失问题可以通过 ReLU 来缓解': a problem uses nothing; ReLU solves it (_solved_by_means)
    elif site.cue.relation == "uses":
        yield from _use_facts(site, subject, objects)
    else:
        yield from _facts(site, subject, [o.concept for o in objects])


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


SOLVED_BY = frozenset("通过 用 利用 使用 借助 采用 依靠 靠".split())
REVERSE_GAP = frozenset("可以 能 能够 可 也 也可以 还可以 很容易 容易 一般 通常 往往 主要 则 就 都 需要 需 要".split())


REMEDY_NOUNS = frozenset("方法 办法 手段 技巧 方案 措施 策略 思路 解决方法 解决方案 解决办法 途径".split())
REMEDY_COPULAS = frozenset("是 即为 就是 即 为".split())


def _remedy_named(site: CueSite) -> Iterator[Fact]:
    """'解决过拟合的常用方法是正则化', '解决这一问题的最早方法之一是 LSTM' (the problem the sentence before
    names): the clause opens with the cue, names a problem and a way of solving it, and says what that way is."""
    doc, sentence = site.doc, site.sentence
    if clause_start(doc, sentence, site.start) != site.start:
        return
    end = next((i for i in range(site.end, sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text in ("。", "；")),
               sentence.end)
    noun = next((i for i in range(site.end + 1, end) if doc[i].text in REMEDY_NOUNS), None)
    if noun is None:
        return
    of = max((i for i in range(site.end, noun) if doc[i].text == "的"), default=None)
    copula = noun + 1 + (1 if noun + 1 < end and doc[noun + 1].text == "之一" else 0)
    if of is None or noun - of > 5 or copula >= end or doc[copula].text not in REMEDY_COPULAS:
        return
    said = "".join(t.text for t in doc[site.end : of])
    named = [s for s in site.spans if site.end <= s.start and s.end <= of and not negated(doc, s)]
    if said in POINTED_PROBLEMS:
        problems = _problem_before(site)
    elif len(named) == 1 and named[0].start == site.end and named[0].end == of and names_harm(doc, named[0]):
        problems = named
    else:
        return
    remedies = object_items(doc, site.spans, copula + 1, end)
    for remedy in remedies[:1] if remedies and remedies[0].start - copula <= 3 else []:
        for problem in problems:
            if remedy.concept != problem.concept:
                yield Fact("solves", remedy.concept, problem.concept, f"{site.cue.language}.solves.remedy_named",
                           round(site.cue.confidence - 0.1, 2))


SOLVES_WORDS = frozenset("".join(cue.words) for cue in CUES if cue.relation == "solves" and cue.language == "zh" and cue.shape == "infix")


def _solved_later(site: CueSite, obj) -> bool:
    """A solves cue closes the clause after the object ('通过 ReLU 来缓解')."""
    for token in site.doc[obj.end : site.sentence.end]:
        if token.text in CLAUSE_BREAKS:
            return False
        if token.text in SOLVES_WORDS:
            return True
    return False


def _solved_by_means(site: CueSite) -> Iterator[Fact]:
    """'梯度消失问题可以通过 ReLU 来缓解', '过拟合可以用 Dropout 解决': the clause opens with a harm and ends
    with the cue; what it is solved by (BY) solves it."""
    doc = site.doc
    end = site.end + (1 if site.end < site.sentence.end and doc[site.end].text == "了" else 0)
    if end < site.sentence.end and doc[end].text not in CLAUSE_BREAKS and doc[end].text not in ("。", "！", "!"):
        return
    first = clause_start(doc, site.sentence, site.start)
    problem = next((s for s in site.spans if s.start == first), None)
    means = [s for s in site.spans if problem is not None and problem.end <= s.start and s.end <= site.start]
    if problem is None or len(means) != 1 or not names_harm(doc, problem):
        return
    gap = [t.text for t in doc[problem.end : means[0].start]]
    while gap and gap[0] in PROBLEM_CLOSERS:
        gap = gap[1:]
    link = [t.text for t in doc[means[0].end : site.start]]
    if not gap or gap[-1] not in SOLVED_BY or not all(w in REVERSE_GAP for w in gap[:-1]) \
            or not all(w in ("来", "去", "进行", "加以") for w in link) or not closes_phrase(doc, means[0]):
        return
    yield Fact("solves", means[0].concept, problem.concept, f"{site.cue.language}.solves.reverse_means", site.cue.confidence - 0.05)


def _kind_facts(site: CueSite, subject: Subject, obj) -> Iterator[Fact]:
    """X 是一种 Y: only the first object ('X 是一种 A 和 B 的结合' is not two kinds)."""
    if followed_by_variant_noun(site.doc, obj):
        yield Fact("variant_of", subject.concept, obj.concept, f"{site.cue.language}.variant_of.is_a_variant",
                   site.cue.confidence - DEMOTED[subject.rule])
        return
    if obj.end < len(site.doc) and site.doc[obj.end].lower_ in FOR_NOUNS:
        return  # 'X 是一个 深度学习 框架' is a kind of framework, not of deep learning
    if _opens_relative_clause(site.doc, obj, site.sentence.end):
        return  # 'X 可以看作一种 束宽 为1的 束搜索': the name is the subject of a modifier of the kind
    if subject.rule != "heading" and _role_subject(site, subject):
        return  # '编码器是一个 RNN': one model's encoder, not encoders
    yield from _facts(site, subject, [obj.concept])


STATING_VERBS = frozenset("为 是 有 具有 等于 大于 小于 不超过".split())
"""'束宽 为 1 的': what the name is said to be or have inside a modifier."""


AS_A = frozenset(["作为一种", "作为一个"])


def _as_a_kind(site: CueSite, obj) -> Iterator[Fact]:
    """'作为一种 Y，X …': the kind ends the opening clause, and X opens the next one as a whole name."""
    doc, end = site.doc, _head_end(site.doc, obj)
    if end >= site.sentence.end or doc[end].text not in ("，", ","):
        return
    opener = [s for s in site.spans if s.start == end + 1]
    if opener and closes_phrase(doc, opener[0]) and opener[0].concept != obj.concept and not plays_a_role(doc, opener[0]):
        yield Fact("is_a", opener[0].concept, obj.concept, f"{site.cue.language}.is_a.as_a", round(site.cue.confidence - 0.05, 2))


def _kind_after_modifier(site: CueSite) -> list:
    """'X 是一个 [纯使用注意力的] 编码-解码器 模型。', 'X 是一类 [强大的、为处理图像数据而设计的] 神经网络。': the
    kind is the name right after the modifier's last 的 that ends the clause (at most its class noun after it)."""
    doc = site.doc
    end = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"),
               site.sentence.end)
    if end < site.sentence.end and doc[end].text not in ("，", ",", "；", ";"):
        return []
    last = doc[end - 1].text in ("。", ".", "！") and end - 1 or end
    heads = [s for s in site.spans if s.start > site.end and _head_end(doc, s) == last and doc[s.start - 1].text == "的"]
    return heads[-1:]


def _opens_relative_clause(doc, obj, stop: int) -> bool:
    """A verb follows the name and a 的 closes what it says before the clause ends ('束宽 为 1 的 …')."""
    if obj.end >= stop or doc[obj.end].text not in STATING_VERBS:
        return False
    end = next((i for i in range(obj.end, stop) if doc[i].text in CLAUSE_BREAKS), stop)
    return any(t.text == "的" for t in doc[obj.end + 1 : end])


def _use_facts(site: CueSite, subject: Subject, objects: list) -> Iterator[Fact]:
    """X 使用/引入/结合了 Y, read for what Y is: a part, a harm, a kind of X, or the base of an extension."""
    doc = site.doc
    if subject.rule != "heading" and _role_subject(site, subject):
        return  # 'Decoder 可以在训练中使用 Teacher Forcing': the decoder of one model, not decoders
    if any(doc[i].text.startswith("新") for i in range(site.end, objects[0].start)):
        return  # '引入了一种新的微调方法': a new method the lexicon cannot name, not 微调
    kinds = [o for o in objects if _names_a_kind_of(site, o, subject.concept)]
    for obj in kinds:  # '交叉验证一般采用 k折交叉验证': the object is a kind of the subject
        yield Fact("is_a", obj.concept, subject.concept, f"{site.cue.language}.is_a.uses_kind", round(site.cue.confidence - DEMOTED[subject.rule], 2))
    objects = [o for o in objects if o not in kinds]
    if not objects:
        return
    if site.cue.words[0] == "基于" and objects[-1].end < len(doc) and doc[objects[-1].end].text.startswith(REMADE):
        yield from _facts(site, subject, [o.concept for o in objects], "variant_of")
        return  # 'Mask R-CNN 是基于 Faster R-CNN 修改而来的': a changed copy of it, not a use
    if _combines(site) and followed_by_merits(doc, objects[-1]):
        return  # 'Adam 结合了 AdaGrad 和 RMSprop 的优点': takes up their merits; neither a use nor a variant (judged blind twice each)
    if site.cue.words[0] not in BUILDS_IN:
        yield from _facts(site, subject, [o.concept for o in objects])
        return
    for obj in objects:  # 'LSTM 引入了 记忆元', '在 CNN 中组合使用 卷积层…': a layer, block or gate is a part
        part = names_part(doc, obj)
        harm = not part and site.cue.words[0].startswith("引入") and INTRODUCED_HARM.search(doc[obj.start : obj.end].text) is not None
        yield from _facts(site, subject, [obj.concept], "has_component" if part else "causes" if harm else None)


AXIS_NAME = re.compile(r"(?<!降)维度$|(?<![A-Za-z])(?:dimensions?|axis|axes)$|轴$", re.I)
"""'通过 inputs 最外层的维度实现循环', '基于特征维度进行规范化': the dimension says along which axis the thing
works, not a thing it uses (judged blind, three times)."""


def _sets_a_value(doc, span: ConceptSpan) -> bool:
    """'步幅为2的残差块', '填充为1的卷积层': the name with '为 <number> 的' after it sets a value of the noun that
    follows; that noun is what is used (judged blind: 'ResNet uses 步幅' was not)."""
    rest = doc[span.end : min(len(doc), span.end + 4)].text.replace(" ", "")
    return re.match(r"(?:为|是|=)\$?[\d.]+\$?(?:[×x*]\$?[\d.]+\$?)?的", rest) is not None


REMADE = ("修改", "改进", "改造", "扩展", "简化", "演变")
"""What follows '基于 Y' when X is Y changed ('基于 Y 修改而来')."""


def _combines(site: CueSite) -> bool:
    return site.cue.words[0].startswith(("结合", "融合"))


def names_part(doc, span) -> bool:
    """The name ends like a layer, block or gate (PART_NAME)."""
    return PART_NAME.search(doc[span.start : span.end].text) is not None


MAKING_VERBS = frozenset("训练 预训练 微调 实现 实现了 训练了".split())
"""What the writer does to B with A in '我们使用 A 来训练 B': B is trained or implemented with A, so B uses A.
Not 构建/构造 ('使用循环神经网络来构建语言模型' builds one RNN-based language model, not language models in
general: judged blind), nor 表示/计算/初始化 ('使用 GloVe 来表示词元' says what GloVe does to the tokens)."""


def _used_to_make(site: CueSite, objects: list) -> Iterator[Fact]:
    """'我们可以使用 嵌入层 和 二元交叉熵损失 来训练 带负采样的 跳元模型', '我们将在 PTB 上使用 负采样 预训练
    word2vec': the sentence has the writer as subject, and what is trained or implemented with the objects
    uses them. Nothing when no such verb follows, or when what it makes is not a bare name."""
    doc, verb = site.doc, objects[-1].end
    while verb < site.sentence.end and doc[verb].lower_ in ("来", "去", "以", "用来", "用于", "进行"):
        verb += 1
    if verb >= site.sentence.end or verb - objects[-1].end > 2 or doc[verb].lower_ not in MAKING_VERBS:
        return
    if verb + 1 < site.sentence.end and doc[verb + 1].text == "了":
        verb += 1  # '使用矩阵乘法实现了卷积'
    made = object_items(doc, [s for s in site.spans if s.start > verb], verb + 1, site.sentence.end, clausal=True)
    if not made or not speaks_of_itself(doc, clause_start(doc, site.sentence, site.start), site.start) \
            or doc[site.sentence.start].lower_ in SUPPOSING:
        return  # '假设我们将使用神经网络来训练语言模型' supposes it
    if made[0].start != verb + 1 or plays_a_role(doc, made[0]) or "也可以" in doc[site.sentence.start : site.start].text:
        return  # '训练带负采样的跳元模型' trains a narrower model; '也可以使用…构造编码器' is one option
    if doc[made[0].start : made[0].end].text.lower() in FIELDS:
        return  # '使用优化算法来训练深度学习模型': models of a field, not the field
    for obj in objects:
        if obj.concept != made[0].concept:
            yield Fact("uses", made[0].concept, obj.concept, f"{site.cue.language}.uses.used_to_make", round(site.cue.confidence - 0.1, 2))


def _past_focus(doc, start: int, stop: int) -> int:
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


def _named_before(site: CueSite, concept: str) -> list:
    """Where the sentence names `concept` before the cue."""
    return [s for s in site.spans if s.concept == concept and s.end <= site.start]


def _role_subject(site: CueSite, subject: Subject) -> bool:
    return any(plays_a_role(site.doc, s) for s in _named_before(site, subject.concept))


def _names_a_kind_of(site: CueSite, obj, subject: str) -> bool:
    """The object's name ends with the subject's name ('k折交叉验证' after 交叉验证): a kind of it."""
    spans = _named_before(site, subject)
    if not spans:
        return False
    inner = site.doc[spans[-1].start : spans[-1].end].text.lower()
    outer = site.doc[obj.start : obj.end].text.lower()
    return len(outer) > len(inner) and outer.endswith(inner)


ROLE_NAMES = frozenset("编码器 解码器 encoder decoder 生成器 判别器 generator discriminator 骨干网络 backbone".split())
CLASS_CONCEPTS = frozenset("loss-function activation-function neural-network 优化算法 模型 算法".split())
"""Classes of things (ids): under '损失函数' the writer derives one model's loss, so the tool they use is not
the class's ('我们将使用最大似然估计' in softmax regression: judged blind)."""


def plays_a_role(doc, span) -> bool:
    """A name of a role in a model (编码器, 解码器): 'it is an RNN' is true of one model's encoder, not of encoders."""
    return normalize_term(doc[span.start : span.end].text) in ROLE_NAMES


CLAUSE_OPENERS = frozenset("而 但 但是 则 所以 因此 其实 而且 并且 那么 简而言之 总之".split())
COPULA_GAP = frozenset("都 也 就 其实 本质上 实际上 本身 则 便 正".split())
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


def _modifies_next(doc, span) -> bool:
    """'基于 GBDT 的一种算法' ('的一种' is one cue token), '基于 Y 的 损失': Y is a modifier."""
    if span.end >= len(doc) or not doc[span.end].text.startswith("的"):
        return False
    return len(doc[span.end].text) > 1 or (span.end + 1 < len(doc) and not doc[span.end + 1].is_punct)


def _counted_layers(doc, start: int, end: int) -> bool:
    words = [t.text for t in doc[start:end]]
    return any(re.fullmatch(r"\d+层|[一二两三四五六七八九十]+层", w) for w in words) or any(
        w == "层" and i > 0 and doc[start + i - 1].tag_ == "m" for i, w in enumerate(words))


def inside_brackets(doc, start: int, end: int) -> bool:
    """An opening bracket before doc[end] in the sentence that is not closed yet."""
    depth = 0
    for token in doc[start:end]:
        depth += token.text in ("（", "(")
        depth -= token.text in ("）", ")") and depth > 0
    return depth > 0


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
INTRODUCED_HARM = re.compile(r"噪声|噪音|误差|偏差|方差|偏置误差|过拟合|欠拟合|梯度消失|梯度爆炸|不稳定|noise|bias|variance", re.I)
"""'SGD 会引入噪声': what is introduced is a harm, so the sentence says what X causes, not what it uses."""
BUILDS_IN = frozenset("使用 使用了 采用 采用了 引入 引入了 加入了 用到 uses use employs adopts utilizes".split())
PART_NAME = re.compile(r"(?:层|块|门|单元|模块|子层|记忆元|layer|block|gate|unit|module)s?$", re.I)
"""A name that ends like a layer, block or gate names a part of what is built with it."""


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
        subject = _subject(site)
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
    subject = _sentence_opener(site)
    objects = object_items(site.doc, site.spans, lead, site.sentence.end)
    if subject is not None and objects:
        yield from _facts(site, subject, [o.concept for o in objects], "uses")


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
    subject = _subject(site)
    if subject is None or (subject.rule == "sentence" and site.cue.words[0] not in BACK_REFERENCES):
        return  # '…引入了一系列技术，包括 A、B': the list belongs to the noun before the comma
    if _counted_kinds(site):
        return  # '它有两种网络结构，分别是 CBOW 和 Skip-gram': alternatives, not parts
    if _lists_examples(site, objects):
        # '常用的激活函数包括 ReLU、sigmoid 和 tanh' / '包括 A、B 等': kinds or examples, not parts
        for obj in objects:
            yield Fact("is_a", obj.concept, subject.concept, f"{site.cue.language}.is_a.examples", round(site.cue.confidence - 0.05 - DEMOTED[subject.rule], 2))
        return
    yield from _facts(site, subject, [o.concept for o in objects])


FOR_NOUNS = frozenset("框架 平台 工具 库 工具包 任务 领域 问题 数据集 framework library toolkit task field".split())
"""'X 是一个 深度学习 框架': a head noun that names a thing for the concept, not the concept."""
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


EXAMPLE_MARKERS = frozenset("常用 常见 典型 各种 多种 许多 很多 一系列 不同 常用的 常见的 主要的 一些 某些 popular common".split())


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
        yield from _facts(site, owner, [part.concept for part in parts], "has_component")


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
        yield from _facts(site, owner, [part.concept for part in parts if part.concept != owner.concept], "has_component")


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
        yield from _facts(site, owner, [obj.concept])


HOLDING = frozenset("把 将".split())
HOLDING_OPENERS = frozenset("我们 我们可以 我们也可以 可以 也可以 不妨 通常 一般 人们".split())


def _held_as(site: CueSite, first: int, at: int) -> Subject | None:
    """'我们可以把 GRU 看作 LSTM 的简化版本': the name after 把/将 is what the copula (看作, 视为) says of; only the
    writer, a modal and 把 stand before it."""
    doc = site.doc
    if at - first < 2 or doc[at].text not in OF_COPULAS or doc[at].text in ("是", "为", "就是", "也是", "都是", "属于"):
        return None
    named = [s for s in site.spans if first < s.start and s.end == at]
    if len(named) != 1 or doc[named[0].start - 1].text not in HOLDING:
        return None
    if not all(t.text in HOLDING_OPENERS or t.text in HOLDING for t in doc[first : named[0].start]):
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
        yield from _facts(site, owner, [objects[0].concept])


OF_COPULAS = frozenset("是 为 属于 作为 就是 也是 都是 视为 看作 看做 看成 视作 看作是 看成是 看做是 可以视为 可以看作 可视为 被视为 被看作".split())
"""What stands before 'Y 的一种 / 的特例 / 之一': X 是 / 可以视为 Y 的特例."""


def _one_of(site: CueSite) -> bool:
    return site.cue.words[-1].endswith("之一")


FOUNDATION_VERBS = ("改进", "引入", "提出", "创建", "做", "增加", "加入", "简化", "扩展", "修改", "改造", "发展")
"""What follows '在 Y 的基础上' when X is built as a variant of Y (Mask R-CNN 在 Faster R-CNN 的基础上引入…)."""


def frame(site: CueSite) -> Iterator[Fact]:
    """Opening words, the object, closing words: X 是基于 Y 的一种算法; 对 Y 的改进; 用 Y 作为 …"""
    if site.tail is None:
        return
    objects = object_items(site.doc, site.spans, site.end, site.tail, closed_at=site.tail)
    if not objects or _head_end(site.doc, objects[-1]) != site.tail:
        # '使用 [学习率为0.1的] 小批量随机梯度下降 作为…': a modifier with names in it, the head right before the tail
        head = [s for s in site.spans if _head_end(site.doc, s) == site.tail and s.start > site.end]
        objects = object_items(site.doc, head, site.end, site.tail, clausal=True, closed_at=site.tail)
    if not objects or _head_end(site.doc, objects[-1]) != site.tail:
        return  # '对 AdaGrad 算法 的改进': the class noun may follow the name
    if site.cue.object_kind == "harm" and not all(names_harm(site.doc, o) for o in objects):
        return  # '针对 图像分类 设计' names a task, not a problem
    if site.cue.tail[-1:] == ("上",) and site.cue.words[0] != "建立在":
        after = site.tail + len(site.cue.tail)
        if after >= len(site.doc) or not site.doc[after].text.startswith(FOUNDATION_VERBS):
            return  # 'X 在 mini-batch 的基础上 对每个特征…' works on top of Y; '在 Y 的基础上 改进/引入' makes a variant
    subject = _subject(site)
    if subject is not None:
        yield from _facts(site, subject, [o.concept for o in objects])


DEGREE_WORDS = frozenset("非常 十分 很 极其 颇为 相当 几乎 基本 基本上 大致 惊人地 高度".split())
"""How alike two things are ('X 与 Y 非常相似', '几乎是一样的')."""
PAIRED = ("与", "和", "跟", "同", "、", "vs", "VS", "/", "以及", "及")


def pair(site: CueSite) -> Iterator[Fact]:
    """X 与 Y 的区别 / X 和 Y 类似 / X 和 Y 之间的一个关键区别 / 训练 X 与训练 Y 几乎是一样的."""
    doc = site.doc
    near = [s for s in site.spans if s.end <= site.start]
    chief = near and site.cue.words[0].startswith("的") and all(t.text in CHIEF for t in doc[near[-1].end : site.start])
    if len(near) < 2 or not (gap_ok(doc, near[-1].end, site.start, DEGREE_WORDS) or _aspect_gap(doc, near[-1].end, site.start)
                             or chief):
        return
    if site.cue.words[0] in SAMENESS and not gap_ok(doc, near[-1].end, site.start, DEGREE_WORDS) and not any(
            t.text in ASPECT_NOUNS for t in doc[near[-1].end : site.start]):
        return  # 'A 和 B 的形状相同' says their shapes match, not how the two compare; 'A 和 B 的目标相同' does
    first, second = near[-2], near[-1]
    opens = clause_start(doc, site.sentence, site.start)
    between = doc[first.end : second.start].text.strip()
    done_to_both = _done_to_both(doc, first, second)
    if not gap_ok(doc, opens, first.start) and not (done_to_both and gap_ok(doc, opens, first.start - 1)):
        return  # 'X 和 Y 不同' has them as its subject, not as objects of some verb
    if between in PAIRED or done_to_both:
        yield Fact(site.cue.relation, first.concept, second.concept, _rule(site), site.cue.confidence)


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
        elif head.end != site.tail and not _remark_until(doc, head.end, site.tail):
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
        items = object_items(doc, site.spans, site.end, site.tail, closed_at=site.tail) if alike else []
        after = items if items and items[-1] == head else [head]  # '与 AlexNet、LeNet 一样，VGG …': each
    if not after or not no_break(doc, site.end, after[0].start) or not (
            closes_phrase(doc, after[0]) or _compared_in_amount(doc, after[0])) and site.tail is None:
        return
    if site.cue.words[0] in RELATIVE_TO and after[0].start != site.end:
        return  # '正则化项相对于两个参数的梯度': relative to something else, not compared with the name
    first = clause_start(doc, site.sentence, site.start)
    before = [s for s in site.spans if first <= s.start and s.end <= site.start and gap_ok(doc, s.end, site.start)]
    if alike:
        before = [s for s in site.spans if first <= s.start and s.end <= site.start and gap_ok(doc, first, s.start)
                  and (gap_ok(doc, _past_gloss(doc, s.end, site.start), site.start, DEGREE_WORDS)
                       or _in_respect(doc, s.end, site.start))][:1]
        if not before and first > site.sentence.start and site.start == first:
            before = _named_clause(doc, site.spans, clause_start(doc, site.sentence, first - 1), first - 1)
    if before:
        for other in after if alike else after[:1]:
            yield Fact(site.cue.relation, before[-1].concept, other.concept, _rule(site), site.cue.confidence)
        return
    if alike and not _likeness_opens_clause(site, first, after[0]):
        return  # '第一个模块类似于 AlexNet，Inception块…': what is alike is not the next clause's subject
    later = next_clause_opener(doc, site.spans, (site.tail or after[0].end), site.sentence.end)
    if later:
        for other in after if alike else after[:1]:
            yield Fact(site.cue.relation, later, other.concept, _rule(site), site.cue.confidence)


RELATIVE_TO = frozenset(["相对于", "比起"])
"""Also the mathematician's 'relative to' ('f 相对于 x 的梯度'): the name must follow at once."""


def _compared_in_amount(doc, span) -> bool:
    """'LSTM 相比 RNN 多了三个门': what X has more or less of than Y follows Y."""
    end = _head_end(doc, span)
    return end < len(doc) and (doc[end].text in ("多了", "少了", "多", "少", "更", "要", "还") or doc[end].text in COMPARATIVES)


def _likeness_opens_clause(site: CueSite, first: int, obj) -> bool:
    """'与 Y 类似，X …' / '类似于 Y，X …': the likeness is the whole opening clause, and the name opening the
    next one is a whole subject ('与多层感知机一样，隐藏层数目…' is about a count, not 隐藏层)."""
    doc = site.doc
    if not gap_ok(doc, first, site.start):
        return False
    if site.tail is None:
        end = _head_end(doc, obj)
        if end >= site.sentence.end or doc[end].text not in CLAUSE_BREAKS:
            return False  # '类似于 ResNet 使用的4个残差块，…'
    breaks = [i for i in range((site.tail or obj.end), site.sentence.end) if doc[i].text in CLAUSE_BREAKS]
    opener = [s for s in site.spans if breaks and s.start == breaks[0] + 1]
    return bool(opener) and closes_phrase(doc, opener[0])


def _head_end(doc, span) -> int:
    return span.end + (1 if span.end < len(doc) and doc[span.end].lower_ in GENERIC_HEADS else 0)


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
    if not objects or objects[0].start != site.end or _head_end(doc, objects[-1]) != close:
        return
    i = close + (2 if doc[close].text == "的" else 0)  # '和 梯度下降 的 速度 快'
    while i < stop and doc[i].text in COMPARING_DEGREE:
        i += 1
    if i >= stop or not (doc[i].text in COMPARATIVES or doc[i].tag_.startswith("a")):
        return
    subject = _compared_subject(site)
    if subject is not None:
        yield from _facts(site, subject, [o.concept for o in objects])


def _compared_subject(site: CueSite) -> Subject | None:
    """The name opening the clause, with at most its aspect ('的 训练 时间'), a setting ('在…时') or adverbs
    before 比; else who the sentence is about ('Word2Vec …，但比 NNLM 简单')."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    opening = [s for s in site.spans if s.start == first and s.end <= site.start]
    if opening:
        gap = [t for t in doc[_head_end(doc, opening[0]) : site.start]]
        gap = gap[1:] if gap and gap[0].text == "的" else gap
        aspect = all(t.tag_.startswith(("n", "vn", "d")) or t.text in SUBJECT_GAP_WORDS or t.text in COMPARING_DEGREE
                     or t.text in ("收敛", "得") for t in gap)
        if len(gap) <= 4 and aspect and not any(s.start > opening[0].start and s.end <= site.start for s in site.spans):
            return Subject(opening[0].concept, "own")
    subject = resolve_subject(doc, site.sentence, site.spans, site.start, None, None, False)
    return subject if subject is not None and subject.rule in ("own", "sentence", "anaphor") else None


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
        end = _head_end(doc, kinds[0])
        if end < len(doc) and doc[end].text == "的":
            return  # 'LSTM 等门机制 的结构': the class modifies a noun
        kind, chosen = kinds[0], items
    else:
        at = site.start - (1 if site.start > 0 and doc[site.start - 1].text in ("，", ",", "（", "(") else 0)
        kinds = [s for s in site.spans if _head_end(doc, s) == at and s.start >= site.sentence.start]
        stop = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"
                     or (site.cue.language == "en" and doc[i].lower_ in EN_PREDICATES)), site.sentence.end)
        items = object_items(doc, site.spans, site.end, stop, bounded=True, closed_at=stop)
        if not kinds or not items or items[0].start != site.end:
            return
        if kinds[-1].start > 0 and doc[kinds[-1].start - 1].text in ("和", "、", "与", "及", "以及", "或"):
            return  # '类别和边界框（如偏移量）': the example may be of the whole coordination
        after = _head_end(doc, items[-1])
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
             gap_ok(doc, _head_end(doc, s), site.start, frozenset(["主要", "一般", "通常"]))]
    if not kinds or not all(doc[i].lower_ in EXAMPLE_MARKERS or doc[i].text == "的" for i in range(first, kinds[-1].start)):
        return
    stop = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text != "、"),
                site.sentence.end)
    items = object_items(doc, site.spans, site.end, stop, bounded=True)
    if len(items) < 2 or items[0].start != site.end:
        return
    marked = any(doc[i].lower_ in EXAMPLE_MARKERS for i in range(first, kinds[-1].start))
    after = _head_end(doc, items[-1])
    listed = after < len(doc) and doc[after].text in ("等", "等等")
    if not (marked or listed) or not (after >= site.sentence.end or doc[after].text in EXAMPLE_CLOSERS or doc[after].is_punct):
        return
    for item in items:
        if item.concept != kinds[-1].concept:
            yield Fact("is_a", item.concept, kinds[-1].concept, f"{site.cue.language}.is_a.examples", site.cue.confidence)


def _items_ending_at(doc, spans: list, end: int) -> list:
    """The names of an enumeration 'A、B 和 C' whose last item ends at doc[end]."""
    last = [s for s in spans if _head_end(doc, s) == end or s.end == end]
    if not last:
        return []
    items = [last[-1]]
    while True:
        earlier = [s for s in spans if s.end <= items[0].start]
        if not earlier:
            break
        gap = [t.text for t in doc[_head_end(doc, earlier[-1]) : items[0].start]]
        if len(gap) != 1 or gap[0] not in ("、", "和", "与", "及", "以及", "或", "，", ","):
            break
        items.insert(0, earlier[-1])
    if len(items) >= 2 and any(doc[_head_end(doc, a)].text in ("，", ",") for a in items[:-1]) and \
            not any(doc[_head_end(doc, a)].text in ("、", "和") for a in items[:-1]):
        items = items[-1:]  # 'A，B 等' with no 、/和 anywhere: the comma ends a clause
    return items


BRINGS_IN = frozenset("提出 提出了 引入 引入了 使用 使用了 采用 采用了 利用 利用了 介绍 设计 设计了 设计出 加入 加入了 选用 发明 发明了".split())
"""What the main clause after '为了解决 Y，' does when it names the remedy: proposes, brings in, uses."""
PURPOSE_FILLERS = frozenset("我们 作者 人们 研究者 研究人员 本节 本章 本文 这里 此处 就 将 可以 会 便 于是 又 还 也 通常 一般 常 常常 需要 了".split())
PROBLEM_CLOSERS = frozenset("问题 现象 情况 的 等".split())


def purpose(site: CueSite) -> Iterator[Fact]:
    """为了 解决 Y，（我们/本节将）提出 / 引入 / 介绍 A（、B 和 C）: each of A, B, C solves Y. Y must be the
    whole goal ('为了解决 输出向量的 更新问题' names no concept), and the clause after the comma must bring
    something in; '为了防止过拟合，我们可以将…' names no remedy."""
    doc, sentence = site.doc, site.sentence
    if site.start != sentence.start and doc[site.start - 1].text not in CLAUSE_BREAKS:
        return
    comma = next((i for i in range(site.end, sentence.end) if doc[i].text in ("，", ",")), None)
    if comma is None:
        return
    problems = object_items(doc, [s for s in site.spans if not negated(doc, s)], site.end, comma, clausal=True)
    rule = f"{site.cue.language}.solves.purpose"
    if not problems and "".join(t.text for t in doc[site.end : comma]) in POINTED_PROBLEMS:
        problems, rule = _problem_before(site), rule + "+antecedent"  # '…存在信息丢失的问题。为了缓解这个问题，引入了…'
    elif not problems or not all(t.text in PROBLEM_CLOSERS for t in doc[problems[-1].end : comma]):
        return
    if site.cue.object_kind == "harm":
        problems = [p for p in problems if names_harm(doc, p)]
    verb = comma + 1
    while verb < sentence.end and doc[verb].text in PURPOSE_FILLERS:
        verb += 1
    if not problems or verb >= sentence.end or doc[verb].text not in BRINGS_IN:
        return
    begin = verb + 1 + (1 if verb + 1 < sentence.end and doc[verb + 1].text == "了" else 0)
    colon = next((i for i in range(begin, min(sentence.end, begin + 8)) if doc[i].text in (":", "：")), None)
    if colon is not None and any(t.tag_ == "m" or t.text[:1] in "一二两三四五六七八九十几" for t in doc[begin:colon]):
        begin = colon + 1  # '介绍两种近似训练方法：负采样和分层softmax'
    stop = next((i for i in range(begin, sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text not in ("，", ",")),
                sentence.end)
    remedies = object_items(doc, site.spans, begin, stop)
    problem_names = {p.concept for p in problems}
    for remedy in remedies:
        for problem in sorted(problem_names - {remedy.concept}):
            yield Fact("solves", remedy.concept, problem, rule, site.cue.confidence - (0.05 if "+" in rule else 0))


POINTED_PROBLEMS = frozenset("这个问题 这一问题 该问题 此问题 上述问题 这种问题 这些问题".split())
"""'为了缓解这个问题，…': the problem is the one the sentence before named."""


def _problem_before(site: CueSite) -> list:
    """The one problem the sentence right before names ('…会存在信息丢失的问题。'), in this line or the line
    above; [] when it names none or several (which of them would 这个问题 be?)."""
    doc, before = site.doc, [s for s in site.doc.sents if s.end <= site.sentence.start]
    if before:
        sentence, spans = before[-1], [s for s in site.line_spans if s.end <= site.sentence.start]
        spans = [s for s in spans if s.start >= sentence.start]
    elif site.previous_line is not None and len(site.previous_line.doc):
        doc = site.previous_line.doc
        sentence, spans = list(doc.sents)[-1], site.previous_line.spans
        spans = [s for s in spans if s.start >= sentence.start]
    else:
        return []
    if sentence.text.rstrip().endswith(("?", "？", "吗")):
        return []
    harms = [s for s in spans if names_harm(doc, s) and not negated(doc, s)]
    if len({s.concept for s in harms}) != 1:
        return []
    return [ConceptSpan(harms[0].start, harms[0].end, harms[0].concept)]


REPLACING = frozenset("将 把".split())
REPLACED_TAIL = frozenset("了 任务 的 ( ) （ ） 。 ！ !".split()) | GENERIC_HEADS


CONTRIBUTION = re.compile(r"^的?(?:最主要|主要|最大)?的?(?:贡献|创新|创新点|改进)(?:之一)?就?是")
"""'X 最主要的贡献是…': what X did, so X is the subject of the clauses that go on."""


def _sentence_opener(site: CueSite) -> Subject | None:
    """The concept that opens the sentence as its subject, when a later clause goes on without one."""
    opening = next((s for s in site.spans if s.start == site.sentence.start), None)
    if opening is None:
        return None
    rest = site.doc[opening.end : site.sentence.end].text.replace(" ", "")
    if not CONTRIBUTION.match(rest) and (not closes_phrase(site.doc, opening) or site.doc[opening.end].text in ("的", "之")):
        return None
    return Subject(opening.concept, "sentence")


def _whole_gloss(doc, span) -> bool:
    """The span is all a bracket holds ('Replaced token detection (RTD)'): the gloss names the phrase before it."""
    return 0 < span.start and span.end < len(doc) and doc[span.start - 1].text in ("（", "(") and doc[span.end].text in ("）", ")")


def _only_tail(doc, start: int, stop: int) -> bool:
    """doc[start:stop] holds nothing but a head noun, 了 or a bracketed gloss ('(RTD) 任务')."""
    depth = 0
    for token in doc[start:stop]:
        if token.text in ("（", "("):
            depth += 1
        elif token.text in ("）", ")"):
            depth = max(depth - 1, 0)
        elif depth == 0 and token.lower_ not in REPLACED_TAIL:
            return False
    return True


def replaced(site: CueSite) -> Iterator[Fact]:
    """'ELECTRA 把 MLM 预训练任务 改成了 判别式的 RTD 任务', '将 sigmoid 改为 ReLU': what X now has in place
    of Z is what X uses. The object is the head of the phrase after the cue (the last name before the clause
    ends, nothing but 任务/模型… after it); the subject stands before 将/把, never Z between 将 and the cue.
    Without 将/把 ('词表扩大，从 50K 变为 128K') nothing is replaced by a method."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    taking = next((i for i in range(site.start - 1, first - 1, -1) if doc[i].text in REPLACING), None)
    if taking is None or taking + 1 >= site.start:
        return
    stop = next((i for i in range(site.end, site.sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text in ("。", "；")),
                site.sentence.end)
    after = [s for s in site.spans if s.start >= site.end and s.end <= stop
             and (not inside_brackets(doc, site.end, s.start) or _whole_gloss(doc, s))]
    if not after or not _only_tail(doc, after[-1].end, stop):
        return  # '将负样本换成了两个句子的逆序排列': the phrase is headed by something the lexicon does not name
    subject = resolve_subject(doc, site.sentence, site.spans, taking, site.label, site.heading, True,
                              site.previous_line, site.line_spans)
    if subject is None and taking == first > site.sentence.start:
        subject = _sentence_opener(site)  # 'ELECTRA 提出了新的任务，把 MLM 改成了 RTD': the 把 clause goes on with it
    if subject is None or subject.rule == "writer":
        return
    head = after[-1]
    if len(after) > 1 and after[-2].end == head.start and head.concept in CLASS_CONCEPTS:
        head = after[-2]  # '改为 ReLU 激活函数': the class word after the name is the head noun, the name the thing
    gap = doc[site.end : head.start].text.replace(" ", "")
    if len(gap.rpartition("的")[0]) >= 5:
        return  # '替换为 具有期望值h的 随机变量': a described quantity, not a method the lexicon names ('判别式的 RTD' is)
    yield from _facts(site, subject, [head.concept])


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
    i = _head_end(doc, objects[0])
    if i >= site.sentence.end or doc[i].text not in REMAKING_VERBS:
        return
    i += 1
    if i < site.sentence.end and doc[i].text == "了":
        i += 1
    while i < site.sentence.end and REMAKE_COUNTS.match(doc[i].text):
        i += 1
    if i >= site.sentence.end or doc[i].text not in REMAKES:
        return
    subject = _subject(site) or _opener_past_means(site)
    if subject is not None and subject.rule in ("own", "opener", "sentence", "heading"):
        yield from _facts(site, subject, [objects[0].concept])


MEANS_PREPOSITIONS = frozenset("基于 通过 利用 使用 借助 用 采用".split())


def _opener_past_means(site: CueSite) -> Subject | None:
    """'GloVe 基于平方损失 对 Y 做了修改': the clause's opening name, past one means phrase ('基于 Z') before the cue."""
    doc = site.doc
    first = clause_start(doc, site.sentence, site.start)
    before = [s for s in site.spans if first <= s.start and s.end <= site.start]
    if len(before) != 2 or before[0].start != first or not closes_phrase(doc, before[0]):
        return None
    at = _head_end(doc, before[0])
    if doc[at].text not in MEANS_PREPOSITIONS or before[1].start != at + 1 or _head_end(doc, before[1]) != site.start:
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
    rest = doc[_head_end(doc, objects[0]) : site.sentence.end].text.replace(" ", "")
    idea = rest.find("思想")
    if idea < 0 or "，" not in rest[idea:] and "," not in rest[idea:]:
        return
    after = rest[idea:]
    base = next((after.find(p) for p in BASE_POINTERS if p in after), -1)
    if base < 0 or not after[base:].lstrip("在此这个其一基础之上").startswith(FOUNDATION_VERBS):
        return
    subject = _subject(site)
    if subject is not None and subject.rule in ("own", "opener", "heading"):
        yield from _facts(site, subject, [objects[0].concept])


SETTING_OPEN, SETTING_CLOSE = "在", frozenset("中 里 内 当中 之中".split())
FRAMEWORKS = frozenset("pytorch mxnet gluon tensorflow keras paddlepaddle paddle jax 框架 深度学习框架".split())


def named_part(site: CueSite) -> Iterator[Fact]:
    """'在 GoogLeNet 中，基本的卷积块被称为 Inception块': what a model's part is called is a part of that model.
    Only a name that ends like a part (块, 层, 门, 模块) is one; '在统计学中，该过程称为抽样' names a term of a field."""
    doc, sentence = site.doc, site.sentence
    owners = [s for s in site.spans if s.start == sentence.start + 1 and doc[sentence.start].text == SETTING_OPEN]
    if not owners or _head_end(doc, owners[0]) >= site.start or doc[_head_end(doc, owners[0])].text not in SETTING_CLOSE:
        return
    at = site.end + (1 if site.end < sentence.end and doc[site.end].text in ("*", "“", "「") else 0)
    parts = [s for s in site.spans if s.start == at]
    if not parts or not names_part(doc, parts[0]) or parts[0].concept == owners[0].concept:
        return
    if doc[owners[0].start : owners[0].end].text.lower() in FIELDS | FRAMEWORKS:
        return  # '在 PyTorch 中，全连接层被称为 Linear层' names the framework's word for a layer, not a part of it
    yield Fact("has_component", owners[0].concept, parts[0].concept, _rule(site), site.cue.confidence)


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
        gap = [t.text for t in doc[_head_end(doc, before[0]) : site.start]]
        gap = gap[1:] if gap[:2] == ["中", "的"] else gap  # '卷积块中的基本单元是…'
        if len(before) != 1 or gap[:1] != ["的"] or not all(w in PART_ORDINALS or w in PART_QUALITIES for w in gap[1:]):
            return
        owner = Subject(before[0].concept, "own")
    elif words and all(w in PART_ORDINALS or w in PART_QUALITIES for w in words) and site.heading is not None:
        owner = Subject(site.heading, "heading")
    else:
        return
    yield from _facts(site, owner, [part.concept for part in parts])


TASK_NAME = re.compile(r"(?:任务|推断|分析|分类|检测|识别|翻译|建模|分割|生成|问答|预测|摘要|标注|task|inference|analysis|"
                       r"classification|detection|recognition|translation|modeling|segmentation|generation|answering)$", re.I)
APPLYING = frozenset("将 把".split())


def applied(site: CueSite) -> Iterator[Fact]:
    """'我们将预训练的 BERT 应用于 自然语言推断', '可以把 CNN 应用到 图像分类 中': a task done with X uses X. Only a
    task (its name ends like one: 推断, 分类, 检测, 任务) is a user; '将暂退法应用于隐藏层', '将图像增广应用于训练集'
    apply X to a part or to data and state no relation."""
    doc, sentence = site.doc, site.sentence
    tasks = [s for s in site.spans if s.start == site.end]
    if not tasks or not TASK_NAME.search(doc[tasks[0].start : tasks[0].end].text) or not closes_phrase(doc, tasks[0]):
        return
    opener = next((i for i in range(site.start - 1, sentence.start - 1, -1) if doc[i].text in APPLYING), None)
    if opener is None or any(doc[i].text in CLAUSE_BREAKS for i in range(opener, site.start)):
        return
    tools = [s for s in site.spans if s.start > opener and s.end <= site.start]
    if not tools or _head_end(doc, tools[-1]) != site.start:
        return  # '将 X 的输出 应用于…' applies the output, not X
    lead = [t.text for t in doc[opener + 1 : tools[-1].start]]
    if lead and (lead[-1] != "的" or len(lead) > 4):
        return  # '将 [预训练的] BERT 应用于…' may carry a short modifier
    tool = tools[-1]
    if tool.concept != tasks[0].concept and not plays_a_role(doc, tool):
        yield Fact("uses", tasks[0].concept, tool.concept, _rule(site), site.cue.confidence)


def part_of(site: CueSite) -> Iterator[Fact]:
    """'区域提议网络作为 Faster R-CNN 模型的一部分', 'X 是 Y 的一个组成部分': read as `of` reads 'X 是 Y 的一种',
    then turned round: Y has X as a part."""
    for fact in of(site):
        yield Fact(fact.relation, fact.object, fact.subject, fact.rule, fact.confidence)


SHAPES: dict[str, Callable[[CueSite], Iterator[Fact]]] = {
    "infix": infix, "list": enumeration, "around": around, "of": of, "frame": frame, "pair": pair, "prefix": prefix,
    "purpose": purpose, "than": than, "examples": examples, "replace": replaced,
    "remade": remade, "idea_taken": idea_taken, "named_part": named_part, "part_is": part_is, "applied": applied,
    "part_of": part_of,
}


def negated_cue(doc, sentence, start: int) -> bool:
    return any(doc[i].lower_ in NEGATIONS for i in range(max(sentence.start, start - 2), start))


HEARSAY = re.compile(r"(?:有些|有的|一些|某些|部分|很多|不少)(?:文献|论文|研究者?|学者|人|作者|观点|资料|说法)(?:则|也)?(?:认为|觉得|称|说|主张|声称|把)"
                     r"|有人(?:认为|觉得|说|称|把)|据说|据称|传闻|听说")
"""'有些文献认为 X 是 Y', '据说 X 能…': a view the writer reports from unnamed others, not one the notes state
(judged blind: not asserted). '研究表明', '实验证明' state findings and stay."""


def hearsay_cue(doc, sentence, start: int) -> bool:
    """The cue stands in a clause that reports what unnamed others hold (HEARSAY before it in the sentence)."""
    return HEARSAY.search(doc[sentence.start : start].text) is not None


__all__ = ["CueSite", "Fact", "SHAPES", "ConceptSpan", "hearsay_cue", "negated_cue"]
