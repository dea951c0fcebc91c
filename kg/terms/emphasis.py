"""Names the notes stress where they introduce them: bold, emphasis with a gloss or a definition, defined quotes."""
from __future__ import annotations

import re

from kg.normalize import has_cjk
from kg.terms.english import TECH_EN
from kg.terms.junk import is_good_term
from kg.terms.lines import ITALIC, plain_line

_BOLD = re.compile(r"\*\*([^*\n]{1,40})\*\*|__([^_\n]{1,40})__")


def bold_terms(raw: str) -> list[str]:
    """Bold names; a compound '梯度消失 / 梯度爆炸' or 'A、B' is two names."""
    pieces = [piece.strip() for m in _BOLD.finditer(raw) for t in m.groups() if t for piece in _COMPOUND_SPLIT.split(t)]
    # d2l introduces a term as '*权重衰减*（weight decay）': emphasis plus a gloss, not emphasis alone
    pieces += [m.group(1) for m in ITALIC.finditer(raw) if has_cjk(m.group(1)) and raw[m.end() : m.end() + 1] in ("（", "(")]
    pieces += [m.group(1) for m in _CALLED_ITALIC.finditer(raw)]
    pieces += [m.group(1) for m in _DEFINED_ITALIC.finditer(raw)] + defined_quotes(raw)
    pieces += [m.group(2) or m.group(3) for piece in pieces for m in [_VERB_OBJECT.match(piece)] if m]
    return [piece for piece in pieces if is_good_term(piece)]


_CALLED_ITALIC = re.compile(r"(?:称为|称作|叫做|叫作|称之为)(?:一个|一种|一组)?\*([^*\s$][^*$\n]{0,30}?)\*(?![*A-Za-z0-9_])")
"""d2l names a term where it defines it, without a gloss: '这些数字被称为*自由度*', '称作一个*头*'."""
_DEFINED_ITALIC = re.compile(r"(?:^|(?<=[。，；：,;:]|而)|(?<=^[-*+] )|(?<=^\d\. ))\s*\*([^*\s$][^*$\n]{0,30}?)\*"
                             r"(?=是|将|则|使|也叫|用于|指(?!出)|为(?!什么|了))", re.M)
"""An emphasised term that opens its clause and is what the clause defines: '*填充*是解决…', '，*词性标注*为每个
单词…', '- *图像分割*将图像划分…'. Not emphasis inside a phrase ('会被*重置*为默认值', '网络的*层数*为1')."""
_DEFINED_QUOTE = re.compile(r"(?:(?P<called>(?:称为|称作|叫做|叫作|称之为))|(?<!不)是(?:一个|一种|一类)?(?:[^“”，。；：\n]{0,8}的)?)"
                            r"“(?P<term>[^“”\n]{2,16})”(?:(?P<end>[。；]|$)|(?P<comma>[，,）)])|(?=任务|问题|模型|方法|算法|原则))", re.M)
"""A quoted term a clause names or defines: '被称为“赫布学习”。', '是一个流行的“文本对回归”任务', '一种方法是“预处理”。'.
After a bare 是 only a quote that ends the sentence or stands before a kind noun: '是“深度”的' is a scare quote, and a
quoted plain English word is an example word ('主题是“store”而不是“mall”')."""


def defined_quotes(raw: str) -> list[str]:
    """The terms _DEFINED_QUOTE finds, read on each line as the rules read it ('“$k$步预测”' is k步预测)."""
    return [m.group("term") for line in raw.split("\n") if "“" in line for m in _DEFINED_QUOTE.finditer(plain_line(line))
            if not (m.group("comma") and not m.group("called")) and (has_cjk(m.group("term")) or TECH_EN.fullmatch(m.group("term")))]


_VERB_OBJECT = re.compile(r"^(导致|造成|引起|带来|防止|避免|解决|缓解|减少|降低)([\u4e00-\u9fff]{2,6})$"
                          r"|^(?:引入)((?:[\u4e00-\u9fff]{0,4})(?:噪声|噪音|误差|偏差|方差))$")
"""A bold verb and its object ('**防止过拟合**', '**引入噪声**') stresses the problem it names; 引入 only a harm
('**引入依赖项**' is a step)."""


_COMPOUND_SPLIT = re.compile(r"\s*(?:/|／|、)\s*")
