"""Effects a note says a concept has: drawback lists ('缺点：' then '- 训练速度慢：…') and cost statements.

Interview notes list a concept's merits and drawbacks under a label: a line '缺点：' (or a heading
'BN的缺点', a label 'softmax的缺点：计算复杂度高') followed by items. An item that opens with an effect,
a short noun and a predicate of harm ('训练速度慢', '计算复杂度非常高' → 计算复杂度高), or with a
known problem ('仍存在梯度消失问题'), says the concept brings it about: X causes it. An item that is a
sentence ('预训练过程和生成过程的不一致，导致…') is the cue rules' business, not this one's.

A setting pushed too far ('学习率太大', '过大的学习率') is a cause of its own: one name, noun + 过 + size
(setting_name), however the degree was written.

Without any label or cue, a clause that is only a concept and a cost it has ('双向循环神经网络的训练代价
非常高', 'Transformer 计算量较大') says the same: the concept causes that cost (COST_EFFECT; a merit
such as '准确率很高' is not a cost).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import Passage

DRAWBACK_LABEL = re.compile(
    r"(?i)^(?:(?P<owner>[^：:，。,；;！？?()（）]{1,16}?)\s*的?\s*)?(?:主要)?(?:缺点|不足之处|不足|局限性|局限|劣势|存在的问题|面临的问题|(?<![A-Za-z])(?:disadvantages|drawbacks|limitations|cons)\b)"
    r"(?:主要)?(?:有|包括|如下)?\s*(?:[:：]\s*(?P<rest>.*))?$"
)
"""'缺点：', '**缺点**', 'BN的缺点', 'softmax的缺点：计算复杂度高', '同时也存在一些缺点：'."""
_LOOSE_ITEM_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)、]|[（(]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨])\s*")
"""A list marker opening a line, the space after it optional and ①–⑨ included ('-缺点', '1.训练慢', '①…'), so an
item written without the space counts; unlike kg.structure.base.LIST_ITEM, not '1）' nor a three-digit number."""
_OTHER_LABEL = re.compile(r"^(?:[^：:，。]{0,12}的)?(?:优点|优势|好处|优缺点|改进|解决办法|解决方法|原因|特点|作用)\s*[:：]?")
MAX_ITEMS = 8


REASON_LABEL = re.compile(
    r"^(?:(?:产生|出现|导致|造成|引起)?(?P<owner>[^：:，。,；;！？?()（）]{1,16}?)\s*的?\s*)?(?:主要|常见|可能)?的?原因"
    r"(?:主要)?(?:有|包括|如下)?\s*(?:[:：]\s*(?P<rest>.*))?$"
)
"""'原因：', '产生Dead ReLU的原因：1）参数初始化 2）…', '过拟合的主要原因'."""
_INLINE_NUMBER = re.compile(r"\s*(?:\d{1,2}[)）、]|[（(]\d{1,2}[)）])\s*")


@dataclass(frozen=True)
class LabelledItem:
    line: int
    """0-based line of the passage's raw text the item stands on (-1: the heading itself)."""
    owner: str | None
    """What the label names as the concept it is about ('softmax' in 'softmax的缺点：'), if anything."""
    text: str
    """The item as written, markers and emphasis dropped."""


def drawback_items(passage: Passage, plain_line) -> list[LabelledItem]:
    """Every item listed under a drawback label or in a table's drawback column (`plain_line`: how the
    rules read a line)."""
    return labelled_items(passage, plain_line, DRAWBACK_LABEL, DRAWBACK_WORDS) + table_drawbacks(passage, plain_line)


def table_drawbacks(passage: Passage, plain_line) -> list[LabelledItem]:
    """'| 函数名 | … | 缺点 |' then '|Sigmoid| … |1. 可能出现梯度消失问题；<br>2. …|': each row's drawback cell lists
    the drawbacks of what its first cell names."""
    items: list[LabelledItem] = []
    column = None
    for index, raw in enumerate(passage.raw.split("\n")):
        line = raw.strip()
        if not line.startswith("|"):
            column = None
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if column is None:
            column = next((i for i, cell in enumerate(cells) if DRAWBACK_HEADER.fullmatch(cell.strip(" *"))), None)
            continue
        if column >= len(cells) or re.fullmatch(r"[:\-\s]*", cells[0]):
            continue  # the rule under the header
        owner = re.sub(r"<br\s*/?>", " ", cells[0]).strip(" *")
        text = plain_line(re.sub(r"<br\s*/?>", " ", cells[column]))
        pieces = [p.strip() for p in re.split(r"(?:^|\s)\d{1,2}[.、)）]\s*", text) if p.strip()]
        items.extend(LabelledItem(index, owner, piece) for piece in pieces)
    return items


DRAWBACK_WORDS = re.compile(r"缺点|不足|局限|劣势|存在的问题|面临的问题|disadvantages|drawbacks|limitations|cons", re.I)
DRAWBACK_HEADER = re.compile(r"缺点|不足|劣势|局限性?|disadvantages?|cons", re.I)


def reason_items(passage: Passage, plain_line) -> list[LabelledItem]:
    """Every item listed under a label of reasons ('原因：', '产生 X 的原因：'): each names a cause of X."""
    return labelled_items(passage, plain_line, REASON_LABEL, re.compile("原因"))


def labelled_items(passage: Passage, plain_line, label_pattern: re.Pattern, words: re.Pattern) -> list[LabelledItem]:
    """The items under each line (or the heading) that `label_pattern` matches: the rest of the label line,
    split at inline numbers ('1）A  2）B'), or the list items below it."""
    items: list[LabelledItem] = []
    if not words.search(passage.raw + "".join(passage.heading_path[-1:])):
        return items  # no label word anywhere: no line needs reading
    labels = [(-1, passage.heading_path[-1])] if passage.heading_path else []
    lines = passage.raw.split("\n")
    labels += [(index, _LOOSE_ITEM_MARKER.sub("", plain_line(raw))) for index, raw in enumerate(lines)]
    for index, text in labels:
        label = label_pattern.match(plain_line(text).strip(" *_") if index < 0 else text.strip(" *_"))
        if not label:
            continue
        if label.group("rest"):
            pieces = [p.strip() for p in _INLINE_NUMBER.split(label.group("rest")) if p.strip()]
            items.extend(LabelledItem(index, label.group("owner"), piece) for piece in pieces)
        else:
            items.extend(_items_after(lines, index, label.group("owner"), plain_line))
    return items


_LIST_INTRO = re.compile(r"(?:以下|如下|下面)(?:的|几个|几点|几种|这些)?|(?:几个|几点|两个|三个)(?:缺点|问题|不足)")
"""A prose line that introduces the list below it ('由于存在以下的问题，…', '它有几个缺点。')."""


def _items_after(lines: list[str], index: int, owner: str | None, plain_line) -> list[LabelledItem]:
    """The list items (or short plain lines) right under a label, up to the next heading or label."""
    found: list[LabelledItem] = []
    listed = None
    for offset in range(index + 1, len(lines)):
        raw = lines[offset]
        if not raw.strip():
            continue
        if raw.lstrip().startswith(("#", "|", "$$", "<", "```")) or len(found) == MAX_ITEMS:
            break
        is_item = _LOOSE_ITEM_MARKER.match(raw) is not None and not raw.startswith((" ", "\t"))
        if listed is None and index < 0 and not is_item and _LIST_INTRO.search(raw):
            continue  # '## X存在的问题' › '由于存在以下的问题，…' › '- A': the line introduces the list under the heading
        if listed is None:
            listed = is_item
        if raw.startswith((" ", "\t")) and listed:
            continue  # an indented remark under an item
        text = _LOOSE_ITEM_MARKER.sub("", plain_line(raw)).strip(" *_")
        if is_item != listed or _OTHER_LABEL.match(text) or DRAWBACK_LABEL.match(text) or REASON_LABEL.match(text):
            break
        found.append(LabelledItem(offset, owner, text))
    return found


_LEADS = re.compile(r"^(?:在?[^，。：]{1,12}?(?:中|时(?![间刻候序长])))?(?:容易|易|会|可能会|可能|仍然|依然|仍|还是|还|也|都|同样|依旧|存在|出现|有)*")
"""What may open an item before the effect: a setting ('训练时', '反向传播中'), a modal, 'there is'."""
_TAILS = re.compile(r"(?:等)?(?:的)?(?:问题|现象|情况)$")
_MANNER = re.compile(r"随着?[^，。]{1,10}?(?:增加|增长|增大|变大|加深|变长)而?|(?:成|呈)[\u4e00-\u9fff]{1,3}(?:型|式|级)地?|"
                    r"(?:迅速|快速|极速|急剧|大幅|不断|持续|逐渐|显著|明显)地?")
"""How an effect comes about ('随着语料库的增长而', '成指数型', '快速'): no part of the effect's name."""
_DEGREE = re.compile(r"非常|很|较为|比较|较|相对|过于|太|极其|极|十分|特别|略|相当|更加|会")
EFFECT = re.compile(r"(?P<noun>[\u4e00-\u9fff]{2,6}?)(?P<predicate>缓慢|变慢|慢|高|大|长|差|低|困难|膨胀|丢失|不佳|不稳定|不平衡|昂贵|耗时|受限|下降|累积|过多|过大|过高|过长|"
                    r"缺失|偏移|停滞|降低|过小|过低)")
"""An effect: a noun and a predicate of harm ('训练速度慢', '计算复杂度高', '词表膨胀', '参数更新困难')."""
_NOMINAL_HARMS = "膨胀|丢失|受限|下降|降低|累积|缺失|偏移|停滞"
"""Harms a note may write as a noun after 的 ('训练目标的偏移', '误差的累积'): the effect is the noun and the harm."""
_NOT_NOUN = re.compile(r"[是在把被对将使让得的了着不没无和与或这那其我你他它要需如果则就并而但以从到为于给一个些]|使用|利用|采用|可以|能够|^[能可]|产生|造成|导致|引起|带来|越来越|任何")
DRAWBACK_IS = r"(?:主要|最大)?的?(?:缺点|不足|弊端)(?:之一)?(?:就|则|主要)?(?:是|在于)"
"""'（X 的）主要缺点是 …': what follows is a drawback said of X ('BERT 的缺点是训练代价非常高')."""
_GENERIC_OPENER = re.compile(r"^(?:模型|网络)(?=[\u4e00-\u9fff]{2})")


def item_heads(text: str) -> list[str]:
    """The phrases an item opens with: its label before '：', else its first clauses ('A，B；C')."""
    head = text.split("：", 1)[0].split(":", 1)[0] if re.search(r"[：:]", text[:14]) else text
    clauses = [c.strip() for c in re.split(r"[，,；;。！!（(]|\.\s", head) if c.strip()]
    return clauses[:3]


def problem_core(phrase: str) -> str:
    """'仍存在梯度消失问题' → '梯度消失': what the item names, leads and 问题/现象 dropped."""
    return _TAILS.sub("", _LEADS.sub("", phrase.strip())).strip()


MEASURE = re.compile(r"^(?:计算|时间|空间|算法|模型)?复杂度")
"""'计算复杂度高' in a drawback list rates the concept itself (a property, judged blind three times), unlike
'训练速度慢' or '梯度消失', which its use brings about."""


def rates_itself(effect: str) -> bool:
    """The effect is a measure of the concept (MEASURE), not something it causes."""
    return MEASURE.search(effect) is not None


def effect_name(phrase: str) -> str | None:
    """'训练速度非常慢' → '训练速度慢', '模型收敛较慢' → '收敛慢'; None for anything but a noun and a harm."""
    core = _DEGREE.sub("", _MANNER.sub("", problem_core(phrase)))
    core = re.sub(r"^([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{5,6}(?=的[\u4e00-\u9fff]{0,4}(?:" + _NOMINAL_HARMS + r")$))的(?=[\u4e00-\u9fff]{2})",
                  r"\1", core)  # '词表的维度膨胀' is 词表维度膨胀; '网络学习速度的降低' 网络学习速度降低
    match = EFFECT.fullmatch(core)
    if not match or _NOT_NOUN.search(match.group("noun")):
        return None
    return _GENERIC_OPENER.sub("", core)


COST_EFFECT = re.compile(
    r"(?P<noun>训练代价|计算代价|代价|计算量|计算复杂度|时间复杂度|空间复杂度|复杂度|计算开销|开销|计算成本|成本|训练时间|"
    r"推理时间|参数量|内存占用|显存占用|内存消耗|显存消耗)(?:高|大|长)"
    r"|(?P<slow>训练速度|收敛速度|推理速度|计算速度|训练|收敛|推理|计算)(?:慢|缓慢)"
    r"|(?P<weak>效率|训练效率|计算效率)(?:低|差)"
)
"""A cost said of a concept: its price, its time, its slowness ('训练代价高', '收敛慢', '效率低')."""
CONNECTORS = frozenset("因此 所以 因而 故 而 但 但是 且 并且 同时 然而 不过 另外 此外".split())
"""Words that may open a cost clause before its concept (因此 X 的训练代价非常高)."""


def cost_name(phrase: str) -> str | None:
    """'训练代价非常高' → '训练代价高' when the phrase is only a cost (COST_EFFECT)."""
    name = effect_name(phrase)
    return name if name and COST_EFFECT.fullmatch(name) else None


def cost_names(text: str) -> list[str]:
    """Costs a text states at the end of a clause ('…的训练代价非常高。'): names for the lexicon."""
    found = []
    for clause in re.split(r"[，。；,;！!？?（）()\n]", text):
        clause = clause.strip()
        if not clause or not re.search(r"[高大长慢低差]$", clause):
            continue
        for start in range(max(0, len(clause) - 12), len(clause) - 1):
            name = cost_name(clause[start:])
            if name:
                found.append(name)
                break
    return found


SIZE_WORDS = "大|小|高|低|多|少|深|浅|长|短|快|慢"
DEGREE_OF_SIZE = re.compile(r"(?:太|过于|过)(?P<size>" + SIZE_WORDS + ")")
"""A setting pushed too far: '太高', '过大', '过于深'."""


def setting_name(noun: str, size: str) -> str:
    """'learning rate' and 高 → 'learning rate过高': one name however the degree was written (太高, 过于高, 过高)."""
    return f"{noun}过{size}"


_SETTING_HOLDER = r"(?:[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff ]{0,9}在)?"
"""What a mismatch is said of, before it ('Dropout 在训练与预测时…'): no part of its name."""
_HOLDER = r"(?:[\u4e00-\u9fff]{1,6}?)?"
"""Who depends or is sensitive, before 对 ('模型对目标位置的敏感性'): no part of the name."""
NAMED_HARMS = (
    (re.compile(_SETTING_HOLDER + r"(?P<core>(?P<a>[\u4e00-\u9fff]{2,4}?)(?:时|阶段|过程)?(?:和|与)(?P<b>[\u4e00-\u9fff]{2,4}?)"
                r"(?:时|阶段|过程)?(?:使用)?的?不一致)"), "{a}与{b}不一致"),
    (re.compile(r"(?P<core>(?P<a>[\u4e00-\u9fff]{2,10}?)的不一致)"), "{a}不一致"),
    (re.compile(_HOLDER + r"(?P<core>对于?(?P<a>[\u4e00-\u9fff]{2,8}?)的(?P<h>敏感性|敏感度|依赖性|依赖))"), "{a}{h}"),
    (re.compile(r"(?P<core>(?:较差|很差|更差)的(?P<a>性能|效果|泛化能力|泛化性能))"), "{a}差"),
    (re.compile(r"(?P<core>(?:巨大|高昂|较高|很高|更高)的(?P<a>计算成本|计算代价|成本|代价))"), "{a}高"),
    (re.compile(r"(?P<core>(?:巨大|较大|很大|更大)的(?P<a>计算开销|开销|计算量))"), "{a}大"),
)
"""Harms written as a noun phrase with 的 that a cue may govern, and the one name each gets: a mismatch of two
things ('训练与预测时不一致' → 训练与预测不一致, one harm, not two items), of one ('各方向的…量级的不一致'), a
dependence or sensitivity ('对目标位置的敏感性' → 目标位置敏感性) and a poor quality or high cost ('较差的性能' →
性能差)."""


_VAGUE = re.compile(r"^(?:某|这|那|此|该|任何|一些|其他|其它)")
"""'对某些属性的依赖' names no particular dependence."""


def named_harm(phrase: str) -> tuple[str, str] | None:
    """(the harm's name, the phrase as written without its holder) when the phrase is one of NAMED_HARMS."""
    for pattern, template in NAMED_HARMS:
        match = pattern.fullmatch(phrase.strip())
        if match and not _VAGUE.match(match.group("a")):
            return template.format(**match.groupdict()), match.group("core")
    return None


CLAUSE_STATES = ("受到限制|受限|不稳定|缓慢|变慢|变快|变大|变小|变差|过大|过小|过高|过低|膨胀|困难|平滑|慢|快|大|小|高|低")
"""What a clause after a causing or solving cue may say its noun becomes ('训练变慢', '词表过大', '曲面平滑')."""
_STATE_NAMES = {"受到限制": "受限"}
"""One name for a state however it is written: '并行能力受到限制' is 并行能力受限."""
CLAUSE_EFFECT = re.compile(
    r"(?P<noun>[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff\-]{0,11}?(?:的[A-Za-z\u4e00-\u9fff\-]{2,6}?)?)\s*"
    r"(?:都|也|会|将)?(?:变得)?(?:" + _DEGREE.pattern + r"|更)*(?P<state>" + CLAUSE_STATES + r")")
"""A clause that is a noun and the state it comes to: '训练变慢', 'loss曲面变得更加平滑', 'softmax的计算复杂度很高'."""
_NOT_A_NOUN = re.compile(r"^(?:它|这|那|其|此|该|我|你|他|她|大家|人们|任何|一些|某|的)|[是在把被将使让得地了着不没有要需则就而但从到给对当如若及上]|"
                         r"能够|可以|使用(?!率)|利用(?!率)|采用|进行|通过|具有|越来越|尽可能|^[能可会更]|[减增降提加扩缩放]$|[减增降提加扩缩放]的|"
                         r"\d|[$\\_]|(?<![A-Za-z])[A-Za-z](?![A-Za-z])|" + _DEGREE.pattern)
"""No noun phrase: a pointer ('它', '这'), a clause ('我们可以', '对新数据的…', '尽可能地'), a verb of change before
the state ('尺寸减小' says the size is reduced: no state word of its own), a degree ('极大的困难'), a number or a
variable ('x', '$w$')."""
_BARE_NOUN = re.compile(r"^(?:模型|网络|算法|方法|结果|事情|东西|问题|情况|过程|效果|速度)$")
"""A noun too general to name what changes ('使模型更快' says nothing of what in the model)."""


def clause_effect(clause: str) -> tuple[str, str] | None:
    """(the effect's name, the clause as written) when a clause is only a noun and its state:
    'loss曲面变得更加平滑' → loss曲面平滑, '模型的并行能力受到限制' → 并行能力受限, 'softmax的计算复杂度很高' →
    softmax计算复杂度高. Adverbs, 变得 and a generic owner ('模型的') go; the noun must name a thing (_NOT_A_NOUN).
    Only for a clause a cue governs (kg.terms.problems.clause_effects): free text states no effect."""
    written = clause.strip()
    match = CLAUSE_EFFECT.fullmatch(written)
    if not match:
        return None
    noun = _GENERIC_OPENER.sub("", re.sub(r"^(?:模型|网络)的", "", match.group("noun")))
    if _NOT_A_NOUN.search(noun) or _BARE_NOUN.match(noun) or len(noun) < 2:
        return None
    state = match.group("state")
    return noun.replace("的", "") + _STATE_NAMES.get(state, state), written


LIMITS = re.compile(r"^(?:也|还|会|都|就)?(?:严重)?限制了(?P<limited>.+)$")
"""'X 限制了 Y': Y is what is limited ('小批量限制了GPU的效率')."""


def limited_effect(said: str) -> str | None:
    """'限制了模型的并行能力' → 并行能力受限: what a cause limits is in the state 受限, named as clause_effect
    names '模型的并行能力受限' (so the same checks keep '限制了它的…' and '限制了取得…' out)."""
    match = LIMITS.match(said.strip())
    effect = clause_effect(match.group("limited") + "受限") if match else None
    return effect[0] if effect else None
