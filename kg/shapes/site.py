"""What every shape reads and writes: the CueSite it is given, the Facts it yields and their rule ids, and
what a concept's name says of itself (a harm, a part, a role in a model) or where its phrase ends.

One module below all the shape modules, so that each of them imports this (and kg.shapes.subject) and
no shape module another's helpers; a rule id reads the same whatever shape wrote it
('zh.uses.infix+heading'), and a cue negated or reported as hearsay (kg.relations asks) states nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from kg.cues import Cue
from kg.normalize import normalize_term
from kg.phrases import GENERIC_HEADS, NEGATIONS
from kg.subjects.model import DEMOTED, LineAbove, Subject


@dataclass(frozen=True)
class CueSite:
    """Where one cue matched: all a shape reads to find its subject and objects."""

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
    """One relation a rule read from a sentence, before kg.relations turns it into a Triple."""

    relation: str
    subject: str
    object: str
    rule: str
    confidence: float


def rule_name(site: CueSite, subject_rule: str = "own", relation: str | None = None) -> str:
    """language.relation.shape, with the cue's own relation inside when the fact is another's, and
    '+step' when the subject did not open the sentence itself."""
    base = f"{site.cue.language}.{site.cue.relation}.{site.cue.shape}"
    if relation and relation != site.cue.relation:
        base = f"{site.cue.language}.{relation}.{site.cue.relation}_{site.cue.shape}"  # zh.has_component.uses_infix
    return base if subject_rule == "own" else f"{base}+{subject_rule}"


def cue_facts(site: CueSite, subject, objects, relation: str | None = None) -> Iterator[Fact]:
    """subject (and whoever shares it) → each object, demoted by how the subject was found."""
    confidence = site.cue.confidence - DEMOTED[subject.rule]
    for concept in (subject.concept, *subject.together):
        for obj in objects:
            if obj != concept:
                yield Fact(relation or site.cue.relation, concept, obj, rule_name(site, subject.rule, relation), round(confidence, 2))
            elif subject.rule == "heading" and site.outer_heading not in (None, obj):
                # '引入松弛变量，…' under SVM › 松弛变量: the section is about the part, the sentence about its owner
                yield Fact(relation or site.cue.relation, site.outer_heading, obj, rule_name(site, "outer_heading", relation),
                           round(site.cue.confidence - DEMOTED["outer_heading"], 2))


FRONTING = frozenset("将 把".split())
"""The 将/把 construction fronts the object before its verb ('将 sigmoid 换成 ReLU', '把 CNN 应用到 …')."""


def negated_cue(doc, sentence, start: int) -> bool:
    """A negation stands in the two words before the cue ('并不 适用于')."""
    return any(doc[i].lower_ in NEGATIONS for i in range(max(sentence.start, start - 2), start))


HEARSAY = re.compile(r"(?:有些|有的|一些|某些|部分|很多|不少)(?:文献|论文|研究者?|学者|人|作者|观点|资料|说法)(?:则|也)?(?:认为|觉得|称|说|主张|声称|把)"
                     r"|有人(?:认为|觉得|说|称|把)|据说|据称|传闻|听说")
"""'有些文献认为 X 是 Y', '据说 X 能…': a view the writer reports from unnamed others, not one the notes state
(judged blind: not asserted). '研究表明', '实验证明' state findings and stay."""


def hearsay_cue(doc, sentence, start: int) -> bool:
    """The cue stands in a clause that reports what unnamed others hold (HEARSAY before it in the sentence)."""
    return HEARSAY.search(doc[sentence.start : start].text) is not None


HARM_WORDS = re.compile(r"过拟合|欠拟合|消失|爆炸|偏移|退化|稀疏|噪|误差|偏差|方差|冗余|遗忘|溢出|不稳定|震荡|振荡|饱和|缓慢|过慢|"
                        r"困难|敏感|漂移|坍塌|崩溃|泄漏|泄露|偏见|歧义|多义|失真|丢失|损失|风险|开销|代价|复杂度|耗时|overfit|noise|vanish|explod|variance|bias|cost|error|shift|complexity|redundan|instabil")


def names_harm(doc, span) -> bool:
    """The object of 减少/降低 names a harm: its name says so, or '…的问题/现象' follows it."""
    following = [t.text for t in doc[span.end : span.end + 2]]
    return bool(HARM_WORDS.search(doc[span.start : span.end].text.lower())) or "问题" in following or "现象" in following


PART_NAME = re.compile(r"(?:层|块|门|单元|模块|子层|记忆元|layer|block|gate|unit|module)s?$", re.I)
"""A name that ends like a layer, block or gate names a part of what is built with it."""


def names_part(doc, span) -> bool:
    """The name ends like a layer, block or gate (PART_NAME)."""
    return PART_NAME.search(doc[span.start : span.end].text) is not None


ROLE_NAMES = frozenset("编码器 解码器 encoder decoder 生成器 判别器 generator discriminator 骨干网络 backbone".split())
CLASS_CONCEPTS = frozenset("loss-function activation-function neural-network 优化算法 模型 算法".split())
"""Classes of things (ids): under '损失函数' the writer derives one model's loss, so the tool they use is not
the class's ('我们将使用最大似然估计' in softmax regression: judged blind)."""


def plays_a_role(doc, span) -> bool:
    """A name of a role in a model (编码器, 解码器): 'it is an RNN' is true of one model's encoder, not of encoders."""
    return normalize_term(doc[span.start : span.end].text) in ROLE_NAMES


def named_before(site: CueSite, concept: str) -> list:
    """Where the sentence names `concept` before the cue."""
    return [s for s in site.spans if s.concept == concept and s.end <= site.start]


def subject_plays_a_role(site: CueSite, subject: Subject) -> bool:
    """The sentence names its subject as a role ('编码器'): what it says is true of one model's part."""
    return any(plays_a_role(site.doc, s) for s in named_before(site, subject.concept))


def head_end(doc, span) -> int:
    """Where the name's phrase ends: past a class noun right after it ('AdaGrad 算法')."""
    return span.end + (1 if span.end < len(doc) and doc[span.end].lower_ in GENERIC_HEADS else 0)


def inside_brackets(doc, start: int, end: int) -> bool:
    """An opening bracket before doc[end] in the sentence that is not closed yet."""
    depth = 0
    for token in doc[start:end]:
        depth += token.text in ("（", "(")
        depth -= token.text in ("）", ")") and depth > 0
    return depth > 0
