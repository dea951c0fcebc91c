"""'这种设计 / 这样做 / 该方法' opening a clause: a pointer to what the section describes, so the heading is the
subject; and '这样的计算' under '### 完全计算', a pointer by the head noun the heading's name ends with."""
from __future__ import annotations

import re

from kg.phrases import CLAUSE_BREAKS, SUBJECT_GAP_WORDS, ConceptSpan
from kg.subjects.words import PREDICATE_JOINERS, PURPOSE_GAP


SECTION_POINTER = re.compile(r"^(?:然而|但是|但|而|因此|所以)?(?:引入|采用|使用)?(?:这种|这样的|这一|该|此)(?:设计|做法|方法|方式|计算|操作|技巧|策略|机制)"
                             r"|^(?:然而|但是|但|而)?这样做")
"""'这种设计', '这样做', '该方法' opening a clause: what the section describes (kg.subjects.pointers.points_to_section)."""


def points_to_section(doc, spans: list[ConceptSpan], first: int, start: int) -> bool:
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


def pointer_goes_on(doc, spans: list[ConceptSpan], sentence, first: int, start: int) -> bool:
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
