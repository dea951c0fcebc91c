"""Lists under a label line: what the label announces, each item that opens with a concept says.

'X 包括：' / 'X 由以下几部分组成：' over items (parts), '可以分成以下几种：' (kinds), '解决 X 的方法：' (remedies),
'word2vec 采用了两种优化方式。' (methods it uses), 'DeBERTa 的改进：' (what it brings in), '缺点：' (kg.effects: each
drawback an effect the concept causes), '原因：' (each item a cause of the problem), '预训练任务2：…' as a line of its
own (a task the section's concept uses) and a bold why-question line. structure_triples reads them all for one
passage, with the headings over a list (kg.structure.headings); `topic` is the concept of the passage's section.
"""
from __future__ import annotations

import re

from ingest import Passage
from ingest.clean import clean_markdown

from kg.effects import drawback_items, effect_name, item_heads, problem_core, rates_itself, reason_items
from kg.model import Triple
from kg.phrases import MERIT_WORDS
from kg.shapes import HARM_WORDS
from kg.structure.base import (HEADING_NUMBER, Reader, all_parts, bare_items, first_concept, following_items, heading_line,
                               opening_concept, parts_of_kind, triple)
from kg.structure.headings import EACH_PART_TITLE, STRUCTURE_TITLE, TASK_LABEL, heading_compare, heading_list, questioned_uses
from kg.structure.tables import table_variants
from kg.subjects.clauses import conditioned
from kg.terms.lines import plain_line

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
_USES_METHODS = re.compile(r"(?:采用|使用|利用|用到)了?\s*(?:两|二|三|四|几|\d)\s*(?:种|个)[^，。]{0,8}[。：:]\s*$")
_KINDS = re.compile(r"(?:分为|分成|可分为|可以分为|可以分成|有以下几种|有如下几种|有以下|包括以下)?.{0,6}(?:几|[一二两三四五六七八九十\d]+)\s*(?:种|类)")
_COUNTED_PARTS = re.compile(r"(?P<x>[^，,。；;]{0,24}?)\s*的?\s*(?:以下|如下)?\s*[一二两三四五六七八九十\d]+\s*(?:个|种|类)?\s*"
                            r"(?:门|子层|层|模块|组件|部分|部件|块|单元|embedding|嵌入)s?", re.I)
"""A label that does nothing but count parts ('三个embedding', 'Transformer 的两个子层'): what it lists are the parts."""
PROPERTY_HEADS = tuple(sorted(MERIT_WORDS | {"问题", "原因", "缺陷", "弊端", "区别", "挑战", "难点", "局限", "特点"}))
"""A label over what a concept is like or does ('优点：', '两个问题：'), never over its parts, whatever the items name."""
_INLINE_ITEM_BREAK = re.compile(r"\s*(?:[,，、;；/]|以及|和|及)\s*")
_HARM_NAME = re.compile(HARM_WORDS.pattern + r"|problem|问题", re.I)
"""A known name that says it is a problem (梯度消失, Dead ReLU Problem): a drawback item that is only it names it."""


def structure_triples(reader: Reader, passage: Passage, topic: str | None) -> list[Triple]:
    """Items listed under a line that announces parts (or solutions); compare headings."""
    triples: list[Triple] = []
    lines = passage.raw.split("\n")
    for index, line in enumerate(lines):
        clean = plain_line(line)
        announce = _ANNOUNCE.search(clean)
        solutions = _SOLUTIONS.search(clean)
        methods = _USES_METHODS.search(clean)
        if methods and not announce and not solutions:
            triples.extend(_methods_list(reader, passage, lines, index, clean, methods))
            continue
        label = clean.strip().rstrip(":：").strip() if clean.rstrip().endswith((":", "：")) else None
        structure = label and not announce and not solutions and (
            EACH_PART_TITLE.fullmatch(label) or STRUCTURE_TITLE.fullmatch(label))
        if structure:
            triples.extend(parts_of_kind(reader, passage, lines, index, label, structure))  # '**残差块结构：**' over a list
            continue
        if not (announce or solutions) or not clean.rstrip().endswith((":", "：")) and not solutions:
            continue
        head_doc = reader.make_doc(clean)
        head_spans = reader.concept_spans(head_doc)
        items = following_items(lines, index)
        if solutions:
            problem = first_concept(reader, solutions.group("a") or solutions.group("b") or solutions.group("c"))
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
            part = opening_concept(reader, item_text[:24])
            if not part or part == owner:
                continue
            subject, obj = (part, owner) if relation in ("solves", "is_a") else (owner, part)
            line_number = passage.start_line + item_line
            triples.append(triple(passage, passage.start_line + index, line_number, subject, relation, obj, rule, 0.75, clean + " " + item_text))
    if passage.heading_path:
        triples.extend(heading_compare(reader, passage))
        triples.extend(heading_list(reader, passage, lines))
    triples.extend(_drawback_effects(reader, passage, topic))
    triples.extend(_reason_causes(reader, passage, topic))
    triples.extend(_task_lines(reader, passage, lines, topic))
    triples.extend(_changes_lists(reader, passage, lines, topic))
    triples.extend(_use_question_lines(reader, passage, lines))
    triples.extend(_label_parts(reader, passage, lines, topic))
    triples.extend(table_variants(reader, passage, lines))
    return triples


def _label_parts(reader: Reader, passage: Passage, lines: list[str], topic: str | None) -> list[Triple]:
    """A label line and the parts it lists, when no verb announces them (the cue rules read '由三部分组成：…'):
    '三个embedding：A, B, C' (a label that counts parts, the items after its colon: each item that is one concept)
    and 'X 具有以下两个显著特征：' over '* 重置门…' / '* 更新门…' (any label, when every item below opens with a
    name built like a part: kg.structure.base.all_parts). The owner is the concept opening the label's last
    clause, else the section's. Never under a label over merits or problems ('优点：', '特点：'), nor one another
    list reading owns ('X 包括：', '解决 X 的方法：')."""
    triples = []
    for index, line in enumerate(lines):
        clean = plain_line(line).strip(" *")
        colon = re.search(r"[:：]", clean)
        label = clean[: colon.start()].strip(" *") if colon else ""
        if not label or label.endswith(PROPERTY_HEADS) or _ANNOUNCE.search(clean) or _SOLUTIONS.search(clean):
            continue
        counted, rest = _COUNTED_PARTS.fullmatch(label), clean[colon.end() :].strip(" *")
        items = [(index, piece) for piece in _INLINE_ITEM_BREAK.split(rest)] if rest else following_items(lines, index)
        if len(items) < (2 if rest else 1) or rest and not counted and not all(reader.heading_subject(t) for _, t in items):
            continue  # inline, the items must be names ('训练集、验证集'), not a clause that goes on
        owner = _counted_owner(reader, passage, counted, topic) if counted else _clause_owner(reader, label, topic)
        if owner is None:
            continue
        if counted:
            parts = [(at, reader.heading_subject(text) if rest else opening_concept(reader, text[:24])) for at, text in items]
        else:
            parts = all_parts(reader, items, owner)
        for item_line, part in parts:
            if part and part != owner:
                evidence = clean if item_line == index else f"{clean} {lines[item_line].strip()}"
                triples.append(triple(passage, passage.start_line + index, passage.start_line + item_line, owner,
                                      "has_component", part, "structure.label_parts", 0.7, evidence))
    return triples


def _counted_owner(reader: Reader, passage: Passage, counted, topic: str | None) -> str | None:
    """Whose parts 'Transformer 的两个子层' (the one concept before the count) or '三个embedding' counts: the
    section's, or under a heading that names no concept ('### BERT' › '**输入输出？**') the one above it."""
    named = counted.group("x").strip()
    if named:
        return reader.heading_subject(named)
    above = passage.heading_path[-2:-1] if passage.heading_path and reader.heading_subject(passage.heading_path[-1]) is None else ()
    return topic or next((reader.heading_subject(title) for title in above), None)


def _clause_owner(reader: Reader, label: str, topic: str | None) -> str | None:
    """The concept opening the label's last clause ('总之，门控循环单元具有以下两个显著特征'), the section's when
    that clause names no concept ('具体如下'), nothing when it names one elsewhere or points ('其结构')."""
    clause = re.split(r"[，,；;。]", label)[-1].strip()
    if first_concept(reader, clause) is not None:
        return opening_concept(reader, clause)
    return None if re.search(r"[这该此其那它]", clause) else topic


def _reason_causes(reader: Reader, passage: Passage, topic: str | None) -> list[Triple]:
    """'产生Dead ReLU的原因：1）参数初始化 2）…', '## 梯度消失和梯度爆炸' › '原因：' › '（1）深层网络：…': each
    item that opens with a concept names a cause of the problem (kg.effects.reason_items). Not an item
    that sets the concept to a degree ('学习率太高'): the setting is the cause, not the concept."""
    triples = []
    for item in reason_items(passage, plain_line):
        problems = [_label_owner(reader, item.owner, topic)] if item.owner or topic else _heading_problems(reader, passage)
        if len(problems) > 1:  # '梯度消失和梯度爆炸' › '原因：' › an item that speaks of one of them is a cause of that one
            named = [p for p in problems if _names_in(reader, item.text, p)]
            problems = named or problems
        cause = _opening_cause(reader, item.text[:24])
        for problem in problems:
            if cause is not None and problem is not None and cause != problem and _HARM_NAME.search(_name(reader, problem)):
                line = passage.start_line + item.line if item.line >= 0 else heading_line(passage)
                triples.append(triple(passage, line, line, cause, "causes", problem, "structure.reasons_list", 0.65,
                                      f"原因：{item.text}"))
    return triples


def _names_in(reader: Reader, text: str, concept: str) -> bool:
    return any(s.concept == concept for s in reader.concept_spans(reader.make_doc(clean_markdown(text))))


def _heading_problems(reader: Reader, passage: Passage) -> list[str]:
    """'梯度消失和梯度爆炸': the problems a heading names side by side, each exactly; [] otherwise."""
    if not passage.heading_path:
        return []
    pieces = re.split(r"\s*(?:和|与|及|、|/)\s*", HEADING_NUMBER.sub("", clean_markdown(passage.heading_path[-1])).strip())
    concepts = [reader.heading_subject(piece) for piece in pieces if piece]
    return concepts if len(concepts) > 1 and all(concepts) else []


def _name(reader: Reader, concept: str) -> str:
    return " ".join(reader.lexicon.names(concept))


def _opening_cause(reader: Reader, text: str) -> str | None:
    """The concept an item opens with, unless the item sets it to a degree ('learning rate太高')."""
    concept = opening_concept(reader, text)
    if concept is None:
        return None
    doc = reader.make_doc(clean_markdown(text))
    spans = reader.concept_spans(doc)
    return None if spans and conditioned(doc, spans[0], len(doc)) else concept


def _drawback_effects(reader: Reader, passage: Passage, topic: str | None) -> list[Triple]:
    """'缺点：' then '- 训练速度慢：…' / '- 仍存在梯度消失问题' (kg.drawbacks): the concept whose drawbacks they
    are causes each effect or problem an item opens with. The owner is what the label names
    ('softmax的缺点：'), or the section's concept when the label names nothing."""
    triples = []
    for item in drawback_items(passage, plain_line):
        owner = _label_owner(reader, item.owner, topic)
        if owner is None:
            continue
        for head in item_heads(item.text):
            effect = None if rates_itself(problem_core(head)) else _named_effect(reader, head)
            if effect is not None and effect != owner:
                line = passage.start_line + item.line if item.line >= 0 else heading_line(passage)
                triples.append(triple(passage, line, line, owner, "causes", effect, "structure.drawback_effect", 0.65,
                                      f"缺点：{item.text}"))
    return triples


def _label_owner(reader: Reader, owner_text: str | None, topic: str | None) -> str | None:
    """The one concept a drawback label names; the section's when it names none ('同时也存在一些缺点：'),
    nothing when it points elsewhere ('该方法的缺点') or names two."""
    if not owner_text or not owner_text.strip():
        return topic
    spans = reader.concept_spans(reader.make_doc(owner_text))
    if not spans:
        return None if re.search(r"[这该此其那它]", owner_text) else topic
    return spans[0].concept if len({s.concept for s in spans}) == 1 else None


def _named_effect(reader: Reader, head: str) -> str | None:
    """The concept an item's phrase is: an effect name ('训练速度非常慢' → 训练速度慢), or a known problem
    that is the whole phrase ('仍存在梯度消失问题' → 梯度消失)."""
    for name in (effect_name(head), problem_core(head)):
        concept = reader.lexicon.concept_of(name) if name else None
        if concept is not None and (name == effect_name(head) or _HARM_NAME.search(name)):
            return concept
    return None


def _methods_list(reader: Reader, passage: Passage, lines: list[str], index: int, clean: str, methods) -> list[Triple]:
    """'word2vec 采用了两种优化方式。' followed by a list: the owner uses each listed method."""
    owner = first_concept(reader, clean[: methods.start()])
    triples = []
    for item_line, item_text in following_items(lines, index) if owner else ():
        method = opening_concept(reader, item_text[:24])
        if method and method != owner:
            triples.append(triple(passage, passage.start_line + index, passage.start_line + item_line, owner, "uses",
                                  method, "structure.methods_list", 0.7, clean + " " + item_text))
    return triples


def _use_question_lines(reader: Reader, passage: Passage, lines: list[str]) -> list[Triple]:
    """The same question as a bold line of its own ('**Transformer为什么使用多头自注意力机制？**'), as interview
    notes set their questions."""
    triples = []
    for index, line in enumerate(lines):
        bare = line.strip().lstrip(">").strip()
        if not (bare.startswith("**") and bare.rstrip().endswith("**")):
            continue
        question = plain_line(bare).strip(" *_⭐️❌⚠️")
        for fact in questioned_uses(reader, question):
            line_number = passage.start_line + index
            triples.append(triple(passage, line_number, line_number, fact.subject, "uses", fact.object,
                                  "structure.use_question", 0.7, question))
    return triples


def _task_lines(reader: Reader, passage: Passage, lines: list[str], topic: str | None) -> list[Triple]:
    """'预训练任务2: 下一句子预测' as a line of its own under '### BERT': the section's concept uses the task."""
    triples = []
    for index, line in enumerate(lines) if topic else ():
        task = TASK_LABEL.fullmatch(plain_line(line).strip(" *_"))
        used = reader.heading_subject(task.group("y") or task.group("en")) if task else None
        if used is not None and used != topic:
            line_number = passage.start_line + index
            triples.append(triple(passage, line_number, line_number, topic, "uses", used, "structure.task_line", 0.7,
                                  plain_line(line)))
    return triples


def _changes_lists(reader: Reader, passage: Passage, lines: list[str], topic: str | None) -> list[Triple]:
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
        opening = opening_concept(reader, named) if named else None
        if named and opening is None:
            owner_above = None
            continue  # '词表的改进：' is about something the lexicon does not name
        owner = opening or (owner_above[1] if owner_above and owner_above[0] == index - 1 else topic)
        items = following_items(lines, index) or bare_items(lines, index)
        owner_above = (index, owner) if owner and not items else None
        for item_line, item_text in items if owner else ():
            used = opening_concept(reader, item_text[:24])
            if used and used != owner:
                triples.append(triple(passage, passage.start_line + index, passage.start_line + item_line, owner, "uses",
                                      used, "structure.changes_list", 0.7, clean + " " + item_text))
    return triples
