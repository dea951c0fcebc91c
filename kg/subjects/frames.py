"""Subjects a frame or a means phrase gives: '在 X 中，' (topic), '在进行 X 时使用 Y' (setting), '使用 Y 来训练 X'
(built), '引入 X 来解决 Y' (means), and 'X 通过 … 来 Y' (the owner of a means does it too)."""
from __future__ import annotations

from kg.phrases import CLAUSE_BREAKS, SUBJECT_GAP_WORDS, USE_VERBS, ConceptSpan, closes_phrase, gap_ok
from kg.subjects.clauses import clause_start, conditioned, past_discourse_marker, sets_a_time, speaks_of_itself
from kg.subjects.model import Subject
from kg.subjects.words import CLASS_NOUNS, FIELDS, GENERIC_SUBJECTS, WRITERS


BY_WORDS = frozenset("通过 借助 利用 依靠 靠 通过使用 使用 采用 使用了 采用了 利用了".split())
MEANS_NOUNS = frozenset("技术 方法 机制 策略 技巧 手段".split())
"""A means phrase headed by one of these may run straight into the verb ('X 使用了两种新技术改进了 Y')."""


def by_means_owner(doc, sentence, spans: list[ConceptSpan], start: int, means: ConceptSpan | None = None) -> str | None:
    """'L2 正则化 通过 惩罚大权重 来 防止 Y', 'LSTM 通过 门控机制 缓解了 Y': the concept that opens the clause
    and does it by some means does it too. `means`: the concept named as the means, if any (then only
    BY_WORDS and adverbs stand between the two names); without one, 通过 … 来/以 or 使用了 … 技术 (no break,
    no other name)."""
    sentence = past_discourse_marker(doc, sentence, start)
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


MEANS_LINKS = frozenset("来 去 以 从而 进而 用来 用以".split())


def is_means(doc, span: ConceptSpan, cue: int) -> bool:
    """'引入 核技巧 来 解决 Y', '使用 Dropout 以 防止 Y': what is brought in to do it is what does it,
    whatever the clause opened with (转换为对偶问题还可以便于引入…)."""
    links = [t.lower_ for t in doc[span.end : cue]]
    if not links or not any(word in MEANS_LINKS for word in links):
        return False
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in ("一个", "一种", "了") or doc[i].is_punct and doc[i].text in "*_"):
        i -= 1
    return i >= 0 and doc[i].lower_ in USE_VERBS


TOPIC_FRAME = (frozenset(["在"]), frozenset("中 里 内 当中 之中 上".split()))
"""'在 X 中，…': the sentence is set inside X."""


def topic_subject(doc, sentence, spans: list[ConceptSpan], first: int) -> str | None:
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
    if sets_a_time(doc, name):  # 'X 时', 'X 的时候'
        return name.concept, name.end + (2 if doc[name.end].text == "的" else 1)
    return (name.concept, name.end + 1) if opened and doc[name.end].text in INSIDE_WORDS else None


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
