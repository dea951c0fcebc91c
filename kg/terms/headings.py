"""Names in heading titles, and the titles that name a step of a procedure instead of a concept."""
from __future__ import annotations

import re

from kg.terms.junk import TITLE_JUNK, is_good_term

_HEADING_SPLIT = re.compile(r"\s*(?:/|／|\bvs\.?\b|\bversus\b|与|和|及|、|,|，|:|：|\band\b)\s*", re.I)


_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.])\s*")
PROCEDURE_TITLE = re.compile(
    r"(?:定义|实现|读取|加载|下载|创建|构建|构造|实例化|整理|准备|编写|运行|绘制|可视化|获取|设置|修改|查看|访问|保存|提取|转换|"
    r"简洁实现|从零开始|额外|回顾|练习|讨论|延伸|拓展|扩展阅读|使用|比较|小结)(?=.)"
    r"|(?:训练|计算|预测|测试|评估|初始化|应用|微调|优化)(?:一个|的)?(?:模型|网络|数据集?|参数|模型参数|结果|代码|函数|损失|梯度|精度|准确率)"
    r"|生成(?:一个)?(?:数据集?|样本)$"  # not 生成模型, a kind of model
    r"|(?:defining|training|reading|loading|implementing|creating|computing|initializing|using|evaluating|building|preparing|"
    r"downloading|putting|concise|summary|exercises|discussion)\b",
    re.I,
)
"""A heading that names a step of a procedure, not a concept (训练模型, 定义损失函数, Defining the Model)."""


def heading_terms(title: str) -> list[str]:
    """Concept-like pieces of a heading: '正则化 Regularization' → ['正则化', 'Regularization']."""
    title = _HEADING_NUMBER.sub("", title).strip()
    if not title or re.search(r"[?？]|什么|为什么|如何|怎么|哪些|吗$", title) or PROCEDURE_TITLE.match(title):
        return []
    pieces = []
    for piece in _HEADING_SPLIT.split(title):
        piece = piece.strip(" -–—.()（）=")
        pieces.extend(_split_zh_en(piece))
    return [p for p in pieces if is_good_term(p) and not TITLE_JUNK.search(p)]


def _split_zh_en(piece: str) -> list[str]:
    """'支持向量机 Support Vector Machine' → both halves; a pure piece stays whole."""
    match = re.fullmatch(r"([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*)\s+([A-Za-z][A-Za-z0-9 \-']*)", piece)
    if match:
        return [match.group(1), match.group(2).strip()]
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9 \-']*?)\s+([\u4e00-\u9fff][\u4e00-\u9fff]*)", piece)
    if match:
        return [match.group(1).strip(), match.group(2)]
    return [piece]
