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

from ingest import Passage
from ingest.clean import clean_markdown
from kg.cues import CJK_CUE_WORDS, CUES, Cue
from kg.lexicon import Lexicon
from kg.model import Mention, PassageFacts, Triple
from kg.phrases import (
    ASPECT_TITLE,
    AUTHOR_WORDS,
    CLAUSE_BREAKS,
    NEGATIONS,
    ConceptSpan,
    TOPIC_RELATIONS,
    VARIANT_NOUNS,
    english_plurals,
    followed_by_variant_noun,
    gap_ok,
    head_of_phrase,
    line_label,
    negated,
    next_clause_opener,
    no_break,
    phrase_ends,
)
from kg.segment import BaseDictionary, Segmenter, lookup_keys, may_contain

OBJECT_WINDOW = 10
"""Tokens the first object may stand after its cue."""
HEADING_SUBJECT_PENALTY = 0.15
"""A subject taken from the section heading, not the sentence, is less sure."""
MAX_LINE_CHARS = 4000
"""A longer line (a pasted blob) is read only this far: no sentence that states a relation is longer."""
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANNOUNCE = re.compile(
    r"(组成|构成|包括|包含|分为|分成|组成部分|组件|以下几种|如下几种|几种|几类|components|consists of|includes|parts|types|kinds)\s*[:：]?\s*$"
    r"|[一二两三四五六七八九十\d]+\s*(?:个|种|类)?\s*(?:门|部分|组件|模块|子层|层|要素|成分|单元|部件|阶段|模式|结构)\s*[:：]\s*$",
    re.I,
)
_SOLUTIONS = re.compile(
    r"(?:解决|缓解|防止|避免|应对|减轻)(?P<a>.{1,16}?)的(?:方法|办法|手段|措施|策略)"
    r"|(?P<b>[^，。：:]{1,16}?)的(?:解决办法|解决方法|解决方案|缓解方法|应对方法|解决思路)"
)
_USES_METHODS = re.compile(r"(?:采用|使用|利用|用到)了?\s*(?:两|二|三|四|几|\d)\s*(?:种|个)[^，。]{0,8}[。：:]\s*$")
_KINDS = re.compile(r"(?:分为|分成|可分为|可以分为|可以分成|有以下几种|有如下几种|有以下|包括以下)?.{0,6}(?:几|[一二两三四五六七八九十\d]+)\s*(?:种|类)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)、]|[（(]?\d{1,3}[)）])\s+|^\s*\d{1,3}[)）]\s*")
_CLASS_NOUN = re.compile(r"(函数|模型|算法|方法|网络|机制|优化器|正则化|损失|归一化|初始化|架构|结构|指标|策略|技术)$")
_HEADING_COMPARE = re.compile(r"(.+?)\s*(?:\bvs\.?\b|\bversus\b|与|和|、|/)\s*(.+?)\s*(?:的区别|的对比|的比较|区别|对比|比较|的异同)?$", re.I)


class RelationExtractor:
    """Finds mentions and typed triples; one instance per lexicon."""

    def __init__(self, lexicon: Lexicon, only_for: list[Passage] | None = None,
                 dictionary: BaseDictionary | None = None) -> None:
        """`only_for`: the extractor will read just these passages, so it learns only the names
        that may occur in them (a re-ingest of a few passages then starts in a blink).
        `dictionary`: jieba's, when the caller has it loaded already."""
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.lexicon = lexicon
        names = lexicon.surface_names()
        if only_for is not None:
            haystacks = [lookup_keys(" ".join(CJK_CUE_WORDS))] + [reading_keys(p) for p in only_for]
            names = [(name, concept) for name, concept in names if any(may_contain(h, name) for h in haystacks)]
        segmenter = Segmenter([name for name, _ in names] + CJK_CUE_WORDS, dictionary)
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
            for variant in english_plurals(name):
                by_concept.setdefault(concept, []).append(self.nlp.make_doc(variant))
        for concept, docs in by_concept.items():
            self.mentions.add(concept, docs)
        self.cues = Matcher(vocab)
        self._cue_of: dict[str, Cue] = {}
        for index, cue in enumerate(CUES):
            key = f"cue{index}"
            self._cue_of[key] = cue
            self.cues.add(key, [[{"LOWER": word.lower()} for word in _cue_tokens(cue, tokenize)]])

    def concept_spans(self, doc) -> list[ConceptSpan]:
        """Longest non-overlapping concept mentions, in order (ties: the smallest concept id)."""
        from spacy.util import filter_spans

        strings = self.nlp.vocab.strings
        concepts_at: dict[tuple[int, int], str] = {}
        for match_id, start, end in self.mentions(doc):
            concept = strings[match_id]
            if (start, end) not in concepts_at or concept < concepts_at[(start, end)]:
                concepts_at[(start, end)] = concept
        chosen = filter_spans([doc[start:end] for start, end in concepts_at])
        return sorted((ConceptSpan(span.start, span.end, concepts_at[(span.start, span.end)]) for span in chosen), key=lambda s: s.start)

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

    def extract_each(self, passages: list[Passage]) -> dict[str, PassageFacts]:
        """What each passage says on its own (passage id → facts): the unit a re-ingest reuses."""
        title_cache: dict[str, str | None] = {}

        def concept_of_title(title: str) -> str | None:
            if title not in title_cache:
                title_cache[title] = self.title_concept(title)
            return title_cache[title]

        def heading_concept(passage: Passage) -> str | None:
            """The concept the nearest heading names; under an aspect heading ('缺点', '实施过程'),
            the one above it. Headings further up are too far away to be a sentence's subject."""
            if not passage.heading_path:
                return None
            nearest = concept_of_title(passage.heading_path[-1])
            if nearest is None and len(passage.heading_path) >= 2 and ASPECT_TITLE.fullmatch(passage.heading_path[-1]):
                return concept_of_title(passage.heading_path[-2])
            return nearest

        jobs = []
        for passage in passages:
            for line_number, line in _prose_lines(passage):
                jobs.append((passage, line_number, line))
        docs = self.nlp.pipe(line for _, _, line in jobs)
        counts: dict[str, Counter] = {p.id: Counter() for p in passages}
        said: dict[str, list[Triple]] = {p.id: [] for p in passages}
        for (passage, line_number, line), doc in zip(jobs, docs):
            spans = self.concept_spans(doc)
            counts[passage.id].update(s.concept for s in spans)
            label = line_label(doc, spans)
            topic = label or heading_concept(passage)
            cue_matches = self.cues(doc) if spans else []
            for sentence in doc.sents if cue_matches else ():
                inside = [s for s in spans if s.start >= sentence.start and s.end <= sentence.end]
                for relation, subject, obj, rule, confidence in self._sentence_triples(doc, sentence, inside, topic, label is not None, cue_matches):
                    said[passage.id].append(_triple(passage, line_number, line_number, subject, relation, obj, rule, confidence, sentence.text))
        facts: dict[str, PassageFacts] = {}
        for passage in passages:
            topic = heading_concept(passage)
            if topic:
                counts[passage.id][topic] += 1
            triples = said[passage.id] + self._structure_triples(passage, topic)
            unique = {t.key: t for t in triples if t.subject != t.object or t.predicate == "alias"}
            facts[passage.id] = PassageFacts(
                triples=tuple(sorted(unique.values(), key=lambda t: t.key)),
                section_triples=tuple(self.heading_hierarchy(passage)),
                mentions=tuple(Mention(passage.id, concept, count) for concept, count in sorted(counts[passage.id].items())),
            )
        return facts

    def _sentence_triples(self, doc, sentence, spans: list[ConceptSpan], topic: str | None, labelled: bool = False, cue_matches=()):
        if sentence.text.rstrip().endswith(("?", "？", "吗", "呢")):
            return  # a question asserts nothing
        matches = [(m, s, e) for m, s, e in cue_matches if s >= sentence.start and e <= sentence.end]
        cue_starts = sorted(start for _, start, _ in matches)
        for match_id, start, end in matches:
            cue = self._cue_of[self.nlp.vocab.strings[match_id]]
            if any(doc[i].text.lower() in NEGATIONS for i in range(max(sentence.start, start - 2), start)):
                continue
            clause_start = max([i + 1 for i in range(sentence.start, start) if doc[i].text in CLAUSE_BREAKS] or [sentence.start])
            before = [s for s in spans if s.end <= start and gap_ok(doc, s.end, start)]
            opener = spans[0] if spans and spans[0].start == clause_start and spans[0].end <= start else None
            if not before and opener is not None and cue.relation != "alias" and no_break(doc, opener.end, start):
                before = [opener]
            # The subject may be left out ("用于防止过拟合。" under a heading "Dropout"): only then
            # does the section's concept stand in, and only for relations a heading can carry.
            # A line that opens with 'X：' is about X all the way through.
            omitted = labelled or gap_ok(doc, clause_start, start, AUTHOR_WORDS)
            explicit_only = cue.words[0] in ("基于", "is", "based")  # '基于 X 的 Y' describes Y, not the topic
            implied = topic if (not before and cue.relation in TOPIC_RELATIONS and omitted and not explicit_only) else None
            if cue.relation == "uses" and not before and start > sentence.start and doc[start - 1].text in ("通过", "借助", "利用"):
                implied = next_clause_opener(doc, spans, end, sentence.end) or implied
            next_cue = min([c for c in cue_starts if c >= end] or [sentence.end])
            after_all = [s for s in spans if s.start >= end and not negated(doc, s)]
            bounded = cue.relation in ("uses", "has_component")  # 'X 使用了两种新技术改进了 Y': Y is not used
            after = [s for s in after_all if s.start - end <= OBJECT_WINDOW and (s.start < next_cue or not bounded)]
            rule = f"{cue.language}.{cue.relation}.{cue.shape}"
            subject, confidence = (before[-1].concept, cue.confidence) if before else (implied, cue.confidence - HEADING_SUBJECT_PENALTY)
            if cue.shape == "infix" and after and subject:
                if cue.relation == "alias" and after[0].start - end > 2:
                    continue
                strict = cue.relation in ("solves", "causes", "is_a", "variant_of")
                head = after[0] if cue.words[0] in ("基于", "based") else head_of_phrase(doc, after, strict)
                if head is None or not no_break(doc, end, head.start):
                    continue
                relation = cue.relation
                if relation == "is_a" and followed_by_variant_noun(doc, head):
                    relation, rule = "variant_of", f"{cue.language}.variant_of.is_a_variant"
                yield relation, subject, head.concept, rule, confidence
            elif cue.shape == "list" and after and subject:
                if phrase_ends(doc, after[0]) or len(after_all) > 1:
                    for obj in _enumeration(doc, after_all):
                        yield cue.relation, subject, obj, rule, confidence
            elif cue.shape == "around":
                by = [i for i in range(sentence.start, start) if doc[i].text in ("由", "是由", "被")]
                if by:
                    parts = [s for s in spans if s.start > by[-1] and s.end <= start]
                    owner_clause = max([i + 1 for i in range(sentence.start, by[-1]) if doc[i].text in CLAUSE_BREAKS] or [sentence.start])
                    owners = [s for s in spans if owner_clause <= s.start and s.end <= by[-1]]
                    owner = owners[0].concept if owners else (topic if gap_ok(doc, owner_clause, by[-1]) else None)
                    if owner and parts:
                        for part in parts:
                            yield cue.relation, owner, part.concept, rule, cue.confidence
            elif cue.shape == "of" and before:
                if cue.relation == "is_a" and end < sentence.end and doc[end].text in VARIANT_NOUNS:
                    continue
                copula = [i for i in range(clause_start, before[-1].start) if doc[i].text in ("是", "为", "属于", "作为")]
                if copula:
                    owners = [s for s in spans if clause_start <= s.start and s.end <= copula[-1]]
                    if owners:
                        yield cue.relation, owners[0].concept, before[-1].concept, rule, cue.confidence
            elif cue.shape == "pair":
                near = [s for s in spans if s.end <= start]
                if len(near) < 2 or not gap_ok(doc, near[-1].end, start):
                    continue
                first, second = near[-2], near[-1]
                between = doc[first.end : second.start].text.strip()
                if between in ("与", "和", "跟", "同", "、", "vs", "VS", "/", "以及", "及"):
                    yield cue.relation, first.concept, second.concept, rule, cue.confidence
            elif cue.shape == "prefix" and after and no_break(doc, end, after[0].start):
                if before:
                    yield cue.relation, before[-1].concept, after[0].concept, rule, cue.confidence
                else:  # 相比于 Y（…），X …: the subject opens the next clause
                    later = next_clause_opener(doc, spans, after[0].end, sentence.end)
                    if later:
                        yield cue.relation, later, after[0].concept, rule, cue.confidence

    def _structure_triples(self, passage: Passage, topic: str | None) -> list[Triple]:
        """Items listed under a line that announces parts (or solutions); compare headings."""
        triples: list[Triple] = []
        lines = passage.raw.split("\n")
        for index, line in enumerate(lines):
            clean = clean_markdown(line[:MAX_LINE_CHARS])
            announce = _ANNOUNCE.search(clean)
            solutions = _SOLUTIONS.search(clean)
            methods = _USES_METHODS.search(clean)
            if methods and not announce and not solutions:
                triples.extend(self._methods_list(passage, lines, index, clean, methods))
                continue
            if not (announce or solutions) or not clean.rstrip().endswith((":", "：")) and not solutions:
                continue
            head_doc = self.nlp.make_doc(clean)
            head_spans = self.concept_spans(head_doc)
            items = _following_items(lines, index)
            if solutions:
                problem = self._first_concept(solutions.group("a") or solutions.group("b"))
                relation, owner, rule = "solves", problem, "structure.solutions_list"
            else:
                clause = max([m.end() for m in re.finditer(r"[，,；;。：:]", clean[: announce.start()])] or [0])
                owners = [s for s in head_spans if clause <= head_doc[s.start : s.end].start_char < announce.start()]
                owner = owners[-1].concept if owners else (topic if not clean[clause : announce.start()].strip() else None)
                if _KINDS.search(clean[clause:]) and not re.search(r"组成|构成|部分|组件|门", clean[clause:]):
                    relation, rule = "is_a", "structure.kinds_list"  # '可以分成以下几种：' lists subtypes
                    earlier = [s for s in head_spans if head_doc[s.start : s.end].start_char < announce.start()]
                    owner = owner or (earlier[0].concept if earlier else None)
                else:
                    relation, rule = "has_component", "structure.list_under_cue"
            if not owner:
                continue
            for item_line, item_text in items:
                part = self._first_concept(item_text[:24])
                if not part or part == owner:
                    continue
                subject, obj = (part, owner) if relation in ("solves", "is_a") else (owner, part)
                line_number = passage.start_line + item_line
                triples.append(_triple(passage, passage.start_line + index, line_number, subject, relation, obj, rule, 0.75, clean + " " + item_text))
        if passage.heading_path:
            triples.extend(self._heading_compare(passage))
        return triples

    def _methods_list(self, passage: Passage, lines: list[str], index: int, clean: str, methods) -> list[Triple]:
        """'word2vec 采用了两种优化方式。' followed by a list: the owner uses each listed method."""
        owner = self._first_concept(clean[: methods.start()])
        triples = []
        for item_line, item_text in _following_items(lines, index) if owner else ():
            method = self._first_concept(item_text[:24])
            if method and method != owner:
                triples.append(_triple(passage, passage.start_line + index, passage.start_line + item_line, owner, "uses",
                                       method, "structure.methods_list", 0.7, clean + " " + item_text))
        return triples

    def heading_hierarchy(self, passage: Passage) -> list[Triple]:
        """'### 激活函数' › '#### softmax': a named thing under a class heading is a kind of it."""
        if len(passage.heading_path) < 2:
            return []
        parent_title, child_title = passage.heading_path[-2], passage.heading_path[-1]
        variant = re.search(r"的(?:改进|变体|变种)", parent_title)
        if not _CLASS_NOUN.search(parent_title.strip()) and not variant:
            return []
        parent = self._first_concept(parent_title) if variant else self.title_concept(parent_title)
        child = self.lexicon.concept_of(_title_name(child_title))
        if not parent or not child or parent == child:
            return []
        relation = "variant_of" if variant else "is_a"
        return [_triple(passage, passage.start_line, passage.start_line, child, relation, parent, "structure.heading_hierarchy",
                        0.6, f"{parent_title} › {child_title}")]

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


def combine_facts(passages: list[Passage], facts: dict[str, PassageFacts]) -> tuple[list[Triple], list[Mention]]:
    """The graph's triples and mentions from each passage's facts, in passage order."""
    triples: list[Triple] = []
    mentions: list[Mention] = []
    seen_sections: set[tuple[str, ...]] = set()
    for passage in passages:
        said = facts[passage.id]
        triples.extend(said.triples)
        if passage.heading_path and passage.heading_path not in seen_sections:
            seen_sections.add(passage.heading_path)
            triples.extend(said.section_triples)
        mentions.extend(said.mentions)
    return sorted(triples, key=lambda t: t.key), mentions


def reading_keys(passage: Passage) -> str:
    """lookup_keys of everything the rules look names up in: lines raw and cleaned, headings
    (also without their parentheses). A lexicon name that may_contain says is absent from
    it cannot change what the passage says, which is what makes reuse safe."""
    parts = [passage.raw, passage.text]
    for title in passage.heading_path:
        parts += [title, _title_name(title), clean_markdown(title)]
    for line in passage.raw.split("\n"):
        clean = clean_markdown(line[:MAX_LINE_CHARS])
        parts += [clean, clean_markdown(clean)]  # rules clean pieces of clean lines again
    return lookup_keys("\x00".join(parts))


def _cue_tokens(cue: Cue, tokenize) -> list[str]:
    if cue.language == "en":
        return list(cue.words)
    return [token.text for token in tokenize("".join(cue.words))]


def _title_name(title: str) -> str:
    """'Adam（自适应矩估计） ⭐️' → 'Adam'."""
    return re.sub(r"[（(][^）)]*[）)]", "", title).strip(" ⭐️⚠️")


def _enumeration(doc, after: list[ConceptSpan]) -> list[str]:
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
    """(line number, clean text) of every prose line.

    Code is skipped, except in fences without a language whose lines are Chinese prose: people
    put their own summaries in plain ``` boxes ('灰色代码框内的文字为本人口语化的总结').
    """
    fence_language: str | None = None
    for offset, raw in enumerate(passage.raw.split("\n")):
        fence = _FENCE.match(raw)
        if fence:
            fence_language = None if fence_language is not None else raw.strip().lstrip("`~").strip().lower()
            continue
        if not raw.strip():
            continue
        if fence_language is not None and (fence_language not in ("", "text", "txt", "md", "markdown") or len(_CJK_CHAR.findall(raw)) < 2):
            continue
        clean = clean_markdown(raw[:MAX_LINE_CHARS])
        if clean:
            yield passage.start_line + offset, clean


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _triple(passage: Passage, start: int, end: int, subject: str, relation: str, obj: str, rule: str, confidence: float, evidence: str) -> Triple:
    return Triple(
        subject=subject, predicate=relation, object=obj, passage_id=passage.id, path=passage.path,
        start_line=start, end_line=max(start, end), rule=rule, confidence=round(confidence, 2), evidence=evidence[:300],
    )
