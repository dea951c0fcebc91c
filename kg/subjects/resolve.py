"""resolve_subject: the steps of kg.subjects in their order (see the package's docstring), each reading one
module of the package; the first that finds a subject, or says there is none, decides."""
from __future__ import annotations

from kg.phrases import (
    CLAUSE_BREAKS, SUBJECT_GAP_WORDS, ConceptSpan, closes_phrase, gap_ok, name_before_class, subject_phrase_ok,
)
from kg.subjects.carry import carried_subject, class_noun_antecedent, determined_name, it_above, it_in_sentence, subject_before
from kg.subjects.clauses import (
    at_step, clause_start, conditioned, continues_sentence, coordinated_predicate, generic_subject, in_setting,
    merit_gap, outside_gloss, past_colon_setting, past_discourse_marker, proposes, sets_a_time, speaks_of_itself,
    subjectless,
)
from kg.subjects.frames import is_means, topic_subject
from kg.subjects.model import LineAbove, Subject
from kg.subjects.pointers import pointer_goes_on, points_to_section
from kg.subjects.together import coordinated, each_of, names_a_place, opening_list
from kg.subjects.words import CONTRASTING, EXAMPLE_OPENERS, MERIT_LABELS, NO_SECTION_OPENERS, PURPOSE_GAP, WRITERS


NON_NOMINAL_OPENERS = frozenset("为了 通过 由于 因为 如果 当 随着 对于 在 经过 虽然 尽管 如 例如 比如 就 而 但 但是 所以 因此 于是 然而 同时 此外 另外".split())
"""A clause that opens with these has no subject of its own."""

ITS = frozenset("其 它 它们 it its".split())
"""'Word2Vec 是…，其模型…': its and it point back to the sentence's subject, so they change no subject."""


def _verbal(token) -> bool:
    return token.tag_.startswith(("v", "p")) and token.lower_ not in SUBJECT_GAP_WORDS


def resolve_subject(doc, sentence, spans: list[ConceptSpan], start: int, label: str | None, heading: str | None,
                    may_use_section: bool, previous_line: LineAbove | None = None,
                    line_spans: list[ConceptSpan] = ()) -> Subject | None:
    """The concept the cue at doc[start] predicates something of, or None when the sentence is
    about something the lexicon does not name (no triple is better than a wrong one).
    `previous_line`: the line right above, where '该架构' may point back to; `line_spans`: the names of the whole
    line, where '它' opening a sentence may point back to."""
    sentence = past_discourse_marker(doc, sentence, start)
    listed = sentence.start > 1 and doc[sentence.start - 1].text in (":", "：") and doc[sentence.start - 2].text in MERIT_LABELS
    first = clause_start(doc, sentence, start)
    if doc[first].lower_ in COUNTERFACTUAL:
        return None  # '否则 Transformer 就是一个词袋模型': what would be, not what is
    antecedent = class_noun_antecedent(doc, spans, first, start)
    if antecedent is not None:
        return Subject(antecedent, "anaphor")
    determined = determined_name(doc, spans, first, start)
    if determined is not None:
        return Subject(determined, "determined")
    if previous_line is not None and first == sentence.start == 0:
        antecedent = class_noun_antecedent(doc, spans, first, start, previous_line)
        if antecedent is not None:
            return Subject(antecedent, "previous_line")
    if heading is not None and may_use_section and (points_to_section(doc, spans, first, start)
                                                    or pointer_goes_on(doc, spans, sentence, first, start)):
        return Subject(heading, "heading")  # '引入这种设计是为了缓解梯度消失问题' under 记忆元: the design is the section's
    topic = topic_subject(doc, sentence, spans, first)
    before = [s for s in spans if first <= s.start and s.end <= start]
    if before and gap_ok(doc, before[-1].end, start) and is_means(doc, before[-1], start) \
            and doc[first].lower_ not in ("为了", "除了") and name_before_class(before, len(before) - 1, doc) == len(before) - 1:
        return Subject(before[-1].concept, "means")  # '我们使用 Dropout 来防止过拟合': Dropout prevents it
    it = it_in_sentence(doc, sentence, spans, first, start, line_spans)
    if it is not None:
        return Subject(it, "anaphor")
    if previous_line is not None and first == sentence.start == 0:
        it = it_above(doc, spans, start, previous_line)
        if it is not None:
            return Subject(it, "previous_line")
    carried = carried_subject(doc, sentence, spans, first, start, line_spans, previous_line)
    if carried is not None:
        return carried
    if speaks_of_itself(doc, first, start):
        writer_only = all(doc[i].lower_ in WRITERS or doc[i].lower_ in SUBJECT_GAP_WORDS or _verbal(doc[i]) for i in range(first, start))
        return Subject(topic, "topic") if topic is not None and writer_only else None
    if any(conditioned(doc, s, start) for s in before):
        return None  # '学习率太大会导致…', '太小的学习率会…': a setting of X causes it, not X
    if before and (gap_ok(doc, before[-1].end, start, PURPOSE_GAP) or merit_gap(doc, before[-1].end, start)):
        index = name_before_class(before, outside_gloss(doc, before), doc)
        if index is None:
            return None
        own = before[index]
        designed = merit_gap(doc, own.end, start) and all(t.text in MAKING for t in doc[first : own.start])
        if not designed and not subject_phrase_ok(doc, own, first, spans):
            return None  # ('设计残差网络的目的是为了避免…': the purpose of making X is X's)
        others = each_of(doc, opening_list(doc, sentence, spans, first, own, start), own)
        return Subject(own.concept, "own", coordinated(doc, before[:index], own, start) or others)
    if len(before) == 1 and before[0].start == first and coordinated_predicate(doc, before[0].end, start):
        opener = before[0]  # 'BN 可以加快收敛并防止过拟合': the second predicate has the first one's subject
        return Subject(opener.concept, "opener") if closes_phrase(doc, opener) and subject_phrase_ok(doc, opener, first, spans) else None
    between = [i for i in range(before[0].end, start) if not in_setting(doc, i, before[0].end, start)
               and not at_step(doc, i, before[0].end, start) and not proposes(doc, i, start)] if before else []
    if before and before[0].start == first and not any(_verbal(doc[i]) for i in between) and len(between) <= 6:
        opener = before[0]
        if sets_a_time(doc, opener):
            return None  # '目标检测时容易出现过拟合': what happens during X, not what X does
        opening_names = opening_list(doc, sentence, spans, first, opener, start)
        if not (closes_phrase(doc, opener) and subject_phrase_ok(doc, opener, first, spans)) or names_a_place(doc, opening_names):
            return None  # '编码器和解码器之间增加了 Y' says where, not who
        return Subject(opener.concept, "opener", each_of(doc, opening_names, opener))
    if not gap_ok(doc, past_colon_setting(doc, first, start), start):
        return None  # the clause has a subject we do not know (深度学习中 使用 …)
    if label is not None and doc[first].lower_ not in EXAMPLE_OPENERS:
        return Subject(label, "label")  # not '不合适的激活函数：…，比如使用sigmoid': an example of the label, not its tool
    if topic is not None:
        return Subject(topic, "topic")
    if first > sentence.start:
        lead = sentence.start + (doc[sentence.start].lower_ in CONTRASTING and sentence.start + 1 < first)
        opening = [s for s in spans if s.start == lead and closes_phrase(doc, s) and not sets_a_time(doc, s)]
        head_clause = clause_start(doc, sentence, opening[0].end) if opening else sentence.start
        if opening and head_clause == sentence.start and not speaks_of_itself(doc, lead, first, ITS):
            return Subject(opening[0].concept, "sentence")  # '而 ELECTRA 使用 GAN 的思想，利用 Y 构造…' is ELECTRA's, not the section's
        if (doc[sentence.start].lower_ not in NON_NOMINAL_OPENERS and not generic_subject(doc, sentence.start, first)
                and not subjectless(doc[sentence.start], listed)) or speaks_of_itself(doc, sentence.start, first):
            return None  # the first clause has a subject, and it is not a concept
        later = [i + 1 for i in range(sentence.start, first - 1) if doc[i].text in CLAUSE_BREAKS]
        if any(doc[i].lower_ not in NON_NOMINAL_OPENERS and doc[i].lower_ not in SUBJECT_GAP_WORDS and not subjectless(doc[i], listed)
               for i in later):
            return None  # '在 X 中，数据集和模型都很大，导致 …': a clause between has its own subject
    if may_use_section and first == sentence.start and doc[first].lower_ not in NO_SECTION_OPENERS:
        carried = subject_before(doc, sentence, line_spans, previous_line)
        if carried is not None:
            return carried  # 'X 是一种…。可以有效防止 Y': the sentence before in the paragraph is about X
    if heading is not None and may_use_section and not continues_sentence(doc) \
            and doc[sentence.start].lower_ not in NO_SECTION_OPENERS:
        return Subject(heading, "heading")  # not '为了解决 Seq2Seq 的缺陷，引入了…', not '如果想…，就需要…'
    return None


COUNTERFACTUAL = frozenset("否则 不然 要不然 要不".split())

MAKING = frozenset("设计 提出 引入 使用 采用 发明".split())
