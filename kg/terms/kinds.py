"""The kind a '是一种 X' sentence names: a technical modifier and a class noun (KIND_HEADS)."""
from __future__ import annotations

import re

from kg.terms.junk import is_good_term
from kg.terms.lines import plain_line

KIND_HEADS = ("算法", "模型", "方法", "网络", "函数", "损失", "优化器", "分类器")
_KIND_NAME = r"([\u4e00-\u9fff]{2,6}(?:" + "|".join(KIND_HEADS) + r"))"
_KIND_PHRASE = re.compile(r"(?:是|为)(?:[^，。；：、\n]{0,16}?(?:提出|发明|设计)的)?(?:一种|一个|一类)(?:[^，。；：、\n]{1,12}的)?"
                          + _KIND_NAME + r"(?=[，。；：（(]|$)|是[^，。；：、\n]{0,12}的" + _KIND_NAME + "之一")
_PLAIN_MODIFIER = re.compile(r"^(?:简单|常用|常见|新|好|重要|有效|强大|流行|特殊|标准|基本|一般|通用|普通|典型|经典|传统|主要|不同|"
                             r"非常|很|更|最|另|小|大|多|少|高|低|快|慢|单个|整个|完整|具体|实际|有用|可以|能够|这|那|某|其)")


def kind_phrases(raw: str) -> list[str]:
    """The kind a '是一种 / 是一个 / 是 …提出的一种' sentence names when the glossary lacks it: a short
    technical modifier and a class noun, ending the clause ('余弦调度器是 …提出的一种启发式算法',
    'CRF 是一个序列化标注算法，', 'Word2Vec 是最常用的词嵌入模型之一'). Not '简单的神经网络' or '常用方法':
    a plain modifier names no kind."""
    found = []
    for line in raw.split("\n"):
        for match in _KIND_PHRASE.finditer(plain_line(line)):
            name = match.group(1) or match.group(2)
            if "的" in name or _PLAIN_MODIFIER.match(name) or not is_good_term(name):
                continue
            found.append(name)
    return found
