"""What every structure reading shares: the Reader it asks, list items, the concept an item opens with.

A structure reading asks the extractor (kg.relations.RelationExtractor) to cut a piece of text and find the
concepts in it, but never imports it: it names what it asks for in Reader, so imports run one way
(kg.structure ← kg.relations). Lines are a passage's raw lines; an item's line is its offset in them.
"""
from __future__ import annotations

import re
from typing import Protocol

from ingest import Passage
from ingest.clean import clean_markdown

from kg.lexicon import Lexicon
from kg.model import Triple
from kg.phrases import ConceptSpan, closes_phrase
from kg.shapes import PART_NAME, Fact
from kg.terms.lines import plain_line
from kg.tokens import Doc


class Reader(Protocol):
    """What a structure reading asks of the extractor (kg.relations.RelationExtractor is one)."""

    lexicon: Lexicon
    """The names and concepts the notes use."""

    def make_doc(self, text: str) -> Doc:
        """The text cut into tokens and sentences."""

    def concept_spans(self, doc: Doc) -> list[ConceptSpan]:
        """Longest non-overlapping concept mentions, in order."""

    def heading_subject(self, title: str) -> str | None:
        """The concept a heading names and nothing else."""

    def everyday_name(self, name: str) -> bool:
        """Every word of the name is everyday Chinese, nothing technical."""

    def cues(self, doc: Doc) -> list:
        """The cue matches (kg.relations.CueMatch) in the doc."""

    def sentence_facts(self, doc: Doc, sentence, spans: list[ConceptSpan], cue_matches, label: str | None,
                       heading: str | None) -> list[Fact]:
        """Every fact the cues of one sentence state."""


_INLINE_MATH = re.compile(r"\$[^$\n]{1,80}\$")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)、]|[（(]?\d{1,3}[)）])\s+|^\s*\d{1,3}[)）]\s*")
"""A Markdown list item line: a bullet or a number and the space after it ('- ', '1. ', '（1） '), or a number a
bracket closes with no space ('1）'). kg.effects and kg.relations read markers more loosely, each with its own pattern."""
HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.]|[（(]\d+[)）])\s*")


def title_name(title: str) -> str:
    """'Adam（自适应矩估计） ⭐️' → 'Adam'."""
    return re.sub(r"[（(][^）)]*[）)]", "", title).strip(" ⭐️⚠️")


def outer_item(lines: list[str]) -> int | None:
    """The first list item at the least indentation in these lines."""
    items = [(len(line) - len(line.lstrip()), i) for i, line in enumerate(lines) if LIST_ITEM.match(line)]
    return min(items)[1] if items else None


def following_items(lines: list[str], index: int) -> list[tuple[int, str]]:
    items = []
    for offset in range(index + 1, len(lines)):
        line = lines[offset]
        if not line.strip():
            continue
        if not LIST_ITEM.match(line):
            break
        items.append((offset, plain_line(line)))
    return items


def bare_items(lines: list[str], index: int) -> list[tuple[int, str]]:
    """Short lines right below a label with no list marker ('注意力解耦机制' / '增强的掩码解码器'), as notes pasted
    from a chat or a slide have them: each up to 20 characters with no sentence mark, until a blank line."""
    items = []
    for offset in range(index + 1, len(lines)):
        text = plain_line(lines[offset]).strip()
        if not text or len(text) > 20 or re.search(r"[，。；,;:：？?]", text):
            break
        items.append((offset, text))
    return items


def heading_line(passage: Passage) -> int:
    """Where a fact the heading states is cited: the heading's own line (the passage's first when unknown)."""
    return passage.heading_line or passage.start_line


def triple(passage: Passage, start: int, end: int, subject: str, relation: str, obj: str, rule: str, confidence: float, evidence: str) -> Triple:
    return Triple(
        subject=subject, predicate=relation, object=obj, passage_id=passage.id, path=passage.path,
        start_line=start, end_line=max(start, end), rule=rule, confidence=round(confidence, 2), evidence=evidence[:300],
    )


def opening_concept(reader: Reader, text: str) -> str | None:
    """The concept a list item opens with ('卷积编码器：…', 'Dropout'); None for '获取更多数据' or
    '对每一行求和（小批量…）', items that are steps, not things."""
    text = clean_markdown(text)
    text = text[:1] + _INLINE_MATH.sub("，", text[1:])  # '隐藏状态转移矩阵 $A$ = …': the symbol ends the name
    doc = reader.make_doc(text)
    spans = reader.concept_spans(doc)
    lead = [t for t in doc[: spans[0].start]] if spans else []
    if not spans or not all(t.is_punct or re.fullmatch(r"\d{1,2}|[a-z]", t.text) for t in lead):
        return None
    hyphenated = spans[0].end + 1 < len(doc) and doc[spans[0].end].text in ("-", "_") and not doc[spans[0].end - 1].whitespace
    if len(spans) > 1 and spans[0].end < len(doc) and doc[spans[0].end].text in ("（", "(") \
            and spans[1].start == spans[0].end + 1 and spans[1].end < len(doc) and doc[spans[1].end].text in ("）", ")"):
        return spans[1].concept  # '集成学习（Boosting）': the item is the bracketed one of the class
    return spans[0].concept if closes_phrase(doc, spans[0]) and not hyphenated else None  # 'NLP-EDA' is not NLP


def first_concept(reader: Reader, text: str) -> str | None:
    spans = reader.concept_spans(reader.make_doc(clean_markdown(text)))
    return spans[0].concept if spans else None


def all_parts(reader: Reader, items: list[tuple[int, str]], owner: str) -> list[tuple[int, str]]:
    """(line, concept) of each item when every one of them (two at least) opens with a name built like a part
    (PART_NAME: 卷积层, 重置门, 残差块) other than the owner; [] when one item opens otherwise ('优点', 'SGD'): a list
    of nothing but layers, blocks or gates lists parts, a list with a remark or a step in it may be about anything."""
    opened = [(line, opening_concept(reader, text[:24])) for line, text in items]
    if len(opened) < 2 or not all(item and item != owner and any(PART_NAME.search(n) for n in reader.lexicon.names(item))
                                  for _, item in opened):
        return []
    return opened


def parts_of_kind(reader: Reader, passage: Passage, lines: list[str], label: int, title: str, each) -> list[Triple]:
    """The items after line `label` that open with a name of the kind of part the title counts
    ('各个门' → names ending in 门; '结构' → names of layers, blocks, gates)."""
    owner = first_concept(reader, each.group("x") or each.groupdict().get("x2") or "")
    if owner is None:
        return []
    noun = each.groupdict().get("part")
    triples = []
    for item_line, item_text in following_items(lines, label):
        item = opening_concept(reader, item_text[:24])
        names = reader.lexicon.names(item) if item else ()
        if item and item != owner and (noun in ("部分", "组件") or any(
                name.endswith(noun) if noun else PART_NAME.search(name) for name in names)):
            triples.append(triple(passage, passage.start_line + item_line, passage.start_line + item_line, owner,
                                  "has_component", item, "structure.each_part_heading", 0.7, f"{title} › {item_text}"))
    return triples
