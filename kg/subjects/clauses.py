"""Where a clause opens and what may stand between a subject and its cue: clause and sentence starts, the writer
or a pronoun as the subject, a name set to a degree or a time, a discourse marker or merit label before the
clause, and the gaps that still leave a named subject its cue ('在训练时', '训练时', '提出', '的作用是')."""
from __future__ import annotations

import re

from kg.cues import PROBLEM_CUE_WORDS
from kg.effects import SIZE_WORDS
from kg.phrases import CLAUSE_BREAKS, SUBJECT_GAP_WORDS, ConceptSpan
from kg.subjects.words import GENERIC_SUBJECTS, MERIT_LABELS, PREDICATE_JOINERS


PRONOUNS = frozenset(
    """
    我们 我 你 你们 他们 她们 人们 大家 读者 作者 笔者 本节 本章 本文 本书 这里 此处 下面 下文 以下 上面 上文 这一节 下一节 上一节
    这时 此时 这样 这种 该方法 这个 那个 这些 那些 它们 其 这 那 该 此 它 we you they i this these here below above section chapter
    """.split()
)
"""Subjects that are never concepts: the writer, the reader, the text itself, a demonstrative."""


def clause_start(doc, sentence, start: int) -> int:
    """Where the clause that holds doc[start] opens: right after the last clause break before it, else the sentence's start."""
    return max([i + 1 for i in range(sentence.start, start) if doc[i].text in CLAUSE_BREAKS] or [sentence.start])


def speaks_of_itself(doc, first: int, stop: int, allowed: frozenset = frozenset()) -> bool:
    """A pronoun or the writer stands in doc[first:stop] (我们可以使用…, 本节介绍…); `allowed`: pronouns
    that do not change who the sentence is about."""
    return any((doc[i].lower_ in PRONOUNS and doc[i].lower_ not in allowed)
               or (doc[i].tag_ == "x" and doc[i].text[:1] in "这那此该它其") for i in range(first, stop))
    # jieba glues '这为' into one unknown word


def continues_sentence(doc) -> bool:
    """The line goes on with a sentence begun on the line before ('从而防止…', 'and prevents…'):
    its subject is up there, not in the heading."""
    return len(doc) > 0 and ((doc[0].tag_ == "c" and doc[0].lower_ not in SENTENCE_OPENERS) or doc[0].lower_ in CONTINUATIONS
                             or doc[0].text[:1].islower())


SENTENCE_OPENERS = frozenset("如果 假如 若 因为 由于 虽然 尽管 为了 当 只要 只有 除非 即使".split())
"""Conjunctions that open a sentence of their own ('如果想改变通道数，就…'), unlike 并/而/但 that go on with one."""

CONTINUATIONS = frozenset("从而 进而 因此 所以 并 并且 而且 而 然后 但 但是 然而 以 以便 使 使得 且 也 还 则".split())


def outside_gloss(doc, before: list[ConceptSpan]) -> int:
    """'普通的 RNN（Vanilla RNN）常使用…': the last name stands in a bracketed gloss of the name before the
    bracket, which is the subject."""
    last = len(before) - 1
    if last >= 1 and before[last].end < len(doc) and doc[before[last].end].text in ("）", ")") \
            and doc[before[last - 1].end].text in ("（", "(") \
            and not any(t.text in ("）", ")", "（", "(") for t in doc[before[last - 1].end + 1 : before[last].start]):
        return last - 1
    return last


def sets_a_time(doc, span: ConceptSpan) -> bool:
    """'预训练时，…' / '训练的时候': the name sets when the sentence holds, it is not what it is about."""
    following = [t.text for t in doc[span.end : span.end + 2]]
    return following[:1] in (["时"], ["时候"], ["的时候"]) or following == ["的", "时候"]


SETTING_ENDS = frozenset("之间 中 里 内 上 后 前 之后 之前 以后 以前 时 同时".split())


def coordinated_predicate(doc, start: int, cue: int) -> bool:
    """doc[start:cue] is a short predicate and a joiner ('可以 加快 收敛 并'): nothing but adverbs after the
    joiner, a verb before it, no break, no more than eight words."""
    words = [t for t in doc[start:cue]]
    joiner = max((i for i, t in enumerate(words) if t.lower_ in PREDICATE_JOINERS), default=None)
    if joiner is None or joiner == 0 or len(words) > 8 or any(t.text in CLAUSE_BREAKS for t in words):
        return False
    if not all(t.lower_ in SUBJECT_GAP_WORDS for t in words[joiner + 1 :]):
        return False
    return any(t.tag_.startswith("v") and t.lower_ not in SUBJECT_GAP_WORDS for t in words[:joiner])


def in_setting(doc, index: int, start: int, stop: int) -> bool:
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


def past_colon_setting(doc, first: int, start: int) -> int:
    """'NiN 提供了一个简单的方案：在每个像素的通道上分别使用 Y': a clause after a colon that opens with a 'where or
    when' phrase (在 … 上 / 中 / 时, no break) still has no subject; the phrase is passed over, and the sentence
    before the colon supplies the subject."""
    if first == 0 or doc[first - 1].text not in (":", "：") or doc[first].text != "在":
        return first
    return next((i + 1 for i in range(first + 1, start) if doc[i].text in SETTING_ENDS and in_setting(doc, i, first, start)), first)


STEPS = frozenset("训练 预训练 微调 推理 测试 预测 解码 编码 前向传播 反向传播 计算".split())
STEP_TIMES = frozenset("时 时候 的时候 阶段".split())


def at_step(doc, index: int, start: int, stop: int) -> bool:
    """doc[index] lies in a bare time phrase right after the subject, with no 在: 'BERT 训练时 使用 两个任务',
    'Dropout 预测的时候 不使用…'. Only a training or inference step then 时/时候/阶段."""
    if stop - start not in (2, 3) or doc[start].lower_ not in STEPS:
        return False
    closing = "".join(t.text for t in doc[start + 1 : stop])
    return closing in STEP_TIMES and start <= index < stop


PROPOSING_VERBS = frozenset("提出 提出了 选择 尝试 主张 决定 考虑".split())


def proposes(doc, index: int, cue: int) -> bool:
    """doc[index] is a verb of proposing right before the cue: 'ALBERT 提出 利用 A、B 来…' says ALBERT uses them."""
    if index == cue - 1 and doc[index].text == "了":
        index -= 1  # '提出 了 使用'
    return cue - 2 <= index < cue and doc[index].lower_ in PROPOSING_VERBS and all(
        t.text == "了" for t in doc[index + 1 : cue])


DISCOURSE_MARKERS = frozenset("""总的来说 总而言之 总之 总结 简单来说 简而言之 一般来说 通常来说 具体来说 具体而言 也就是说 换句话说 换言之
    因此 所以 此外 另外 同时 首先 其次 再次 最后 然后 实际上 事实上 显然 当然 可见 综上 综上所述 另一方面 相应地""".split())


def past_discourse_marker(doc, sentence, cue: int):
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


def subjectless(token, listed: bool = False) -> bool:
    """A clause that opens with a modal or a solves/causes cue ('可以提高收敛速度，防止过拟合') has dropped its
    subject: the one the sentence goes on about. After a merit label (`listed`: '优点：实现简单，防止过拟合')
    any verb opens such a clause: the items are what the concept does."""
    return token.lower_ in MODAL_OPENERS or token.lower_ in EFFECT_CUE_WORDS or (listed and token.tag_.startswith("v"))


MODAL_OPENERS = frozenset("可以 能 能够 可 还可以 也可以 还能 也能 能有效 可以有效".split())
EFFECT_CUE_WORDS = frozenset(PROBLEM_CUE_WORDS)
MERIT_GAP = re.compile(r"的?(?:主要|最大)?的?(?:优点|作用|目的|好处|优势|意义|用处|用途|缺点|不足|弊端|问题)(?:之一)?(?:就|则|主要|也)?"
                       r"(?:是|在于|便是)(?:为了|用来|用于|可以|能够|能|容易|会|可能会|可能)?"
                       r"|的(?:提出|出现|引入|设计|诞生)(?:正是|就是|主要是|是)?(?:为了)?")
"""'汇聚层的主要优点之一是减轻…', 'Dropout 的作用是防止…', 'RNN 的缺点是容易导致…', 'LSTM 的提出正是为了解决…':
what the concept is for or what it brings about, said of it."""


def merit_gap(doc, start: int, end: int) -> bool:
    """doc[start:end], between a named subject and its cue, says what the subject is for or brings about
    ('的作用是', '的缺点是容易', '的提出正是为了'): MERIT_GAP, at most eight words."""
    return 0 < end - start <= 8 and MERIT_GAP.fullmatch("".join(t.text for t in doc[start:end])) is not None


def generic_subject(doc, start: int, stop: int) -> bool:
    """'模型结构如下图所示，主要包括 A、B': the model the section is about, named by its class noun alone."""
    words = [t.lower_ for t in doc[start : min(stop, start + 2)]]
    return bool(words) and (words[0] in GENERIC_SUBJECTS or "".join(words) in GENERIC_SUBJECTS)


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
