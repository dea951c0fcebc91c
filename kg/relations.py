"""Typed triples from passages with spaCy rule-based matching, no model and no LLM.

A blank spaCy pipeline with our jieba segmenter and a sentencizer turns each
source line into sentences; a PhraseMatcher over the lexicon finds concept
mentions; a Matcher finds cue phrases (kg.cues). A rule then picks subject and
object by the cue's shape. Markdown structure adds two more rules: list items
under a line that announces components, and `A vs B` / `X 与 Y 的区别` headings.
Every triple keeps the passage, the exact line and the rule id.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest import Passage
from ingest.clean import clean_markdown
from kg.cues import CJK_CUE_WORDS, CUES, Cue
from kg.lexicon import Lexicon
from kg.model import Mention, Triple
from kg.segment import make_segmenter

SUBJECT_GAP_WORDS = frozenset(
    """
    可以 能 能够 可 主要 也 还 都 会 就 则 来 用来 用于 通过 有效 有效地 很好地 一定程度上 在一定程度上 稍微 大大 也可以 并 同时
    是 被 主要用来 用 本身 本质上 实际上 则是 就是 其实 往往 通常 一般 经常 常 常常 很 更 较 比较 不仅 还能 还可以 也能 可有效
    模型 网络 方法 算法 机制 结构 技术 层 函数 中 里 内部 之中 我们 我们可以 容易 很容易 往往会 可能 可能会 就可能 那么 因此 所以 it can also effectively helps help to which that this often typically
    """.split()
)
"""Words that may stand between a subject and its cue (X 可以有效 缓解 Y); anything else breaks the link."""
MAX_SUBJECT_GAP = 4
"""Tokens a subject may stand before its cue."""
OBJECT_WINDOW = 10
"""Tokens the first object may stand after its cue."""
HEADING_SUBJECT_PENALTY = 0.15
"""A subject taken from the section heading, not the sentence, is less sure."""
MAX_LINE_CHARS = 4000
"""A longer line (a pasted blob) is read only this far: no sentence that states a relation is longer."""
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANNOUNCE = re.compile(
    r"(组成|构成|包括|包含|分为|如下|以下几|以下|有以下|组件|components|consists of|includes|parts)\s*[:：]?\s*$"
    r"|[一二两三四五六七八九十\d]+\s*(?:个|种|类|部分)[^\s，。]{0,6}\s*[:：]\s*$",
    re.I,
)
_SOLUTIONS = re.compile(r"(?:解决|缓解|防止|避免|应对)(.{1,16}?)的(?:方法|办法|手段|措施|策略)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)、]|[（(]?\d{1,3}[)）])\s+|^\s*\d{1,3}[)）]\s*")
_CLASS_NOUN = re.compile(r"(函数|模型|算法|方法|网络|机制|优化器|正则化|损失|归一化|初始化|架构|结构|指标|策略|技术)$")
_HEADING_COMPARE = re.compile(r"(.+?)\s*(?:\bvs\.?\b|\bversus\b|与|和|、|/)\s*(.+?)\s*(?:的区别|的对比|的比较|区别|对比|比较|的异同)?$", re.I)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    concept: str


class RelationExtractor:
    """Finds mentions and typed triples; one instance per lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.lexicon = lexicon
        names = lexicon.surface_names()
        segmenter = make_segmenter([name for name, _ in names] + CJK_CUE_WORDS)
        self.nlp = spacy.blank("zh")
        vocab = self.nlp.vocab

        def tokenize(text: str) -> Doc:
            words, spaces = [], []
            for word, _, _ in segmenter.tokenize(text):
                if word.isspace():
                    if spaces:
                        spaces[-1] = True
                    continue
                words.append(word)
                spaces.append(False)
            return Doc(vocab, words=words, spaces=spaces)

        self.nlp.tokenizer = tokenize
        self.nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？", "!", "?", "；", ";", "."]})
        self.mentions = PhraseMatcher(vocab, attr="LOWER")
        by_concept: dict[str, list] = {}
        for name, concept in names:
            for variant in _english_plurals(name):
                by_concept.setdefault(concept, []).append(self.nlp.make_doc(variant))
        for concept, docs in by_concept.items():
            self.mentions.add(concept, docs)
        self.cues = Matcher(vocab)
        self._cue_of: dict[str, Cue] = {}
        for index, cue in enumerate(CUES):
            key = f"cue{index}"
            self._cue_of[key] = cue
            self.cues.add(key, [[{"LOWER": word.lower()} for word in _cue_tokens(cue, tokenize)]])

    def concept_spans(self, doc) -> list[_Span]:
        """Longest non-overlapping concept mentions, in order."""
        from spacy.util import filter_spans

        spans = [doc[s:e] for _, s, e in self.mentions(doc)]
        chosen = filter_spans(spans)
        strings = self.nlp.vocab.strings
        result = []
        for span in chosen:
            ids = sorted({strings[m] for m, s, e in self.mentions(doc) if s == span.start and e == span.end})
            result.append(_Span(span.start, span.end, ids[0]))
        return sorted(result, key=lambda s: s.start)

    def title_concept(self, title: str) -> str | None:
        """The concept a heading is about, if one name covers most of it."""
        doc = self.nlp.make_doc(title)
        spans = self.concept_spans(doc)
        if not spans:
            return None
        if len({s.concept for s in spans}) == 1 and spans[0].start <= 1:
            return spans[0].concept
        best = max(spans, key=lambda s: len(doc[s.start : s.end].text))
        covered = len(doc[best.start : best.end].text.replace(" ", ""))
        return best.concept if covered * 2 >= len(title.replace(" ", "")) else None

    def extract(self, passages: list[Passage]) -> tuple[list[Triple], list[Mention]]:
        """All typed triples and mentions of these passages, sorted."""
        triples: list[Triple] = []
        mentions: list[Mention] = []
        title_cache: dict[str, str | None] = {}

        def heading_concept(passage: Passage) -> str | None:
            for title in reversed(passage.heading_path):
                if title not in title_cache:
                    title_cache[title] = self.title_concept(title)
                if title_cache[title]:
                    return title_cache[title]
            return None

        jobs = []
        for passage in passages:
            for line_number, line in _prose_lines(passage):
                jobs.append((passage, line_number, line))
        docs = self.nlp.pipe(line for _, _, line in jobs)
        counts: dict[str, Counter] = {p.id: Counter() for p in passages}
        for (passage, line_number, line), doc in zip(jobs, docs):
            spans = self.concept_spans(doc)
            counts[passage.id].update(s.concept for s in spans)
            for sentence in doc.sents:
                inside = [s for s in spans if s.start >= sentence.start and s.end <= sentence.end]
                for relation, subject, obj, rule, confidence in self._sentence_triples(doc, sentence, inside, heading_concept(passage)):
                    triples.append(_triple(passage, line_number, line_number, subject, relation, obj, rule, confidence, sentence.text))
        for passage in passages:
            topic = heading_concept(passage)
            if topic:
                counts[passage.id][topic] += 1
            triples.extend(self._structure_triples(passage, topic))
            for concept, count in sorted(counts[passage.id].items()):
                mentions.append(Mention(passage.id, concept, count))
        unique = {t.key: t for t in triples if t.subject != t.object or t.predicate == "alias"}
        return sorted(unique.values(), key=lambda t: t.key), mentions

    def _sentence_triples(self, doc, sentence, spans: list[_Span], topic: str | None):
        for match_id, start, end in self.cues(doc[sentence.start : sentence.end]):
            cue = self._cue_of[self.nlp.vocab.strings[match_id]]
            start += sentence.start
            end += sentence.start
            before = [s for s in spans if s.end <= start and _gap_ok(doc, s.end, start)]
            clause_start = max([i + 1 for i in range(sentence.start, start) if doc[i].text in _CLAUSE_BREAKS] or [sentence.start])
            leading = not [s for s in spans if clause_start <= s.start < start]
            if start > sentence.start and doc[start - 1].text.lower() in _NEGATIONS:
                continue
            opener = spans[0] if spans and spans[0].start == sentence.start and spans[0].end <= start else None
            if not before and opener is not None and cue.relation != "alias":
                before = [opener]
            after_all = [s for s in spans if s.start >= end]
            after = [s for s in after_all if s.start - end <= OBJECT_WINDOW]
            rule = f"{cue.language}.{cue.relation}.{cue.shape}"
            if cue.shape == "infix" and after:
                subject, confidence = _subject(before, leading, topic, cue)
                if subject:
                    obj = _head_of_phrase(doc, after)
                    relation = cue.relation
                    if relation == "is_a" and _followed_by_variant_noun(doc, after, obj):
                        relation, rule = "variant_of", f"{cue.language}.variant_of.is_a_variant"
                    yield relation, subject, obj, rule, confidence
            elif cue.shape == "list" and after:
                subject, confidence = _subject(before, leading, topic, cue)
                if subject:
                    for obj in _enumeration(doc, after_all):
                        yield cue.relation, subject, obj, rule, confidence
            elif cue.shape == "around" and before:
                by = [i for i in range(sentence.start, start) if doc[i].text in ("由", "是由", "被")]
                if by:
                    parts = [s for s in spans if s.start > by[-1] and s.end <= start]
                    owners = [s for s in spans if s.end <= by[-1]]
                    subject = opener.concept if opener is not None else (owners[-1].concept if owners else topic)
                    if subject and parts:
                        for part in parts:
                            yield cue.relation, subject, part.concept, rule, cue.confidence
            elif cue.shape == "of" and before and not (cue.relation == "is_a" and end < sentence.end and doc[end].text in _VARIANT_NOUNS):
                copula = [i for i in range(sentence.start, before[-1].start) if doc[i].text in ("是", "为", "属于", "作为")]
                subjects = [s for s in spans if copula and s.end <= copula[-1]]
                subject = subjects[-1].concept if subjects else None
                if subject:
                    yield cue.relation, subject, before[-1].concept, rule, cue.confidence
            elif cue.shape == "pair":
                near = [s for s in spans if s.end <= start]
                if len(near) < 2 or not _gap_ok(doc, near[-1].end, start):
                    continue
                first, second = near[-2], near[-1]
                between = doc[first.end : second.start].text.strip()
                if between in ("与", "和", "跟", "同", "、", "vs", "VS", "/", "以及", "及"):
                    yield cue.relation, first.concept, second.concept, rule, cue.confidence
            elif cue.shape == "prefix" and after:
                if before:
                    yield cue.relation, before[-1].concept, after[0].concept, rule, cue.confidence
                elif len(after) >= 2:
                    yield cue.relation, after[1].concept, after[0].concept, rule, cue.confidence

    def _structure_triples(self, passage: Passage, topic: str | None) -> list[Triple]:
        """Items listed under a line that announces parts (or solutions); compare headings."""
        triples: list[Triple] = []
        lines = passage.raw.split("\n")
        for index, line in enumerate(lines):
            clean = clean_markdown(line[:MAX_LINE_CHARS])
            announce = _ANNOUNCE.search(clean)
            solutions = _SOLUTIONS.search(clean)
            if not (announce or solutions) or not clean.rstrip().endswith((":", "：")) and not solutions:
                continue
            head_doc = self.nlp.make_doc(clean)
            head_spans = self.concept_spans(head_doc)
            items = _following_items(lines, index)
            if solutions:
                problem = self._first_concept(solutions.group(1))
                relation, owner, rule = "solves", problem, "structure.solutions_list"
            else:
                owners = [s for s in head_spans if head_doc[s.start : s.end].start_char < announce.start()]
                owner = owners[-1].concept if owners else topic
                relation, rule = "has_component", "structure.list_under_cue"
            if not owner:
                continue
            for item_line, item_text in items:
                part = self._first_concept(item_text[:24])
                if not part or part == owner:
                    continue
                subject, obj = (part, owner) if relation == "solves" else (owner, part)
                line_number = passage.start_line + item_line
                triples.append(_triple(passage, passage.start_line + index, line_number, subject, relation, obj, rule, 0.75, clean + " " + item_text))
        if passage.heading_path:
            triples.extend(self._heading_compare(passage))
        return triples

    def _heading_compare(self, passage: Passage) -> list[Triple]:
        title = passage.heading_path[-1]
        match = _HEADING_COMPARE.match(title)
        if not match or not re.search(r"vs|versus|区别|对比|比较|异同", title, re.I):
            return []
        left, right = self._first_concept(match.group(1)), self._first_concept(match.group(2))
        if left and right and left != right:
            return [_triple(passage, passage.start_line, passage.start_line, left, "compared_with", right, "structure.heading_compare", 0.8, title)]
        return []

    def _first_concept(self, text: str) -> str | None:
        spans = self.concept_spans(self.nlp.make_doc(clean_markdown(text)))
        return spans[0].concept if spans else None


_VARIANT_NOUNS = frozenset("变体 变种 改进 改进版 扩展 升级版".split())


def _followed_by_variant_noun(doc, after: list[_Span], concept: str) -> bool:
    """'是一种 RNN 的变体' states a variant, not a kind."""
    span = next(s for s in after if s.concept == concept)
    tail = [t.text for t in doc[span.end : span.end + 3]]
    return len(tail) >= 2 and tail[0] == "的" and tail[1] in _VARIANT_NOUNS


def _english_plurals(name: str) -> list[str]:
    """'Vanishing Gradient' also matches 'vanishing gradients' (lower-case patterns match any case)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z \-]*[a-rt-z]", name) and len(name) > 3 and not name.isupper():
        return [name, name + "s"]
    return [name]


def _gap_ok(doc, start: int, end: int) -> bool:
    """Only adverbs and modal words stand between a subject and its cue."""
    gap = [token.text.lower() for token in doc[start:end]]
    return len(gap) <= MAX_SUBJECT_GAP and all(word in SUBJECT_GAP_WORDS for word in gap)


def _subject(before: list[_Span], leading: bool, topic: str | None, cue: Cue) -> tuple[str | None, float]:
    """The mention right before the cue; the section's topic when the sentence opens with the cue."""
    if before:
        return before[-1].concept, cue.confidence
    if leading and topic:
        return topic, cue.confidence - HEADING_SUBJECT_PENALTY
    return None, 0.0


_NEGATIONS = frozenset("没有 不 未 无法 不能 不会 并不 从不 not never cannot".split())
_CLAUSE_BREAKS = frozenset(list("，,；;：:") + ["，", "；"])
_PHRASE_BREAK = frozenset("，。；,;:：、（）()".split() + list("，。；,;:：、（）()") + ["和", "与", "或", "及", "and", "or"])


def _head_of_phrase(doc, after: list[_Span]) -> str:
    """In 'RNN 的 梯度消失 问题' the head is the last name linked by 的: 梯度消失."""
    head = after[0]
    for current in after[1:]:
        gap = [t.text for t in doc[head.end : current.start]]
        if gap == [] or (gap[-1] == "的" and len(gap) <= 3 and not _PHRASE_BREAK.intersection(gap)):
            head = current
        else:
            break
    return head.concept


def _cue_tokens(cue: Cue, tokenize) -> list[str]:
    if cue.language == "en":
        return list(cue.words)
    return [token.text for token in tokenize("".join(cue.words))]


def _enumeration(doc, after: list[_Span]) -> list[str]:
    """Concepts in a list after a cue: stop at the first gap that is not a separator."""
    objects = [after[0].concept]
    for previous, current in zip(after, after[1:]):
        gap = " ".join(t.text for t in doc[previous.end : current.start] if t.lower_ not in ("a", "an", "the", "一个"))
        if gap not in ("、", "，", ",", "和", "与", "及", "以及", "and", ", and", "or", "/", ""):
            break
        objects.append(current.concept)
    return objects


def _following_items(lines: list[str], index: int) -> list[tuple[int, str]]:
    items = []
    for offset in range(index + 1, len(lines)):
        line = lines[offset]
        if not line.strip():
            continue
        if not _LIST_ITEM.match(line):
            break
        items.append((offset, clean_markdown(line[:MAX_LINE_CHARS])))
    return items


def _prose_lines(passage: Passage):
    """(line number, clean text) of every prose line, skipping code fences."""
    in_fence = False
    for offset, raw in enumerate(passage.raw.split("\n")):
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence or not raw.strip():
            continue
        clean = clean_markdown(raw[:MAX_LINE_CHARS])
        if clean:
            yield passage.start_line + offset, clean


def _triple(passage: Passage, start: int, end: int, subject: str, relation: str, obj: str, rule: str, confidence: float, evidence: str) -> Triple:
    return Triple(
        subject=subject, predicate=relation, object=obj, passage_id=passage.id, path=passage.path,
        start_line=start, end_line=max(start, end), rule=rule, confidence=round(confidence, 2), evidence=evidence[:300],
    )
