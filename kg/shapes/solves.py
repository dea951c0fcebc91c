"""Z solves Y, besides 'Z 解决 Y': the purpose shape ('为了解决 Y，我们提出 Z'), a solves cue that opens a
clause naming the remedy ('解决过拟合的常用方法是正则化'), one that closes a passive ('梯度消失问题可以通过
ReLU 来缓解'), and 'this problem' pointing back to the one the sentence before named.

The infix reading calls the middle two when a solves cue has no object after it, and asks solved_later
so that 'Y 可以通过 Z 来缓解' does not read as Y using Z.
"""
from __future__ import annotations

from typing import Iterator

from kg.cues import CUES
from kg.phrases import CLAUSE_BREAKS, ConceptSpan, closes_phrase, negated, object_items
from kg.shapes.site import CueSite, Fact, names_harm
from kg.subjects.clauses import clause_start


SOLVED_BY = frozenset("通过 用 利用 使用 借助 采用 依靠 靠".split())
REVERSE_GAP = frozenset("可以 能 能够 可 也 也可以 还可以 很容易 容易 一般 通常 往往 主要 则 就 都 需要 需 要".split())


REMEDY_NOUNS = frozenset("方法 办法 手段 技巧 方案 措施 策略 思路 解决方法 解决方案 解决办法 途径".split())
REMEDY_COPULAS = frozenset("是 即为 就是 即 为".split())


def remedy_named(site: CueSite) -> Iterator[Fact]:
    """'解决过拟合的常用方法是正则化', '解决这一问题的最早方法之一是 LSTM' (the problem the sentence before
    names): the clause opens with the cue, names a problem and a way of solving it, and says what that way is."""
    doc, sentence = site.doc, site.sentence
    if clause_start(doc, sentence, site.start) != site.start:
        return
    end = next((i for i in range(site.end, sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text in ("。", "；")),
               sentence.end)
    noun = next((i for i in range(site.end + 1, end) if doc[i].text in REMEDY_NOUNS), None)
    if noun is None:
        return
    of = max((i for i in range(site.end, noun) if doc[i].text == "的"), default=None)
    copula = noun + 1 + (1 if noun + 1 < end and doc[noun + 1].text == "之一" else 0)
    if of is None or noun - of > 5 or copula >= end or doc[copula].text not in REMEDY_COPULAS:
        return
    said = "".join(t.text for t in doc[site.end : of])
    named = [s for s in site.spans if site.end <= s.start and s.end <= of and not negated(doc, s)]
    if said in POINTED_PROBLEMS:
        problems = _problem_before(site)
    elif len(named) == 1 and named[0].start == site.end and named[0].end == of and names_harm(doc, named[0]):
        problems = named
    else:
        return
    remedies = object_items(doc, site.spans, copula + 1, end)
    for remedy in remedies[:1] if remedies and remedies[0].start - copula <= 3 else []:
        for problem in problems:
            if remedy.concept != problem.concept:
                yield Fact("solves", remedy.concept, problem.concept, f"{site.cue.language}.solves.remedy_named",
                           round(site.cue.confidence - 0.1, 2))


SOLVES_WORDS = frozenset("".join(cue.words) for cue in CUES if cue.relation == "solves" and cue.language == "zh" and cue.shape == "infix")


def solved_later(site: CueSite, obj) -> bool:
    """A solves cue closes the clause after the object ('通过 ReLU 来缓解')."""
    for token in site.doc[obj.end : site.sentence.end]:
        if token.text in CLAUSE_BREAKS:
            return False
        if token.text in SOLVES_WORDS:
            return True
    return False


def solved_by_means(site: CueSite) -> Iterator[Fact]:
    """'梯度消失问题可以通过 ReLU 来缓解', '过拟合可以用 Dropout 解决': the clause opens with a harm and ends
    with the cue; what it is solved by (BY) solves it."""
    doc = site.doc
    end = site.end + (1 if site.end < site.sentence.end and doc[site.end].text == "了" else 0)
    if end < site.sentence.end and doc[end].text not in CLAUSE_BREAKS and doc[end].text not in ("。", "！", "!"):
        return
    first = clause_start(doc, site.sentence, site.start)
    problem = next((s for s in site.spans if s.start == first), None)
    means = [s for s in site.spans if problem is not None and problem.end <= s.start and s.end <= site.start]
    if problem is None or len(means) != 1 or not names_harm(doc, problem):
        return
    gap = [t.text for t in doc[problem.end : means[0].start]]
    while gap and gap[0] in PROBLEM_CLOSERS:
        gap = gap[1:]
    link = [t.text for t in doc[means[0].end : site.start]]
    if not gap or gap[-1] not in SOLVED_BY or not all(w in REVERSE_GAP for w in gap[:-1]) \
            or not all(w in ("来", "去", "进行", "加以") for w in link) or not closes_phrase(doc, means[0]):
        return
    yield Fact("solves", means[0].concept, problem.concept, f"{site.cue.language}.solves.reverse_means", site.cue.confidence - 0.05)


BRINGS_IN = frozenset("提出 提出了 引入 引入了 使用 使用了 采用 采用了 利用 利用了 介绍 设计 设计了 设计出 加入 加入了 选用 发明 发明了".split())
"""What the main clause after '为了解决 Y，' does when it names the remedy: proposes, brings in, uses."""
PURPOSE_FILLERS = frozenset("我们 作者 人们 研究者 研究人员 本节 本章 本文 这里 此处 就 将 可以 会 便 于是 又 还 也 通常 一般 常 常常 需要 了".split())
PROBLEM_CLOSERS = frozenset("问题 现象 情况 的 等".split())


def purpose(site: CueSite) -> Iterator[Fact]:
    """为了 解决 Y，（我们/本节将）提出 / 引入 / 介绍 A（、B 和 C）: each of A, B, C solves Y. Y must be the
    whole goal ('为了解决 输出向量的 更新问题' names no concept), and the clause after the comma must bring
    something in; '为了防止过拟合，我们可以将…' names no remedy."""
    doc, sentence = site.doc, site.sentence
    if site.start != sentence.start and doc[site.start - 1].text not in CLAUSE_BREAKS:
        return
    comma = next((i for i in range(site.end, sentence.end) if doc[i].text in ("，", ",")), None)
    if comma is None:
        return
    problems = object_items(doc, [s for s in site.spans if not negated(doc, s)], site.end, comma, clausal=True)
    rule = f"{site.cue.language}.solves.purpose"
    if not problems and "".join(t.text for t in doc[site.end : comma]) in POINTED_PROBLEMS:
        problems, rule = _problem_before(site), rule + "+antecedent"  # '…存在信息丢失的问题。为了缓解这个问题，引入了…'
    elif not problems or not all(t.text in PROBLEM_CLOSERS for t in doc[problems[-1].end : comma]):
        return
    if site.cue.object_kind == "harm":
        problems = [p for p in problems if names_harm(doc, p)]
    verb = comma + 1
    while verb < sentence.end and doc[verb].text in PURPOSE_FILLERS:
        verb += 1
    if not problems or verb >= sentence.end or doc[verb].text not in BRINGS_IN:
        return
    begin = verb + 1 + (1 if verb + 1 < sentence.end and doc[verb + 1].text == "了" else 0)
    colon = next((i for i in range(begin, min(sentence.end, begin + 8)) if doc[i].text in (":", "：")), None)
    if colon is not None and any(t.tag_ == "m" or t.text[:1] in "一二两三四五六七八九十几" for t in doc[begin:colon]):
        begin = colon + 1  # '介绍两种近似训练方法：负采样和分层softmax'
    stop = next((i for i in range(begin, sentence.end) if doc[i].text in CLAUSE_BREAKS and doc[i].text not in ("，", ",")),
                sentence.end)
    remedies = object_items(doc, site.spans, begin, stop)
    problem_names = {p.concept for p in problems}
    for remedy in remedies:
        for problem in sorted(problem_names - {remedy.concept}):
            yield Fact("solves", remedy.concept, problem, rule, site.cue.confidence - (0.05 if "+" in rule else 0))


POINTED_PROBLEMS = frozenset("这个问题 这一问题 该问题 此问题 上述问题 这种问题 这些问题".split())
"""'为了缓解这个问题，…': the problem is the one the sentence before named."""


def _problem_before(site: CueSite) -> list:
    """The one problem the sentence right before names ('…会存在信息丢失的问题。'), in this line or the line
    above; [] when it names none or several (which of them would 这个问题 be?)."""
    doc, before = site.doc, [s for s in site.doc.sents if s.end <= site.sentence.start]
    if before:
        sentence, spans = before[-1], [s for s in site.line_spans if s.end <= site.sentence.start]
        spans = [s for s in spans if s.start >= sentence.start]
    elif site.previous_line is not None and len(site.previous_line.doc):
        doc = site.previous_line.doc
        sentence, spans = list(doc.sents)[-1], site.previous_line.spans
        spans = [s for s in spans if s.start >= sentence.start]
    else:
        return []
    if sentence.text.rstrip().endswith(("?", "？", "吗")):
        return []
    harms = [s for s in spans if names_harm(doc, s) and not negated(doc, s)]
    if len({s.concept for s in harms}) != 1:
        return []
    return [ConceptSpan(harms[0].start, harms[0].end, harms[0].concept)]
