"""Word tables that more than one module of kg.subjects reads (a table read by one module stands beside the
function that reads it): fields, class nouns, the writer, examples and suppositions, connectives, coordinators."""
from __future__ import annotations


CONTRASTING = frozenset("而 但 但是 然而 而且 并且".split())
"""'而 X …，利用 Y …': a conjunction before the name that opens the sentence leaves the name its subject."""
NO_SECTION_OPENERS = frozenset("为了 如果 假如 若 只要 否则 要是".split())
"""A sentence that opens with a purpose or a condition brings in something for, or only sometimes in, the
section's concept: the section is not what does it."""

PREDICATE_JOINERS = frozenset("并 并且 而且 且 同时 还 并能 还能 还可以 也能 也可以".split())

MERIT_LABELS = frozenset("优点 缺点 优势 劣势 好处 作用 不足 局限 局限性 主要优点 主要缺点 advantages disadvantages pros cons".split())
"""'优点：可以防止过拟合' / '缺点：容易导致梯度消失': the label says which side of the section's concept the line
lists; like a discourse marker it is no subject (not 改进：, whose items are remedies brought in from elsewhere)."""

PURPOSE_GAP = frozenset("为了 是为了 就是为了 主要是为了".split())
"""'残差是为了解决网络退化': between a named subject and its cue, a purpose marker keeps the link
(a clause that opens with 为了 and names no subject stays without one)."""

COORDINATORS = frozenset(["、", "，", ",", "和", "与", "及", "以及", "或"])

GENERIC_SUBJECTS = frozenset("模型 模型结构 网络结构 整体结构 结构 整个模型 该模型 网络 框架 架构 整体架构 模型框架 model architecture".split())

WRITERS = frozenset("我们 我们可以 我们会 我们就 我们将 我们还 我们也 we".split())

FIELDS = frozenset("深度学习 机器学习 自然语言处理 计算机视觉 人工智能 统计学 数学 实践 nlp cv".split())

EXAMPLE_OPENERS = frozenset("比如 例如 譬如".split())
SUPPOSING = frozenset("例如 比如 譬如 假设 假如 如果 若 设想 想象".split())
CLASS_NOUNS = frozenset("架构 模型 网络 方法 算法 机制 结构 层 函数 框架 技术 策略 优化器 损失 块 模块 单元 "
                        "architecture model network method algorithm layer function".split())

CARRY_CONNECTIVES = frozenset("因此 所以 而且 并且 同时 但 但是 而 然而 此外 另外 相反 于是".split())
"""'因此它可以使用 Y': a connective before the pointer leaves it the clause's subject."""
