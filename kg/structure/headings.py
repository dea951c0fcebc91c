"""Headings that state a relation, or announce that the list under them does.

A heading names what its section is about, and some say more: '### 激活函数的种类' › '#### softmax' (a kind),
'### 双向LSTM' (a variant of LSTM), 'LSTM vs GRU' (compared), '为什么 Dropout 可以解决过拟合？' (a question that
takes 'X solves Y' for granted), '#### 预训练任务1：…' under a model (a task it uses), and '### 过拟合解决方式',
'### Transformer 的组成', '#### LSTM 中各个门的作用' over a list (each item a remedy or a part). The sentence a
question heading presupposes is read by the extractor's own cue rules (Reader.sentence_facts).
"""
from __future__ import annotations

import re

from ingest import Passage
from ingest.clean import clean_markdown

from kg.model import Triple
from kg.shapes import PART_NAME, Fact
from kg.structure.base import (HEADING_NUMBER, LIST_ITEM, Reader, first_concept, following_items, heading_line, opening_concept,
                               outer_item, parts_of_kind, title_name, triple)

_USE_QUESTION = re.compile(
    r"(?:(?P<x1>[^，。？?]{1,24}?)\s*(?:为什么|为何)|(?:为什么|为何)\s*(?P<x2>[^，。？?]{1,24}?))\s*(?:要|只|还要|需要|都)?\s*"
    r"(?P<y>(?:使用了?|采用了?|引入了?|要用|用)\s*(?:(?!而不是|而非|而不用)[^，。？?]){1,30})(?:(?:而不是|而非|而不用)[^，。？?]*)?[？?]")
"""'X 为什么(只)使用 Y(而不是 Z)？' / '为什么 X 使用 Y？': the question's first clause, up to its question mark."""
TASK_LABEL = re.compile(r"(?:预训练|训练|辅助)任务\s*(?:[一二三四五六七八九十]|\d{1,2})\s*[:：]\s*(?P<y>[^，。,;；]{2,40}?)\s*"
                        r"|(?:pre-?training|auxiliary) task\s*\d{1,2}\s*:\s*(?P<en>[^,.;]{2,40}?)\s*", re.I)
"""A numbered training task as a label ('预训练任务1：带掩码的语言模型', 'Pre-training task 2: NSP')."""
_KINDS_TITLE = re.compile(
    r"(?:的|之)?(?:常见|常用|主要|典型)?(?:种类|分类|类型|类别|变体|变种|改进|几种|各种)$"
    r"|^(?:常见|常用|主要|典型|各种)(?:的)?(?=.)"
    r"|^(?:types|kinds|variants|families|flavou?rs|classes) of\b|\b(?:types|kinds|variants|variations)$",
    re.I,
)
"""A parent heading that announces kinds: 激活函数的种类, 常见的激活函数, 优化器分类, Types of RNN, RNN variants."""
VARIANT_MODIFIER = re.compile(r"(?:双向|堆叠|深层|Bi-?(?=[A-Z])|Bidirectional |Stacked |Deep(?=[A-Z])|Conv(?=[A-Z])|卷积(?=[A-Z])|"
                              r"Leaky |Parametric |Fast |Faster |Mask |Tiny|Distil|Sparse |Variational )")
"""The front of a name that makes a variant of the architecture the rest names (双向LSTM, ConvLSTM, Leaky ReLU)."""
_SOLUTIONS_TITLE = re.compile(r"(?P<x>.{0,16}?)(?:常见的?)?(?:解决|缓解|应对|防止|避免)(?:方法|方式|办法|思路|策略|手段|方案|措施)(?:有哪些)?")
_PARTS_TITLE = re.compile(r"(?P<x>.{1,16}?)的?(?:组成部分|组成|组件|构成|部件)(?:有哪些)?")
EACH_PART_TITLE = re.compile(r"(?P<x>.{1,16}?)\s*(?:中|里|内)?的?\s*各(?:个|种)?\s*(?P<part>门|子层|层|模块|组件|部分|块)"
                             r"(?:的)?(?:作用|功能|含义|计算|结构)?(?:是什么|有哪些|分别是什么)?[？?]?")
"""'LSTM 中各个门的作用是什么？': the section goes through X's parts of that kind, one list item each."""
STRUCTURE_TITLE = re.compile(r"(?P<x>[^，,。？?]{1,16}?)\s*的?\s*(?:网络|模型|整体)?(?:结构|架构)(?:图|如下|是怎样的|是什么样的?)?[？?]?"
                             r"|(?P<x2>[^，,。]{1,24}?)\s+(?:architecture|structure)", re.I)
"""'### ResNet 的网络结构' / 'LeNet architecture' over a list: the items named like layers or blocks are its parts
(items that are steps or remarks name no layer)."""
_CLASS_HEADING = re.compile(r"([\u4e00-\u9fff]{2,4})(函数)")
"""A class of functions in a heading: 激活函数, 损失函数 (编码器, 反向传播算法 hold parts and steps)."""
_PRESUPPOSING_QUESTION = re.compile(
    r"(?:为什么|为何)\s*(?P<x1>[^，。？?]{1,20}?)(?P<y1>(?:可以|能够|能|会|就能|容易)[^，。？?]{2,24}?)\s*[？?]?"
    r"|(?P<x2>[^，。？?]{1,20}?)(?:是)?(?:怎么|如何|怎样|为什么|为何)(?P<y2>(?:可以|能够|能|会)?[^，。？?]{2,24}?)的?\s*[？?]?"
)
"""'为什么 X 可以 cue Y？', 'X 是怎么 cue Y 的？', 'X 为什么能 cue Y': the question takes 'X cue Y' for granted."""
_HEADING_COMPARE = re.compile(r"(.+?)\s*(?:\bvs\.?\b|\bversus\b|与|和|、|/)\s*(.+?)\s*(?:的区别|的对比|的比较|区别|对比|比较|的异同)?$", re.I)


def heading_list(reader: Reader, passage: Passage, lines: list[str]) -> list[Triple]:
    """'### 过拟合解决方式' (or '#### 常见解决方法' under '### 过拟合') over a list: each item that opens
    with a concept solves the problem; '### Transformer 的组成' over a list: each is a part."""
    title = HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip()
    solutions, parts = _SOLUTIONS_TITLE.fullmatch(title), _PARTS_TITLE.fullmatch(title)
    each = None if solutions or parts else EACH_PART_TITLE.fullmatch(title) or STRUCTURE_TITLE.fullmatch(title)
    if each:
        return _each_part_list(reader, passage, lines, title, each)
    if not (solutions or parts):
        return _layers_under_model(reader, passage, lines, title)
    named = (solutions or parts).group("x").strip(" 的")
    owner = first_concept(reader, named) if named else (
        reader.heading_subject(passage.heading_path[-2]) if len(passage.heading_path) >= 2 else None)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first][:1] in (" ", "\t") and not LIST_ITEM.match(lines[first]):
        first = outer_item(lines)  # the passage budget cut inside an item: the section's list goes on at its next outer item
    if owner is None or first is None or not LIST_ITEM.match(lines[first]):
        return []
    relation, rule = ("solves", "structure.solutions_heading") if solutions else ("has_component", "structure.parts_heading")
    triples = []
    for item_line, item_text in following_items(lines, first - 1):
        item = opening_concept(reader, item_text[:24])
        if item and item != owner:
            subject, obj = (item, owner) if relation == "solves" else (owner, item)
            triples.append(triple(passage, passage.start_line + item_line, passage.start_line + item_line, subject, relation,
                                  obj, rule, 0.7, f"{title} › {item_text}"))
    return triples


def _each_part_list(reader: Reader, passage: Passage, lines: list[str], title: str, each) -> list[Triple]:
    """'#### LSTM 中各个门的作用' over a list: each item that opens with a name of that kind of part
    ('遗忘门', '输入门') is a part of LSTM; an item named otherwise is a remark, not a part."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not LIST_ITEM.match(lines[first]):
        return []
    return parts_of_kind(reader, passage, lines, first - 1, title, each)


def _layers_under_model(reader: Reader, passage: Passage, lines: list[str], title: str) -> list[Triple]:
    """'### LeNet' right over '1. 卷积层：… 2. 汇聚层：… 3. 全连接层：…': a section on a model that opens
    with a list of nothing but layers, blocks or gates lists the model's parts. One item named
    otherwise ('优点', 'SGD') and the list is about something else: nothing."""
    owner = reader.heading_subject(passage.heading_path[-1])
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if owner is None or first is None or not LIST_ITEM.match(lines[first]):
        return []
    items = [(line, opening_concept(reader, text[:24])) for line, text in following_items(lines, first - 1)]
    if len(items) < 2 or not all(item and item != owner and any(PART_NAME.search(n) for n in reader.lexicon.names(item))
                                 for _, item in items):
        return []
    return [triple(passage, passage.start_line + line, passage.start_line + line, owner, "has_component", item,
                   "structure.layers_under_model", 0.65, f"{title} › {lines[line].strip()[:60]}") for line, item in items]


def questioned_uses(reader: Reader, question: str) -> list[Fact]:
    """'Transformer为什么使用多头自注意力机制？', '为什么 X 块使用 LayerNorm 而不是 BatchNorm？': a why-question
    takes 'X uses Y' for granted (not Z, the road not taken). Only a subject the question names itself."""
    match = _USE_QUESTION.match(question)
    if not match:
        return []
    statement = (match.group("x1") or match.group("x2")) + match.group("y")
    doc = reader.make_doc(statement)
    spans = reader.concept_spans(doc)
    cues = [m for m in reader.cues(doc) if m.cue.relation == "uses" and m.cue.shape == "infix"]
    return [fact for sentence in doc.sents for fact in reader.sentence_facts(doc, sentence, spans, cues, None, None)
            if fact.relation == "uses" and "+" not in fact.rule]


def use_question_heading(reader: Reader, passage: Passage) -> list[Triple]:
    """A why-question heading on a use ('#### 为什么 BERT 只使用了 Transformer 的编码器？')."""
    if not passage.heading_path:
        return []
    title = HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip(" *_⭐️❌⚠️>")
    return [triple(passage, heading_line(passage), heading_line(passage), fact.subject, "uses", fact.object,
                   "structure.use_question", 0.7, passage.heading_path[-1]) for fact in questioned_uses(reader, title)]


def task_heading(reader: Reader, passage: Passage) -> list[Triple]:
    """'### BERT' › '#### 预训练任务1：带掩码的语言模型': a numbered task a model is trained on, named in the
    heading of its own section, is a task the model above uses (only a heading whose rest is one concept).
    A bare '任务1：' is an exercise as often as a training task: nothing."""
    if len(passage.heading_path) < 2:
        return []
    task = TASK_LABEL.fullmatch(HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip(" *_"))
    owner = reader.heading_subject(passage.heading_path[-2]) if task else None
    used = reader.heading_subject(task.group("y") or task.group("en")) if owner else None
    if used is None or used == owner:
        return []
    return [triple(passage, heading_line(passage), heading_line(passage), owner, "uses", used, "structure.task_heading",
                   0.7, f"{passage.heading_path[-2]} › {passage.heading_path[-1]}")]


def presupposed_by_heading(reader: Reader, passage: Passage) -> list[Triple]:
    """'为什么Dropout可以解决过拟合？', 'XGBoost是怎么预防过拟合的？': a why/how question takes for granted that X
    solves (or causes) Y, and the section answers how; the question read as a statement says so. Not a
    yes/no question ('X 能解决 Y 吗？'), which takes nothing for granted."""
    if not passage.heading_path:
        return []
    title = HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip(" *_⭐️")
    match = _PRESUPPOSING_QUESTION.fullmatch(title)
    if not match:
        return []
    statement = (match.group("x1") or match.group("x2")) + (match.group("y1") or match.group("y2"))
    doc = reader.make_doc(statement)
    spans = reader.concept_spans(doc)
    cues = [m for m in reader.cues(doc) if m.cue.relation in ("solves", "causes")]
    triples = []
    for sentence in doc.sents:
        for fact in reader.sentence_facts(doc, sentence, spans, cues, None, None):
            if fact.relation in ("solves", "causes") and "+" not in fact.rule:
                triples.append(triple(passage, heading_line(passage), heading_line(passage), fact.subject, fact.relation,
                                      fact.object, "structure.question_heading", 0.7, passage.heading_path[-1]))
    return triples


def named_variant(reader: Reader, passage: Passage) -> list[Triple]:
    """A section on '双向LSTM', 'ConvGRU', 'Leaky ReLU' or 'Faster R-CNN' is on a variant of the concept its
    name is built on: the name says so (no cue word in the prose: an implicit relation). Only the
    modifiers that make a variant of an architecture count (VARIANT_MODIFIER), not any qualifier. A
    heading above that names the base is shown with it ('LSTM › 双向LSTM'): the nesting is what a reader
    of the evidence checks (judged blind: accepted with it, refused on the bare name)."""
    if not passage.heading_path:
        return []
    title = passage.heading_path[-1]
    variant = reader.heading_subject(title)
    if variant is None:
        return []
    for name in reader.lexicon.names(variant):
        match = VARIANT_MODIFIER.match(name)
        base = reader.lexicon.concept_of(name[match.end():].strip(" -")) if match else None
        if base is not None and base != variant:
            above = next((t for t in reversed(passage.heading_path[:-1])
                          if any(s.concept == base for s in reader.concept_spans(reader.make_doc(clean_markdown(t))))), None)
            return [triple(passage, heading_line(passage), heading_line(passage), variant, "variant_of", base,
                           "structure.named_variant", 0.6, f"{above} › {title}" if above else title)]
    return []


def heading_hierarchy(reader: Reader, passage: Passage) -> list[Triple]:
    """'### 激活函数的种类' › '#### softmax': a named thing under a heading that announces kinds is a
    kind of what that heading names ('variants of' → variant_of). Prose headings nest for other
    reasons ('线性回归' › '神经网络图'), so no other nesting says anything."""
    if len(passage.heading_path) < 2:
        return []
    parent_title, child_title = passage.heading_path[-2], passage.heading_path[-1]
    kinds = _KINDS_TITLE.search(parent_title)
    grouping = None
    if not kinds and len(passage.heading_path) >= 3 and _KINDS_TITLE.search(passage.heading_path[-3]):
        grouping = reader.heading_subject(parent_title)  # '注意力的类型' › '计算区域' › 'Soft Attention'
        if grouping is None or _criterion(reader, grouping):
            grouping, parent_title = parent_title, passage.heading_path[-3]
            kinds = _KINDS_TITLE.search(parent_title)
    if not kinds:
        return _under_class_heading(reader, passage, parent_title, child_title)
    variant = bool(re.search(r"变体|变种|改进|variants?|extensions?", kinds.group(0), re.I))
    parent = first_concept(reader, parent_title[: kinds.start()] or parent_title[kinds.end():])
    child = reader.heading_subject(child_title)
    if not parent or not child or parent == child or "+" in child_title or _criterion(reader, child):
        return []  # 'LSTM+Attention' combines two things; '计算区域' names how the kinds are told apart
    relation = "variant_of" if variant else "is_a"
    shown = f"{parent_title} › {grouping} › {child_title}" if isinstance(grouping, str) else f"{parent_title} › {child_title}"
    return [triple(passage, heading_line(passage), heading_line(passage), child, relation, parent, "structure.heading_hierarchy",
                   0.7, shown)]


def _under_class_heading(reader: Reader, passage: Passage, parent_title: str, child_title: str) -> list[Triple]:
    """'### 激活函数' › '#### softmax': a heading that names a class of functions (激活函数, 损失函数, or a
    class only the notes name: 评分函数 › 加性注意力) holds sections on its members. Other parents (EM算法 › E步, 循环神经网络 › 梯度裁剪,
    编码器 › 自注意力) hold sections on their parts and uses: nothing."""
    parent = reader.heading_subject(parent_title)
    child = reader.heading_subject(child_title)
    if not parent or not child or parent == child or "+" in child_title or _criterion(reader, child):
        return []
    label = title_name(HEADING_NUMBER.sub("", clean_markdown(parent_title))).strip(" *_`")
    match = _CLASS_HEADING.fullmatch(label)
    if not match:
        return []
    return [triple(passage, heading_line(passage), heading_line(passage), child, "is_a", parent, "structure.class_heading",
                   0.65, f"{parent_title} › {child_title}")]


def _criterion(reader: Reader, concept: str) -> bool:
    """A heading the notes name in everyday words only, under a kinds heading, is a way of grouping
    the kinds ('Attention的类型' › '计算区域' › 'Soft Attention'), not a kind."""
    return reader.lexicon.source(concept) == "notes" and all(reader.everyday_name(n) for n in reader.lexicon.names(concept))


def heading_compare(reader: Reader, passage: Passage) -> list[Triple]:
    """'LSTM vs GRU', 'BN 与 LN 的区别': each side is one concept, nothing more ('Decoder阶段的
    多头自注意力和encoder的多头自注意力有什么区别' compares two things the lexicon does not name)."""
    title = re.sub(r"[?？]\s*$", "", passage.heading_path[-1].strip(" ⭐️⚠️"))
    match = _HEADING_COMPARE.match(title)
    if not match or not re.search(r"vs|versus|区别|对比|比较|异同|compar", title, re.I):
        return []
    left = reader.heading_subject(re.sub(r"^(?:比较|对比)", "", match.group(1)))
    right = reader.heading_subject(re.sub(r"(?:有什么|有何|的)?(?:区别|不同|异同)$", "", match.group(2)))
    pairs = [(left, right)] if left and right and left != right else _compared_in_title(reader, title)
    return [triple(passage, heading_line(passage), heading_line(passage), one, "compared_with", other,
                   "structure.heading_compare", 0.8, title) for one, other in pairs]


def _compared_in_title(reader: Reader, title: str) -> list[tuple[str, str]]:
    """'比较卷积神经网络、循环神经网络和自注意力', 'A、B 与 C 的区别': a title that enumerates three or more names
    (or follows a verb of comparing) read as a sentence by the comparing cues (kg.shapes.compare)."""
    doc = reader.make_doc(clean_markdown(title))
    spans = reader.concept_spans(doc)
    cues = [m for m in reader.cues(doc) if m.cue.relation == "compared_with" and m.cue.shape in ("among", "pair")]
    return [(fact.subject, fact.object) for sentence in doc.sents
            for fact in reader.sentence_facts(doc, sentence, spans, cues, None, None) if fact.relation == "compared_with"]
