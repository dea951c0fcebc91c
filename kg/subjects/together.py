"""The names that share the subject's triples (Subject.together): names joined by 、/和 before 都 ('LeNet、AlexNet
和 VGG 都…'), and the bare list that opens the clause ('AlexNet 和 VGG 对 LeNet 的改进…', 'A, B and C use…'),
unless the list names a place ('编码器和解码器之间')."""
from __future__ import annotations

from kg.phrases import GENERIC_HEADS, SUBJECT_GAP_WORDS, ConceptSpan, bare_enumeration, head_noun_end
from kg.subjects.clauses import clause_start
from kg.subjects.words import CARRY_CONNECTIVES, CONTRASTING, COORDINATORS


ALL_OF_THEM = frozenset(["都", "均", "都是", "也都", "同样"])


def coordinated(doc, earlier: list[ConceptSpan], subject: ConceptSpan, cue: int) -> tuple[str, ...]:
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


def names_a_place(doc, items: list[ConceptSpan]) -> bool:
    """'编码器和解码器之间增加了 Y': the list and a place word name where, not who."""
    return bool(items) and doc[head_noun_end(doc, items[-1])].text in PLACE_AFTER


def each_of(doc, items: list[ConceptSpan], subject: ConceptSpan) -> tuple[str, ...]:
    """The other names of the subject's list, when they are subjects (not a place)."""
    return () if names_a_place(doc, items) else tuple(s.concept for s in items if s.concept != subject.concept)


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
