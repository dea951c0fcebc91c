"""X uses Y: what the infix reading makes of a uses cue's objects (a layer built in is a part, a harm
introduced is an effect, 'k折交叉验证' after 交叉验证 a kind, '基于 Y 修改而来' a variant), 'X 是一种基于
Y 的…' (X is described as built on Y), '我们使用 A 来训练 B' (B uses A), and two shapes of the 将/把
construction: replace ('将 Z 换成 Y': X now uses Y) and applied ('将 X 应用于 Y任务': the task uses X).
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.phrases import (
    ADJECTIVAL_VERBS, CLAUSE_BREAKS, GENERIC_HEADS, VARIANT_NOUNS, closes_phrase, followed_by_merits,
    name_before_class, negated, no_break, object_items,
)
from kg.shapes.site import (
    CLASS_CONCEPTS, FRONTING, CueSite, Fact, cue_facts, head_end, inside_brackets, named_before, names_part,
    plays_a_role, rule_name, subject_plays_a_role,
)
from kg.shapes.subject import COPULA_GAP, sentence_opener
from kg.subjects.clauses import clause_start, speaks_of_itself
from kg.subjects.model import DEMOTED, Subject
from kg.subjects.resolve import resolve_subject
from kg.subjects.words import FIELDS, SUPPOSING


DESCRIBING_COPULAS = frozenset("是 为 就是 也是 都是 指的是 即 是一种 是一个 是一类 指的是一个 本质上是一种 实际上是一种".split())
BEFORE_USE_WORDS = frozenset("一种 一个 一类 纯 完全 一种纯".split())
BUILT_WORDS = frozenset("设计 构建 构造 搭建 实现 组合 叠加 堆叠".split())
OUTCOME_NOUNS = frozenset("结果 后果 原因 产物 现象 问题 代价 好处 坏处 目的 前提 效果 影响 缺点 优点".split())


def described_by_use(site: CueSite) -> Iterator[Fact]:
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
    yield from use_facts(site, Subject(subject.concept, "own"), objects)


def use_facts(site: CueSite, subject: Subject, objects: list) -> Iterator[Fact]:
    """X 使用/引入/结合了 Y, read for what Y is: a part, a harm, a kind of X, or the base of an extension."""
    doc = site.doc
    if subject.rule != "heading" and subject_plays_a_role(site, subject):
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
        yield from cue_facts(site, subject, [o.concept for o in objects], "variant_of")
        return  # 'Mask R-CNN 是基于 Faster R-CNN 修改而来的': a changed copy of it, not a use
    if cue_combines(site) and followed_by_merits(doc, objects[-1]):
        return  # 'Adam 结合了 AdaGrad 和 RMSprop 的优点': takes up their merits; neither a use nor a variant (judged blind twice each)
    if site.cue.words[0] not in BUILDS_IN:
        yield from cue_facts(site, subject, [o.concept for o in objects])
        return
    for obj in objects:  # 'LSTM 引入了 记忆元', '在 CNN 中组合使用 卷积层…': a layer, block or gate is a part
        part = names_part(doc, obj)
        harm = not part and site.cue.words[0].startswith("引入") and INTRODUCED_HARM.search(doc[obj.start : obj.end].text) is not None
        yield from cue_facts(site, subject, [obj.concept], "has_component" if part else "causes" if harm else None)


REMADE = ("修改", "改进", "改造", "扩展", "简化", "演变")
"""What follows '基于 Y' when X is Y changed ('基于 Y 修改而来')."""


def cue_combines(site: CueSite) -> bool:
    """The cue is 结合/融合 ('结合了 A 和 B'): its objects may be merits taken up rather than things used."""
    return site.cue.words[0].startswith(("结合", "融合"))


MAKING_VERBS = frozenset("训练 预训练 微调 实现 实现了 训练了".split())
"""What the writer does to B with A in '我们使用 A 来训练 B': B is trained or implemented with A, so B uses A.
Not 构建/构造 ('使用循环神经网络来构建语言模型' builds one RNN-based language model, not language models in
general: judged blind), nor 表示/计算/初始化 ('使用 GloVe 来表示词元' says what GloVe does to the tokens)."""


def used_to_make(site: CueSite, objects: list) -> Iterator[Fact]:
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


def _names_a_kind_of(site: CueSite, obj, subject: str) -> bool:
    """The object's name ends with the subject's name ('k折交叉验证' after 交叉验证): a kind of it."""
    spans = named_before(site, subject)
    if not spans:
        return False
    inner = site.doc[spans[-1].start : spans[-1].end].text.lower()
    outer = site.doc[obj.start : obj.end].text.lower()
    return len(outer) > len(inner) and outer.endswith(inner)


INTRODUCED_HARM = re.compile(r"噪声|噪音|误差|偏差|方差|偏置误差|过拟合|欠拟合|梯度消失|梯度爆炸|不稳定|noise|bias|variance", re.I)
"""'SGD 会引入噪声': what is introduced is a harm, so the sentence says what X causes, not what it uses."""
BUILDS_IN = frozenset("使用 使用了 采用 采用了 引入 引入了 加入了 用到 uses use employs adopts utilizes".split())


REPLACED_TAIL = frozenset("了 任务 的 ( ) （ ） 。 ！ !".split()) | GENERIC_HEADS


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
    taking = next((i for i in range(site.start - 1, first - 1, -1) if doc[i].text in FRONTING), None)
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
        subject = sentence_opener(site)  # 'ELECTRA 提出了新的任务，把 MLM 改成了 RTD': the 把 clause goes on with it
    if subject is None or subject.rule == "writer":
        return
    head = after[-1]
    if len(after) > 1 and after[-2].end == head.start and head.concept in CLASS_CONCEPTS:
        head = after[-2]  # '改为 ReLU 激活函数': the class word after the name is the head noun, the name the thing
    gap = doc[site.end : head.start].text.replace(" ", "")
    if len(gap.rpartition("的")[0]) >= 5:
        return  # '替换为 具有期望值h的 随机变量': a described quantity, not a method the lexicon names ('判别式的 RTD' is)
    yield from cue_facts(site, subject, [head.concept])


TASK_NAME = re.compile(r"(?:任务|推断|分析|分类|检测|识别|翻译|建模|分割|生成|问答|预测|摘要|标注|task|inference|analysis|"
                       r"classification|detection|recognition|translation|modeling|segmentation|generation|answering)$", re.I)


def applied(site: CueSite) -> Iterator[Fact]:
    """'我们将预训练的 BERT 应用于 自然语言推断', '可以把 CNN 应用到 图像分类 中': a task done with X uses X. Only a
    task (its name ends like one: 推断, 分类, 检测, 任务) is a user; '将暂退法应用于隐藏层', '将图像增广应用于训练集'
    apply X to a part or to data and state no relation."""
    doc, sentence = site.doc, site.sentence
    tasks = [s for s in site.spans if s.start == site.end]
    if not tasks or not TASK_NAME.search(doc[tasks[0].start : tasks[0].end].text) or not closes_phrase(doc, tasks[0]):
        return
    opener = next((i for i in range(site.start - 1, sentence.start - 1, -1) if doc[i].text in FRONTING), None)
    if opener is None or any(doc[i].text in CLAUSE_BREAKS for i in range(opener, site.start)):
        return
    tools = [s for s in site.spans if s.start > opener and s.end <= site.start]
    if not tools or head_end(doc, tools[-1]) != site.start:
        return  # '将 X 的输出 应用于…' applies the output, not X
    lead = [t.text for t in doc[opener + 1 : tools[-1].start]]
    if lead and (lead[-1] != "的" or len(lead) > 4):
        return  # '将 [预训练的] BERT 应用于…' may carry a short modifier
    tool = tools[-1]
    if tool.concept != tasks[0].concept and not plays_a_role(doc, tool):
        yield Fact("uses", tasks[0].concept, tool.concept, rule_name(site), site.cue.confidence)
