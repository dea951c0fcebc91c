"""Token-level judgements the relation rules share: where a subject may stand, where a noun
phrase ends, which names are negated. Pure functions over spaCy Docs and concept spans."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.cues import CJK_CUE_WORDS
from kg.normalize import is_acronym

@dataclass(frozen=True)
class ConceptSpan:
    start: int
    end: int
    concept: str


SUBJECT_GAP_WORDS = frozenset(
    """
    可以 能 能够 可 主要 也 还 都 会 就 则 来 用来 用于 有效 有效地 很好地 一定程度上 在一定程度上 稍微 大大 也可以 同时 有时 有时候 分别
    是 被 主要用来 用 本身 本质 本质上 实际上 则是 就是 其实 往往 通常 一般 经常 常 常常 很 更 较 比较 不仅 还能 还可以 也能 可有效
    模型 网络 方法 算法 机制 结构 技术 层 函数 中 里 内部 之中 容易 很容易 往往会 可能 可能会 it can also effectively helps help to which that this often typically
    may could usually generally largely greatly significantly commonly widely is are be used problem model models network networks method methods algorithm algorithms
    ） ) 并 并且 而且 且 然后 再 先 最后 首先 接着 此外 另外 进而 从而 还会 因而 因此 仅 仅仅
    比如 例如 譬如 需要 就需要 必须 要 地 极大 极大地 极大的 显著 显著地 明显 明显地 很大程度上 在很大程度上 较好地 更好地 进一步 成功 成功地 基本 基本上 完全 彻底
    """.split()
)
"""Words that may stand between a subject and its cue (X 可以有效 缓解 Y); anything else breaks the link."""
MAX_SUBJECT_GAP = 4
"""Tokens a subject may stand before its cue."""


VARIANT_NOUNS = frozenset("变体 变种 改进 改进版 扩展 升级版".split())


def followed_by_variant_noun(doc, span: ConceptSpan) -> bool:
    """'是一种 RNN 的变体' states a variant, not a kind."""
    tail = [t.text for t in doc[span.end : span.end + 3]]
    if tail and tail[0].startswith("的") and tail[0][1:].lstrip("一种个") in VARIANT_NOUNS:
        return True  # '的变体' is one token when the cue table has it
    return len(tail) >= 2 and tail[0] == "的" and tail[1] in VARIANT_NOUNS


def english_plurals(name: str) -> list[str]:
    """'Vanishing Gradient' also matches 'vanishing gradients' (lower-case patterns match any case), 'Focal Loss'
    'focal losses', 'probability' 'probabilities', and an acronym its plural with a small s: 'CNNs', 'LSTMs',
    'ReLUs', 'GELUs' ('RS', 'QOS' end in a capital S, which is a letter of theirs)."""
    if re.fullmatch(r"[A-Za-z][A-Za-z \-]*[a-z]", name) and len(name) > 3 and not name.isupper():
        if name.endswith(("ss", "x", "ch", "sh")):
            return [name, name + "es"]
        if name.endswith("s"):
            return [name]  # 'Bias', 'Naive Bayes'
        if re.search(r"[^aeiou]y$", name):
            return [name, name + "s", name[:-1] + "ies"]
        return [name, name + "s"]
    if is_acronym(name):
        return [name, name + "s"]
    return [name]


def gap_ok(doc, start: int, end: int, extra: frozenset = frozenset()) -> bool:
    """Only adverbs and modal words stand between a subject and its cue."""
    gap = _adverbs_joined([token.text.lower() for token in doc[start:end]])
    return len(gap) <= MAX_SUBJECT_GAP and all(word in SUBJECT_GAP_WORDS or word in extra for word in gap)


def _adverbs_joined(words: list[str]) -> list[str]:
    """'极大 的' / '有效 地' cut in two by the segmenter are the one adverb '极大的' / '有效地'."""
    joined: list[str] = []
    for word in words:
        if word in ("的", "地") and joined and joined[-1] + word in SUBJECT_GAP_WORDS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


ASPECT_TITLE = re.compile(r"[^\s，。?？]{0,4}(缺点|优点|优缺点|作用|特点|原理|思想|过程|步骤|实现|实施过程|问题|改进|应用|场景|使用场景|总结|简介|介绍|定义|公式|推导|局限|局限性|不足|好处|意义|目的|动机)")
TOPIC_RELATIONS = frozenset({"has_component", "solves", "uses", "causes"})


def next_clause_openers(doc, spans: list[ConceptSpan], start: int, stop: int) -> list[str]:
    """The concept that opens the next clause: '通过使用 Y，X 能够…', '相比于 Y，X …'; or each name of a bare list
    that opens it ('与 Y 相比，A 和 B 的…'). [] when no concept opens it."""
    breaks = [i for i in range(start, stop) if doc[i].text in CLAUSE_BREAKS]
    opening = breaks[0] + 1 + (1 if breaks and breaks[0] + 1 < stop and doc[breaks[0] + 1].lower_ == "the" else 0) if breaks else 0
    later = [s for s in spans if breaks and s.start == opening]  # 'unlike RNN, the Transformer …'
    if not later:
        return []
    end = next((i for i in range(opening, stop) if doc[i].text in CLAUSE_BREAKS and doc[i].text != ","), stop)
    return [s.concept for s in bare_enumeration(doc, spans, opening, end)] or [later[0].concept]


def line_label(doc, spans: list[ConceptSpan]) -> str | None:
    """'（1）深层网络：…导致梯度爆炸' — a name and a colon open the line: the line is about it.
    So does the first cell of a table row ('ReLU | … | 解决了梯度消失的问题')."""
    if not spans:
        return None
    first = spans[0]
    lead = [t.text for t in doc[: first.start]]
    if not all(re.fullmatch(r"[（(]|[)）]|\d{1,2}[.、)）]?|[-*•]", t) for t in lead):
        return None
    after = [t.text for t in doc[first.end : first.end + 3]]
    if after[:1] and after[0] in (":", "：", "|"):
        return first.concept
    if after[:1] == ["的"]:
        after = after[1:]
    if len(after) >= 2 and after[0] in MERIT_WORDS and after[1] in (":", "："):
        return first.concept  # 'BERT的优点：可以…': the label names whose merits the line lists
    return None


MERIT_WORDS = frozenset("优点 缺点 优势 劣势 好处 作用 不足 局限性 优缺点".split())


def no_break(doc, start: int, end: int) -> bool:
    return not any(token.text in CLAUSE_BREAKS for token in doc[start:end])


NEGATIONS = frozenset("没有 不 未 无法 不能 不会 并不 从不 没能 未能 难以 not never cannot".split())
CLAUSE_BREAKS = frozenset(list("，,；;：:") + ["，", "；"])


def negated(doc, span: ConceptSpan) -> bool:
    """'非凸函数', '不可导': a name right after a negating prefix is not that thing."""
    return span.start > 0 and doc[span.start - 1].text in ("非", "不", "无", "没有", "并非", "non", "not")


PHRASE_END_WORDS = frozenset(
    "问题 现象 等 等等 了 情况 风险 的问题 的现象 的情况 的风险 和 与 或 及 以及 、 ， 。 ； ： , . ; : ) ） ( （ "
    "problem problems issue issues phenomenon".split()  # 'the vanishing gradient problem'
)
GENERIC_HEADS = frozenset("模型 网络 算法 方法 函数 机制 结构 层 框架 架构 技术 思想 model models network networks layer layers "
                          "technique techniques method methods approach approaches algorithm algorithms function functions "
                          "architecture architectures mechanism mechanisms".split())


def phrase_ends(doc, span: ConceptSpan) -> bool:
    """The name closes its noun phrase: end of sentence, punctuation, a conjunction or a generic head noun."""
    if span.end >= len(doc):
        return True
    following = doc[span.end].text.lower()
    if following == "的" and span.end + 1 < len(doc):
        return doc[span.end + 1].text in ("问题", "现象", "情况", "风险")
    if following in GENERIC_HEADS:  # 'AdaGrad 算法' ends the name; '…算法学习率下降的问题' does not end the phrase
        return phrase_ends(doc, ConceptSpan(span.start, span.end + 1, span.concept))
    return following in PHRASE_END_WORDS or following in ENGLISH_FOLLOWERS or doc[span.end].is_punct


ENGLISH_PREPOSITIONS = frozenset("between of in on for with from after before into over under within without across among".split())
ENGLISH_FOLLOWERS = frozenset("in on for by with when while during and or but because since so which that as at to from".split())


CLOSING_TAGS = ("v", "p", "c", "d", "u", "r", "f", "y", "e", "o", "t")
"""jieba tags of a word that ends the noun phrase before it: verb, preposition, conjunction, adverb,
particle, pronoun, locative (X 中), modal particle, interjection, onomatopoeia, time word."""
SEPARATORS = frozenset(["、", "，", ",", "和", "与", "及", "以及", "或", "或者", "and", "or", "/", "／", "还有"])
"""What stands between the items of an enumeration (A、B和C; A，B以及C; A, B, and C)."""
CONJUNCTIONS = frozenset(["和", "与", "及", "以及", "或", "或者", "and", "or", "还有", "、", "/", "／"])
DETERMINERS = frozenset("a an the 一个 一种 多个 各种 一些 这种 该 其 新的 新 额外的".split())
LEAD_TAGS = ("m", "q", "a", "b", "d", "r", "u")
"""Tags of words that may stand between a cue and its object: numbers, measures, adjectives, 的."""
MAX_LEAD = 5
MAX_MODIFIER = 10


WAYS_OF = frozenset("结构 架构 思想 思路 框架".split())
"""'采用 Transformer 的结构', '使用 GAN 的思想': what is taken of X is X itself."""
MERITS = frozenset("优点 长处 优势".split())
"""'结合了 AdaGrad 和 RMSprop 的优点' combines the two ('拥有并行计算的优势' has no part)."""


def followed_by_merits(doc, span: ConceptSpan) -> bool:
    """'X 的 优点/长处/优势' follows the name."""
    return span.end + 1 < len(doc) and doc[span.end].text == "的" and doc[span.end + 1].text in MERITS


def closes_phrase(doc, span: ConceptSpan, merits: bool = False) -> bool:
    """The concept is the head of its noun phrase: what follows is punctuation, a conjunction, a verb or
    preposition, 的问题, or a generic head noun (Adam 算法). 'X 块', 'X 的 输出' name something else."""
    if span.end >= len(doc):
        return True
    token = doc[span.end]
    following = token.lower_
    if following == "的":  # 'X 的问题' closes X, 'X 的 输出' names the output; '是优于 X 的。' closes X
        return span.end + 1 >= len(doc) or doc[span.end + 1].text in ("问题", "现象", "情况", "风险", "缺点", "不足") \
            or doc[span.end + 1].text in WAYS_OF or (merits and followed_by_merits(doc, span)) or doc[span.end + 1].is_punct
    if following in ("中", "里", "内", "上") and span.end + 1 < len(doc) and not doc[span.end + 1].is_punct:
        return False  # 'relu 中 x<0 部分的 dead 问题' is about a part of relu
    if following in ("外", "之外", "以外", "之前", "之后", "以前", "以后"):
        return False  # 'Transformer 外使用了…' is about what stands outside it
    if following in GENERIC_HEADS or following in CLASS_HEADS:  # 'ReLU 激活函数' is ReLU
        return closes_phrase(doc, ConceptSpan(span.start, span.end + 1, span.concept))
    if following == "$":
        gloss = _math_end(doc, span.end)
        if gloss is not None:  # '激活函数 $\phi$': the symbol glosses the name
            return closes_phrase(doc, ConceptSpan(span.start, gloss, span.concept), merits)
    if token.is_punct or following in PHRASE_END_WORDS or following in ENGLISH_FOLLOWERS or following in SEPARATORS:
        return True
    if token.tag_ == "m" and span.end + 1 < len(doc) and doc[span.end + 1].text in ("部分", "个部分", "项"):
        return True  # '由 A 和 B 两 部分 组成': the count of the items ends the last one
    if following.isdigit() and span.end + 1 < len(doc) and doc[span.end + 1].text in ("、", ")", "）", "."):
        return True  # '1、LSTM 可以解决梯度消失问题 2、Batchnorm': the next item's number ends the phrase
    if re.fullmatch(r"[a-z][a-z\-]*", following):
        return False  # English: 'LSTM cells' names the cells
    if following in PURPOSE_WORDS or following in PREDICATE_STARTS or following in CUE_WORD_SET:
        return True
    if token.tag_ == "v" and span.end + 1 < len(doc) and doc[span.end + 1].tag_.startswith("n"):
        return True  # '激活函数 转换 隐藏层 的输出': a verb and its object follow the name, which ends its phrase
    if token.tag_ == "v" and len(token.text) == 2 and _CJK.match(token.text) \
            and (span.end + 1 >= len(doc) or (doc[span.end + 1].text != "的" and doc[span.end + 1].tag_ != "v")):
        return True  # 'ResNet 通过 残差块 构建 跨层的数据通道': a verb of two characters goes on with the clause
        # ('通过 非线性 映射 减小…': a verb right after it made that one a noun, 非线性映射)
    if "的" in [t.text for t in doc[span.end : span.end + 3]]:
        return False  # '长度 可变 的 序列', '目标检测 中 的 类别': the name sits in a modifier
    return token.tag_.startswith(CLOSING_TAGS)


ADJECTIVAL_VERBS = frozenset("原始 标准 常用 传统 经典 简单 基本 一般 通用 普通 特殊 原版 改进版 深层 浅层 双向 多层".split())
USE_VERBS = frozenset("使用 使用了 采用 采用了 利用 利用了 引入 引入了 加入 加入了 通过 借助 用 结合 结合了".split())
REPORTING_VERBS = frozenset("认为 指出 发现 表明 证明 说明 观察到 注意到 知道 看到 显示 相信 认识到".split())
PREDICATE_STARTS = frozenset("是 也 都 可以 可 能 能够 会 就 则 还 被 不 没有 并 已经 主要 通常 一般 往往 常常 容易".split())
"""Words after a name that begin the sentence's predicate: the name closed the subject."""
CUE_WORD_SET = frozenset(CJK_CUE_WORDS)
_CJK = re.compile(r"[\u4e00-\u9fff]")
PURPOSE_WORDS = frozenset("来 作为 以 用来 用于 进行 去 将 把 在 从 为 进而 从而 并 而 时 后 实现 计算 训练 预训练 微调 得到".split())
"""Words after an object that start the rest of the clause (使用 X 来 …, 用 X 作为 …)."""
CLASS_SUFFIX = re.compile(r"(函数|模型|算法|方法|网络|框架|机制|技术|策略|优化器|损失|架构|结构|工具|工具包|库|决策树|树)$")


ONE_INSTANCE_OF = re.compile(r"第(?:[一二三四五六七八九十\d]{1,3}|\$[^$]{1,8}\$)个?(?:[^\s，。的]{1,8}的)?")
"""'第一个', '第$l$个 隐藏层 的': an ordinal picks one instance (of the thing whose part the subject is)."""


def subject_phrase_ok(doc, span: ConceptSpan, first: int, spans: list[ConceptSpan]) -> bool:
    """The concept opens its own noun phrase in subject position: no verb before it in the clause
    ('选择 不同的 X 会带来' is about choosing), and no unknown noun right before it ('序列搜索 策略')."""
    inside = {i for s in spans for i in range(s.start, s.end)}
    for i in range(first, span.start):
        word = doc[i].lower_
        if i in inside or not doc[i].tag_.startswith(("v", "p")) or word in SUBJECT_GAP_WORDS or word in ADJECTIVAL_VERBS:
            continue
        if word in USE_VERBS or (i + 1 < len(doc) and doc[i + 1].text == "的"):
            continue  # '使用了 X 有效防止了 Y' is about X; '改进的 X' is a modifier
        named_before = i - 1 in inside or (i >= 2 and doc[i - 1].lower_ in GENERIC_HEADS and i - 2 in inside)
        if word in ("与", "和", "及", "跟") and named_before and i + 1 in inside:
            continue  # 'A 与 B 都使用…': the two names are coordinated
        if word in REPORTING_VERBS:
            continue  # '有些文献认为 X 是…': what is reported is a sentence about X
        return False
    if span.start > first and re.fullmatch(r"第[一二三四五六七八九十\d]{1,3}个?", doc[span.start - 1].text):
        return False  # '第一个卷积层使用…': one instance, not the concept ('每个 X 都…' is every X)
    if ONE_INSTANCE_OF.fullmatch("".join(t.text for t in doc[first : span.start])):
        return False  # '第$l$个隐藏层的隐状态使用…': the state of one layer
    if span.start > first and span.start - 1 not in inside:
        before = doc[span.start - 1]
        english = re.fullmatch(r"[A-Z][A-Za-z\-]*", before.text) is not None  # 'Mask R-CNN' is not R-CNN
        if (before.tag_.startswith(("n", "vn")) and _CJK.search(before.text)) or english and before.lower_ not in DETERMINERS:
            return False
        if before.lower_ in ENGLISH_PREPOSITIONS or (before.text.islower() and before.text.endswith("ing") and before.lower_ != "using"):
            return False  # 'pooling between inception blocks reduces…', 'Removing the layers reduces…': not the subject
    return True


def name_before_class(spans: list[ConceptSpan], index: int, doc) -> int | None:
    """'ReLU 激活函数 缓解了…' / 'CART 决策树 使用…' are about ReLU and CART: a name right before a class
    noun concept is the subject. Two other names side by side ('循环神经网络 编码器') name a third
    thing the lexicon lacks: None."""
    if index > 0 and spans[index - 1].end == spans[index].start:
        return index - 1 if CLASS_SUFFIX.search(doc[spans[index].start : spans[index].end].text) else None
    return index


SAID_OF = frozenset("模型 网络 神经网络 深度网络 训练".split())
"""What a problem may be said of right after its cue ('防止 模型 过拟合') without changing which problem it is."""


def lead_ok(doc, start: int, end: int, clausal: bool = False) -> bool:
    """Only determiners, numbers, adjectives and modifiers ending in 的 stand between a cue and its object.
    `clausal`: the modifier may hold a verb (是一种 [改进模型泛化的] 正则化方法); otherwise only nouns and
    adjectives (减少 [合成图像中的] 噪点), so '通过考虑相互独立的事件' has no object."""
    gap = doc[start:end]
    if len(gap) == 0:
        return True
    if clausal and len(gap) == 1 and gap[0].lower_ in SAID_OF:
        return True  # '防止模型过拟合', '导致网络退化': the problem said of the model is the problem
    if len(gap) <= MAX_HOLDER and holds_dependence(doc, end) and all(t.tag_.startswith("n") for t in gap):
        return True  # '减少 神经元 [对上层神经元的依赖]': who depends stands before the dependence
    if any(t.text in CLAUSE_BREAKS or t.text == "。" for t in gap):
        return False
    count = _count_lead(gap)
    if gap[-1].text == "的":
        if any(t.text == "$" for t in gap):
            return False
        modifier = gap[count:-1]
        having = not _clause_verbs(modifier) and any(t.text in HAVING_VERBS for t in modifier[:3])
        clause_words = any((t.tag_.startswith(("c", "r")) and not (having and t.text in INNER_CONJUNCTIONS))
                           or t.text in ("是", "我们", "此", "这") for t in modifier)
        return len(gap) <= MAX_MODIFIER and (clausal or not _clause_verbs(modifier)) and not clause_words
    units = _plain_lead(gap[count:])
    return units is not None and units + (1 if count else 0) <= MAX_LEAD


HAVING_VERBS = frozenset("有 具有 带有 含有 拥有 带 具备".split())
"""A modifier opening with one of these says what the head has ('具有相同输出通道的 卷积层'): the head is
still the object, whatever the segmenter tags the words inside ('输出', '通道' as verbs)."""
_COUNT = re.compile(r"(?:[0-9]+|[一二两三四五六七八九十百几多]+)(?:个|种|层|块|组)?")
_RANGE_WORDS = frozenset("或 或者 到 至 ~ ～ -".split())


def having_modifier(doc, start: int, stop: int) -> range | None:
    """'有 2个 [有 输出通道数 相同 的] 3×3卷积层': the tokens of a modifier right after a cue that says what its
    head has, up to its 的. A cue word inside ('有', '相同') is part of the object's phrase, not a new cue."""
    i = start
    while i < stop and i - start < 3 and (doc[i].tag_.startswith(("m", "q")) or doc[i].lower_ in DETERMINERS):
        i += 1
    i += _count_lead(doc[i:stop])
    if i >= stop or doc[i].text not in HAVING_VERBS:
        return None
    for j in range(i + 1, min(stop, i + MAX_MODIFIER)):
        if doc[j].text in CLAUSE_BREAKS or doc[j].text in ("。", "$"):
            return None
        if doc[j].text == "的":
            return range(i, j + 1)
    return None


def _count_lead(gap) -> int:
    """How many tokens open the gap with a count range ('一个 或 多个', '两到 三个'): '或' and '到' between
    two numbers join the numbers, not two things."""
    texts = [t.text for t in gap]
    if len(texts) >= 3 and _COUNT.fullmatch(texts[0]) and texts[1] in _RANGE_WORDS and _COUNT.fullmatch(texts[2]):
        return 3
    if len(texts) >= 2 and texts[0][-1:] in _RANGE_WORDS and _COUNT.fullmatch(texts[0][:-1]) and _COUNT.fullmatch(texts[1]):
        return 2  # the segmenter glued 到 / 或 to the first number
    return 0


LAYOUT_WORDS = frozenset("全连接 双向 单向 多层 单层 深层 浅层 稠密 多头 堆叠".split())
"""How a part is laid out ('增加一个 全连接 隐藏层'), tagged as verbs: it describes the part. Words for a base
version ('基本', '传统') are not here: '包含基本循环神经网络' names the model a thing extends, not a part."""


def _plain_lead(tokens) -> int | None:
    """How many words the lead has when it holds only determiners, numbers, adjectives, words of a layout
    ('全连接', '双向') and a size in math ('$1\\times 1$ 卷积层', '$n$ 个'); None when it holds anything else."""
    i, units = 0, 0
    while i < len(tokens):
        t = tokens[i]
        units += 1
        if i + 1 < len(tokens) and t.text + tokens[i + 1].text in LAYOUT_WORDS:
            i += 2  # '全 连接' cut in two by the segmenter
            continue
        if t.text == "$":
            closing = next((j for j in range(i + 1, len(tokens)) if tokens[j].text == "$"), None)
            math = "".join(x.text for x in tokens[i + 1 : closing]) if closing is not None else ""
            counted = closing is not None and closing + 1 < len(tokens) and tokens[closing + 1].tag_ == "q"
            if not MATH_SIZE.fullmatch(math) or not (re.search(r"\d|times|×", math) or counted):
                return None  # '$n$ 元语法' names a thing; '$n$ 个' counts, '$3\times3$' sizes
            i = closing + 1
            continue
        if not (t.lower_ in DETERMINERS or t.text == "了" or (t.tag_.startswith(LEAD_TAGS) and t.tag_ != "uj") or t.text in LAYOUT_WORDS):
            return None
        i += 1
    return units


MATH_SIZE = re.compile(r"(?:\d+|[a-zA-Z])(?:(?:\\times|×|\*)(?:\d+|[a-zA-Z]))*")
"""A size or a count written in math: '1\\times1', '3×3', 'n'."""
INNER_CONJUNCTIONS = frozenset("和 与 及 以及 或 或者".split())
"""'具有 256 个单元 和 ReLU 激活函数 的 全连接层': inside a modifier that says what its head has, 和 joins what
it has; the head is still the one object."""


def _clause_verbs(modifier) -> bool:
    """The modifier before 的 holds a verb of its own clause ('考虑 相互独立 的 事件'). Not so when it opens
    with a having verb (what the head has), or when its verbs only say what can be done to the head
    ('可 复用 的 卷积块', '可学习的 参数')."""
    opening = next((t for t in modifier if not (t.tag_.startswith(("m", "q")) or t.lower_ in DETERMINERS)), None)
    if opening is not None and opening.text in HAVING_VERBS:
        return False
    verbs = [i for i, t in enumerate(modifier) if t.tag_.startswith(("v", "p")) and t.tag_ != "vn"]
    return any(not (modifier[i].text == "可" or (i > 0 and modifier[i - 1].text == "可")
                    or (len(modifier[i].text) >= 3 and modifier[i].text.startswith("可"))) for i in verbs)


def phrase_head(doc, after: list[ConceptSpan], index: int) -> tuple[ConceptSpan, int]:
    """From after[index], follow 'A 的 B' chains to the head: 'RNN 的 梯度消失 问题' → 梯度消失."""
    head = after[index]
    while index + 1 < len(after):
        gap = [t.text for t in doc[head.end : after[index + 1].start]]
        if gap == ["的"] or gap == ["中", "的"]:
            index += 1
            head = after[index]
        else:
            break
    return head, index


MAX_HOLDER = 2
"""Tokens of the noun that depends or is sensitive, before '对 X 的依赖/敏感性' (kg.effects.NAMED_HARMS)."""


def holds_dependence(doc, index: int) -> bool:
    """The name at doc[index] is a dependence or sensitivity written from its 对 ('对目标位置的敏感性')."""
    return index < len(doc) and doc[index].text.startswith("对") and len(doc[index].text) > 3


def _holders_dropped(doc, spans: list[ConceptSpan]) -> list[ConceptSpan]:
    """'降低 卷积层 对位置的敏感性': the layer that is sensitive is no object of the cue; its sensitivity is."""
    return [s for s, following in zip(spans, [*spans[1:], None])
            if not (following is not None and following.start == s.end and holds_dependence(doc, following.start))]


def object_items(doc, after: list[ConceptSpan], cue_end: int, stop: int, clausal: bool = False,
                 bounded: bool = False, closed_at: int | None = None, merits: bool = False) -> list[ConceptSpan]:
    """The concepts a cue governs, one per item of an enumeration (A、B和C → three), each the head
    of its noun phrase. [] when the phrase after the cue is not headed by a known concept.
    `closed_at`: where a frame cue's closing words start ('在 Y 的基础上'): a name ending there ends its phrase."""
    after = _holders_dropped(doc, [s for s in after if s.start >= cue_end and s.end <= stop])
    first = next((i for i, s in enumerate(after) if lead_ok(doc, cue_end, s.start, clausal)), None)
    if first is None:
        return []
    head, index = phrase_head(doc, after, first)
    if not closes_phrase(doc, head, merits) and head.end != closed_at:
        return []
    items = [head]
    saw_conjunction = False
    while index + 1 < len(after):
        gap = [t for t in doc[head_noun_end(doc, items[-1]) : after[index + 1].start] if t.lower_ not in DETERMINERS]
        gap = [t.lower_ for t in gap[: len(gap) - _item_modifiers(gap)]]  # 'A、非线性 B 和 C': B's own modifier
        if not gap or not all(word in SEPARATORS for word in gap) or len(gap) > 2:
            break
        saw_conjunction = saw_conjunction or any(word in CONJUNCTIONS for word in gap)
        following, index = phrase_head(doc, after, index + 1)
        if not closes_phrase(doc, following, merits) and following.end != closed_at:
            if any(word in CONJUNCTIONS for word in gap):
                return []  # 'A 和 B 的 文本序列': the coordination modifies a noun the lexicon does not name
            break
        items.append(following)
    after_last = items[-1].end < len(doc) and doc[items[-1].end].lower_ in CONJUNCTIONS
    if not (saw_conjunction or after_last or bounded):
        # 'A，B …' with no 和/、 anywhere: the comma may end the clause, not join two items
        cut = next((i for i, item in enumerate(items[1:], 1)
                    if any(t.text in ("，", ",") for t in doc[items[i - 1].end : item.start])), len(items))
        items = items[:cut]
    return items


LIST_JOINERS = frozenset(["、", "和", "与", "及", "以及", "and", ","])
"""What joins a list of names each of which the sentence speaks of ('A、B 和 C 使用…', 'compare A, B and C'): not
或 (a choice: 'A 与 B 或 C 的区别' sets A against either), not the Chinese comma (it may close a topic)."""


def bare_enumeration(doc, spans: list[ConceptSpan], start: int, stop: int, closed_at: int | None = None) -> list[ConceptSpan]:
    """The enumeration object_items reads from doc[start], when it is names side by side ('A、B 和 C'): the first
    opens at `start`, only LIST_JOINERS stand between two (past a class noun: 'RMSProp 算法 与 动量法'), and no item
    is the head of 'A 的 B' or stands inside another's modifier. [] for fewer than two."""
    items = object_items(doc, spans, start, stop, bounded=True, closed_at=closed_at)
    named = [s for s in spans if items and items[0].start <= s.start and s.end <= items[-1].end]
    if len(items) < 2 or items[0].start != start or named != items:
        return []
    gaps = [doc[head_noun_end(doc, a) : b.start] for a, b in zip(items, items[1:])]
    return items if all(t.lower_ in LIST_JOINERS for gap in gaps for t in gap) else []


ITEM_MODIFIER_TAGS = ("a", "b")
"""Adjectives and attributives ('非线性', '全局') that may stand before an item's name inside an enumeration."""


def _item_modifiers(gap) -> int:
    """How many tokens at the end of the gap before an item modify it (at most two, after a separator)."""
    count = 0
    for token in reversed(gap):
        if count == 2 or not token.tag_.startswith(ITEM_MODIFIER_TAGS) or token.lower_ in SEPARATORS:
            break
        count += 1
    return count if count < len(gap) else 0


def head_noun_end(doc, span: ConceptSpan) -> int:
    """Where the item ends when a generic head noun or a symbol closes it: '自注意力 层 和 前馈网络' goes on
    after 层, '重置门 $r_t$ 和 更新门' after the symbol."""
    end = span.end
    while end < len(doc):
        if doc[end].lower_ in GENERIC_HEADS or doc[end].text in CLASS_HEADS:
            end += 1
        elif doc[end].text == "$" and _math_end(doc, end) is not None:
            end = _math_end(doc, end)
        else:
            break
    return end


CLASS_HEADS = frozenset("激活函数 损失函数 优化器 优化算法 神经网络".split())
"""Class nouns a name stands before as its instance ('使用了 ReLU 激活函数', 'Adam 优化器'): the name is the thing."""
MAX_SYMBOL = 16


def _math_end(doc, start: int) -> int | None:
    """Past the closing '$' of the math opening at doc[start], when it is a short symbol on the same line."""
    for j in range(start + 1, min(len(doc), start + MAX_SYMBOL)):
        if doc[j].text == "$":
            return j + 1 if j > start + 1 else None
        if doc[j].text in ("。", "，", "=", "＝"):
            return None
    return None
