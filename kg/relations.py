"""Typed triples from passages with rule-based matching, no model and no LLM.

Our jieba segmenter (with dictionary tags) turns each source line into a kg.tokens.Doc with
sentences; a NameMatcher over the lexicon finds concept mentions; a CueScanner finds cue
phrases (kg.cues). A rule of kg.shapes then picks subject and object by the cue's shape; cost clauses
without a cue ('X 的训练代价非常高') are read here too. Markdown structure adds more rules (kg.structure, which
asks this extractor to cut and match its text): list items under a line or heading that announces components
or remedies, drawback and reason lists (kg.effects: '缺点：' › '- 训练速度慢' says X causes it), `A vs B` /
`X 与 Y 的区别` headings, why/how question headings ('为什么 X 能解决 Y？').
Every triple keeps the passage, the exact line and the rule id.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ingest import Passage
from ingest.clean import clean_markdown

from kg.cues import CJK_CUE_WORDS, CUES, Cue
from kg.effects import CONNECTORS as COST_CONNECTORS, DRAWBACK_IS, cost_name, effect_name, limited_effect
from kg.lexicon import Lexicon
from kg.terms.headings import PROCEDURE_TITLE
from kg.terms.lines import MAX_LINE_CHARS, plain_line
from kg.model import Mention, PassageFacts, Triple
from kg.phrases import ASPECT_TITLE, CLAUSE_BREAKS, GENERIC_HEADS, ConceptSpan, english_plurals, having_modifier, line_label
from kg.shapes import SHAPES, CueSite, Fact, contrasts, hearsay_cue, negated_cue
from kg.structure import (heading_hierarchy, named_variant, presupposed_by_heading, structure_triples, task_heading,
                          use_question_heading)
from kg.structure.base import HEADING_NUMBER, LIST_ITEM, title_name, triple
from kg.subjects.model import LineAbove
from kg.subjects.pointers import points_to_heading, restarts_with_pointer
from kg.subjects.words import FIELDS
from kg.tokens import SENTENCE_FINAL, Doc, NameMatcher, longest_spans
from kg.normalize import fold_hyphens, has_cjk, normalize_term, spaced_between_scripts
from kg.segment import BaseDictionary, Segmenter, common_words, lookup_keys, may_contain, unglue_cue_edges

_FENCE = re.compile(r"^\s*(```|~~~)")
_QUOTED = re.compile(r"[「『“](?P<q>[^」』”]{1,30})[」』”]")
"""Chinese quote marks around a phrase ('带来“灾难性遗忘”的问题', '利用「跨层参数共享」')."""
STEP_WORDS = ("预训练",)
"""Training steps jieba cuts wrong after a particle ('来预训练' → 来预 训练): one token each."""
_CITATION = re.compile(r"\s[-–—|]\s*(?:博客园|CSDN博客|CSDN|知乎|简书|掘金|cnblogs|arXiv|GitHub|Medium)\b|^\s*\[\d{1,3}\]\s", re.I)
"""A reference line ('Bagging和Boosting的区别 - 作者 - 博客园', '[3] …'): it names an article, it states nothing."""
_REFERENCES_TITLE = re.compile(r"^\s*(?:参考|参考资料|参考文献|参考链接|引用|references?|further reading|bibliography)\s*[:：]?\s*$", re.I)
_DRAWBACK_IS = re.compile(DRAWBACK_IS)
_DRAWBACK_WORD = re.compile(r"缺点|不足|弊端|问题")
_COST_END = re.compile(r"[高大长慢低差]\s*(?:[，。；,;！!）)]|$)|限制了")
"""A line that may state a cost: some clause ends in a predicate of one (kg.effects.COST_EFFECT), or says what
its subject limits (kg.effects.limited_effect)."""


class RelationExtractor:
    """Finds mentions and typed triples; one instance per lexicon."""

    def __init__(self, lexicon: Lexicon, only_for: list[Passage] | None = None,
                 dictionary: BaseDictionary | None = None) -> None:
        """`only_for`: the extractor will read just these passages, so it learns only the names
        that may occur in them (a re-ingest of a few passages then starts in a blink).
        `dictionary`: jieba's, when the caller has it loaded already."""
        self.lexicon = lexicon
        names, cues = lexicon.surface_names(), CUES
        if only_for is not None:
            passage_keys = [reading_keys(p) for p in only_for]
            haystacks = [lookup_keys(" ".join(CJK_CUE_WORDS)), *passage_keys]
            names = [(name, concept) for name, concept in names if may_read(lexicon, haystacks, name)]
            # a cue matches only where its words stand together: one no passage holds is never tokenized
            cues = [cue for cue in CUES if any(may_contain(h, "".join(cue.words)) for h in passage_keys)]
        dictionary = dictionary or BaseDictionary.load()  # loaded once for both segmenters below
        segmenter = Segmenter([fold_hyphens(name) for name, _ in names] + CJK_CUE_WORDS + list(STEP_WORDS), dictionary)
        name_words = {fold_hyphens(name) for name, _ in names}
        cue_words = set(CJK_CUE_WORDS)

        plain = Segmenter((), dictionary)  # the dictionary alone: how everyday Chinese cuts a name

        def tag_of(word: str) -> str:
            tag = segmenter.tag(word)
            if word in cue_words and not tag.startswith(("c", "p", "u")):
                return "v"  # 利用 is a noun in jieba's dictionary; as a cue it is a verb
            if tag:
                return tag
            if word in name_words:
                return "n"
            return "m" if word.isdigit() else ("eng" if word.isascii() and word.isalnum() else "x")

        def tokenize(text: str) -> Doc:
            """Cut as if every hyphen of a compound were '-' ('编码器－解码器架构' is the glossary's name), words as written."""
            folded = fold_hyphens(text)
            words, spaces = [], []
            for word, _, _ in segmenter.tokenize(folded):
                if word.isspace():
                    if spaces:
                        spaces[-1] = True
                    continue
                words.append(word)
                spaces.append(False)
            words, spaces = unglue_cue_edges(words, spaces, name_words, cue_words, plain)
            tags = [tag_of(w) for w in words]
            return Doc(_as_written(words, folded, text) if folded != text else words, spaces, tags)

        self.make_doc = tokenize
        common = common_words()

        def everyday_name(name: str) -> bool:
            """'计算区域', '结构层次', '相似度计算方式': every word of it is everyday Chinese, nothing technical."""
            words = [w for w in plain.cut(name, HMM=False) if w.strip()]
            return bool(words) and all(w in common or (len(w) == 1 and "\u4e00" <= w <= "\u9fff") for w in words)

        self.everyday_name = everyday_name
        self.mentions = NameMatcher()
        for name, concept in names:
            variants = english_plurals(name) + ([spaced_between_scripts(name)] if spaced_between_scripts(name) != name else [])
            self.mentions.add(concept, [tuple(t.lower_ for t in tokenize(variant)) for variant in variants])
        self.cues = CueScanner(cues, tokenize)
        self._compounds = compound_parts(lexicon, names)
        self._heading_subjects: dict[str, str | None] = {}

    def concept_spans(self, doc) -> list[ConceptSpan]:
        """Longest non-overlapping concept mentions, in order (ties: the smallest concept id); two names written
        apart for a compound the notes name ('Transformer 的 编码器', 'Transformer Encoder' for Transformer编码器)
        are that compound."""
        spans = [ConceptSpan(start, end, concept) for start, end, concept in longest_spans(self.mentions(doc))]
        spans = join_compounds(doc, spans, self._compounds) if self._compounds else spans
        return self._clipped_problems(doc, spans)

    def _clipped_problems(self, doc, spans: list[ConceptSpan]) -> list[ConceptSpan]:
        """'对 ReLU 的改进，改善 relu 中 x<0 部分的 dead 问题': an English word before 问题/problem that, with a name the
        sentence gave before it, is a known name ('dead' + 'relu' is Dead ReLU) names that problem."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        found = []
        for i in range(1, len(doc) - 1):
            word = doc[i].text
            if i in taken or not word.isascii() or not word.isalpha() or doc[i + 1].lower_ not in ("问题", "problem", "现象"):
                continue
            for span in reversed([s for s in spans if s.end <= i and not any(t.text in SENTENCE_FINAL for t in doc[s.end : i])]):
                names = [doc[span.start : span.end].text] + [n for n in self.lexicon.names(span.concept) if not has_cjk(n)]
                problem = next((c for n in names for c in [self.lexicon.concept_of(f"{word} {n}")] if c and c != span.concept), None)
                if problem is not None:
                    found.append(ConceptSpan(i, i + 1, problem))
                    break
        return sorted(spans + found, key=lambda s: s.start) if found else spans

    def title_concept(self, title: str) -> str | None:
        """The concept a heading is about, if one name covers most of it."""
        doc = self.make_doc(title)
        spans = self.concept_spans(doc)
        if not spans:
            return None
        if len({s.concept for s in spans}) == 1 and spans[0].start <= 1:
            return spans[0].concept
        best = max(spans, key=lambda s: len(doc[s.start : s.end].text))
        covered = len(doc[best.start : best.end].text.replace(" ", ""))
        return best.concept if covered * 2 >= len(title.replace(" ", "")) else None

    def heading_subject(self, title: str) -> str | None:
        """The concept a heading names and nothing else ('Dropout', '4.2 批归一化（BN）', 'LSTM 网络'):
        only such a heading may stand in for a sentence's missing subject. '定义训练阶段代码',
        '比较 A 和 B', '额外阅读' name no single concept."""
        if title not in self._heading_subjects:
            self._heading_subjects[title] = self._heading_subject(title)
        return self._heading_subjects[title]

    def _heading_subject(self, title: str) -> str | None:
        name = title_name(HEADING_NUMBER.sub("", clean_markdown(title))).strip(" *_`")
        for bare in (_without_aspect(name), _ASPECT_WORD_SUFFIX.sub("", name)):  # 'BERT优点': the aspect word alone, not 'ERT优点'
            concept = self._named_by(_QUESTION_FRAME.sub("", bare).strip())
            if concept is not None:
                return concept
        return None

    def _named_by(self, name: str) -> str | None:
        """The one concept a heading's name is (heading_subject without the aspect suffix)."""
        if not name or PROCEDURE_TITLE.match(name):
            return None
        doc = self.make_doc(name)
        spans = self.concept_spans(doc)
        if len({s.concept for s in spans}) != 1:
            return None
        rest = [t for i, t in enumerate(doc) if not any(s.start <= i < s.end for s in spans)]
        fillers = all(t.is_punct or t.lower_ in GENERIC_HEADS or t.lower_ in _TITLE_FILLERS for t in rest)
        return spans[0].concept if fillers else None

    def _named_in_prose(self, passage: Passage, concept: str) -> bool:
        lines = [line for line in passage.raw.split("\n") if not line.lstrip().startswith("#")]
        body = lookup_keys("\n".join(lines))
        return any(may_contain(body, name) for name in self.lexicon.names(concept))

    def _pointed_in_prose(self, passage: Passage, concept: str) -> bool:
        prose = "".join(line for line in passage.raw.split("\n") if not line.lstrip().startswith("#"))
        return any(points_to_heading(prose, name) for name in self.lexicon.names(concept))

    def extract_each(self, passages: list[Passage]) -> dict[str, PassageFacts]:
        """What each passage says on its own (passage id → facts): the unit a re-ingest reuses."""
        title_cache: dict[str, str | None] = {}
        subject_cache: dict[str, str | None] = {}

        def section_subject(passage: Passage, levels_up: int = 0) -> str | None:
            """The concept the nearest heading names exactly; under an aspect heading ('缺点'), the one above.
            `levels_up=1`: the one the heading above that names (SVM over 松弛变量)."""
            path = passage.heading_path
            at = (len(path) - 2 if path and ASPECT_TITLE.fullmatch(path[-1]) and len(path) >= 2 else len(path) - 1) - levels_up
            if at < 0:
                return None
            title = path[at]
            if title not in subject_cache:
                subject_cache[title] = self.heading_subject(title)
            concept = subject_cache[title]
            if concept is None or self.lexicon.source(concept) != "notes" or self._named_in_prose(passage, concept) \
                    or self._pointed_in_prose(passage, concept):
                return concept
            if levels_up and not all(self.everyday_name(name) for name in self.lexicon.names(concept)):
                return concept  # 'softmax回归的简洁实现' › '优化算法': the passage's prose is the subsection's
            return None  # a heading only the headings name ('实际实验') is a section, not a subject

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
            for line_number, line, continued in _prose_lines(passage):
                jobs.append((passage, line_number, line, continued))
        docs = (self.make_doc(self._unquoted(line)) for _, _, line, _ in jobs)
        counts: dict[str, Counter] = {p.id: Counter() for p in passages}
        said: dict[str, list[Triple]] = {p.id: [] for p in passages}
        above: tuple | None = None  # (passage id, line number, line, LineAbove) of the prose line before
        steps: tuple | None = None  # (passage id, concept) whose steps the list under way enumerates
        for (passage, line_number, line, continued), doc in zip(jobs, docs):
            spans = self.concept_spans(doc)
            counts[passage.id].update(s.concept for s in spans)
            if steps is not None and (steps[0] != passage.id or not LIST_ITEM.match(_raw_line(passage, line_number))):
                steps = None
            lead = _STEPS_LEAD.search(line)
            if lead is not None:
                owners = [s.concept for s in spans if s.end <= len(doc) and doc[s.start : s.end].text.replace(" ", "") in lead.group("owner").replace(" ", "")]
                steps = (passage.id, owners[-1], lead.group(0).strip()) if owners else None
            previous, above = above, (passage.id, line_number, line, LineAbove(doc, spans, continued))
            if previous is not None and previous[:2] != (passage.id, line_number - 1):
                previous = None
            cited = _CITATION.search(line) is not None or any(_REFERENCES_TITLE.search(t) for t in passage.heading_path)
            if spans and not cited and (_COST_END.search(line) or _DRAWBACK_WORD.search(line)):
                for sentence in doc.sents:
                    for fact in self.stated_costs(doc, sentence, spans):
                        said[passage.id].append(triple(passage, line_number, line_number, fact.subject, fact.relation,
                                                       fact.object, fact.rule, fact.confidence, sentence.text))
            if not spans or cited:
                continue  # two clauses set side by side compare their subjects with no cue at all (kg.shapes.contrast)
            cue_matches = self.cues(doc)
            # a line that goes on with the sentence of the line above has its subject up there
            label, heading = line_label(doc, spans), None if continued and not restarts_with_pointer(line) else section_subject(passage)
            if steps is not None and lead is None and heading is not None:
                heading = steps[1]  # '区域提议网络的计算步骤如下：' then '1. 使用 Y，…': the steps are the network's, not the section's
            if label is None and LIST_ITEM.match(_raw_line(passage, line_number)):
                label = item_name_label(doc, spans)  # '- ID3。使用信息增益作为…'
            outer = section_subject(passage, levels_up=1) if heading else None
            line_above = previous[3] if previous else None
            if line_above is not None and LIST_ITEM.match(_raw_line(passage, line_number)):
                line_above = line_above._replace(new_item=True)  # '- 它…' under another item: that item's subject is not this one's
            for sentence in doc.sents:
                for fact in self.sentence_facts(doc, sentence, spans, cue_matches, label, heading, outer, line_above):
                    start, evidence = line_number, sentence.text
                    if fact.rule.endswith("+previous_line"):
                        start, evidence = previous[1], f"{previous[2]} {sentence.text}"
                    elif fact.rule.endswith("+previous_sentence"):
                        evidence = " ".join(s.text for s in doc.sents if s.end == sentence.start) + " " + sentence.text
                    if steps is not None and lead is None and fact.rule.endswith("+heading") and fact.subject == steps[1]:
                        fact, evidence = replace(fact, rule=fact.rule.removesuffix("+heading") + "+steps_lead"), f"{steps[2]} … {sentence.text}"
                    said[passage.id].append(triple(passage, start, line_number, fact.subject, fact.relation,
                                                   fact.object, fact.rule, fact.confidence, evidence))
        facts: dict[str, PassageFacts] = {}
        for passage in passages:
            topic = heading_concept(passage)
            if topic:
                counts[passage.id][topic] += 1
            triples = said[passage.id] + structure_triples(self, passage, section_subject(passage))
            unique = {t.key: t for t in triples if t.subject != t.object}  # an alias within one concept is its names
            facts[passage.id] = PassageFacts(
                triples=tuple(sorted(unique.values(), key=lambda t: t.key)),
                section_triples=tuple(heading_hierarchy(self, passage) + named_variant(self, passage)
                                      + presupposed_by_heading(self, passage) + task_heading(self, passage)
                                      + use_question_heading(self, passage)),
                mentions=tuple(Mention(passage.id, concept, count) for concept, count in sorted(counts[passage.id].items())),
            )
        return facts

    def sentence_facts(self, doc, sentence, spans: list[ConceptSpan], cue_matches, label: str | None,
                       heading: str | None, outer_heading: str | None = None,
                       previous_line: LineAbove | None = None) -> list[Fact]:
        """Every fact the cues of one sentence state, each read by its shape's rule."""
        if sentence.text.rstrip().endswith(("?", "？", "吗", "呢")):
            return []  # a question asserts nothing
        inside = [s for s in spans if s.start >= sentence.start and s.end <= sentence.end]
        matches = [m for m in cue_matches if m.start >= sentence.start and m.end <= sentence.end]
        starts = sorted(m.start for m in matches)
        facts = []
        for match in matches:
            if negated_cue(doc, sentence, match.start) or hearsay_cue(doc, sentence, match.start):
                continue
            tail = match.tail if match.tail is None or match.tail < sentence.end else None
            if match.cue.tail and tail is None:
                continue
            inner = having_modifier(doc, match.end, sentence.end)  # '有2个[有…相同的]卷积层': cues inside the object
            next_cue = min([c for c in starts if c >= match.end and (inner is None or c not in inner)] or [sentence.end])
            site = CueSite(doc, sentence, inside, match.cue, match.start, match.end, tail, next_cue, label, heading,
                           outer_heading, previous_line, tuple(spans))
            facts.extend(f for f in SHAPES[match.cue.shape](site) if f.subject != f.object)
        if not hearsay_cue(doc, sentence, sentence.end):
            facts.extend(contrasts(doc, sentence, inside, spans, previous_line))
        return facts

    def stated_costs(self, doc, sentence, spans: list[ConceptSpan]) -> list[Fact]:
        """'因此双向循环神经网络的训练代价非常高', 'Transformer 计算量较大': a clause that is only a concept and a
        cost it has (kg.effects.COST_EFFECT) says the concept causes that cost; '它的计算量较大' names no concept.
        So does a concept and what it limits ('小批量限制了GPU的效率': GPU效率受限, kg.effects.limited_effect)."""
        if sentence.text.rstrip().endswith(("?", "？", "吗", "呢")):
            return []
        facts = []
        opens = [sentence.start] + [i + 1 for i in range(sentence.start, sentence.end) if doc[i].text in CLAUSE_BREAKS]
        for first in opens:
            end = next((i for i in range(first, sentence.end) if doc[i].text in CLAUSE_BREAKS or doc[i].text in ("。", "！", "!")),
                       sentence.end)
            while first < end and doc[first].lower_ in COST_CONNECTORS:
                first += 1
            owner = next((s for s in spans if s.start == first), None)
            words = [t.text for t in doc[owner.end : end]] if owner else []
            while words and words[0].lower() in GENERIC_HEADS:
                words = words[1:]  # 'n-gram 模型的缺点是…'
            said = "".join(words[1:] if words[:1] == ["的"] else words)
            drawback = _DRAWBACK_IS.match(said)
            name = (effect_name(said[drawback.end():]) if drawback else cost_name(said) or limited_effect(said)) if words else None
            concept = self.lexicon.concept_of(name) if name else None
            if concept is not None and concept != owner.concept and doc[owner.start : owner.end].text.lower() not in FIELDS:
                facts.append(Fact("causes", owner.concept, concept, "zh.causes.stated_cost", 0.7))  # not '深度学习的计算量非常大'
        return facts

    def _unquoted(self, line: str) -> str:
        """The line with quote marks dropped around a phrase that is a concept's name ('利用「跨层参数共享」'), so the
        cue reaches it; a quoted phrase that is no name ('采用“通道最后”语法') keeps its marks and stays apart."""
        if not _QUOTED.search(line):
            return line
        return _QUOTED.sub(lambda m: m.group("q") if self.lexicon.concept_of(clean_markdown(m.group("q")).strip()) else m.group(0), line)


def combine_facts(passages: list[Passage], facts: dict[str, PassageFacts]) -> tuple[list[Triple], list[Mention]]:
    """The graph's triples and mentions from each passage's facts, in passage order; a section's facts once,
    from its first passage."""
    triples: list[Triple] = []
    mentions: list[Mention] = []
    seen_sections: set[tuple] = set()
    for passage in passages:
        said = facts[passage.id]
        triples.extend(said.triples)
        section = (passage.path, passage.heading_path)
        if passage.heading_path and section not in seen_sections:  # the same headings in two notes are two sections
            seen_sections.add(section)
            triples.extend(said.section_triples)
        mentions.extend(said.mentions)
    return sorted(triples, key=lambda t: t.key), mentions


def _as_written(words: list[str], folded: str, text: str) -> list[str]:
    """The words cut from `folded` (kg.normalize.fold_hyphens, one character for one) as `text` writes them."""
    written, at = [], 0
    for word in words:
        at = folded.index(word, at)
        written.append(text[at : at + len(word)])
        at += len(word)
    return written


def compound_parts(lexicon: Lexicon, names: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(concept of the front, concept of the head) → the compound the notes name glued ('Transformer编码器' is
    Transformer and 编码器). A compound two ways apart, a hyphenated pair ('编码器-解码器': two parts side by side,
    not one of the other) and the glossary's own names (卷积神经网络) are left out."""
    found: dict[tuple[str, str], set[str]] = {}
    for name, concept in names:
        if lexicon.evidence(concept, name).kind == "glossary" or not has_cjk(name):
            continue
        for cut in range(1, len(name)):
            front, head = name[:cut], name[cut:]
            if front[-1:] in "- " or head[:1] in "- " or len(normalize_term(front)) < 2 or len(normalize_term(head)) < 2:
                continue
            parts = (lexicon.concept_of(front), lexicon.concept_of(head))
            if None not in parts and concept not in parts and parts[0] != parts[1]:
                found.setdefault(parts, set()).add(concept)
    return {parts: next(iter(compounds)) for parts, compounds in sorted(found.items()) if len(compounds) == 1}


def join_compounds(doc, spans: list[ConceptSpan], compounds: dict[tuple[str, str], str]) -> list[ConceptSpan]:
    """Spans with a front and a head written apart, side by side or with one 的 between, made the compound."""
    joined: list[ConceptSpan] = []
    for span in spans:
        front = joined[-1] if joined else None
        compound = compounds.get((front.concept, span.concept)) if front else None
        if compound and (span.start == front.end or (span.start == front.end + 1 and doc[front.end].text == "的")):
            joined[-1] = ConceptSpan(front.start, span.end, compound)
        else:
            joined.append(span)
    return joined


def reading_keys(passage: Passage) -> str:
    """lookup_keys of everything the rules look names up in: lines raw and cleaned, headings
    (also without their parentheses). A lexicon name that may_contain says is absent from
    it cannot change what the passage says, which is what makes reuse safe."""
    parts = [passage.raw, passage.text]
    for title in passage.heading_path:
        parts += [title, title_name(title), clean_markdown(title)]
    for line in passage.raw.split("\n"):
        clean = plain_line(line)
        parts += [clean, clean_markdown(clean), clean_markdown(line[:MAX_LINE_CHARS])]  # rules clean pieces of clean lines again
    return lookup_keys("\x00".join(parts))


def may_read(lexicon: Lexicon, haystacks: list[str], name: str) -> bool:
    """False only when no passage whose reading_keys is one of `haystacks` can read `name`: not as written, nor
    as a compound written apart (join_compounds: 'Transformer的Encoder' reads Transformer编码器), which needs a
    name of each part in the passage. What keeps a passage's cached facts right when a compound comes or goes."""
    if any(may_contain(haystack, name) for haystack in haystacks):
        return True
    words = name.split()
    if len(words) >= 2 and any(all(may_contain(haystack, w) for w in words) for haystack in haystacks):
        return True  # 'dead 问题' after 'relu' reads Dead ReLU (_clipped_problems)
    concept = lexicon.concept_of(name)
    if not has_cjk(name) or (concept and name in lexicon.names(concept) and lexicon.evidence(concept, name).kind == "glossary"):
        return False  # compound_parts reads no such name as a compound
    for cut in range(1, len(name)):
        front, head = lexicon.concept_of(name[:cut]), lexicon.concept_of(name[cut:])
        if front and head and any(any(may_contain(haystack, n) for n in lexicon.names(front))
                                  and any(may_contain(haystack, n) for n in lexicon.names(head)) for haystack in haystacks):
            return True
    return False


def _cue_tokens(cue: Cue, words: tuple[str, ...], tokenize) -> tuple[str, ...]:
    if cue.language == "en" or not words:
        return tuple(w.lower() for w in words)
    return tuple(token.lower_ for token in tokenize("".join(words)))


@dataclass(frozen=True)
class CueMatch:
    cue: Cue
    start: int
    end: int
    """Token span of the cue's opening words."""
    tail: int | None
    """Where a frame cue's closing words start."""


TAIL_WINDOW = 20
"""Tokens a frame cue's closing words may stand after its opening words."""


class CueScanner:
    """Finds every cue of the table in a Doc: a dict from first token to cues, no regex, no Matcher."""

    def __init__(self, cues: list[Cue], tokenize) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], Cue]]] = {}
        for cue in cues:
            words = _cue_tokens(cue, cue.words, tokenize)
            if words:
                self._by_first.setdefault(words[0], []).append((words, _cue_tokens(cue, cue.tail, tokenize), cue))

    def __call__(self, doc) -> list[CueMatch]:
        lowers = [t.lower_ for t in doc]
        found = []
        for i, word in enumerate(lowers):
            for words, tail, cue in self._by_first.get(word, ()):
                end = i + len(words)
                if tuple(lowers[i:end]) != words:
                    continue
                at = None
                if tail:
                    at = _find_tail(lowers, tail, end)
                    if at is None:
                        continue
                found.append(CueMatch(cue, i, end, at))
        return found


def _find_tail(lowers: list[str], tail: tuple[str, ...], start: int) -> int | None:
    for j in range(start + 1, min(len(lowers), start + TAIL_WINDOW)):
        if tuple(lowers[j : j + len(tail)]) == tail:
            return j
        if lowers[j] in CLAUSE_BREAKS or lowers[j] in ("。", ".", "；"):
            return None
    return None


_TITLE_FILLERS = frozenset("简介 介绍 概述 基础 入门 详解 的 及其 之 ( ) （ ） : ： - — , ， 、 / ⭐ ⭐️".split())
_ASPECT_SUFFIX = re.compile(r"\s*的?\s*(?:" + ASPECT_TITLE.pattern + r")\s*[?？]?\s*$")
_ASPECT_WORD_SUFFIX = re.compile(r"\s*的?\s*" + ASPECT_TITLE.pattern.split("}", 1)[1] + r"\s*[?？]?\s*$")
"""The aspect word alone ('的优缺点'): _ASPECT_SUFFIX's free prefix would eat the end of 'BERT的优缺点'."""
_QUESTION_FRAME = re.compile(r"^(?:什么是|何为|简述|介绍一下|说说)\s*|\s*(?:是什么|是啥|指什么)?\s*[?？]\s*$")


def _without_aspect(name: str) -> str:
    """'LSTM的缺点' → 'LSTM'. After a 的 the aspect is all that follows it ('softmax回归的简洁实现': the
    regex alone would cut 'softmax回' from '归的简洁实现')."""
    head, _, tail = name.rpartition("的")
    if head and ASPECT_TITLE.fullmatch(tail.strip(" ?？")):
        return head
    return _ASPECT_SUFFIX.sub("", name)


_STEPS_LEAD = re.compile(r"(?P<owner>[^，。；：:,;]{1,24}?)的(?:计算|训练|具体|主要|基本|实现)?(?:步骤|流程|过程)(?:如下|是|为|包括|有)?\s*[:：]\s*$")
"""'区域提议网络的计算步骤如下：': the numbered items after it are steps of that concept."""


def _raw_line(passage: Passage, line_number: int) -> str:
    lines = passage.raw.split("\n")
    offset = line_number - passage.start_line
    return lines[offset] if 0 <= offset < len(lines) else ""


_LIST_MARKER_TOKEN = re.compile(r"[-*•]|\d{1,2}[.、)）]?|[（(]|[)）]")
"""One token of a list marker as the tokenizer splits it ('-', '•', '1.', '（', '1', '）'): a doc's tokens, not
a line's text, which kg.structure.base.LIST_ITEM reads."""


def item_name_label(doc, spans: list[ConceptSpan]) -> str | None:
    """'- ID3。使用信息增益作为…', '- Hierarchical Softmax，用霍夫曼树代替…': a list item that opens with nothing but
    a name and a full stop or comma names what the rest of the item says things of (as 'X：' does). Not an
    item whose name goes on as a phrase ('- Dropout 的作用，…') or whose first clause is longer than the name."""
    first = spans[0] if spans else None
    if first is None or first.end >= len(doc) or doc[first.end].text not in ("。", "，", ","):
        return None
    return first.concept if all(_LIST_MARKER_TOKEN.fullmatch(t.text) for t in doc[: first.start]) else None


def _prose_lines(passage: Passage):
    """(line number, clean text) of every prose line.

    Code is skipped, except in fences without a language whose lines are Chinese prose: people
    put their own summaries in plain ``` boxes ('灰色代码框内的文字为本人口语化的总结').
    """
    fence_language: str | None = None
    previous = ""
    for offset, raw in enumerate(passage.raw.split("\n")):
        fence = _FENCE.match(raw)
        if fence:
            fence_language = None if fence_language is not None else raw.strip().lstrip("`~").strip().lower()
            continue
        if not raw.strip():
            continue
        if fence_language is not None and (fence_language not in ("", "text", "txt", "md", "markdown") or len(_CJK_CHAR.findall(raw)) < 2):
            continue
        clean = plain_line(raw)
        if clean:
            continued = bool(previous) and not LIST_ITEM.match(raw) and not previous.rstrip().endswith(SENTENCE_ENDS)
            yield passage.start_line + offset, clean, continued
        previous = "" if raw.lstrip().startswith(("#", "|", "$$")) else raw


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_ENDS = ("。", "！", "？", "!", "?", "；", ";", "：", ":", ".", "|", "$$", "**", "）", ")")
"""A line ending otherwise is continued by the next one (d2l wraps every sentence over lines)."""




