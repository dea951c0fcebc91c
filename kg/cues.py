"""Cue phrases that state a typed relation, in Chinese and English.

Each cue has a shape that says where subject and object stand:
  infix     X cue Y            (Dropout 用于解决 过拟合; GRU is a variant of LSTM)
  list      X cue A、B、C       (LSTM 包括 遗忘门、输入门、输出门)
  of        X 是 Y cue         (X 是 Y 的一种 / 的变体 / 的改进)
  pair      X 与 Y cue         (LSTM 与 GRU 的区别; difference between X and Y)
  prefix    cue Y，X           (相比 LSTM，GRU …)
  around    X 由 A、B cue      (Seq2Seq 由 编码器 和 解码器 组成)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    relation: str
    shape: str
    words: tuple[str, ...]
    """Token sequence (lower case) that must appear."""
    language: str
    confidence: float


def _cues(relation: str, shape: str, language: str, confidence: float, phrases: str) -> list[Cue]:
    return [Cue(relation, shape, tuple(p.split()), language, confidence) for p in phrases.split("|")]


CUES: list[Cue] = [
    *_cues("has_component", "list", "zh", 0.85, "包括|包含|分为|由以下部分组成|主要包括|包含了|包括了|组成部分有|分成"),
    *_cues("has_component", "list", "zh", 0.8, "分别为|分别是|拥有|含有|有多个|中有|由两部分组成|由三部分组成"),
    *_cues("has_component", "around", "zh", 0.9, "组成|构成|组成的|构成的"),
    *_cues("has_component", "list", "en", 0.85, "consists of|is composed of|composed of|is made up of|comprises|contains|includes"),
    *_cues("solves", "infix", "zh", 0.85, "用于解决|用来解决|可以解决|能够解决|能解决|解决了|解决|缓解|缓解了|防止|避免|克服|减轻|减少|降低|抑制|用于防止|可以防止|可以缓解|可以避免"),
    *_cues("solves", "infix", "en", 0.85, "addresses|mitigates|prevents|solves|alleviates|reduces|avoids|overcomes|tackles|counteracts"),
    *_cues("is_a", "infix", "zh", 0.85, "是一种|是一类|属于|是一个特殊的|是一种特殊的|作为一种|是一个|指的是一个|本质上是一种|实际是一种|实际上是一种"),
    *_cues("is_a", "of", "zh", 0.85, "的一种|的一类|的一个特例|的特例|之一"),
    *_cues("is_a", "infix", "en", 0.8, "is a kind of|is a type of|is a form of|is a special case of|is an instance of"),
    *_cues("variant_of", "of", "zh", 0.85, "的一种变体|的一个变体|的一种变种|的一种改进|的改进|的变体|的变种|的改进版|的改进版本|的扩展|的简化版|的升级版|的推广"),
    *_cues("variant_of", "infix", "zh", 0.8, "改进了|扩展了|简化了"),
    *_cues("variant_of", "infix", "en", 0.85, "is a variant of|a variant of|extends|is an extension of|improves on|improves upon|is a simplified"),
    *_cues("compared_with", "pair", "zh", 0.85, "的区别|的对比|的比较|的异同|区别|对比|的不同|有什么区别|有何不同"),
    *_cues("compared_with", "infix", "en", 0.85, "vs|vs.|versus|compared with|compared to"),
    *_cues("compared_with", "prefix", "zh", 0.8, "相比|相比于|相较于|对比于|优于|好于|不如|劣于|比不上"),
    *_cues("compared_with", "pair", "zh", 0.8, "相反|不同|类似|相似|的差异|差别"),
    *_cues("uses", "infix", "zh", 0.8, "使用|使用了|采用|采用了|利用|利用了|用到|借助|基于"),
    *_cues("uses", "infix", "en", 0.8, "uses|relies on|employs|adopts|utilizes|is based on|builds on"),
    *_cues("causes", "infix", "zh", 0.85, "导致|会导致|引起|会引起|造成|会造成|带来|引发"),
    *_cues("causes", "infix", "en", 0.85, "leads to|causes|results in|gives rise to"),
    *_cues("alias", "infix", "zh", 0.9, "又称|也叫|简称|也称|又叫|亦称|也被称为|又被称为|也称为|俗称|全称"),
    *_cues("alias", "infix", "en", 0.9, "also called|also known as|known as|aka|short for|abbreviated as"),
]
CUES = [cue for cue in CUES if cue.words]

CJK_CUE_WORDS = sorted({word for cue in CUES if cue.language == "zh" for word in cue.words})
"""Added to the segmenter so each Chinese cue comes out as one token."""
