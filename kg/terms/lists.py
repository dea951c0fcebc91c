"""Names a list fills: the items under a line that announces parts or kinds, and the effects a drawback list names."""
from __future__ import annotations

import re

from ingest import Passage
from kg.effects import DRAWBACK_IS, drawback_items, effect_name, item_heads
from kg.terms.junk import TITLE_JUNK, is_good_term
from kg.terms.lines import plain_line

_ANNOUNCING_LINE = re.compile(r"(?:组成|构成|包括|包含|分为|分成|几种|几类|以下|如下|部分|部件|组件|步骤)[^。]{0,12}[:：]\s*$")
_ITEM_LABEL = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)、])\s+(?:\*\*|\*|__)?([^：:，。,*_]{2,14}?)(?:\*\*|\*|__)?\s*[：:]")


def announced_items(raw: str) -> list[str]:
    """Labels of list items under a line that announces parts or kinds ('由两个部分组成：' then
    '* 卷积编码器：…'): each fills the announcing cue's argument, so each is a name."""
    names, announcing = [], False
    for line in raw.split("\n"):
        if not line.strip():
            continue
        item = _ITEM_LABEL.match(line)
        if announcing and item:
            name = item.group(1).strip()
            if is_good_term(name) and not TITLE_JUNK.search(name):
                names.append(name)
            continue
        announcing = (":" in line or "：" in line) and bool(_ANNOUNCING_LINE.search(plain_line(line)))
    return names


_DRAWBACK_GATE = re.compile(r"缺点|不足|局限|劣势|存在的问题|面临的问题")
"""A passage that may list drawbacks: a label word, or a heading of problems ('离散表示存在的问题')."""
_DRAWBACK_SAID = re.compile("的" + DRAWBACK_IS + r"([^，。；,;]{2,16})")


def drawback_effects(passage: Passage) -> list[str]:
    """Effects a drawback list names ('缺点：' then '- 训练速度非常慢'): each is the name of what the concept causes."""
    if not _DRAWBACK_GATE.search(passage.raw + "".join(passage.heading_path[-1:])):
        return []
    names = [effect_name(head) for item in drawback_items(passage, plain_line) for head in item_heads(item.text)]
    names += [effect_name(m.group(1)) for m in _DRAWBACK_SAID.finditer(passage.text)]  # 'X 的缺点是词表会膨胀'
    return [name for name in names if name and is_good_term(name)]
