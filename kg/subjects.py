"""Who a cue's sentence is about: its own subject first, the section's concept only as a last resort.

Chinese drops subjects, so a rule needs a fallback, but the fallback is where a graph
goes wrong ('定义训练阶段代码 uses 负采样' from '我们可以使用负采样来训练跳元模型'). The
order, each step recorded in the triple's rule id:

  own       a concept right before the cue, only adverbs and modals between (X 可以有效 缓解 Y)
  determined  '这些 / 该 / 上述' then a concept's name open the clause ('这些通道有时也被称为特征映射'): that concept
  means     that concept is brought in to do it ('引入 核技巧 来 解决 Y'), whatever the clause opened with
  opener    the concept that opens the cue's clause, no verb between (X 在训练时 使用 Y; X 在 A 和 B 之间 增加 Y)
  sentence  the cue's clause has no subject; the sentence's first clause opens with a concept (after a colon, past a
            setting: 'NiN 提供了一个简单的方案：在每个像素上使用 Y')
  label     the line opens with 'X：' and the clause has no subject
  topic     the sentence opens '在 X 中，' and the cue's clause has no subject or the writer's
            (在卷积神经网络中，我们组合使用 A、B 和 C)
  setting   (uses only, asked by kg.shapes) '在进行 X 时可以使用 Y', 'X 时，采用 Y': the task or process X uses Y
  built     (uses only, asked by kg.shapes) '我们可以使用 Y 来训练 X': what Y trains or builds uses Y
  anaphor   the clause opens '该架构 / 这种方法' and the line named that thing before ('Transformer 架构，该架构中使用了…'),
            or '其结构 / 其模型' and the sentence opened with a concept (its = that concept)
  previous_line  the line opens '该架构 / 此模型' and the line right above named that thing ('…的 Transformer 架构，'
            then '该架构中使用了…'), or '它 / 其' and the line above is about one concept, its own subject
            ('过渡层可以用来控制…。' then '它通过 Y 来…'); the triple's lines and evidence take in the line above
  previous_sentence  as previous_line, the sentence before on the same line ('X 相当于一个…。它通过 Y 来…')
  heading   the clause has no subject at all, or only the model's class noun ('模型结构如下，主要包括…'),
            and the nearest heading names exactly one concept
  outer_heading  as heading, but the object is the nearest heading's own concept ('引入松弛变量，…' under
            SVM › 松弛变量): the heading above, when it names exactly one concept, is the subject (kg.shapes)

Names joined by 、/和 before 都 share the subject's triples ('LeNet、AlexNet 和 VGG 都…'), and so do the names of
a bare list that opens the clause ('AlexNet 和 VGG 对 LeNet 的改进…', 'A, B and C use…'). A name
set to a degree ('学习率太大', '太小的学习率') is a setting, not the concept: no triple.

A clause whose subject is the writer or the text (我们, 本节, 这里, 下面, we, this section) has
a subject, and it is not a concept: no triple.

A merit label ('优点：', '缺点：') opening the line is no subject: the items after it are what the section's
concept does. A clause opening '这种设计 / 这样做 / 该方法' points to what the section describes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from kg.cues import PROBLEM_CUE_WORDS
from kg.effects import SIZE_WORDS
from kg.phrases import (
    CLAUSE_BREAKS,
    GENERIC_HEADS,
    SUBJECT_GAP_WORDS,
    USE_VERBS,
    ConceptSpan,
    bare_enumeration,
    closes_phrase,
    gap_ok,
    head_noun_end,
    name_before_class,
    subject_phrase_ok,
)

PRONOUNS = frozenset(
    """
    我们 我 你 你们 他们 她们 人们 大家 读者 作者 笔者 本节 本章 本文 本书 这里 此处 下面 下文 以下 上面 上文 这一节 下一节 上一节
    这时 此时 这样 这种 该方法 这个 那个 这些 那些 它们 其 这 那 该 此 它 we you they i this these here below above section chapter
    """.split()
)
"""Subjects that are never concepts: the writer, the reader, the text itself, a demonstrative."""

CONTRASTING = frozenset("而 但 但是 然而 而且 并且".split())
"""'而 X …，利用 Y …': a conjunction before the name that opens the sentence leaves the name its subject."""

NON_NOMINAL_OPENERS = frozenset("为了 通过 由于 因为 如果 当 随着 对于 在 经过 虽然 尽管 如 例如 比如 就 而 但 但是 所以 因此 于是 然而 同时 此外 另外".split())
"""A clause that opens with these has no subject of its own."""

DEMOTED = {"own": 0.0, "determined": 0.05, "means": 0.05, "opener": 0.05, "sentence": 0.05, "next_clause": 0.05, "label": 0.05, "topic": 0.05, "setting": 0.05, "built": 0.05, "anaphor": 0.05,
           "previous_line": 0.1, "previous_sentence": 0.05,
           "heading": 0.15, "writer": 0.15, "section_means": 0.15, "outer_heading": 0.2}
"""How much less sure a triple is, by the step that found its subject."""


class LineAbove(NamedTuple):
    """The prose line right above a cue's line, where '该架构…' opening it may point back to."""

    doc: object
    spans: list[ConceptSpan]
    continued: bool = False
    """The line above goes on with a sentence begun further up: its first sentence does not open there."""
    new_item: bool = False
    """The cue's line opens a list item of its own: what the line above is about is another item's."""


@dataclass(frozen=True)
class Subject:
    concept: str
    rule: str
    """own | determined | means | opener | sentence | label | topic | anaphor | previous_line | heading | writer | section_means |
    outer_heading | setting | built."""
    together: tuple[str, ...] = ()
    """Concepts coordinated with it that the sentence says the same of ('LeNet、AlexNet 和 VGG 都…')."""


def clause_start(doc, sentence, start: int) -> int:
    return max([i + 1 for i in range(sentence.start, start) if doc[i].text in CLAUSE_BREAKS] or [sentence.start])


def speaks_of_itself(doc, first: int, stop: int, allowed: frozenset = frozenset()) -> bool:
    """A pronoun or the writer stands in doc[first:stop] (我们可以使用…, 本节介绍…); `allowed`: pronouns
    that do not change who the sentence is about."""
    return any((doc[i].lower_ in PRONOUNS and doc[i].lower_ not in allowed)
               or (doc[i].tag_ == "x" and doc[i].text[:1] in "这那此该它其") for i in range(first, stop))
    # jieba glues '这为' into one unknown word


ITS = frozenset("其 它 它们 it its".split())
"""'Word2Vec 是…，其模型…': its and it point back to the sentence's subject, so they change no subject."""


def continues_sentence(doc) -> bool:
    """The line goes on with a sentence begun on the line before ('从而防止…', 'and prevents…'):
    its subject is up there, not in the heading."""
    return len(doc) > 0 and ((doc[0].tag_ == "c" and doc[0].lower_ not in SENTENCE_OPENERS) or doc[0].lower_ in CONTINUATIONS
                             or doc[0].text[:1].islower())


SENTENCE_OPENERS = frozenset("如果 假如 若 因为 由于 虽然 尽管 为了 当 只要 只有 除非 即使".split())
"""Conjunctions that open a sentence of their own ('如果想改变通道数，就…'), unlike 并/而/但 that go on with one."""


CONTINUATIONS = frozenset("从而 进而 因此 所以 并 并且 而且 而 然后 但 但是 然而 以 以便 使 使得 且 也 还 则".split())


def _verbal(token) -> bool:
    return token.tag_.startswith(("v", "p")) and token.lower_ not in SUBJECT_GAP_WORDS


def resolve_subject(doc, sentence, spans: list[ConceptSpan], start: int, label: str | None, heading: str | None,
                    may_use_section: bool, previous_line: LineAbove | None = None,
                    line_spans: list[ConceptSpan] = ()) -> Subject | None:
    """The concept the cue at doc[start] predicates something of, or None when the sentence is
    about something the lexicon does not name (no triple is better than a wrong one).
    `previous_line`: the line right above, where '该架构' may point back to; `line_spans`: the names of the whole
    line, where '它' opening a sentence may point back to."""
    sentence = _past_discourse_marker(doc, sentence, start)
    listed = sentence.start > 1 and doc[sentence.start - 1].text in (":", "：") and doc[sentence.start - 2].text in MERIT_LABELS
    first = clause_start(doc, sentence, start)
    if doc[first].lower_ in COUNTERFACTUAL:
        return None  # '否则 Transformer 就是一个词袋模型': what would be, not what is
    antecedent = _antecedent(doc, spans, first, start)
    if antecedent is not None:
        return Subject(antecedent, "anaphor")
    determined = _determined(doc, spans, first, start)
    if determined is not None:
        return Subject(determined, "determined")
    if previous_line is not None and first == sentence.start == 0:
        antecedent = _antecedent(doc, spans, first, start, previous_line)
        if antecedent is not None:
            return Subject(antecedent, "previous_line")
    if heading is not None and may_use_section and (_points_to_section(doc, spans, first, start)
                                                    or _pointer_goes_on(doc, spans, sentence, first, start)):
        return Subject(heading, "heading")  # '引入这种设计是为了缓解梯度消失问题' under 记忆元: the design is the section's
    topic = _topic(doc, sentence, spans, first)
    before = [s for s in spans if first <= s.start and s.end <= start]
    if before and gap_ok(doc, before[-1].end, start) and _means(doc, before[-1], start) \
            and doc[first].lower_ not in ("为了", "除了") and name_before_class(before, len(before) - 1, doc) == len(before) - 1:
        return Subject(before[-1].concept, "means")  # '我们使用 Dropout 来防止过拟合': Dropout prevents it
    it = _it(doc, sentence, spans, first, start, line_spans)
    if it is not None:
        return Subject(it, "anaphor")
    if previous_line is not None and first == sentence.start == 0:
        it = _it_above(doc, spans, start, previous_line)
        if it is not None:
            return Subject(it, "previous_line")
    carried = _carried(doc, sentence, spans, first, start, line_spans, previous_line)
    if carried is not None:
        return carried
    if speaks_of_itself(doc, first, start):
        writer_only = all(doc[i].lower_ in WRITERS or doc[i].lower_ in SUBJECT_GAP_WORDS or _verbal(doc[i]) for i in range(first, start))
        return Subject(topic, "topic") if topic is not None and writer_only else None
    if any(conditioned(doc, s, start) for s in before):
        return None  # '学习率太大会导致…', '太小的学习率会…': a setting of X causes it, not X
    if before and (gap_ok(doc, before[-1].end, start, PURPOSE_GAP) or _merit_gap(doc, before[-1].end, start)):
        index = name_before_class(before, _outside_gloss(doc, before), doc)
        if index is None:
            return None
        own = before[index]
        designed = _merit_gap(doc, own.end, start) and all(t.text in MAKING for t in doc[first : own.start])
        if not designed and not subject_phrase_ok(doc, own, first, spans):
            return None  # ('设计残差网络的目的是为了避免…': the purpose of making X is X's)
        listed = _each_of(doc, opening_list(doc, sentence, spans, first, own, start), own)
        return Subject(own.concept, "own", _coordinated(doc, before[:index], own, start) or listed)
    if len(before) == 1 and before[0].start == first and _coordinated_predicate(doc, before[0].end, start):
        opener = before[0]  # 'BN 可以加快收敛并防止过拟合': the second predicate has the first one's subject
        return Subject(opener.concept, "opener") if closes_phrase(doc, opener) and subject_phrase_ok(doc, opener, first, spans) else None
    between = [i for i in range(before[0].end, start) if not _in_setting(doc, i, before[0].end, start)
               and not _at_step(doc, i, before[0].end, start) and not _proposes(doc, i, start)] if before else []
    if before and before[0].start == first and not any(_verbal(doc[i]) for i in between) and len(between) <= 6:
        opener = before[0]
        if _sets_a_time(doc, opener):
            return None  # '目标检测时容易出现过拟合': what happens during X, not what X does
        listed = opening_list(doc, sentence, spans, first, opener, start)
        if not (closes_phrase(doc, opener) and subject_phrase_ok(doc, opener, first, spans)) or _names_a_place(doc, listed):
            return None  # '编码器和解码器之间增加了 Y' says where, not who
        return Subject(opener.concept, "opener", _each_of(doc, listed, opener))
    if not gap_ok(doc, _past_colon_setting(doc, first, start), start):
        return None  # the clause has a subject we do not know (深度学习中 使用 …)
    if label is not None and doc[first].lower_ not in EXAMPLE_OPENERS:
        return Subject(label, "label")  # not '不合适的激活函数：…，比如使用sigmoid': an example of the label, not its tool
    if topic is not None:
        return Subject(topic, "topic")
    if first > sentence.start:
        lead = sentence.start + (doc[sentence.start].lower_ in CONTRASTING and sentence.start + 1 < first)
        opening = [s for s in spans if s.start == lead and closes_phrase(doc, s) and not _sets_a_time(doc, s)]
        head_clause = clause_start(doc, sentence, opening[0].end) if opening else sentence.start
        if opening and head_clause == sentence.start and not speaks_of_itself(doc, lead, first, ITS):
            return Subject(opening[0].concept, "sentence")  # '而 ELECTRA 使用 GAN 的思想，利用 Y 构造…' is ELECTRA's, not the section's
        if (doc[sentence.start].lower_ not in NON_NOMINAL_OPENERS and not _generic_subject(doc, sentence.start, first)
                and not _subjectless(doc[sentence.start], listed)) or speaks_of_itself(doc, sentence.start, first):
            return None  # the first clause has a subject, and it is not a concept
        later = [i + 1 for i in range(sentence.start, first - 1) if doc[i].text in CLAUSE_BREAKS]
        if any(doc[i].lower_ not in NON_NOMINAL_OPENERS and doc[i].lower_ not in SUBJECT_GAP_WORDS and not _subjectless(doc[i], listed)
               for i in later):
            return None  # '在 X 中，数据集和模型都很大，导致 …': a clause between has its own subject
    if may_use_section and first == sentence.start and doc[first].lower_ not in NO_SECTION_OPENERS:
        carried = _before(doc, sentence, line_spans, previous_line)
        if carried is not None:
            return carried  # 'X 是一种…。可以有效防止 Y': the sentence before in the paragraph is about X
    if heading is not None and may_use_section and not continues_sentence(doc) \
            and doc[sentence.start].lower_ not in NO_SECTION_OPENERS:
        return Subject(heading, "heading")  # not '为了解决 Seq2Seq 的缺陷，引入了…', not '如果想…，就需要…'
    return None


BY_WORDS = frozenset("通过 借助 利用 依靠 靠 通过使用 使用 采用 使用了 采用了 利用了".split())
MEANS_NOUNS = frozenset("技术 方法 机制 策略 技巧 手段".split())
"""A means phrase headed by one of these may run straight into the verb ('X 使用了两种新技术改进了 Y')."""


def by_means_owner(doc, sentence, spans: list[ConceptSpan], start: int, means: ConceptSpan | None = None) -> str | None:
    """'L2 正则化 通过 惩罚大权重 来 防止 Y', 'LSTM 通过 门控机制 缓解了 Y': the concept that opens the clause
    and does it by some means does it too. `means`: the concept named as the means, if any (then only
    BY_WORDS and adverbs stand between the two names); without one, 通过 … 来/以 or 使用了 … 技术 (no break,
    no other name)."""
    sentence = _past_discourse_marker(doc, sentence, start)
    first = clause_start(doc, sentence, start)
    owner = next((s for s in spans if s.start == first and s.end < start), None)
    if owner is None or not closes_phrase(doc, owner) or speaks_of_itself(doc, first, start):
        return None
    if any(conditioned(doc, s, start) for s in spans if first <= s.start < start):
        return None
    stop = means.start if means is not None else start
    gap = [t.lower_ for t in doc[owner.end : stop]]
    by = next((i for i, word in enumerate(gap) if word in BY_WORDS), None)
    if by is None or not all(word in SUBJECT_GAP_WORDS for word in gap[:by]):
        return None
    if means is not None:
        rest = gap[by + 1 :]
        return owner.concept if all(w in ("一个", "一种", "了") for w in rest) and means.concept != owner.concept else None
    inside = [s for s in spans if owner.end <= s.start and s.end <= start]
    if inside or len(gap) - by > 12 or not gap or (gap[-1] not in MEANS_LINKS and gap[-1] not in MEANS_NOUNS) \
            or any(w in CLAUSE_BREAKS for w in gap):
        return None
    return owner.concept


SECTION_POINTER = re.compile(r"^(?:然而|但是|但|而|因此|所以)?(?:引入|采用|使用)?(?:这种|这样的|这一|该|此)(?:设计|做法|方法|方式|计算|操作|技巧|策略|机制)"
                             r"|^(?:然而|但是|但|而)?这样做")
"""'这种设计', '这样做', '该方法' opening a clause: what the section describes (kg.subjects._points_to_section)."""


def _points_to_section(doc, spans: list[ConceptSpan], first: int, start: int) -> bool:
    """The clause opens with a pointer to what the section describes and goes on to the cue with adverbs only."""
    if any(first <= s.start < start for s in spans):
        return False
    words = [t.text for t in doc[first:start]]
    for cut in range(1, min(len(words), 5) + 1):
        if SECTION_POINTER.fullmatch("".join(words[:cut])):
            return all(w in SUBJECT_GAP_WORDS or w in PURPOSE_GAP or w in ("是用来", "为了", "的") for w in words[cut:])
    return False


POINTED_HEADS = frozenset("计算 方法 做法 操作 模型 网络 算法 机制 技巧 策略 设计 架构 结构 层 块".split())
"""Head nouns a pointer ('这样的计算', '这种模型') may name a section by: the heading's name ends with one."""
POINTER_WORDS = ("这样的", "这种", "这一", "该", "此")


def points_to_heading(prose: str, name: str) -> bool:
    """'### 完全计算' over '然而，这样的计算非常缓慢，…': the prose names the section's concept by a pointer and the
    head noun its name ends with, though never by its name; '这种方法' under '权重衰减' is no such pointer (its name
    does not end with 方法), and a pointer with a modifier between ('这种简单的计算') is left alone."""
    heads = [head for head in POINTED_HEADS if name.endswith(head) and len(name) > len(head)]
    return any(pointer + head in prose for head in heads for pointer in POINTER_WORDS)


def restarts_with_pointer(line: str) -> bool:
    """A line that goes on with the sentence above but opens a clause of its own with a pointer to the section
    ('然而，这样的计算非常缓慢，…' below '我们可以计算全部总和，'): the pointer, not the line above, is its subject."""
    return SECTION_POINTER.match(re.sub(r"^\s*(?:然而|但是|但|而|不过)\s*[，,]\s*", "", line.strip())) is not None


def _pointer_goes_on(doc, spans: list[ConceptSpan], sentence, first: int, start: int) -> bool:
    """'这样的计算非常缓慢，并且可能会发生梯度爆炸': the sentence opens with the pointer and the cue's clause goes on
    with it (a joiner and adverbs only, no name in between)."""
    opens = sentence.start
    if opens + 1 < first and doc[opens].lower_ in ("然而", "但是", "但", "而", "不过") and doc[opens + 1].text in CLAUSE_BREAKS:
        opens += 2  # '然而，这样的计算…'
    if first == opens or any(opens <= s.start < start for s in spans):
        return False
    breaks = [i for i in range(opens, first) if doc[i].text in CLAUSE_BREAKS]
    if len(breaks) != 1 or not any(doc[first].lower_ == w for w in PREDICATE_JOINERS):
        return False
    opening = "".join(t.text for t in doc[opens : min(breaks[0], opens + 5)])
    return SECTION_POINTER.match(opening) is not None and all(
        t.lower_ in SUBJECT_GAP_WORDS or t.lower_ in PREDICATE_JOINERS for t in doc[first:start])


def _outside_gloss(doc, before: list[ConceptSpan]) -> int:
    """'普通的 RNN（Vanilla RNN）常使用…': the last name stands in a bracketed gloss of the name before the
    bracket, which is the subject."""
    last = len(before) - 1
    if last >= 1 and before[last].end < len(doc) and doc[before[last].end].text in ("）", ")") \
            and doc[before[last - 1].end].text in ("（", "(") \
            and not any(t.text in ("）", ")", "（", "(") for t in doc[before[last - 1].end + 1 : before[last].start]):
        return last - 1
    return last


def _sets_a_time(doc, span: ConceptSpan) -> bool:
    """'预训练时，…' / '训练的时候': the name sets when the sentence holds, it is not what it is about."""
    following = [t.text for t in doc[span.end : span.end + 2]]
    return following[:1] in (["时"], ["时候"], ["的时候"]) or following == ["的", "时候"]


COUNTERFACTUAL = frozenset("否则 不然 要不然 要不".split())
NO_SECTION_OPENERS = frozenset("为了 如果 假如 若 只要 否则 要是".split())
"""A sentence that opens with a purpose or a condition brings in something for, or only sometimes in, the
section's concept: the section is not what does it."""


SETTING_ENDS = frozenset("之间 中 里 内 上 后 前 之后 之前 以后 以前 时 同时".split())


PREDICATE_JOINERS = frozenset("并 并且 而且 且 同时 还 并能 还能 还可以 也能 也可以".split())


def _coordinated_predicate(doc, start: int, cue: int) -> bool:
    """doc[start:cue] is a short predicate and a joiner ('可以 加快 收敛 并'): nothing but adverbs after the
    joiner, a verb before it, no break, no more than eight words."""
    words = [t for t in doc[start:cue]]
    joiner = max((i for i, t in enumerate(words) if t.lower_ in PREDICATE_JOINERS), default=None)
    if joiner is None or joiner == 0 or len(words) > 8 or any(t.text in CLAUSE_BREAKS for t in words):
        return False
    if not all(t.lower_ in SUBJECT_GAP_WORDS for t in words[joiner + 1 :]):
        return False
    return any(t.tag_.startswith("v") and t.lower_ not in SUBJECT_GAP_WORDS for t in words[:joiner])


def _in_setting(doc, index: int, start: int, stop: int) -> bool:
    """doc[index] lies in a 'where or when' phrase between subject and cue: 'X 在 A 和 B 之间 增加 Y',
    'X 在 训练 时 使用 Y'. The phrase opens with 在 and closes with a place or time word before any break."""
    opening = next((i for i in range(index, start - 1, -1) if doc[i].text == "在"), None)
    if opening is None:
        return False
    for i in range(opening + 1, stop):
        if doc[i].text in CLAUSE_BREAKS:
            return False
        if doc[i].text in SETTING_ENDS:
            return index <= i
    return False


def _past_colon_setting(doc, first: int, start: int) -> int:
    """'NiN 提供了一个简单的方案：在每个像素的通道上分别使用 Y': a clause after a colon that opens with a 'where or
    when' phrase (在 … 上 / 中 / 时, no break) still has no subject; the phrase is passed over, and the sentence
    before the colon supplies the subject."""
    if first == 0 or doc[first - 1].text not in (":", "：") or doc[first].text != "在":
        return first
    return next((i + 1 for i in range(first + 1, start) if doc[i].text in SETTING_ENDS and _in_setting(doc, i, first, start)), first)


STEPS = frozenset("训练 预训练 微调 推理 测试 预测 解码 编码 前向传播 反向传播 计算".split())
STEP_TIMES = frozenset("时 时候 的时候 阶段".split())


def _at_step(doc, index: int, start: int, stop: int) -> bool:
    """doc[index] lies in a bare time phrase right after the subject, with no 在: 'BERT 训练时 使用 两个任务',
    'Dropout 预测的时候 不使用…'. Only a training or inference step then 时/时候/阶段."""
    if stop - start not in (2, 3) or doc[start].lower_ not in STEPS:
        return False
    closing = "".join(t.text for t in doc[start + 1 : stop])
    return closing in STEP_TIMES and start <= index < stop


PROPOSING_VERBS = frozenset("提出 提出了 选择 尝试 主张 决定 考虑".split())


def _proposes(doc, index: int, cue: int) -> bool:
    """doc[index] is a verb of proposing right before the cue: 'ALBERT 提出 利用 A、B 来…' says ALBERT uses them."""
    if index == cue - 1 and doc[index].text == "了":
        index -= 1  # '提出 了 使用'
    return cue - 2 <= index < cue and doc[index].lower_ in PROPOSING_VERBS and all(
        t.text == "了" for t in doc[index + 1 : cue])


DISCOURSE_MARKERS = frozenset("""总的来说 总而言之 总之 总结 简单来说 简而言之 一般来说 通常来说 具体来说 具体而言 也就是说 换句话说 换言之
    因此 所以 此外 另外 同时 首先 其次 再次 最后 然后 实际上 事实上 显然 当然 可见 综上 综上所述 另一方面 相应地""".split())


def _past_discourse_marker(doc, sentence, cue: int):
    """'总的来说，BN 通过…，减少了…': a first clause that is only a discourse marker is no part of who the
    sentence is about; the sentence is read as if it began after it."""
    words = []
    for i in range(sentence.start, cue):
        if doc[i].text in CLAUSE_BREAKS:
            label = doc[i].text in (":", "：") and "".join(words) in MERIT_LABELS
            marker = "".join(words) in DISCOURSE_MARKERS and i + 1 < cue
            return doc[i + 1 : sentence.end] if marker or label else sentence  # '缺点：导致…': the cue may open the rest
        words.append(doc[i].text)
    return sentence


MERIT_LABELS = frozenset("优点 缺点 优势 劣势 好处 作用 不足 局限 局限性 主要优点 主要缺点 advantages disadvantages pros cons".split())
"""'优点：可以防止过拟合' / '缺点：容易导致梯度消失': the label says which side of the section's concept the line
lists; like a discourse marker it is no subject (not 改进：, whose items are remedies brought in from elsewhere)."""


def _subjectless(token, listed: bool = False) -> bool:
    """A clause that opens with a modal or a solves/causes cue ('可以提高收敛速度，防止过拟合') has dropped its
    subject: the one the sentence goes on about. After a merit label (`listed`: '优点：实现简单，防止过拟合')
    any verb opens such a clause: the items are what the concept does."""
    return token.lower_ in MODAL_OPENERS or token.lower_ in EFFECT_CUE_WORDS or (listed and token.tag_.startswith("v"))


MODAL_OPENERS = frozenset("可以 能 能够 可 还可以 也可以 还能 也能 能有效 可以有效".split())
EFFECT_CUE_WORDS = frozenset(PROBLEM_CUE_WORDS)


PURPOSE_GAP = frozenset("为了 是为了 就是为了 主要是为了".split())
MERIT_GAP = re.compile(r"的?(?:主要|最大)?的?(?:优点|作用|目的|好处|优势|意义|用处|用途|缺点|不足|弊端|问题)(?:之一)?(?:就|则|主要|也)?"
                       r"(?:是|在于|便是)(?:为了|用来|用于|可以|能够|能|容易|会|可能会|可能)?"
                       r"|的(?:提出|出现|引入|设计|诞生)(?:正是|就是|主要是|是)?(?:为了)?")
"""'汇聚层的主要优点之一是减轻…', 'Dropout 的作用是防止…', 'RNN 的缺点是容易导致…', 'LSTM 的提出正是为了解决…':
what the concept is for or what it brings about, said of it."""


MAKING = frozenset("设计 提出 引入 使用 采用 发明".split())


def _merit_gap(doc, start: int, end: int) -> bool:
    return 0 < end - start <= 8 and MERIT_GAP.fullmatch("".join(t.text for t in doc[start:end])) is not None
"""'残差是为了解决网络退化': between a named subject and its cue, a purpose marker keeps the link
(a clause that opens with 为了 and names no subject stays without one)."""
def _it(doc, sentence, spans: list[ConceptSpan], first: int, start: int, line_spans: list[ConceptSpan] = ()) -> str | None:
    """'GRU 是一种 RNN 的变体，它通过使用门控机制来克服…': 它 opening a later clause is the concept the
    sentence opened with (followed by 是, 的 or a comma), when nothing but adverbs stand before the cue."""
    if doc[first].lower_ not in ("它", "它们") or first + 1 > start:
        return None
    if first == sentence.start:  # '- 残差网络（ResNet）。它通过残差块…': the list label before, on this line, names it
        before = [s for s in doc.sents if s.end == sentence.start]
        if not before or doc[first].lower_ != "它":
            return None
        named, spans = _labelled_item(doc, before[0], line_spans), line_spans
    else:
        named = _opening_name(doc, sentence, spans, first, ("是", "的", "，", ","))
    if named is None:
        return None
    if not all(doc[i].lower_ in SUBJECT_GAP_WORDS or doc[i].lower_ in ("通过", "通过使用") or any(s.start <= i < s.end for s in spans)
               or doc[i].lower_ in USE_VERBS for i in range(first + 1, start)):
        return None
    return named


def _opening_name(doc, sentence, spans: list[ConceptSpan], stop: int, closers: tuple[str, ...]) -> str | None:
    """The concept the sentence opens with (past 比如 or a list mark), when one of `closers` follows it."""
    lead = sentence.start
    while lead < sentence.end and (doc[lead].lower_ in ("比如", "例如", "譬如") or doc[lead].text in ("-", "*", "+", "•")):
        lead += 1
    opening = [s for s in spans if s.start == lead and s.end < stop]
    return opening[0].concept if opening and doc[opening[0].end].text[:1] in closers else None


def _labelled_item(doc, sentence, spans: list[ConceptSpan]) -> str | None:
    """The bracketed name a short list label ends with ('- 使用重复块的网络（VGG）。'), which '它…' after it means
    (any other sentence before '它' is read by kg.subjects._carried)."""
    end = sentence.end - 1 if doc[sentence.end - 1].text in ("。", ".") else sentence.end
    if sentence.start == 0 and sentence.end - sentence.start <= 14 and end >= 2 and doc[end - 1].text in ("）", ")"):
        named = [s for s in spans if s.end == end - 1 and s.start > 0 and doc[s.start - 1].text in ("（", "(")]
        return named[0].concept if named else None
    return None


def _it_above(doc, spans: list[ConceptSpan], start: int, previous_line: LineAbove) -> str | None:
    """'权重衰减（weight decay）是…的技术之一，' then '它通常也被称为 L2正则化。': 它 opening a line points back
    to the concept the line above opened with (a name, perhaps glossed, then 是/的/，), when that line is one sentence."""
    if not len(doc) or doc[0].lower_ not in ("它", "它们") or not all(
            doc[i].lower_ in SUBJECT_GAP_WORDS or doc[i].lower_ in ("通常", "常", "有时", "也") for i in range(1, start)):
        return None
    above, named = previous_line.doc, previous_line.spans
    if len(list(above.sents)) != 1 or not named or named[0].start != 0:
        return None
    after = named[0].end
    if after < len(above) and above[after].text in ("（", "("):
        after = next((i + 1 for i in range(after, len(above)) if above[i].text in ("）", ")")), len(above))
    return named[0].concept if after < len(above) and above[after].text[:1] in ("是", "的", "，", ",") else None


MEANS_LINKS = frozenset("来 去 以 从而 进而 用来 用以".split())


def _means(doc, span: ConceptSpan, cue: int) -> bool:
    """'引入 核技巧 来 解决 Y', '使用 Dropout 以 防止 Y': what is brought in to do it is what does it,
    whatever the clause opened with (转换为对偶问题还可以便于引入…)."""
    links = [t.lower_ for t in doc[span.end : cue]]
    if not links or not any(word in MEANS_LINKS for word in links):
        return False
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in ("一个", "一种", "了") or doc[i].is_punct and doc[i].text in "*_"):
        i -= 1
    return i >= 0 and doc[i].lower_ in USE_VERBS


COORDINATORS = frozenset(["、", "，", ",", "和", "与", "及", "以及", "或"])
ALL_OF_THEM = frozenset(["都", "均", "都是", "也都", "同样"])


def _coordinated(doc, earlier: list[ConceptSpan], subject: ConceptSpan, cue: int) -> tuple[str, ...]:
    """'A、B 和 C 都 使用 …': the names joined to the subject by 、/和 before 都 (without 都, 'A 和 B 使用 …'
    may say it of B alone)."""
    if not ALL_OF_THEM.intersection(t.text for t in doc[subject.end : cue]):
        return ()
    names, current = [], subject
    for span in reversed(earlier):
        gap = [t.text for t in doc[span.end : current.start]]
        gap = gap[1:] if gap and gap[0].lower() in GENERIC_HEADS else gap  # 'RMSProp 算法 与 动量法 都…'
        if not gap or len(gap) > 2 or not all(word in COORDINATORS for word in gap):
            break
        names.append(span.concept)
        current = span
    return tuple(sorted(set(names) - {subject.concept}))


PLACE_AFTER = frozenset("之间 中间 之中 中 里 内 上 下 前 后 之前 之后".split())


def opening_list(doc, sentence, spans: list[ConceptSpan], first: int, subject: ConceptSpan, cue: int) -> list[ConceptSpan]:
    """The enumeration that opens the clause and holds the subject, each of whose names the clause speaks of:
    'AlexNet 和 VGG 对 LeNet 的改进…', 'MXNet 和 TensorFlow 之类则采用了 Y', 'LSTM, GRU and ResNet use Y' (an English
    list may run past commas from the sentence's start). kg.phrases.bare_enumeration reads it, as objects are
    read: 'A 和 B 的 C 使用…' and 'A 和 B 组成的 C' are about C, 'A 与 B 结合…' has a verb before the cue. []
    when there is no such list."""
    lead = first
    while lead < subject.start and doc[lead].lower_ in CONTRASTING | CARRY_CONNECTIVES:
        lead += 1
    lead = _listed_from(doc, sentence, spans, lead)
    predicate = cue
    while predicate > lead and doc[predicate - 1].lower_ in SUBJECT_GAP_WORDS:
        predicate -= 1  # 'LSTM and GRU can use…': the name before the modal ends its phrase
    items = bare_enumeration(doc, spans, lead, cue, closed_at=predicate)
    return items if subject in items else []


def _names_a_place(doc, items: list[ConceptSpan]) -> bool:
    """'编码器和解码器之间增加了 Y': the list and a place word name where, not who."""
    return bool(items) and doc[head_noun_end(doc, items[-1])].text in PLACE_AFTER


def _each_of(doc, items: list[ConceptSpan], subject: ConceptSpan) -> tuple[str, ...]:
    """The other names of the subject's list, when they are subjects (not a place)."""
    return () if _names_a_place(doc, items) else tuple(s.concept for s in items if s.concept != subject.concept)


def _listed_from(doc, sentence, spans: list[ConceptSpan], lead: int) -> int:
    """'LSTM, GRU and ResNet use…': where an English list of names that runs back past commas to the sentence's
    start begins (each clause before a name alone); else `lead`."""
    start = lead
    while start > sentence.start + 1 and doc[start - 1].text == ",":
        name = next((s for s in spans if head_noun_end(doc, s) == start - 1), None)
        if name is None or name.start < sentence.start or not doc[name.start].text.isascii() \
                or clause_start(doc, sentence, name.start) != name.start:
            return lead
        start = name.start
    return start if start == sentence.start else lead


GENERIC_SUBJECTS = frozenset("模型 模型结构 网络结构 整体结构 结构 整个模型 该模型 网络 框架 架构 整体架构 模型框架 model architecture".split())


def _generic_subject(doc, start: int, stop: int) -> bool:
    """'模型结构如下图所示，主要包括 A、B': the model the section is about, named by its class noun alone."""
    words = [t.lower_ for t in doc[start : min(stop, start + 2)]]
    return bool(words) and (words[0] in GENERIC_SUBJECTS or "".join(words) in GENERIC_SUBJECTS)


WRITERS = frozenset("我们 我们可以 我们会 我们就 我们将 我们还 我们也 we".split())
TOPIC_FRAME = (frozenset(["在"]), frozenset("中 里 内 当中 之中 上".split()))
"""'在 X 中，…': the sentence is set inside X."""


def _topic(doc, sentence, spans: list[ConceptSpan], first: int) -> str | None:
    """X of a sentence that opens '在 X 中，' when the cue stands in the very next clause."""
    if first == sentence.start or doc[sentence.start].text not in TOPIC_FRAME[0]:
        return None
    inside = [s for s in spans if s.start == sentence.start + 1]
    if not inside:
        return None
    name = inside[0]
    if doc[name.start : name.end].text.lower() in FIELDS:
        return None  # '在深度学习中，经常使用…' says what the field does, not what a concept uses
    closing = [t.text for t in doc[name.end : first]]
    if len(closing) == 2 and closing[0] in TOPIC_FRAME[1] and closing[1] in CLAUSE_BREAKS:
        return name.concept
    return None


TIME_WORDS = frozenset("时 时候 的时候".split())
INSIDE_WORDS = frozenset("中 过程中 当中 之中".split())
DOING_VERBS = frozenset("进行 做 执行".split())
CONSIDERING = frozenset("考虑 选择 尝试".split())
"""'可以考虑使用 Y': weighing a tool is still taking it."""


def setting_subject(doc, sentence, spans: list[ConceptSpan], start: int) -> Subject | None:
    """'在进行 X 时可以考虑使用 Y', '在 X 的时候，通常使用 Y', 'X 时，采用 Y': the task or process the frame names is
    what uses Y, when the cue's clause has no subject of its own (not '在 X 时，BERT 使用 Y', nor '…，我们使用 Y').
    The frame opens the cue's clause, or the clause right before it. kg.shapes asks only for uses cues: what
    happens during X ('训练时容易出现过拟合') is no effect of X."""
    first = clause_start(doc, sentence, start)
    framed = _setting_frame(doc, spans, first, start)
    if framed is not None and gap_ok(doc, framed[1], start, CONSIDERING):
        return None if _named_before(doc, sentence, spans, first) else Subject(framed[0], "setting")
    if first == sentence.start or not gap_ok(doc, first, start, CONSIDERING):
        return None
    opening = clause_start(doc, sentence, first - 1)
    framed = _setting_frame(doc, spans, opening, first)
    if framed is None or framed[1] != first - 1 or _named_before(doc, sentence, spans, opening):
        return None
    return Subject(framed[0], "setting")


def _named_before(doc, sentence, spans: list[ConceptSpan], stop: int) -> bool:
    """A clause before doc[stop] opens with a concept's name ('ResNet 很深，在训练时使用 Y'): the sentence is
    about that concept, not about the frame's."""
    opens = {sentence.start} | {i + 1 for i in range(sentence.start, stop) if doc[i].text in CLAUSE_BREAKS}
    return any(s.start in opens and s.start < stop for s in spans)


def _setting_frame(doc, spans: list[ConceptSpan], at: int, stop: int) -> tuple[str, int] | None:
    """X and the index right after the frame, for '在 (进行) X 时 / 的时候 / 中' or 'X 时' at doc[at]; None for a
    field (深度学习中), a class noun alone (模型中) or a name that goes on ('在 X 的输出中')."""
    opened = doc[at].text == "在"
    i = at + opened
    if opened and i < stop and doc[i].text in DOING_VERBS:
        i += 1
    name = next((s for s in spans if s.start == i and s.end < stop), None)
    if name is None or doc[name.start : name.end].text.lower() in FIELDS | CLASS_NOUNS | GENERIC_SUBJECTS:
        return None
    closing = doc[name.end].text
    if closing == "的" and name.end + 1 < stop and doc[name.end + 1].text == "时候":
        return name.concept, name.end + 2
    return (name.concept, name.end + 1) if closing in TIME_WORDS or opened and closing in INSIDE_WORDS else None


BUILDING_VERBS = frozenset("训练 构建 设计 实现 搭建 建立 构造".split())
PURPOSE_LINKS = frozenset("来 以 用来".split())
WRITER_GAP = frozenset("将 会 就 还".split())


def built_subject(doc, sentence, spans: list[ConceptSpan], start: int, end: int) -> Subject | None:
    """'我们可以使用负采样来训练跳元模型', '使用全连接层来实现多头注意力': what the tool is used to train, build or
    implement is what uses it. Only when no concept stands before the cue in its clause (the writer or nothing
    does), and the thing built follows the verb bare or after a short 的-modifier, never a class noun alone
    ('来训练模型'). kg.shapes asks only for uses cues whose clause gave no subject."""
    first = clause_start(doc, sentence, start)
    if any(first <= s.start < start for s in spans) or not all(
            t.lower_ in WRITERS or t.lower_ in SUBJECT_GAP_WORDS or t.lower_ in WRITER_GAP for t in doc[first:start]):
        return None
    stop = next((i for i in range(end, sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text in ("。", ".")), sentence.end)
    link = next((i for i in range(end, stop - 1) if doc[i].text in PURPOSE_LINKS and doc[i + 1].text in BUILDING_VERBS), None)
    built = next((s for s in spans if link is not None and link + 2 <= s.start < stop and doc[s.end].text != "的"), None)
    if built is None or doc[built.start : built.end].text.lower() in CLASS_NOUNS | GENERIC_SUBJECTS or not closes_phrase(doc, built):
        return None  # not '来设计注意力机制的框架': a thing of X's is built
    lead = [t for t in doc[link + 2 : built.start]]
    bare = all(t.tag_.startswith(("m", "q")) or t.lower_ in ("一个", "一种") for t in lead)
    return Subject(built.concept, "built") if bare or (len(lead) <= 4 and lead[-1].text == "的") else None


FIELDS = frozenset("深度学习 机器学习 自然语言处理 计算机视觉 人工智能 统计学 数学 实践 nlp cv".split())

EXAMPLE_OPENERS = frozenset("比如 例如 譬如".split())
SUPPOSING = frozenset("例如 比如 譬如 假设 假如 如果 若 设想 想象".split())
DEMONSTRATIVES = frozenset("该 此 这个 这种 这一 这类 这 其".split())
CLASS_NOUNS = frozenset("架构 模型 网络 方法 算法 机制 结构 层 函数 框架 技术 策略 优化器 损失 块 模块 单元 "
                        "architecture model network method algorithm layer function".split())


def _antecedent(doc, spans: list[ConceptSpan], first: int, start: int, previous_line: LineAbove | None = None) -> str | None:
    """'该架构 / 这种方法' opening the clause points back to the concept the line named with that class noun
    ('Transformer 架构', or a name ending in it: '残差网络' for 该网络); None when none or two do.
    With `previous_line`, the line that opens so points back into the line above (d2l writes a sentence a line)."""
    if start - first < 2 or doc[first].lower_ not in DEMONSTRATIVES or doc[first + 1].lower_ not in CLASS_NOUNS:
        return None
    noun = doc[first + 1].lower_
    if any(doc[i].lower_ not in SUBJECT_GAP_WORDS and doc[i].text not in ("中", "里") for i in range(first + 2, start)):
        return None  # '该架构的编码器使用…' is about a part of it
    if previous_line is not None:
        doc, spans, first = previous_line.doc, previous_line.spans, len(previous_line.doc)
        if len(doc) and doc[0].text in SUPPOSING:
            return None  # '例如可以设计一个…模型，' then '该模型…': a model supposed, not one the notes describe
    if first > 0:  # 'Dropout 是一种正则化方法，该方法…': the pointer means the subject the class noun is said of
        lo = sentence_start(doc, first - 1)
        own = _own_subject(doc, lo, first, spans, clauses_before=True)
        if own is not None and _of_class(doc, lo, first, spans, own, noun):
            return own
    named = {s.concept for s in spans if s.end <= first and (
        (s.end < len(doc) and doc[s.end].lower_ == noun)
        or (doc[s.start : s.end].text.lower().endswith(noun) and not (s.start > 0 and doc[s.start - 1].text == "的")))}
    # '…的 Transformer 架构，该架构' names Transformer; '一个不可微的注意力模型，该模型' a narrower kind of 注意力模型
    if not named and previous_line is None and doc[first].text == "其":  # 'Word2Vec 是轻量级的神经网络，其模型仅仅包括…': its = the sentence's subject
        opening = [s for s in spans if s.start == sentence_start(doc, first) and s.end < first]
        named = {opening[0].concept} if opening and doc[opening[0].end].text[:1] in ("是", "的", "，", ",") else set()
    return named.pop() if len(named) == 1 else None


POINTING_DETERMINERS = frozenset("这些 这种 这类 这一 该 此 上述 这两种 这两个 这几种 these this".split())
"""'这些 / 该 / 上述' right before a concept's name determine the name: they point at it, they stand for nothing."""


def _determined(doc, spans: list[ConceptSpan], first: int, start: int) -> str | None:
    """'这些通道有时也被称为特征映射', '该激活函数可以缓解…': a pointing determiner then a concept's own name opening the
    clause, adverbs only up to the cue: the clause is about that concept. Not a class noun alone ('该模型', read by
    kg.subjects._antecedent), nor a name that goes on ('这种向量维度过大' is about its size)."""
    pointer = first + 1 if doc[first].lower_ in CARRY_CONNECTIVES and first + 1 < start else first
    if doc[pointer].lower_ not in POINTING_DETERMINERS:
        return None
    named = next((s for s in spans if s.start == pointer + 1 and s.end <= start), None)
    if named is None or doc[named.start : named.end].text.lower() in CLASS_NOUNS | GENERIC_SUBJECTS:
        return None
    return named.concept if closes_phrase(doc, named) and gap_ok(doc, named.end, start) else None


def sentence_start(doc, index: int) -> int:
    """The first token of the sentence doc[index] is in."""
    return next((sentence.start for sentence in doc.sents if sentence.start <= index < sentence.end), 0)




def conditioned(doc, span: ConceptSpan, stop: int) -> bool:
    """The name stands with a degree of size ('太小的 X', 'X 太大', 'X 过高'): the sentence is about that setting."""
    after = "".join(t.text for t in doc[span.end : min(stop, span.end + 2)])
    before = "".join(t.text for t in doc[max(0, span.start - 3) : span.start])
    english_before = " ".join(t.lower_ for t in doc[max(0, span.start - 2) : span.start])
    english_after = " ".join(t.lower_ for t in doc[span.end : min(stop, span.end + 2)])
    degree = r"(?:太|过于|过|很|特别|非常|较)(?:" + SIZE_WORDS + ")"
    return bool(re.match(degree, after)) or bool(re.search(degree + "的?$", before)) or bool(
        re.search(r"\b(?:too|very|overly|large|small|high|low|big|huge|tiny|deep|shallow|long|short|many|few)$", english_before)
        or re.match(r"(?:is |are |that is |being )?(?:too|overly|very)\b", english_after))  # 'a large learning rate can lead to …'


CARRY_CONNECTIVES = frozenset("因此 所以 而且 并且 同时 但 但是 而 然而 此外 另外 相反 于是".split())
"""'因此它可以使用 Y': a connective before the pointer leaves it the clause's subject."""
ANTECEDENT_PREDICATES = frozenset("是 相当于 属于 用于 用来 可用于 适用于 旨在 负责 被 作为 称为 也称为 又称为 is are was were be".split())
"""'X 是 / 相当于 / 用于 …': the other names of the sentence are X's class or purpose, not things '它' may mean."""
CARRY_MODALS = frozenset("可以 能 能够 可 主要 也 还 都 通常 一般 往往 常 常常 经常 则 就 其实 本质上 实际上 本身 "
                         "can could may also often usually typically".split())
WAYS_OF_DOING = frozenset("方法 策略 技巧 技术".split())
"""'Dropout 在训练时随机丢弃神经元。这种方法可以防止过拟合': the method the sentence before describes is its one concept's."""
THEY = frozenset("它们 他们 they".split())
"""'门是一种…的方法。他们包含…': a plural pronoun opening a sentence means the one concept the sentence before named."""
FRAMES = {"对于": ("，", ","), "对": ("，", ","), "在": ("中", "里", "当中", "之中")}
"""'对于 X，它…' / '在 X 中，它…': the frame names what the pointer in the next clause is."""


def _carried(doc, sentence, spans: list[ConceptSpan], first: int, start: int, line_spans: list[ConceptSpan],
             previous_line: LineAbove | None) -> Subject | None:
    """'它 / 其 / 模型框架' opening the cue's clause, with nothing but adverbs and means words up to the cue, stands
    for the concept the words before are about: their own subject (kg.subjects._own_subject), never any other
    name in them. The clauses before in this sentence ('Word2Vec 是…，模型框架主要包括 Y'), else the sentence before
    on this line, else the line above (only in one paragraph: a blank line, a heading or a new list item ends it).
    '它们' only opening the sentence, and only when the sentence before names no other concept (it may mean several);
    not '其' before a noun ('其隐藏单元数…' is about a part)."""
    pointer = first
    if doc[pointer].lower_ in CARRY_CONNECTIVES and pointer + 1 < start:
        pointer += 1
    word = doc[pointer].lower_
    if word == "其":
        follower = doc[pointer + 1] if pointer + 1 < start else None
        if follower is None or not (follower.tag_.startswith(("v", "d", "p")) or follower.lower_ in CARRY_MODALS):
            return None  # '其输出…' is about its output
        end = pointer + 1
    elif word in ("它", "it") or word in THEY and pointer == sentence.start:
        end = pointer + 1
    elif (word in DEMONSTRATIVES or word == "this") and pointer + 1 < start and doc[pointer + 1].lower_ in CLASS_NOUNS \
            and pointer == sentence.start:
        end, word = pointer + 2, doc[pointer + 1].lower_  # 'X 是一种…方法。该方法使用 Y'
    elif _generic_subject(doc, pointer, start) and pointer > sentence.start:
        end = pointer + (2 if "".join(t.lower_ for t in doc[pointer : pointer + 2]) in GENERIC_SUBJECTS else 1)
    elif first > sentence.start and gap_ok(doc, first, start):
        return _goes_on(doc, sentence, spans, first)
    else:
        return None
    if not all(doc[i].lower_ in SUBJECT_GAP_WORDS or doc[i].lower_ in ("通过", "通过使用") or doc[i].lower_ in USE_VERBS
               or any(s.start <= i < s.end for s in spans) for i in range(end, start)):
        return None
    if pointer > sentence.start:
        named = _own_subject(doc, sentence.start, pointer, spans, clauses_before=True)
        return Subject(named, "anaphor") if named else None
    if word in ("它", "其", "it") or word in THEY:
        return _before(doc, sentence, line_spans, previous_line, alone=word in THEY)
    return _before(doc, sentence, line_spans, previous_line, word) or (
        _before(doc, sentence, line_spans, previous_line, alone=True) if word in WAYS_OF_DOING else None)


def _goes_on(doc, sentence, spans: list[ConceptSpan], first: int) -> Subject | None:
    """'Word2Vec 是…，模型框架根据输入的不同，主要包括 A 和 B': a clause with no subject goes on with the one
    before, whose subject is the model's class noun, 它 or 其 standing for what the sentence opened with."""
    before = clause_start(doc, sentence, first - 1)
    if before == sentence.start or any(before <= s.start < first for s in spans):
        return None
    opener = doc[before].lower_
    if not (_generic_subject(doc, before, first) or opener == "它"):
        return None
    named = _own_subject(doc, sentence.start, before, spans, clauses_before=True)
    return Subject(named, "anaphor") if named else None


def _before(doc, sentence, line_spans: list[ConceptSpan], previous_line: LineAbove | None,
            noun: str | None = None, alone: bool = False) -> Subject | None:
    """The own subject of the sentence before `sentence` on its line, else of the last sentence of the line above
    in the same paragraph (not when this line opens a list item of its own). `noun`: the class noun of a pointer
    ('该方法'), which that sentence must give its subject ('X 是一种…方法', or a name ending in it). `alone`: that
    sentence names no other concept (它们 may mean any plural it named: 'X 是 A 和 B 的组合。它们…')."""
    before = [s for s in doc.sents if s.end == sentence.start]
    if before:
        above, lo, hi, spans, rule = doc, before[0].start, before[0].end, list(line_spans), "previous_sentence"
    elif previous_line is None or sentence.start != 0 or previous_line.new_item or not len(previous_line.doc):
        return None
    else:
        sentences = list(previous_line.doc.sents)
        if previous_line.continued and len(sentences) == 1:
            return None  # the line above goes on with a sentence begun further up
        above, lo, hi, spans, rule = previous_line.doc, sentences[-1].start, sentences[-1].end, previous_line.spans, "previous_line"
    named = _own_subject(above, lo, hi, spans)
    if named is None or noun is not None and not _of_class(above, lo, hi, spans, named, noun):
        return None
    if alone and any(s.concept != named for s in spans if lo <= s.start < hi):
        return None
    return Subject(named, rule)


def subject_before(doc, sentence, line_spans: list[ConceptSpan], previous_line: LineAbove | None) -> Subject | None:
    """The one concept the sentence before `sentence` is about (on its line, else the last of the line above in the
    paragraph): what a sentence that opens '相比之下，B …' sets B against (kg.shapes.contrast)."""
    return _before(doc, sentence, line_spans, previous_line)


def _of_class(doc, lo: int, hi: int, spans: list[ConceptSpan], concept: str, noun: str) -> bool:
    """The sentence doc[lo:hi] names `concept` by a name ending in `noun`, or calls it one ('X 是一种正则化方法')."""
    opening = next(s for s in spans if s.concept == concept and lo <= s.start < hi)
    if doc[opening.start : opening.end].text.lower().endswith(noun) or (opening.end < hi and doc[opening.end].lower_ == noun):
        return True
    copula = next((i for i in range(opening.end, hi) if doc[i].text.startswith("是") or doc[i].lower_ in ("is", "are")), None)
    if copula is None:
        return False
    stop = next((i for i in range(copula, hi) if doc[i].text in CLAUSE_BREAKS or doc[i].text in ("。", ".")), hi)
    return any(doc[i].lower_ == noun or doc[i].lower_.endswith(noun) and doc[i].text[:1] > "\u2e80" for i in range(copula + 1, stop))


def _own_subject(doc, lo: int, hi: int, spans: list[ConceptSpan], clauses_before: bool = False) -> str | None:
    """The one concept doc[lo:hi] is about: the name that opens it (past list marks, connectives, 比如) as its
    subject ('过渡层可以用来…', 'Inception块相当于…'), or the X of a frame ('对于 X，', '在 X 中，'). None when
    it opens with no concept (我们…, 下面…), with two ('A 和 B 都…'), with a part ('X 的输出…'), with a setting
    ('学习率太大…'), or when its verb takes another concept as object ('X 使用 Y。它…' may mean Y): then only a
    copula or a purpose ('X 是 / 相当于 / 用于 …') leaves X the one candidate."""
    lead = lo
    while lead < hi and (doc[lead].text in ("-", "*", "+", "•") or doc[lead].lower_ in CARRY_CONNECTIVES
                         or doc[lead].lower_ in EXAMPLE_OPENERS or doc[lead].text in CLAUSE_BREAKS):
        lead += 1
    if lead < hi and doc[lead].lower_ in FRAMES:
        return _framed(doc, lead, hi, spans) if clauses_before else None
    opening = next((s for s in spans if s.start == lead and s.end < hi), None)
    if opening is None or doc[opening.start : opening.end].text.lower() in FIELDS or conditioned(doc, opening, hi) \
            or _sets_a_time(doc, opening):
        return None
    after = opening.end
    if doc[after].text in ("（", "("):  # past a gloss: '卷积神经网络（CNN）是…'
        after = next((i + 1 for i in range(after, hi) if doc[i].text in ("）", ")")), hi)
    while after < hi and doc[after].lower_ in GENERIC_HEADS:
        after += 1  # 'Adam 算法 是…'
    if after >= hi or doc[after].lower_ in COORDINATORS and doc[after].text not in ("，", ",") or doc[after].text in ("的", "之"):
        return None
    if doc[after].text in ("。", ".", "！", "!") and after == hi - 1:
        return opening.concept  # '- AlexNet。它是…': a name alone, the list item's
    if doc[after].text in ("，", ",") and not clauses_before:
        return None  # 'X，Y …' may be a topic, a list or an apposition
    for i in range(after, hi - 1):
        if doc[i].text in CLAUSE_BREAKS:
            lead = i + 1
            while lead < hi and doc[lead].lower_ in CARRY_CONNECTIVES:
                lead += 1
            if any(s.start == lead and s.concept != opening.concept for s in spans):
                return None  # 'LSTM 可以…，而 GRU 的参数更少，它…': a later clause is about another concept
    verb = after
    while verb < hi and doc[verb].lower_ in CARRY_MODALS:
        verb += 1
    clause = next((i for i in range(after, hi) if doc[i].text in CLAUSE_BREAKS), hi)
    others = [s for s in spans if after <= s.start and s.end <= clause and s.concept != opening.concept
              and not doc[s.start - 1].tag_.startswith("p")]  # 'X 对 Y 的改进', 'X 与 Y 类似': Y is no object of X's verb
    if verb < hi and (doc[verb].lower_ in ANTECEDENT_PREDICATES or doc[verb].text.startswith("是") or doc[verb].text in ("，", ",")):
        return opening.concept
    return opening.concept if verb < hi and not others and doc[verb].tag_.startswith(("v", "p")) else None


def _framed(doc, lead: int, hi: int, spans: list[ConceptSpan]) -> str | None:
    """X of '对于 X，' / '在 X 中，' opening doc[lead:hi], when every clause after the frame opens with 它 or 其
    ('而对于 BERT，它作为一个预训练模型，它使用…')."""
    inside = next((s for s in spans if s.start == lead + 1), None)
    if inside is None or doc[inside.start : inside.end].text.lower() in FIELDS:
        return None
    closing = FRAMES[doc[lead].lower_]
    at = inside.end
    if doc[lead].lower_ == "在":
        if at >= hi or doc[at].text not in closing:
            return None
        at += 1
    if at >= hi or doc[at].text not in ("，", ","):
        return None
    opens = [i + 1 for i in range(at, hi) if doc[i].text in CLAUSE_BREAKS and i + 1 < hi]
    if any(doc[i].lower_ not in ("它", "其") for i in opens):
        return None
    return inside.concept
