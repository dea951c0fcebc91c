"""Subjects carried from elsewhere: a pointer ('该架构', '这些通道', '它', '其', '模型框架') standing for a concept
named before it, in the sentence, the sentence before on the line, or the line right above in the paragraph
(the anaphor, determined, previous_sentence and previous_line steps of kg.subjects.resolve.resolve_subject)."""
from __future__ import annotations

from kg.phrases import CLAUSE_BREAKS, GENERIC_HEADS, SUBJECT_GAP_WORDS, USE_VERBS, ConceptSpan, closes_phrase, gap_ok
from kg.subjects.clauses import clause_start, conditioned, generic_subject, sentence_start, sets_a_time
from kg.subjects.model import LineAbove, Subject
from kg.subjects.words import (
    CARRY_CONNECTIVES, CLASS_NOUNS, COORDINATORS, EXAMPLE_OPENERS, FIELDS, GENERIC_SUBJECTS, SUPPOSING,
)


def it_in_sentence(doc, sentence, spans: list[ConceptSpan], first: int, start: int, line_spans: list[ConceptSpan] = ()) -> str | None:
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
    (any other sentence before '它' is read by kg.subjects.carry.carried_subject)."""
    end = sentence.end - 1 if doc[sentence.end - 1].text in ("。", ".") else sentence.end
    if sentence.start == 0 and sentence.end - sentence.start <= 14 and end >= 2 and doc[end - 1].text in ("）", ")"):
        named = [s for s in spans if s.end == end - 1 and s.start > 0 and doc[s.start - 1].text in ("（", "(")]
        return named[0].concept if named else None
    return None


def it_above(doc, spans: list[ConceptSpan], start: int, previous_line: LineAbove) -> str | None:
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


DEMONSTRATIVES = frozenset("该 此 这个 这种 这一 这类 这 其".split())


def class_noun_antecedent(doc, spans: list[ConceptSpan], first: int, start: int, previous_line: LineAbove | None = None) -> str | None:
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


def _past_connective(doc, first: int, start: int) -> int:
    """Where the pointer of a clause opening at doc[first] stands: past one connective ('因此它…', '而这些通道…')
    when a word follows it before the cue."""
    return first + 1 if doc[first].lower_ in CARRY_CONNECTIVES and first + 1 < start else first


POINTING_DETERMINERS = frozenset("这些 这种 这类 这一 该 此 上述 这两种 这两个 这几种 these this".split())
"""'这些 / 该 / 上述' right before a concept's name determine the name: they point at it, they stand for nothing."""


def determined_name(doc, spans: list[ConceptSpan], first: int, start: int) -> str | None:
    """'这些通道有时也被称为特征映射', '该激活函数可以缓解…': a pointing determiner then a concept's own name opening the
    clause, adverbs only up to the cue: the clause is about that concept. Not a class noun alone ('该模型', read by
    kg.subjects.carry.class_noun_antecedent), nor a name that goes on ('这种向量维度过大' is about its size)."""
    pointer = _past_connective(doc, first, start)
    if doc[pointer].lower_ not in POINTING_DETERMINERS:
        return None
    named = next((s for s in spans if s.start == pointer + 1 and s.end <= start), None)
    if named is None or doc[named.start : named.end].text.lower() in CLASS_NOUNS | GENERIC_SUBJECTS:
        return None
    return named.concept if closes_phrase(doc, named) and gap_ok(doc, named.end, start) else None


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


def carried_subject(doc, sentence, spans: list[ConceptSpan], first: int, start: int, line_spans: list[ConceptSpan],
             previous_line: LineAbove | None) -> Subject | None:
    """'它 / 其 / 模型框架' opening the cue's clause, with nothing but adverbs and means words up to the cue, stands
    for the concept the words before are about: their own subject (kg.subjects.carry._own_subject), never any other
    name in them. The clauses before in this sentence ('Word2Vec 是…，模型框架主要包括 Y'), else the sentence before
    on this line, else the line above (only in one paragraph: a blank line, a heading or a new list item ends it).
    '它们' only opening the sentence, and only when the sentence before names no other concept (it may mean several);
    not '其' before a noun ('其隐藏单元数…' is about a part)."""
    pointer = _past_connective(doc, first, start)
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
    elif generic_subject(doc, pointer, start) and pointer > sentence.start:
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
    if not (generic_subject(doc, before, first) or opener == "它"):
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
            or sets_a_time(doc, opening):
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
