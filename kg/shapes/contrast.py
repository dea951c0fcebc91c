"""X compared with Y read from two clauses set side by side, with no comparing word at all.

Chinese and English set two things against each other by giving each a clause of its own:
'A 用于…，而 B 用于…' / 'A …, whereas B …' (a contrast marker opens the second clause), 'A 会输出…，B 会输出…'
(the same predicate, said of each), or a sentence that opens '相比之下，B …' / 'In contrast, B …' after one about A.
Each side must be the subject of its clause and the two names of one kind (their head-final names end alike,
'最大汇聚层' and '平均汇聚层', or both are Latin names the glossary files under one section: LR and SVM, not
GPU and NumPy). Not read: 'A 输出特征，B 对特征分类' (a pipeline: different verbs, no marker), 'A 和 B 都…' (one
clause, a shared property), 'A 是…，B 是…' (definitions side by side), 'A 用于训练，B 用于调参，C 用于评估' (the
roles of a list).
"""
from __future__ import annotations

from typing import Iterator

from kg.lexicon import glossary_sections
from kg.normalize import language_of
from kg.phrases import CLAUSE_BREAKS, SUBJECT_GAP_WORDS
from kg.shapes.site import Fact, head_end
from kg.subjects.carry import subject_before
from kg.subjects.clauses import conditioned
from kg.subjects.model import DEMOTED, LineAbove

CONFIDENCE = 0.75
"""Below a comparing word's 0.8: the comparison is read from the clauses' arrangement alone."""

CONTRAST_MARKERS = frozenset("而 whereas".split())
"""Opening a clause ('…，而 B …', '…, whereas B …'): its subject is set against the subject of the clause before."""
SENTENCE_CONTRASTS = frozenset("相比之下 相比而言 与之相比 与此相比 相较之下 对比之下 incontrast bycontrast".split())
"""Opening a sentence, then a comma ('相比之下，B 更加…'): B is set against what the sentence before is about."""


def contrasts(doc, sentence, spans: list, line_spans: list = (), previous_line: LineAbove | None = None) -> Iterator[Fact]:
    """Every comparison one sentence states by contrast or parallel clauses (`spans`: the sentence's concept spans;
    `line_spans` and `previous_line`: where the sentence before it may be, for '相比之下，B …')."""
    clauses = _clause_subjects(doc, sentence, spans)
    yield from _after_sentence(doc, sentence, spans, line_spans, previous_line)
    for (one, one_at), (other, other_at) in zip(clauses, clauses[1:]):
        if one.concept == other.concept or not _same_kind(doc, one, doc, other):
            continue
        language = language_of(sentence.text)
        if doc[other_at].lower_ in CONTRAST_MARKERS and _subjectless_between(doc, spans, one, other_at):
            yield Fact("compared_with", one.concept, other.concept, f"{language}.compared_with.contrast", CONFIDENCE)
        elif _parallel(doc, sentence, clauses, one, other, other_at):
            yield Fact("compared_with", one.concept, other.concept, f"{language}.compared_with.parallel", CONFIDENCE)


def _clause_subjects(doc, sentence, spans: list) -> list[tuple]:
    """(name, where its clause opens) for each clause of the sentence whose subject is a concept's name: the name
    opens the clause (past a contrast marker), ends its phrase and a predicate follows ('LR 是…', 'ELMo 对…')."""
    opens = [sentence.start] + [i + 1 for i in range(sentence.start, sentence.end - 1) if doc[i].text in CLAUSE_BREAKS]
    found = []
    for at in opens:
        lead = at + (doc[at].lower_ in CONTRAST_MARKERS)
        name = next((s for s in spans if s.start == lead), None)
        if name is not None and _is_subject(doc, name, sentence.end):
            found.append((name, at))
    return found


JOINING = frozenset("和 与 及 以及 或 或者 跟 同 、".split())
"""Conjunctions that join the name to another one: a list, not a subject."""
ENGLISH_LINKS = frozenset("of and or with for in on to at by as from".split())
"""After an English name these join it to more of a noun phrase ('LSTM of …'), no predicate follows."""


def _is_subject(doc, name, stop: int) -> bool:
    """What follows the name (past its class noun) is a modal, an adverb, a verb or a preposition, not 的 or a noun
    ('NumPy 点积' and 'NVIDIA 最近一代的…' name something else), and no setting of it ('学习率太大')."""
    end = head_end(doc, name)
    if end >= stop or conditioned(doc, name, stop):
        return False
    follower = doc[end]
    if follower.text.isascii():
        return follower.text.isalpha() and follower.text.islower() and follower.text not in ENGLISH_LINKS  # 'GRU uses…'
    if follower.tag_ == "c":
        return follower.text not in JOINING  # 'GRU 只有两个门', not 'GRU 和 LSTM'
    return follower.lower_ in SUBJECT_GAP_WORDS and follower.text != "中" or follower.tag_.startswith(("v", "d", "p"))


def _text(doc, span) -> str:
    return doc[span.start : span.end].text


def _same_kind(first_doc, first, second_doc, second) -> bool:
    """Head-final names of one kind end alike ('精确率' and '召回率', '训练集' and '测试集'); Latin names carry no
    head, so two of them are of one kind when the glossary files both under one section ('LR' and 'SVM' under classic
    models, 'AlexNet' and 'LeNet'; not 'GPU' and 'NumPy', hardware and a library)."""
    first_text, second_text = _text(first_doc, first), _text(second_doc, second)
    if first_text.isascii() and second_text.isascii():
        sections = glossary_sections()
        return first.concept in sections and sections.get(first.concept) == sections.get(second.concept)
    return not first_text[-1].isascii() and first_text[-1] == second_text[-1]


def _subjectless_between(doc, spans: list, one, other_at: int) -> bool:
    """The clauses between the two go on with the first one's subject ('ELMo 对上下文进行编码，但使用…；而 GPT …'):
    each opens with a verb, an adverb or a conjunction, never a name."""
    breaks = [i + 1 for i in range(one.end, other_at - 1) if doc[i].text in CLAUSE_BREAKS]
    return all(not any(s.start == at for s in spans) and (doc[at].tag_.startswith(("v", "d", "c", "p"))
                                                         or doc[at].lower_ in SUBJECT_GAP_WORDS) for at in breaks)


PARALLEL_MODALS = frozenset("会 可以 能 能够 可 也 则 就 只 通常 一般 往往 主要 将 都 只会".split())
"""May stand before the shared verb ('会 输出'); both clauses must have the same ones."""
DEFINING_VERBS = frozenset("是 为 有 指 是指 表示 即 叫 叫做 称为 就是 则是 意思是 用于 用来 负责 表明 代表 "
                           "is are was were has have means refers".split())
"""Predicates that define or assign a role: 'A 是…，B 是…' sets definitions side by side, it compares nothing."""


def _predicate(doc, name, stop: int) -> tuple[str, ...]:
    """The modals and the verb that follow the subject ('会 输出'); () when no verb follows or it defines."""
    words, i = [], head_end(doc, name)
    while i < stop and doc[i].lower_ in PARALLEL_MODALS:
        words.append(doc[i].lower_)
        i += 1
    if i >= stop or not doc[i].tag_.startswith("v") or doc[i].lower_ in DEFINING_VERBS or doc[i].lower_ in PARALLEL_MODALS:
        return ()
    return (*words, doc[i].lower_)


def _parallel(doc, sentence, clauses: list, one, other, other_at: int) -> bool:
    """'对于给定输入，A 会输出最大值，B 会输出平均值': the second clause follows the first at once and its subject
    has the same predicate; not a list of three or more clauses so ('A 用于…，B 用于…，C 用于…' gives roles)."""
    before = next((i for i in range(other_at - 1, one.end - 1, -1) if doc[i].text in CLAUSE_BREAKS), None)
    if before is None or any(doc[i].text in CLAUSE_BREAKS for i in range(one.end, before)):
        return False
    said = _predicate(doc, one, sentence.end)
    if not said or said != _predicate(doc, other, sentence.end):
        return False
    return sum(_predicate(doc, name, sentence.end) == said for name, _ in clauses) == 2


def _after_sentence(doc, sentence, spans: list, line_spans: list, previous_line: LineAbove | None) -> Iterator[Fact]:
    """'相比之下，召回率更加关注…' / '而 GRU 也可以…' / 'In contrast, B …' opening a sentence: B, its subject, is
    compared with the one concept the sentence before is about (on this line, or the line above in the paragraph)."""
    lead = sentence.start
    if doc[lead].lower_ in CONTRAST_MARKERS:
        lead += 1
    else:
        comma = next((i for i in range(lead, min(sentence.end, lead + 4)) if doc[i].text in ("，", ",")), None)
        if comma is None or "".join(t.lower_ for t in doc[lead:comma]).replace(" ", "") not in SENTENCE_CONTRASTS:
            return
        lead = comma + 1
    other = next((s for s in spans if s.start == lead), None)
    if other is None or not _is_subject(doc, other, sentence.end):
        return
    before = subject_before(doc, sentence, line_spans, previous_line)
    if before is None or before.concept == other.concept:
        return
    above_doc, above_spans = (previous_line.doc, previous_line.spans) if before.rule == "previous_line" else (doc, line_spans)
    named = next((s for s in above_spans if s.concept == before.concept), None)
    if named is None or not _same_kind(above_doc, named, doc, other):
        return
    yield Fact("compared_with", before.concept, other.concept, f"{language_of(sentence.text)}.compared_with.contrast+{before.rule}",
               round(CONFIDENCE - DEMOTED[before.rule], 2))
