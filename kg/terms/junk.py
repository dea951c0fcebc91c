"""The junk filter: what is too long, too generic, a sentence, a URL or a formula to be a concept's name."""
from __future__ import annotations

import re

from kg.normalize import has_cjk

MAX_CJK_CHARS = 12
MAX_EN_WORDS = 5
_STOPWORDS = frozenset(
    """
    的 了 和 与 或 是 在 有 为 把 被 对 中 上 下 等 及 其 这 那 之 以 于 而 也 又 就 都 并 从 到 由 将 让 使 给 向
    我们 你们 他们 它们 这个 那个 这些 那些 一个 一种 一些 什么 怎么 为什么 如何 哪些 可以 需要 通过 进行 使用 因为 所以
    但是 然后 如果 那么 其中 以及 或者 还是 不是 就是 这样 这里 例如 比如 问题 方法 步骤 介绍 总结 简介 概述 定义 缺点 优点
    注意 参考 参考回答 回答 答案 公式 原理 过程 结构 作用 区别 其他 其它 目录 附录 练习 小结 摘要 代码 实现 示例 例子 图 表
    the a an of and or to in on for with by is are was be as at from this that these those it its we you our your
    what why how which when where who not no yes can may will should would could one two three first second
    example examples note notes summary exercises introduction overview model models method methods data figure
    table code output input use using used step steps result results problem problems value values set function us
    """.split()
)
GENERIC_TERMS = frozenset(
    """
    模型 数据 训练 计算 优化 网络 输出 输入 预测 参数 方法 问题 结果 特征 任务 样本 信息 函数 算法 系统 框架 结构 过程 现象 改进
    应用 效果 性能 速度 时间 向量 矩阵 层 单元 节点 权重 损失 误差 目标 值 概率 分布 文本 句子 词 单词 序列 语料 标签
    类别 场景 思想 思路 实现思路 架构 正确 错误 注意 重点 难点 常见 其他 补充 特点 缺点 优点 原因 技术 方式 机制 基础概念 基本概念 知识点 常见问题 面试题 一般提问 测试 实现 分析
    推导 证明 总结 小结 概述 简介 背景 动机 定义 含义 意义 目的 本质 核心 关键 难点 评估 指标 作用 影响 条件 范围
    loss data model training input output prediction parameters weights layer layers network networks
    """.split()
)
TITLE_JUNK = re.compile(
    r"的|讲一下|说一下|介绍|简答|简述|谈谈|常见问题|知识点|概念$|总结$|问题$|方法$|办法$|优缺点|区别|过程$|作用$|场景$|原理$|思想$|"
    r"缺点$|优点$|分类$|步骤$|实现$|如何|怎么|什么|为什么|哪些|吗$"
)
_URLISH = re.compile(r"https?:|www\.|\.(?:com|cn|org|html?)\b|@", re.I)
_FORMULA = re.compile(r"[$\\^{}=<>|#*`~]|\d+\s*[+*/]\s*\d+")
PUNCT_INSIDE = re.compile(r"[，。！？；：、,!?;:\"“”‘’《》（）()\[\]【】&]")


_BAD_CJK_START = re.compile(
    r"^(?:如何|怎么|怎样|为什么|各种|各个|其|只要|每|这|那|该|此|所|一个|一种|一般|通过|进行|使用|可以|如果|因为|所以|但|而|并|即|基于|关于|对于|针对|"
    r"引入|采用|利用|导致|造成|引起|带来|防止|避免|解决|缓解|减少|降低|提高|"  # '**引入噪声**' is what X does, not a name
    r"就|将|把|被|对|在|从|与|和|或|及|等|更|最(?!大[^化的]|小[^化的]|近邻)|很|不|没|也|都|还|又|我|你|他|它|有|是|的|了|着|过|上|下|中|后|前|用|以|让|使|给|向)"
)


def is_good_term(term: str) -> bool:
    """Short, not a sentence, URL, formula fragment, number or stopword."""
    term = term.strip()
    if len(term) < 2 or term.lower() in _STOPWORDS or term.lower() in GENERIC_TERMS or term.isdigit():
        return False
    if re.match(r"^[⭐⚠️「」\d.\s=]", term) or "⭐" in term or "⚠" in term:
        return False
    if _URLISH.search(term) or _FORMULA.search(term) or PUNCT_INSIDE.search(term):
        return False
    if has_cjk(term):
        cjk = sum(1 for ch in term if "\u4e00" <= ch <= "\u9fff")
        if cjk > MAX_CJK_CHARS or term[-1] in "的了是在和与或吗呢中上里时后前" or _BAD_CJK_START.match(term):
            return False
        if cjk > 5 and re.search(r"的|作为|进行|使用|通过", term):
            return False  # a phrase ('长度可变的序列作为输入'), not a name
        return True
    words = term.split()
    return len(words) <= MAX_EN_WORDS and any(ch.isalpha() for ch in term) and not term[0].isdigit()
