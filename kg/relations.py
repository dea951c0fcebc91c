"""Typed triples from passages with rule-based matching, no model and no LLM.

Our jieba segmenter (with dictionary tags) turns each source line into a kg.tokens.Doc with
sentences; a NameMatcher over the lexicon finds concept mentions; a CueScanner finds cue
phrases (kg.cues). A rule of kg.shapes then picks subject and object by the cue's shape. Markdown structure adds more rules: list items
under a line that announces components or remedies, `A vs B` / `X 与 Y 的区别` headings, drawback and reason lists
(kg.effects: '缺点：' › '- 训练速度慢' says X causes it), why/how question headings ('为什么 X 能解决 Y？'), and
cost clauses without a cue ('X 的训练代价非常高').
Every triple keeps the passage, the exact line and the rule id.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ingest import Passage
from ingest.clean import clean_markdown

from kg.cues import CJK_CUE_WORDS, CUES, Cue
from kg.effects import (CONNECTORS as COST_CONNECTORS, DRAWBACK_IS, cost_name, drawback_items, effect_name, item_heads,
                        problem_core, rates_itself, reason_items)
from kg.lexicon import Lexicon
from kg.terms import MAX_LINE_CHARS, PROCEDURE_TITLE, plain_line
from kg.model import Mention, PassageFacts, Triple
from kg.phrases import ASPECT_TITLE, CLAUSE_BREAKS, GENERIC_HEADS, ConceptSpan, closes_phrase, english_plurals, having_modifier, line_label
from kg.shapes import HARM_WORDS, PART_NAME, SHAPES, CueSite, Fact, hearsay_cue, negated_cue
from kg.subjects import FIELDS, LineAbove, conditioned, points_to_heading, restarts_with_pointer
from kg.tokens import SENTENCE_FINAL, Doc, NameMatcher, longest_spans
from kg.normalize import fold_hyphens, has_cjk, normalize_term, spaced_between_scripts
from kg.segment import BaseDictionary, Segmenter, common_words, lookup_keys, may_contain, unglue_cue_edges

OBJECT_WINDOW = 10
"""Tokens the first object may stand after its cue."""
HEADING_SUBJECT_PENALTY = 0.15
"""A subject taken from the section heading, not the sentence, is less sure."""
_FENCE = re.compile(r"^\s*(```|~~~)")
_ANNOUNCE = re.compile(
    r"(组成|构成|包括|包含|分为|分成|组成部分|组件|以下几种|如下几种|几种|几类|components|consists of|includes|parts|types|kinds)\s*[:：]?\s*$"
    r"|[一二两三四五六七八九十\d]+\s*(?:个|种|类)?\s*(?:门|部分|组件|模块|子层|层|要素|成分|单元|部件|阶段|模式|结构)\s*[:：]\s*$",
    re.I,
)
_SOLUTIONS = re.compile(
    r"(?:解决|缓解|防止|避免|应对|减轻)(?P<a>.{1,16}?)的(?:方法|办法|手段|措施|策略)"
    r"|(?P<b>[^，。：:]{1,16}?)的(?:解决办法|解决方法|解决方案|缓解方法|应对方法|解决思路)"
    r"|为了(?:解决|缓解|防止|避免|减轻|减少|降低)(?P<c>[^，。：:]{1,16}?)[，,]?[^，。：:]{0,16}(?:如下|以下|下面几点|这些)[^，。]{0,4}[：:]\s*$"
)
"""A line that announces remedies: '解决 X 的方法', 'X 的解决办法', '为了防止 X 做了很多优化，具体如下：'."""
_CHANGES_LABEL = re.compile(r"(?P<x>.{0,30}?)\s*(?:的|之)?\s*(?:[一二两三四五六七八九十\d]+\s*[种个点项])?\s*(?:新的?)?\s*(?:技术)?\s*的?\s*"
                            r"(?:改进|改进点|创新点|主要改进)\s*[:：]")
"""A label over a model's improvements ('DeBERTa 的改进：', '两种新技术的改进：'); not 优化 (optimisation)."""
_USE_QUESTION = re.compile(
    r"(?:(?P<x1>[^，。？?]{1,24}?)\s*(?:为什么|为何)|(?:为什么|为何)\s*(?P<x2>[^，。？?]{1,24}?))\s*(?:要|只|还要|需要|都)?\s*"
    r"(?P<y>(?:使用了?|采用了?|引入了?|要用|用)\s*(?:(?!而不是|而非|而不用)[^，。？?]){1,30})(?:(?:而不是|而非|而不用)[^，。？?]*)?[？?]")
"""'X 为什么(只)使用 Y(而不是 Z)？' / '为什么 X 使用 Y？': the question's first clause, up to its question mark."""
_QUOTED = re.compile(r"[「『“](?P<q>[^」』”]{1,30})[」』”]")
"""Chinese quote marks around a phrase ('带来“灾难性遗忘”的问题', '利用「跨层参数共享」')."""
STEP_WORDS = ("预训练",)
"""Training steps jieba cuts wrong after a particle ('来预训练' → 来预 训练): one token each."""
_TASK_LABEL = re.compile(r"(?:预训练|训练|辅助)任务\s*(?:[一二三四五六七八九十]|\d{1,2})\s*[:：]\s*(?P<y>[^，。,;；]{2,40}?)\s*"
                         r"|(?:pre-?training|auxiliary) task\s*\d{1,2}\s*:\s*(?P<en>[^,.;]{2,40}?)\s*", re.I)
"""A numbered training task as a label ('预训练任务1：带掩码的语言模型', 'Pre-training task 2: NSP')."""
_USES_METHODS = re.compile(r"(?:采用|使用|利用|用到)了?\s*(?:两|二|三|四|几|\d)\s*(?:种|个)[^，。]{0,8}[。：:]\s*$")
_KINDS = re.compile(r"(?:分为|分成|可分为|可以分为|可以分成|有以下几种|有如下几种|有以下|包括以下)?.{0,6}(?:几|[一二两三四五六七八九十\d]+)\s*(?:种|类)")
_INLINE_MATH = re.compile(r"\$[^$\n]{1,80}\$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)、]|[（(]?\d{1,3}[)）])\s+|^\s*\d{1,3}[)）]\s*")
_KINDS_TITLE = re.compile(
    r"(?:的|之)?(?:常见|常用|主要|典型)?(?:种类|分类|类型|类别|变体|变种|改进|几种|各种)$"
    r"|^(?:常见|常用|主要|典型|各种)(?:的)?(?=.)"
    r"|^(?:types|kinds|variants|families|flavou?rs|classes) of\b|\b(?:types|kinds|variants|variations)$",
    re.I,
)
"""A parent heading that announces kinds: 激活函数的种类, 常见的激活函数, 优化器分类, Types of RNN, RNN variants."""
_CITATION = re.compile(r"\s[-–—|]\s*(?:博客园|CSDN博客|CSDN|知乎|简书|掘金|cnblogs|arXiv|GitHub|Medium)\b|^\s*\[\d{1,3}\]\s", re.I)
"""A reference line ('Bagging和Boosting的区别 - 作者 - 博客园', '[3] …'): it names an article, it states nothing."""
_REFERENCES_TITLE = re.compile(r"^\s*(?:参考|参考资料|参考文献|参考链接|引用|references?|further reading|bibliography)\s*[:：]?\s*$", re.I)
VARIANT_MODIFIER = re.compile(r"(?:双向|堆叠|深层|Bi-?(?=[A-Z])|Bidirectional |Stacked |Deep(?=[A-Z])|Conv(?=[A-Z])|卷积(?=[A-Z])|"
                              r"Leaky |Parametric |Fast |Faster |Mask |Tiny|Distil|Sparse |Variational )")
"""The front of a name that makes a variant of the architecture the rest names (双向LSTM, ConvLSTM, Leaky ReLU)."""
_SOLUTIONS_TITLE = re.compile(r"(?P<x>.{0,16}?)(?:常见的?)?(?:解决|缓解|应对|防止|避免)(?:方法|方式|办法|思路|策略|手段|方案|措施)(?:有哪些)?")
_PARTS_TITLE = re.compile(r"(?P<x>.{1,16}?)的?(?:组成部分|组成|组件|构成|部件)(?:有哪些)?")
_EACH_PART_TITLE = re.compile(r"(?P<x>.{1,16}?)\s*(?:中|里|内)?的?\s*各(?:个|种)?\s*(?P<part>门|子层|层|模块|组件|部分|块)"
                              r"(?:的)?(?:作用|功能|含义|计算|结构)?(?:是什么|有哪些|分别是什么)?[？?]?")
"""'LSTM 中各个门的作用是什么？': the section goes through X's parts of that kind, one list item each."""
_STRUCTURE_TITLE = re.compile(r"(?P<x>[^，,。？?]{1,16}?)\s*的?\s*(?:网络|模型|整体)?(?:结构|架构)(?:图|如下|是怎样的|是什么样的?)?[？?]?"
                              r"|(?P<x2>[^，,。]{1,24}?)\s+(?:architecture|structure)", re.I)
"""'### ResNet 的网络结构' / 'LeNet architecture' over a list: the items named like layers or blocks are its parts
(items that are steps or remarks name no layer)."""
_CLASS_HEADING = re.compile(r"([\u4e00-\u9fff]{2,4})(函数)")
"""A class of functions in a heading: 激活函数, 损失函数 (编码器, 反向传播算法 hold parts and steps)."""
_DRAWBACK_IS = re.compile(DRAWBACK_IS)
_PRESUPPOSING_QUESTION = re.compile(
    r"(?:为什么|为何)\s*(?P<x1>[^，。？?]{1,20}?)(?P<y1>(?:可以|能够|能|会|就能|容易)[^，。？?]{2,24}?)\s*[？?]?"
    r"|(?P<x2>[^，。？?]{1,20}?)(?:是)?(?:怎么|如何|怎样|为什么|为何)(?P<y2>(?:可以|能够|能|会)?[^，。？?]{2,24}?)的?\s*[？?]?"
)
"""'为什么 X 可以 cue Y？', 'X 是怎么 cue Y 的？', 'X 为什么能 cue Y': the question takes 'X cue Y' for granted."""
_DRAWBACK_WORD = re.compile(r"缺点|不足|弊端|问题")
_COST_END = re.compile(r"[高大长慢低差]\s*(?:[，。；,;！!）)]|$)")
"""A line that may state a cost: some clause ends in a predicate of one (kg.effects.COST_EFFECT)."""
_HARM_NAME = re.compile(HARM_WORDS.pattern + r"|problem|问题", re.I)
"""A known name that says it is a problem (梯度消失, Dead ReLU Problem): a drawback item that is only it names it."""
_HEADING_COMPARE = re.compile(r"(.+?)\s*(?:\bvs\.?\b|\bversus\b|与|和|、|/)\s*(.+?)\s*(?:的区别|的对比|的比较|区别|对比|比较|的异同)?$", re.I)


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
        name = _title_name(_HEADING_NUMBER.sub("", clean_markdown(title))).strip(" *_`")
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
            if steps is not None and (steps[0] != passage.id or not _LIST_ITEM.match(_raw_line(passage, line_number))):
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
                        said[passage.id].append(_triple(passage, line_number, line_number, fact.subject, fact.relation,
                                                        fact.object, fact.rule, fact.confidence, sentence.text))
            cue_matches = self.cues(doc) if spans and not cited else []
            if not cue_matches:
                continue
            # a line that goes on with the sentence of the line above has its subject up there
            label, heading = line_label(doc, spans), None if continued and not restarts_with_pointer(line) else section_subject(passage)
            if steps is not None and lead is None and heading is not None:
                heading = steps[1]  # '区域提议网络的计算步骤如下：' then '1. 使用 Y，…': the steps are the network's, not the section's
            if label is None and _LIST_ITEM.match(_raw_line(passage, line_number)):
                label = item_name_label(doc, spans)  # '- ID3。使用信息增益作为…'
            outer = section_subject(passage, levels_up=1) if heading else None
            line_above = previous[3] if previous else None
            if line_above is not None and _LIST_ITEM.match(_raw_line(passage, line_number)):
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
                    said[passage.id].append(_triple(passage, start, line_number, fact.subject, fact.relation,
                                                    fact.object, fact.rule, fact.confidence, evidence))
        facts: dict[str, PassageFacts] = {}
        for passage in passages:
            topic = heading_concept(passage)
            if topic:
                counts[passage.id][topic] += 1
            triples = said[passage.id] + self._structure_triples(passage, section_subject(passage))
            unique = {t.key: t for t in triples if t.subject != t.object}  # an alias within one concept is its names
            facts[passage.id] = PassageFacts(
                triples=tuple(sorted(unique.values(), key=lambda t: t.key)),
                section_triples=tuple(self.heading_hierarchy(passage) + self.named_variant(passage)
                                      + self.presupposed_by_heading(passage) + self.task_heading(passage)
                                      + self.use_question_heading(passage)),
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
        return facts

    def stated_costs(self, doc, sentence, spans: list[ConceptSpan]) -> list[Fact]:
        """'因此双向循环神经网络的训练代价非常高', 'Transformer 计算量较大': a clause that is only a concept and a
        cost it has (kg.effects.COST_EFFECT) says the concept causes that cost; '它的计算量较大' names no concept."""
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
            name = (effect_name(said[drawback.end():]) if drawback else cost_name(said)) if words else None
            concept = self.lexicon.concept_of(name) if name else None
            if concept is not None and concept != owner.concept and doc[owner.start : owner.end].text.lower() not in FIELDS:
                facts.append(Fact("causes", owner.concept, concept, "zh.causes.stated_cost", 0.7))  # not '深度学习的计算量非常大'
        return facts

    def _structure_triples(self, passage: Passage, topic: str | None) -> list[Triple]:
        """Items listed under a line that announces parts (or solutions); compare headings."""
        triples: list[Triple] = []
        lines = passage.raw.split("\n")
        for index, line in enumerate(lines):
            clean = plain_line(line)
            announce = _ANNOUNCE.search(clean)
            solutions = _SOLUTIONS.search(clean)
            methods = _USES_METHODS.search(clean)
            if methods and not announce and not solutions:
                triples.extend(self._methods_list(passage, lines, index, clean, methods))
                continue
            label = clean.strip().rstrip(":：").strip() if clean.rstrip().endswith((":", "：")) else None
            structure = label and not announce and not solutions and (
                _EACH_PART_TITLE.fullmatch(label) or _STRUCTURE_TITLE.fullmatch(label))
            if structure:
                triples.extend(self._parts_of_kind(passage, lines, index, label, structure))  # '**残差块结构：**' over a list
                continue
            if not (announce or solutions) or not clean.rstrip().endswith((":", "：")) and not solutions:
                continue
            head_doc = self.make_doc(clean)
            head_spans = self.concept_spans(head_doc)
            items = _following_items(lines, index)
            if solutions:
                problem = self._first_concept(solutions.group("a") or solutions.group("b") or solutions.group("c"))
                relation, owner, rule = "solves", problem, "structure.solutions_list"
            else:
                clause = max([m.end() for m in re.finditer(r"[，,；;。：:]", clean[: announce.start()])] or [0])
                owners = [s for s in head_spans if clause <= head_doc[s.start : s.end].start_char < announce.start()
                          and not (s.start > 0 and head_doc[s.start - 1].text in ("（", "("))]  # 'LeNet（LeNet-5）' is about LeNet
                owner = owners[-1].concept if owners else (topic if not clean[clause : announce.start()].strip() else None)
                if owners and owners[-1].start > 0 and head_doc[owners[-1].start - 1].text == "的":
                    owner = None  # '风格迁移常用的损失函数由3部分组成' is about one loss, not 损失函数
                if _KINDS.search(clean[clause:]) and not re.search(r"组成|构成|部分|组件|门", clean[clause:]):
                    relation, rule = "is_a", "structure.kinds_list"  # '可以分成以下几种：' lists subtypes
                    earlier = [s for s in head_spans if head_doc[s.start : s.end].start_char < announce.start()]
                    owner = owner or (earlier[0].concept if earlier else None)
                else:
                    relation, rule = "has_component", "structure.list_under_cue"
            if not owner:
                continue
            for item_line, item_text in items:
                part = self._opening_concept(item_text[:24])
                if not part or part == owner:
                    continue
                subject, obj = (part, owner) if relation in ("solves", "is_a") else (owner, part)
                line_number = passage.start_line + item_line
                triples.append(_triple(passage, passage.start_line + index, line_number, subject, relation, obj, rule, 0.75, clean + " " + item_text))
        if passage.heading_path:
            triples.extend(self._heading_compare(passage))
            triples.extend(self._heading_list(passage, lines))
        triples.extend(self._drawback_effects(passage, topic))
        triples.extend(self._reason_causes(passage, topic))
        triples.extend(self._task_lines(passage, lines, topic))
        triples.extend(self._changes_lists(passage, lines, topic))
        triples.extend(self._use_question_lines(passage, lines))
        return triples

    def _reason_causes(self, passage: Passage, topic: str | None) -> list[Triple]:
        """'产生Dead ReLU的原因：1）参数初始化 2）…', '## 梯度消失和梯度爆炸' › '原因：' › '（1）深层网络：…': each
        item that opens with a concept names a cause of the problem (kg.effects.reason_items). Not an item
        that sets the concept to a degree ('学习率太高'): the setting is the cause, not the concept."""
        triples = []
        for item in reason_items(passage, plain_line):
            problems = [self._label_owner(item.owner, topic)] if item.owner or topic else self._heading_problems(passage)
            if len(problems) > 1:  # '梯度消失和梯度爆炸' › '原因：' › an item that speaks of one of them is a cause of that one
                named = [p for p in problems if self._names_in(item.text, p)]
                problems = named or problems
            cause = self._opening_cause(item.text[:24])
            for problem in problems:
                if cause is not None and problem is not None and cause != problem and _HARM_NAME.search(self._name(problem)):
                    line = passage.start_line + item.line if item.line >= 0 else heading_line(passage)
                    triples.append(_triple(passage, line, line, cause, "causes", problem, "structure.reasons_list", 0.65,
                                           f"原因：{item.text}"))
        return triples

    def _names_in(self, text: str, concept: str) -> bool:
        return any(s.concept == concept for s in self.concept_spans(self.make_doc(clean_markdown(text))))

    def _heading_problems(self, passage: Passage) -> list[str]:
        """'梯度消失和梯度爆炸': the problems a heading names side by side, each exactly; [] otherwise."""
        if not passage.heading_path:
            return []
        pieces = re.split(r"\s*(?:和|与|及|、|/)\s*", _HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip())
        concepts = [self.heading_subject(piece) for piece in pieces if piece]
        return concepts if len(concepts) > 1 and all(concepts) else []

    def _name(self, concept: str) -> str:
        return " ".join(self.lexicon.names(concept))

    def _opening_cause(self, text: str) -> str | None:
        """The concept an item opens with, unless the item sets it to a degree ('learning rate太高')."""
        concept = self._opening_concept(text)
        if concept is None:
            return None
        doc = self.make_doc(clean_markdown(text))
        spans = self.concept_spans(doc)
        return None if spans and conditioned(doc, spans[0], len(doc)) else concept

    def _drawback_effects(self, passage: Passage, topic: str | None) -> list[Triple]:
        """'缺点：' then '- 训练速度慢：…' / '- 仍存在梯度消失问题' (kg.drawbacks): the concept whose drawbacks they
        are causes each effect or problem an item opens with. The owner is what the label names
        ('softmax的缺点：'), or the section's concept when the label names nothing."""
        triples = []
        for item in drawback_items(passage, plain_line):
            owner = self._label_owner(item.owner, topic)
            if owner is None:
                continue
            for head in item_heads(item.text):
                effect = None if rates_itself(problem_core(head)) else self._named_effect(head)
                if effect is not None and effect != owner:
                    line = passage.start_line + item.line if item.line >= 0 else heading_line(passage)
                    triples.append(_triple(passage, line, line, owner, "causes", effect, "structure.drawback_effect", 0.65,
                                           f"缺点：{item.text}"))
        return triples

    def _label_owner(self, owner_text: str | None, topic: str | None) -> str | None:
        """The one concept a drawback label names; the section's when it names none ('同时也存在一些缺点：'),
        nothing when it points elsewhere ('该方法的缺点') or names two."""
        if not owner_text or not owner_text.strip():
            return topic
        spans = self.concept_spans(self.make_doc(owner_text))
        if not spans:
            return None if re.search(r"[这该此其那它]", owner_text) else topic
        return spans[0].concept if len({s.concept for s in spans}) == 1 else None

    def _named_effect(self, head: str) -> str | None:
        """The concept an item's phrase is: an effect name ('训练速度非常慢' → 训练速度慢), or a known problem
        that is the whole phrase ('仍存在梯度消失问题' → 梯度消失)."""
        for name in (effect_name(head), problem_core(head)):
            concept = self.lexicon.concept_of(name) if name else None
            if concept is not None and (name == effect_name(head) or _HARM_NAME.search(name)):
                return concept
        return None

    def _heading_list(self, passage: Passage, lines: list[str]) -> list[Triple]:
        """'### 过拟合解决方式' (or '#### 常见解决方法' under '### 过拟合') over a list: each item that opens
        with a concept solves the problem; '### Transformer 的组成' over a list: each is a part."""
        title = _HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip()
        solutions, parts = _SOLUTIONS_TITLE.fullmatch(title), _PARTS_TITLE.fullmatch(title)
        each = None if solutions or parts else _EACH_PART_TITLE.fullmatch(title) or _STRUCTURE_TITLE.fullmatch(title)
        if each:
            return self._each_part_list(passage, lines, title, each)
        if not (solutions or parts):
            return self._layers_under_model(passage, lines, title)
        named = (solutions or parts).group("x").strip(" 的")
        owner = self._first_concept(named) if named else (
            self.heading_subject(passage.heading_path[-2]) if len(passage.heading_path) >= 2 else None)
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and lines[first][:1] in (" ", "\t") and not _LIST_ITEM.match(lines[first]):
            first = _outer_item(lines)  # the passage budget cut inside an item: the section's list goes on at its next outer item
        if owner is None or first is None or not _LIST_ITEM.match(lines[first]):
            return []
        relation, rule = ("solves", "structure.solutions_heading") if solutions else ("has_component", "structure.parts_heading")
        triples = []
        for item_line, item_text in _following_items(lines, first - 1):
            item = self._opening_concept(item_text[:24])
            if item and item != owner:
                subject, obj = (item, owner) if relation == "solves" else (owner, item)
                triples.append(_triple(passage, passage.start_line + item_line, passage.start_line + item_line, subject, relation,
                                       obj, rule, 0.7, f"{title} › {item_text}"))
        return triples

    def _each_part_list(self, passage: Passage, lines: list[str], title: str, each) -> list[Triple]:
        """'#### LSTM 中各个门的作用' over a list: each item that opens with a name of that kind of part
        ('遗忘门', '输入门') is a part of LSTM; an item named otherwise is a remark, not a part."""
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None or not _LIST_ITEM.match(lines[first]):
            return []
        return self._parts_of_kind(passage, lines, first - 1, title, each)

    def _layers_under_model(self, passage: Passage, lines: list[str], title: str) -> list[Triple]:
        """'### LeNet' right over '1. 卷积层：… 2. 汇聚层：… 3. 全连接层：…': a section on a model that opens
        with a list of nothing but layers, blocks or gates lists the model's parts. One item named
        otherwise ('优点', 'SGD') and the list is about something else: nothing."""
        owner = self.heading_subject(passage.heading_path[-1])
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if owner is None or first is None or not _LIST_ITEM.match(lines[first]):
            return []
        items = [(line, self._opening_concept(text[:24])) for line, text in _following_items(lines, first - 1)]
        if len(items) < 2 or not all(item and item != owner and any(PART_NAME.search(n) for n in self.lexicon.names(item))
                                     for _, item in items):
            return []
        return [_triple(passage, passage.start_line + line, passage.start_line + line, owner, "has_component", item,
                        "structure.layers_under_model", 0.65, f"{title} › {lines[line].strip()[:60]}") for line, item in items]

    def _parts_of_kind(self, passage: Passage, lines: list[str], label: int, title: str, each) -> list[Triple]:
        """The items after line `label` that open with a name of the kind of part the title counts
        ('各个门' → names ending in 门; '结构' → names of layers, blocks, gates)."""
        owner = self._first_concept(each.group("x") or each.groupdict().get("x2") or "")
        if owner is None:
            return []
        noun = each.groupdict().get("part")
        triples = []
        for item_line, item_text in _following_items(lines, label):
            item = self._opening_concept(item_text[:24])
            names = self.lexicon.names(item) if item else ()
            if item and item != owner and (noun in ("部分", "组件") or any(
                    name.endswith(noun) if noun else PART_NAME.search(name) for name in names)):
                triples.append(_triple(passage, passage.start_line + item_line, passage.start_line + item_line, owner,
                                       "has_component", item, "structure.each_part_heading", 0.7, f"{title} › {item_text}"))
        return triples

    def _methods_list(self, passage: Passage, lines: list[str], index: int, clean: str, methods) -> list[Triple]:
        """'word2vec 采用了两种优化方式。' followed by a list: the owner uses each listed method."""
        owner = self._first_concept(clean[: methods.start()])
        triples = []
        for item_line, item_text in _following_items(lines, index) if owner else ():
            method = self._opening_concept(item_text[:24])
            if method and method != owner:
                triples.append(_triple(passage, passage.start_line + index, passage.start_line + item_line, owner, "uses",
                                       method, "structure.methods_list", 0.7, clean + " " + item_text))
        return triples

    def _unquoted(self, line: str) -> str:
        """The line with quote marks dropped around a phrase that is a concept's name ('利用「跨层参数共享」'), so the
        cue reaches it; a quoted phrase that is no name ('采用“通道最后”语法') keeps its marks and stays apart."""
        if not _QUOTED.search(line):
            return line
        return _QUOTED.sub(lambda m: m.group("q") if self.lexicon.concept_of(clean_markdown(m.group("q")).strip()) else m.group(0), line)

    def _questioned_uses(self, question: str) -> list[Fact]:
        """'Transformer为什么使用多头自注意力机制？', '为什么 X 块使用 LayerNorm 而不是 BatchNorm？': a why-question
        takes 'X uses Y' for granted (not Z, the road not taken). Only a subject the question names itself."""
        match = _USE_QUESTION.match(question)
        if not match:
            return []
        statement = (match.group("x1") or match.group("x2")) + match.group("y")
        doc = self.make_doc(statement)
        spans = self.concept_spans(doc)
        cues = [m for m in self.cues(doc) if m.cue.relation == "uses" and m.cue.shape == "infix"]
        return [fact for sentence in doc.sents for fact in self.sentence_facts(doc, sentence, spans, cues, None, None)
                if fact.relation == "uses" and "+" not in fact.rule]

    def use_question_heading(self, passage: Passage) -> list[Triple]:
        """A why-question heading on a use ('#### 为什么 BERT 只使用了 Transformer 的编码器？')."""
        if not passage.heading_path:
            return []
        title = _HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip(" *_⭐️❌⚠️>")
        return [_triple(passage, heading_line(passage), heading_line(passage), fact.subject, "uses", fact.object,
                        "structure.use_question", 0.7, passage.heading_path[-1]) for fact in self._questioned_uses(title)]

    def _use_question_lines(self, passage: Passage, lines: list[str]) -> list[Triple]:
        """The same question as a bold line of its own ('**Transformer为什么使用多头自注意力机制？**'), as interview
        notes set their questions."""
        triples = []
        for index, line in enumerate(lines):
            bare = line.strip().lstrip(">").strip()
            if not (bare.startswith("**") and bare.rstrip().endswith("**")):
                continue
            question = plain_line(bare).strip(" *_⭐️❌⚠️")
            for fact in self._questioned_uses(question):
                line_number = passage.start_line + index
                triples.append(_triple(passage, line_number, line_number, fact.subject, "uses", fact.object,
                                       "structure.use_question", 0.7, question))
        return triples

    def task_heading(self, passage: Passage) -> list[Triple]:
        """'### BERT' › '#### 预训练任务1：带掩码的语言模型': a numbered task a model is trained on, named in the
        heading of its own section, is a task the model above uses (only a heading whose rest is one concept).
        A bare '任务1：' is an exercise as often as a training task: nothing."""
        if len(passage.heading_path) < 2:
            return []
        task = _TASK_LABEL.fullmatch(_HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip(" *_"))
        owner = self.heading_subject(passage.heading_path[-2]) if task else None
        used = self.heading_subject(task.group("y") or task.group("en")) if owner else None
        if used is None or used == owner:
            return []
        return [_triple(passage, heading_line(passage), heading_line(passage), owner, "uses", used, "structure.task_heading",
                        0.7, f"{passage.heading_path[-2]} › {passage.heading_path[-1]}")]

    def _task_lines(self, passage: Passage, lines: list[str], topic: str | None) -> list[Triple]:
        """'预训练任务2: 下一句子预测' as a line of its own under '### BERT': the section's concept uses the task."""
        triples = []
        for index, line in enumerate(lines) if topic else ():
            task = _TASK_LABEL.fullmatch(plain_line(line).strip(" *_"))
            used = self.heading_subject(task.group("y") or task.group("en")) if task else None
            if used is not None and used != topic:
                line_number = passage.start_line + index
                triples.append(_triple(passage, line_number, line_number, topic, "uses", used, "structure.task_line", 0.7,
                                       plain_line(line)))
        return triples

    def _changes_lists(self, passage: Passage, lines: list[str], topic: str | None) -> list[Triple]:
        """'DeBERTa 的改进：' / '两种新技术的改进：' over items (bullets, or short bare lines as pasted notes have
        them): what a model brings in as its improvements is what it uses. The owner opens the label, else it
        is the section's concept; a label that names no owner and sits under one ('X 的改进：' then '两种技术改进：')
        takes the outer label's."""
        triples = []
        owner_above: tuple[int, str] | None = None
        for index, line in enumerate(lines):
            clean = plain_line(line).strip()
            change = _CHANGES_LABEL.fullmatch(clean.lstrip("0123456789.、 "))
            if not change:
                continue
            named = change.group("x").strip()
            opening = self._opening_concept(named) if named else None
            if named and opening is None:
                owner_above = None
                continue  # '词表的改进：' is about something the lexicon does not name
            owner = opening or (owner_above[1] if owner_above and owner_above[0] == index - 1 else topic)
            items = _following_items(lines, index) or _bare_items(lines, index)
            owner_above = (index, owner) if owner and not items else None
            for item_line, item_text in items if owner else ():
                used = self._opening_concept(item_text[:24])
                if used and used != owner:
                    triples.append(_triple(passage, passage.start_line + index, passage.start_line + item_line, owner, "uses",
                                           used, "structure.changes_list", 0.7, clean + " " + item_text))
        return triples

    def presupposed_by_heading(self, passage: Passage) -> list[Triple]:
        """'为什么Dropout可以解决过拟合？', 'XGBoost是怎么预防过拟合的？': a why/how question takes for granted that X
        solves (or causes) Y, and the section answers how; the question read as a statement says so. Not a
        yes/no question ('X 能解决 Y 吗？'), which takes nothing for granted."""
        if not passage.heading_path:
            return []
        title = _HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip(" *_⭐️")
        match = _PRESUPPOSING_QUESTION.fullmatch(title)
        if not match:
            return []
        statement = (match.group("x1") or match.group("x2")) + (match.group("y1") or match.group("y2"))
        doc = self.make_doc(statement)
        spans = self.concept_spans(doc)
        cues = [m for m in self.cues(doc) if m.cue.relation in ("solves", "causes")]
        triples = []
        for sentence in doc.sents:
            for fact in self.sentence_facts(doc, sentence, spans, cues, None, None):
                if fact.relation in ("solves", "causes") and "+" not in fact.rule:
                    triples.append(_triple(passage, heading_line(passage), heading_line(passage), fact.subject, fact.relation,
                                           fact.object, "structure.question_heading", 0.7, passage.heading_path[-1]))
        return triples

    def named_variant(self, passage: Passage) -> list[Triple]:
        """A section on '双向LSTM', 'ConvGRU', 'Leaky ReLU' or 'Faster R-CNN' is on a variant of the concept its
        name is built on: the name says so (no cue word in the prose: an implicit relation). Only the
        modifiers that make a variant of an architecture count (VARIANT_MODIFIER), not any qualifier. A
        heading above that names the base is shown with it ('LSTM › 双向LSTM'): the nesting is what a reader
        of the evidence checks (judged blind: accepted with it, refused on the bare name)."""
        if not passage.heading_path:
            return []
        title = passage.heading_path[-1]
        variant = self.heading_subject(title)
        if variant is None:
            return []
        for name in self.lexicon.names(variant):
            match = VARIANT_MODIFIER.match(name)
            base = self.lexicon.concept_of(name[match.end():].strip(" -")) if match else None
            if base is not None and base != variant:
                above = next((t for t in reversed(passage.heading_path[:-1])
                              if any(s.concept == base for s in self.concept_spans(self.make_doc(clean_markdown(t))))), None)
                return [_triple(passage, heading_line(passage), heading_line(passage), variant, "variant_of", base,
                                "structure.named_variant", 0.6, f"{above} › {title}" if above else title)]
        return []

    def heading_hierarchy(self, passage: Passage) -> list[Triple]:
        """'### 激活函数的种类' › '#### softmax': a named thing under a heading that announces kinds is a
        kind of what that heading names ('variants of' → variant_of). Prose headings nest for other
        reasons ('线性回归' › '神经网络图'), so no other nesting says anything."""
        if len(passage.heading_path) < 2:
            return []
        parent_title, child_title = passage.heading_path[-2], passage.heading_path[-1]
        kinds = _KINDS_TITLE.search(parent_title)
        grouping = None
        if not kinds and len(passage.heading_path) >= 3 and _KINDS_TITLE.search(passage.heading_path[-3]):
            grouping = self.heading_subject(parent_title)  # '注意力的类型' › '计算区域' › 'Soft Attention'
            if grouping is None or self._criterion(grouping):
                grouping, parent_title = parent_title, passage.heading_path[-3]
                kinds = _KINDS_TITLE.search(parent_title)
        if not kinds:
            return self._under_class_heading(passage, parent_title, child_title)
        variant = bool(re.search(r"变体|变种|改进|variants?|extensions?", kinds.group(0), re.I))
        parent = self._first_concept(parent_title[: kinds.start()] or parent_title[kinds.end():])
        child = self.heading_subject(child_title)
        if not parent or not child or parent == child or "+" in child_title or self._criterion(child):
            return []  # 'LSTM+Attention' combines two things; '计算区域' names how the kinds are told apart
        relation = "variant_of" if variant else "is_a"
        shown = f"{parent_title} › {grouping} › {child_title}" if isinstance(grouping, str) else f"{parent_title} › {child_title}"
        return [_triple(passage, heading_line(passage), heading_line(passage), child, relation, parent, "structure.heading_hierarchy",
                        0.7, shown)]

    def _under_class_heading(self, passage: Passage, parent_title: str, child_title: str) -> list[Triple]:
        """'### 激活函数' › '#### softmax': a heading that names a class of functions (激活函数, 损失函数, or a
        class only the notes name: 评分函数 › 加性注意力) holds sections on its members. Other parents (EM算法 › E步, 循环神经网络 › 梯度裁剪,
        编码器 › 自注意力) hold sections on their parts and uses: nothing."""
        parent = self.heading_subject(parent_title)
        child = self.heading_subject(child_title)
        if not parent or not child or parent == child or "+" in child_title or self._criterion(child):
            return []
        label = _title_name(_HEADING_NUMBER.sub("", clean_markdown(parent_title))).strip(" *_`")
        match = _CLASS_HEADING.fullmatch(label)
        if not match:
            return []
        return [_triple(passage, heading_line(passage), heading_line(passage), child, "is_a", parent, "structure.class_heading",
                        0.65, f"{parent_title} › {child_title}")]

    def _criterion(self, concept: str) -> bool:
        """A heading the notes name in everyday words only, under a kinds heading, is a way of grouping
        the kinds ('Attention的类型' › '计算区域' › 'Soft Attention'), not a kind."""
        return self.lexicon.source(concept) == "notes" and all(self.everyday_name(n) for n in self.lexicon.names(concept))

    def _heading_compare(self, passage: Passage) -> list[Triple]:
        """'LSTM vs GRU', 'BN 与 LN 的区别': each side is one concept, nothing more ('Decoder阶段的
        多头自注意力和encoder的多头自注意力有什么区别' compares two things the lexicon does not name)."""
        title = re.sub(r"[?？]\s*$", "", passage.heading_path[-1].strip(" ⭐️⚠️"))
        match = _HEADING_COMPARE.match(title)
        if not match or not re.search(r"vs|versus|区别|对比|比较|异同", title, re.I):
            return []
        left = self.heading_subject(re.sub(r"^(?:比较|对比)", "", match.group(1)))
        right = self.heading_subject(re.sub(r"(?:有什么|有何|的)?(?:区别|不同|异同)$", "", match.group(2)))
        if left and right and left != right:
            return [_triple(passage, heading_line(passage), heading_line(passage), left, "compared_with", right, "structure.heading_compare", 0.8, title)]
        return []

    def _opening_concept(self, text: str) -> str | None:
        """The concept a list item opens with ('卷积编码器：…', 'Dropout'); None for '获取更多数据' or
        '对每一行求和（小批量…）', items that are steps, not things."""
        text = clean_markdown(text)
        text = text[:1] + _INLINE_MATH.sub("，", text[1:])  # '隐藏状态转移矩阵 $A$ = …': the symbol ends the name
        doc = self.make_doc(text)
        spans = self.concept_spans(doc)
        lead = [t for t in doc[: spans[0].start]] if spans else []
        if not spans or not all(t.is_punct or re.fullmatch(r"\d{1,2}|[a-z]", t.text) for t in lead):
            return None
        hyphenated = spans[0].end + 1 < len(doc) and doc[spans[0].end].text in ("-", "_") and not doc[spans[0].end - 1].whitespace
        if len(spans) > 1 and spans[0].end < len(doc) and doc[spans[0].end].text in ("（", "(") \
                and spans[1].start == spans[0].end + 1 and spans[1].end < len(doc) and doc[spans[1].end].text in ("）", ")"):
            return spans[1].concept  # '集成学习（Boosting）': the item is the bracketed one of the class
        return spans[0].concept if closes_phrase(doc, spans[0]) and not hyphenated else None  # 'NLP-EDA' is not NLP

    def _first_concept(self, text: str) -> str | None:
        spans = self.concept_spans(self.make_doc(clean_markdown(text)))
        return spans[0].concept if spans else None


"""Processes every model goes through: bare, they are one model's when a heading names it ('BERT预训练')."""


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
        parts += [title, _title_name(title), clean_markdown(title)]
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
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.]|[（(]\d+[)）])\s*")


def _without_aspect(name: str) -> str:
    """'LSTM的缺点' → 'LSTM'. After a 的 the aspect is all that follows it ('softmax回归的简洁实现': the
    regex alone would cut 'softmax回' from '归的简洁实现')."""
    head, _, tail = name.rpartition("的")
    if head and ASPECT_TITLE.fullmatch(tail.strip(" ?？")):
        return head
    return _ASPECT_SUFFIX.sub("", name)


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


def _outer_item(lines: list[str]) -> int | None:
    """The first list item at the least indentation in these lines."""
    items = [(len(line) - len(line.lstrip()), i) for i, line in enumerate(lines) if _LIST_ITEM.match(line)]
    return min(items)[1] if items else None


def _following_items(lines: list[str], index: int) -> list[tuple[int, str]]:
    items = []
    for offset in range(index + 1, len(lines)):
        line = lines[offset]
        if not line.strip():
            continue
        if not _LIST_ITEM.match(line):
            break
        items.append((offset, plain_line(line)))
    return items


_STEPS_LEAD = re.compile(r"(?P<owner>[^，。；：:,;]{1,24}?)的(?:计算|训练|具体|主要|基本|实现)?(?:步骤|流程|过程)(?:如下|是|为|包括|有)?\s*[:：]\s*$")
"""'区域提议网络的计算步骤如下：': the numbered items after it are steps of that concept."""


def _raw_line(passage: Passage, line_number: int) -> str:
    lines = passage.raw.split("\n")
    offset = line_number - passage.start_line
    return lines[offset] if 0 <= offset < len(lines) else ""


_ITEM_LEAD = re.compile(r"[-*•]|\d{1,2}[.、)）]?|[（(]|[)）]")


def item_name_label(doc, spans: list[ConceptSpan]) -> str | None:
    """'- ID3。使用信息增益作为…', '- Hierarchical Softmax，用霍夫曼树代替…': a list item that opens with nothing but
    a name and a full stop or comma names what the rest of the item says things of (as 'X：' does). Not an
    item whose name goes on as a phrase ('- Dropout 的作用，…') or whose first clause is longer than the name."""
    first = spans[0] if spans else None
    if first is None or first.end >= len(doc) or doc[first.end].text not in ("。", "，", ","):
        return None
    return first.concept if all(_ITEM_LEAD.fullmatch(t.text) for t in doc[: first.start]) else None


def _bare_items(lines: list[str], index: int) -> list[tuple[int, str]]:
    """Short lines right below a label with no list marker ('注意力解耦机制' / '增强的掩码解码器'), as notes pasted
    from a chat or a slide have them: each up to 20 characters with no sentence mark, until a blank line."""
    items = []
    for offset in range(index + 1, len(lines)):
        text = plain_line(lines[offset]).strip()
        if not text or len(text) > 20 or re.search(r"[，。；,;:：？?]", text):
            break
        items.append((offset, text))
    return items


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
            continued = bool(previous) and not _LIST_ITEM.match(raw) and not previous.rstrip().endswith(SENTENCE_ENDS)
            yield passage.start_line + offset, clean, continued
        previous = "" if raw.lstrip().startswith(("#", "|", "$$")) else raw


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
SENTENCE_ENDS = ("。", "！", "？", "!", "?", "；", ";", "：", ":", ".", "|", "$$", "**", "）", ")")
"""A line ending otherwise is continued by the next one (d2l wraps every sentence over lines)."""


def heading_line(passage: Passage) -> int:
    """Where a fact the heading states is cited: the heading's own line (the passage's first when unknown)."""
    return passage.heading_line or passage.start_line


def _triple(passage: Passage, start: int, end: int, subject: str, relation: str, obj: str, rule: str, confidence: float, evidence: str) -> Triple:
    return Triple(
        subject=subject, predicate=relation, object=obj, passage_id=passage.id, path=passage.path,
        start_line=start, end_line=max(start, end), rule=rule, confidence=round(confidence, 2), evidence=evidence[:300],
    )
