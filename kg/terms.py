"""Candidate concept names found in the notes themselves, and the junk filter.

Sources: heading titles (split at `/`, `vs`, `与`), bold terms, and English technical
terms and acronyms inside Chinese text (BERT, L2, ResNet-50, skip-gram). Phrases that fill
a cue's argument are names too, normalised: problems and effects after a solves/causes cue
('避免网络退化问题' → 网络退化, '造成误差的快速累积' → 误差累积, with the written form kept as a
name so the cue rules read it there), a known name pushed too far before a causes cue
('学习率太大会导致…' → 学习率过大), and faulty causes labelled under '原因：' ('不合适的激活函数').
Which names the notes say are aliases of each other is kg.aliases' business.
"""
from __future__ import annotations

import re
from collections import Counter

from ingest import Passage
from ingest.clean import clean_markdown
from kg.effects import (DEGREE_OF_SIZE, DRAWBACK_IS, clause_effect, cost_names, drawback_items, effect_name, item_heads,
                        limited_effect, named_harm, problem_core, reason_items, setting_name)
from kg.model import PassageTerms
from kg.normalize import has_cjk, normalize_term
from kg.segment import everyday_words

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
_TITLE_JUNK = re.compile(
    r"的|讲一下|说一下|介绍|简答|简述|谈谈|常见问题|知识点|概念$|总结$|问题$|方法$|办法$|优缺点|区别|过程$|作用$|场景$|原理$|思想$|"
    r"缺点$|优点$|分类$|步骤$|实现$|如何|怎么|什么|为什么|哪些|吗$"
)
_URLISH = re.compile(r"https?:|www\.|\.(?:com|cn|org|html?)\b|@", re.I)
_FORMULA = re.compile(r"[$\\^{}=<>|#*`~]|\d+\s*[+*/]\s*\d+")
_PUNCT_INSIDE = re.compile(r"[，。！？；：、,!?;:\"“”‘’《》（）()\[\]【】&]")
_HEADING_SPLIT = re.compile(r"\s*(?:/|／|\bvs\.?\b|\bversus\b|与|和|及|、|,|，|:|：|\band\b)\s*", re.I)
_BOLD = re.compile(r"\*\*([^*\n]{1,40})\*\*|__([^_\n]{1,40})__")
_TECH_EN = re.compile(
    r"(?<![A-Za-z0-9_\-])("
    r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"  # BERT, ResNet, RoBERTa, GPT-2
    r"|[A-Z][A-Za-z]*\d+[A-Za-z\d]*(?:-[A-Za-z0-9]+)*"  # L2, F1, ResNet50
    r"|[a-z]+\d+[a-z]+"  # word2vec, seq2seq
    r"|[A-Za-z][a-z]+(?:-[A-Za-z0-9]+)+"  # skip-gram, self-attention, ResNet-50
    r")(?![A-Za-z0-9_])"
)
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
    if _URLISH.search(term) or _FORMULA.search(term) or _PUNCT_INSIDE.search(term):
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


def heading_terms(title: str) -> list[str]:
    """Concept-like pieces of a heading: '正则化 Regularization' → ['正则化', 'Regularization']."""
    title = _HEADING_NUMBER.sub("", title).strip()
    if not title or re.search(r"[?？]|什么|为什么|如何|怎么|哪些|吗$", title) or PROCEDURE_TITLE.match(title):
        return []
    pieces = []
    for piece in _HEADING_SPLIT.split(title):
        piece = piece.strip(" -–—.()（）=")
        pieces.extend(_split_zh_en(piece))
    return [p for p in pieces if is_good_term(p) and not _TITLE_JUNK.search(p)]


def _split_zh_en(piece: str) -> list[str]:
    """'支持向量机 Support Vector Machine' → both halves; a pure piece stays whole."""
    match = re.fullmatch(r"([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*)\s+([A-Za-z][A-Za-z0-9 \-']*)", piece)
    if match:
        return [match.group(1), match.group(2).strip()]
    match = re.fullmatch(r"([A-Za-z][A-Za-z0-9 \-']*?)\s+([\u4e00-\u9fff][\u4e00-\u9fff]*)", piece)
    if match:
        return [match.group(1).strip(), match.group(2)]
    return [piece]


_SPHINX_ROLE = re.compile(r":(?:numref|cite|eqref|ref|label|citep|citet):`[^`\n]{0,120}`")
_STRUCK = re.compile(r"\(?~~[^~\n]*~~\)?")
_ITALIC = re.compile(r"(?<![*\\A-Za-z0-9_$])\*([^*\s$][^*$\n]{0,40}?)\*(?![*A-Za-z0-9_])")
_BRACKETED_BOLD = re.compile(r"\(\*\*([^\n]*?)\*\*\)")


_GLUED_SYMBOL = re.compile(r"\$([A-Za-z])(?:_\{?([A-Za-z0-9])\}?)?\$(?!\*?[的是和与或在中为对了及等将把被从到由以时个])"
                           r"(?:\*(?=[\u4e00-\u9fff])([^*$\n]{1,40}?)\*|(?=[\u4e00-\u9fff]))")
"""One symbol in math glued to the Chinese name it opens: '$L_2$范数', '$n$元语法', '$k$折交叉验证',
'$L_2$*正则化*'. Not '$x$的', '$A$和', '$n$个样本', where the symbol stands alone."""


def _unglue_symbol(match: re.Match) -> str:
    return match.group(1) + (match.group(2) or "") + (match.group(3) or "")


def plain_line(raw: str) -> str:
    """A line as the rules read it: struck-out text dropped (d2l's '(~~short version~~)'), Sphinx roles
    dropped (':numref:`sec_x`', ':cite:`A.2015`'), a math symbol that opens a name written as text
    ('$L_2$范数' → 'L2范数', so the name is the glossary's), single-star emphasis unwrapped
    ('是一个*线性模型*'), then ingest's Markdown cleaning."""
    line = _BRACKETED_BOLD.sub(r"\1", _STRUCK.sub("", _SPHINX_ROLE.sub("", raw[:MAX_LINE_CHARS])))
    return clean_markdown(_ITALIC.sub(r"\1", _GLUED_SYMBOL.sub(_unglue_symbol, line)))


MAX_LINE_CHARS = 4000
"""A longer line (a pasted blob) is read only this far: no sentence that states a relation is longer."""


def bold_terms(raw: str) -> list[str]:
    """Bold names; a compound '梯度消失 / 梯度爆炸' or 'A、B' is two names."""
    pieces = [piece.strip() for m in _BOLD.finditer(raw) for t in m.groups() if t for piece in _COMPOUND_SPLIT.split(t)]
    # d2l introduces a term as '*权重衰减*（weight decay）': emphasis plus a gloss, not emphasis alone
    pieces += [m.group(1) for m in _ITALIC.finditer(raw) if has_cjk(m.group(1)) and raw[m.end() : m.end() + 1] in ("（", "(")]
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
            if not (m.group("comma") and not m.group("called")) and (has_cjk(m.group("term")) or _TECH_EN.fullmatch(m.group("term")))]


_VERB_OBJECT = re.compile(r"^(导致|造成|引起|带来|防止|避免|解决|缓解|减少|降低)([\u4e00-\u9fff]{2,6})$"
                          r"|^(?:引入)((?:[\u4e00-\u9fff]{0,4})(?:噪声|噪音|误差|偏差|方差))$")
"""A bold verb and its object ('**防止过拟合**', '**引入噪声**') stresses the problem it names; 引入 only a harm
('**引入依赖项**' is a step)."""


_COMPOUND_SPLIT = re.compile(r"\s*(?:/|／|、)\s*")


def technical_terms(text: str) -> list[str]:
    return [m.group(1) for m in _TECH_EN.finditer(text) if is_good_term(m.group(1))]


_TITLE_CASE_RUN = re.compile(r"(?<![A-Za-z\-])(?<![A-Za-z] )([A-Z][a-z]+(?:-[A-Za-z]+)*(?: [A-Z][a-z]+(?:-[A-Za-z]+)*){1,3})"
                             r"(?![A-Za-z\-]| [A-Za-z])")


_TECHNICAL_HEAD = re.compile(
    r" (?:Attention|Loss|Mask|Masking|Embeddings?|Prediction|Samples?|Sampling|Encoder|Decoder|Encoding|Layer|Normalization|"
    r"Connections?|Rule|Vectors?|Positive|Negative|Extraction|Regularization|Distillation|Softmax|Tree|Memory|Frequency|"
    r"Shift|Stopping|Networks?|Model|Learning|Detection|Descent|Pooling|Function|Regression|Divergence|Entropy|Error|Rate|"
    r"Gradient|Classification|Inference|Training|Finetuning|Fine-tuning|Parameterization|Sharing|Isolation|Bayes|Forest|Algorithm)$")
"""The last word of an English ML term ('Negative Sampling', 'Attention Mask'), unlike a person's name ('Geoff
Hinton'), a product ('Amazon Web Services') or a button ('Run All'), which d2l writes in capitals too."""


_TITLE_WORD = re.compile(r"\b(?:Into|Of|The|For|And|To|In|On|With|From|By|At|Is|Are|How|What|Why)\b")
"""A small word written with a capital makes a title ('Dive Into Deep Learning'), not a term."""


def title_case_terms(text: str) -> list[str]:
    """An English name of two to four capitalised words written inside a Chinese line ('采用 Next Sentence
    Prediction 任务', '即 Layer Normalization') and ending in a _TECHNICAL_HEAD: the notes give the term
    its English name. English prose, where capitals open sentences and titles, is not read."""
    return [m.group(1) for line in text.split("\n") if has_cjk(line) for m in _TITLE_CASE_RUN.finditer(line)
            if _TECHNICAL_HEAD.search(m.group(1)) and m.group(1).count("-") < 2 and not _TITLE_WORD.search(m.group(1))
            and is_good_term(m.group(1))]


MIN_WEAK_COUNT = 2
"""An English token that is not in a heading, bold or the glossary must recur to count."""


def passage_terms(passage: Passage) -> PassageTerms:
    """What discover_terms reads of one passage by itself: a re-ingest keeps it for every unchanged passage."""
    return PassageTerms(
        headings=tuple(tuple(heading_terms(title)) for title in passage.heading_path),
        counted=(*bold_terms(passage.raw), *announced_items(passage.raw), *drawback_effects(passage),
                 *cost_names(passage.text), *title_case_terms(passage.text)),
        weak=tuple(technical_terms(passage.text)),
        kinds=tuple(kind_phrases(passage.raw)),
        problems=(*problem_phrases(passage.text), *clause_effects(passage.text)),
    )


def discover_terms(passages: list[Passage], known_names: set[str],
                   read: list[PassageTerms] | None = None) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """Candidate names across the notes (sorted), problems named with and without their 问题/现象 suffix,
    and names with the forms the notes write them in ('学习率过大' / '太大的学习率'; which other names are
    aliases: kg.aliases). `read`: passage_terms of each passage, in order, when the caller has them."""
    read = read if read is not None else [passage_terms(p) for p in passages]
    counts: Counter = Counter()
    weak: Counter = Counter()
    groups: list[list[str]] = []
    written: list[list[str]] = []
    seen_headings: set[tuple[str, str]] = set()
    for passage, terms in zip(passages, read, strict=True):
        for title, names_in_title in zip(passage.heading_path, terms.headings, strict=True):
            if (passage.path, title) in seen_headings:
                continue
            seen_headings.add((passage.path, title))
            counts.update(names_in_title)
        counts.update(terms.counted)
        weak.update(terms.weak)
    names = set(counts) | {t for t, n in weak.items() if n >= MIN_WEAK_COUNT}
    known = known_names | names
    names |= layer_compounds(passages, {normalize_term(name) for name in known})
    names |= latin_compounds(passages, {normalize_term(name) for name in known}, {normalize_term(n) for n in known_names})
    for name, surfaces in sized_kernels(passages).items():
        names.add(name)
        groups.extend([name, surface] for surface in sorted(surfaces - {name}))
    everyday = everyday_words()
    for terms in read:
        names.update(name for name in terms.kinds if name not in known
                     and not any(name[: -len(head)] in known for head in KIND_HEADS if name.endswith(head)))
    for terms in read:
        for name, surface in terms.problems:
            if _known_with_generic_prefix(name, known) or name in everyday:
                continue  # '解决实际问题' names no problem 实际
            names.add(name)
            if surface and surface != name and is_good_term(surface) and _CLOSING_PROBLEM_NOUN.search(surface):
                groups.append([name, surface])  # '网络退化问题' names 网络退化
            elif surface and surface != name and (is_good_term(surface) or written_effect(surface)
                                                  or (named_harm(surface) or ("",))[0] == name
                                                  or (clause_effect(surface) or ("",))[0] == name):
                written.append([name, surface])  # '误差的快速累积' is 误差累积 as written
    keys = {normalize_term(name) for name in known_names | names}
    for passage in passages:
        names.update(reason_labels(passage, keys))
        for name, surface in setting_phrases(passage.text, keys):
            names.add(name)
            if surface != name:
                written.append([name, surface])  # 'learning rate太高导致…' names the setting learning rate过高
    names = {name for name in names if not names_a_step(name, keys)}
    return sorted(names), groups, written


STEP_VERBS = ("预训练", "训练", "微调", "实现", "定义", "使用", "构建", "构造", "计算", "初始化", "应用", "可视化", "读取", "加载")
"""What the notes do to a thing in a heading such as '预训练word2vec' or '微调BERT'."""
MADE_NOUNS = frozenset("数据集 数据 集 误差 损失 样本 任务 过程 复杂度 代价 成本 开销 速度 时间 效率".split())
"""What a step verb makes into a name of its own: 训练数据集, 测试误差, 预训练任务, 计算复杂度, 训练代价."""


def names_a_step(name: str, known_keys: set[str]) -> bool:
    """'预训练word2vec', '实现softmax', '计算残差': a step verb and a name the notes or glossary know name a
    procedure on that thing, not a concept; as a name it would hide the thing in '使用负采样预训练word2vec'.
    '预训练模型' stays (模型 alone is no name), and so does '训练数据集' (a made noun)."""
    verb = next((v for v in STEP_VERBS if name.startswith(v)), None)
    if verb is None:
        return False
    rest = name[len(verb):].strip(" 的")
    return bool(rest) and rest not in MADE_NOUNS and normalize_term(rest) in known_keys


_LAYER_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9\-]{2,20}?(?:层|块)(?![\u4e00-\u9fff])|[\u4e00-\u9fffA-Za-z0-9\-]{2,20}?(?:层|块)(?=的|和|与|、|中|是|将|把|来|用|之)")
_LAYER_BREAKS = "的是为了和与或即称叫作把被对将及等由从向以在用有这其种个于如使"


_SPACED_LAYER = re.compile(r"(?<![A-Za-z] )(?<![A-Za-z0-9\-])([A-Za-z][A-Za-z0-9\-]*) (?=[层块])")
"""'sigmoid 层' is the sigmoid层 written with a space between the scripts; not 'Batch Normalization 层', whose
name is two words."""


def layer_compounds(passages: list[Passage], known_keys: set[str]) -> set[str]:
    """'转置卷积层', '一维卷积层', 'Inception块', 'tanh 层': a known name and 层/块 name a layer or block, which is not
    the operation or model it is named after (kg.aliases never merges them). Each such compound the
    notes write becomes a name of its own; the longest known name before 层/块 that starts a word wins."""
    found = set()
    for passage in passages:
        if "层" not in passage.text and "块" not in passage.text:
            continue
        for match in _LAYER_RUN.finditer(_SPACED_LAYER.sub(r"\1", passage.text)):
            run = match.group(0)
            for offset in range(0, len(run) - 2):
                base = run[offset:-1]
                at_word = offset == 0 or run[offset - 1] in _LAYER_BREAKS or (run[offset - 1].isascii() != base[0].isascii())
                if at_word and normalize_term(base) in known_keys:
                    compound = run[offset:]
                    if normalize_term(compound) not in known_keys and is_good_term(compound):
                        found.add(compound)
                    break
    return found


_LATIN_RUN = re.compile(r"(?<![A-Za-z0-9_\-.])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)([\u4e00-\u9fff]{2,8})")
_PERSON = re.compile(r"[A-Z][a-z]{3,}")
PART_NOUNS = ("编码器", "解码器")
"""Heads that are always a noun, so one mention names the part ('Transformer解码器也是由…'); 预训练 and 微调 can be
the verb ('用GloVe预训练的词向量') and must recur."""
PART_HEADS = (*PART_NOUNS, "预训练", "微调")
"""What a known model has or goes through, named with the model in front: 'Transformer编码器', 'BERT预训练'.
Not a kind noun ('ReLU激活函数', 'ImageNet数据集' are ReLU and ImageNet themselves)."""


_OWNED_STEP = re.compile(r"(?<![A-Za-z0-9_\-.])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\s*的(预训练|微调)"
                         r"(?=过程|阶段|任务|目标|方式|[，。；：、]|包括|分为|中|时)")
"""'BERT的预训练过程', 'BERT的微调阶段': the model's step as a noun ('BERT的预训练模型' is a model)."""


def latin_compounds(passages: list[Passage], known_keys: set[str], glossary_keys: set[str]) -> set[str]:
    """A Latin name glued to a known Chinese name, written at least twice (once for a PART_NOUNS head): a person's name and the idea
    named after them ('Bahdanau注意力', 'Tikhonov正则化'; not 'Adam优化算法', Adam is the glossary's), or a known model and one of its PART_HEADS
    ('Transformer编码器', 'BERT预训练', not '预训练BERT', a step). A known name and a kind noun is the
    name itself, no new concept."""
    counts: Counter = Counter()
    for passage in passages:
        for match in _LATIN_RUN.finditer(passage.text):
            latin, cjk = match.groups()
            head = next((cjk[:k] for k in range(len(cjk), 1, -1) if normalize_term(cjk[:k]) in known_keys), None)
            if head is None or head in GENERIC_TERMS or (cjk + "_")[len(head)] in "层块":
                continue  # 'BERT解码器层' is a layer of the decoder, not the decoder
            latin_key = normalize_term(latin)
            if (latin_key in known_keys and head in PART_HEADS) or (latin_key not in glossary_keys and _PERSON.fullmatch(latin)):
                counts[latin + head] += 1
        for match in _OWNED_STEP.finditer(passage.text):
            if normalize_term(match.group(1)) in known_keys:
                counts[match.group(1) + match.group(2)] += 1  # 'BERT的预训练阶段' is BERT预训练 written apart
    return {name for name, n in counts.items() if (n >= MIN_WEAK_COUNT or name.endswith(PART_NOUNS))
            and normalize_term(name) not in known_keys and is_good_term(name)}



_SIZED_KERNEL = re.compile(r"(?<![\d.×xX*])([1-9])\s*[×xX*]\s*\1\s*(卷积层|卷积核|卷积)")


def sized_kernels(passages: list[Passage]) -> dict[str, set[str]]:
    """'3×3卷积层', '1x1卷积': a convolution named by its kernel size is a building block of its own
    (the 1×1 convolution changes channels, the 3×3 one sees a neighbourhood), not 卷积层 in general.
    Canonical name (×) → the spellings the notes use (1x1, 1*1), which become its aliases."""
    found: dict[str, set[str]] = {}
    for passage in passages:
        if "卷积" not in passage.text:
            continue
        for match in _SIZED_KERNEL.finditer(passage.text):
            size, tail = match.group(1), match.group(2)
            found.setdefault(f"{size}×{size}{tail}", set()).add(match.group(0))
    return found


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
            if is_good_term(name) and not _TITLE_JUNK.search(name):
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


def _known_with_generic_prefix(name: str, known: set[str]) -> bool:
    """'模型过拟合' is 过拟合 said of the model: the known name is the concept."""
    return any(name.startswith(prefix) and name[len(prefix):] in known for prefix in _GENERIC_PREFIXES)


COMPOUNDING_TERMS = frozenset("计算 训练 参数".split())
"""Generic words that make a new name with a problem ('计算复杂度', '训练误差', '参数更新困难'), unlike the
model or network a problem is said of ('模型过拟合' is 过拟合)."""
_GENERIC_PREFIXES = tuple(sorted(term for term in GENERIC_TERMS if has_cjk(term) and term not in COMPOUNDING_TERMS))



def _problem_cue_pattern() -> re.Pattern:
    from kg.cues import PROBLEM_CUE_WORDS

    return re.compile("(?:" + "|".join(map(re.escape, PROBLEM_CUE_WORDS)) + "|(?P<exists>" + "|".join(EXISTENCE_WORDS) + "))了?")


EXISTENCE_WORDS = ("存在着", "存在", "出现了", "出现", "面临着", "面临", "遇到")
"""'会存在信息丢失的问题', '出现梯度消失现象': what follows names a problem only when 问题/现象 closes it."""


_PROBLEM_CUE = _problem_cue_pattern()
_PHRASE_STOP = re.compile(r"[，。；：,.;:！？!?\n（）()“”\"、]|\s{2,}|之外|以外|(?<![从进然因反])而(?=[将把使让对用])")
"""'除了…减少训练误差之外', '解决…的不一致而将梯度归一化': the phrase ends there."""
_ITEM_SPLIT = re.compile(r"和|与|以及|及|或者|或|、")
_CLOSING_PROBLEM_NOUN = re.compile(r"(?:等)?(?:的)?(?:问题|现象|情况|风险)$")
"""The noun that closes a Chinese problem phrase, 等 and 的 before it included ('梯度消失的问题', '过拟合等风险'):
what is left is the problem's name. Not kg.lexicon's _TRAILING_PROBLEM_WORD, which reads English names."""
_TRAILING_ETC = re.compile(r"(?:等等|等)$")
"""'缓解梯度消失的问题等': the list goes on; 等 is no part of a name ('问题等' named nothing)."""
_LEAD_WORDS = re.compile(r"^(?:模型的|网络的|训练的|上述的?|以上的?|这个|这一|一定的?|一定程度上的?|一些|这种|这些|该|其|了|很多|大量的?|严重的?|可能的?|潜在的?|所谓的?)")
_CLAUSE_CHARS = re.compile(r"是|在|把|被|对|将|可以|能够?|会|使|让|得|并|而|就|都|也|还|通过|进行|这|那|我|你|他|它|其|"
                           r"更|很|非常|越|较|太|不|没|无法|只|才|又|再|已|正|相反|相同|类似|相似|一样|相比|一开始|开始|之前|之后|诸如|例如|比如|"
                           r"^[一二两三四五六七八九十几多]个|\d|[A-Za-z]{6,}")
MAX_PROBLEM_CHARS = 8
_POINTER = re.compile(r"此|另|任何|某|各|哪|什么|一个|这|那")


def problem_phrases(text: str) -> list[tuple[str, str]]:
    """Problems and effects named right after a solves/causes cue, the glossary or not:
    '避免网络退化问题' → ('网络退化', '网络退化问题'); '缓解梯度消失和梯度爆炸' → two.
    Each is (name, the surface as written with its 问题/现象 suffix, or '' when it had none); an effect whose
    name is normalised ('误差的快速累积' → 误差累积) comes once more with its written form (written_effect).
    The cue fixes the phrase's left end, punctuation and conjunctions its right end."""
    found = []
    for match in _PROBLEM_CUE.finditer(text):
        window = text[match.end() : match.end() + 30]
        stop = _PHRASE_STOP.search(window)
        fragment = _TRAILING_ETC.sub("", window[: stop.start()]) if stop else ""
        if not fragment or (stop is None):
            continue
        whole = _CLOSING_PROBLEM_NOUN.search(fragment) and len(fragment) <= 12 and not re.search(r"和|、|以及", fragment)
        harm = named_harm(_CLOSING_PROBLEM_NOUN.sub("", fragment))
        if harm:
            found.extend(harm_names(*harm))  # '训练与预测时不一致' is one harm, not two items
            continue
        for item in [fragment] if whole else _ITEM_SPLIT.split(fragment):
            item = re.sub(r"等等?$", "", _LEAD_WORDS.sub("", item.strip()))  # "梯度消失的问题等" names 梯度消失
            harm = named_harm(_CLOSING_PROBLEM_NOUN.sub("", item))
            if harm:
                found.extend(harm_names(*harm))
                continue
            marked = _CLOSING_PROBLEM_NOUN.search(item)
            name = _CLOSING_PROBLEM_NOUN.sub("", item)
            headed = "的" in name
            if headed:
                name = name.rsplit("的", 1)[1]  # '合成图像中的噪点' → 噪点
            name = name.strip()
            effect = effect_name(name)  # '训练代价非常高' names the effect 训练代价高, a noun and its harm, no clause
            whole_effect = effect_name(_CLOSING_PROBLEM_NOUN.sub("", item)) if headed else None
            if whole_effect and not effect:
                effect = whole_effect  # '误差的快速累积' names 误差累积, not its last word
            name = effect or name
            if not has_cjk(name) or not 2 <= len(name) <= MAX_PROBLEM_CHARS or (_CLAUSE_CHARS.search(name) and not effect) \
                    or not is_good_term(name):
                continue
            if not marked and (match.group("exists") or not headed and len(name) < 3):
                continue  # a bare two-character object ('不同', '效果') is rarely a problem's name
            if match.group("exists") and (len(name) < 3 or _POINTER.search(name)):
                continue  # '出现另一个问题', '存在任何此类问题', '出现边界问题': no name of a problem
            found.append((name, item.strip() if marked and "的" not in item.replace(marked.group(0), "") else ""))
            written = problem_core(_CLOSING_PROBLEM_NOUN.sub("", item))
            if effect and written != name and effect_name(written) == name and written_effect(written):
                found.append((name, written))  # the name as the notes write it, so the cue rules can read it there
    return found


def _clause_cue_pattern() -> re.Pattern:
    from kg.cues import CLAUSE_CUE_WORDS

    return re.compile("(?<![即假纵])(?:" + "|".join(map(re.escape, CLAUSE_CUE_WORDS)) + ")了?(?![用得])")


_CLAUSE_CUE = _clause_cue_pattern()


def clause_effects(text: str) -> list[tuple[str, str]]:
    """Effects written as a clause right after a causing or solving cue, up to the clause's end: '会使训练变慢',
    '使得loss曲面变得更加平滑' → ('loss曲面平滑', 'loss曲面变得更加平滑'), '缓解softmax的计算复杂度很高的问题'.
    Each is (name, the clause as written; kg.effects.clause_effect): the cue rules then read the clause as the
    effect. Never free text: a clause no cue governs names no concept."""
    found = []
    for match in _CLAUSE_CUE.finditer(text):
        window = text[match.end() : match.end() + 30]
        stop = _PHRASE_STOP.search(window)
        clause = _CLOSING_PROBLEM_NOUN.sub("", _TRAILING_ETC.sub("", window[: stop.start()] if stop else window))
        effect = clause_effect(clause)
        if effect and len(effect[0]) > 2 and sum(has_cjk(ch) for ch in effect[0]) <= MAX_CJK_CHARS:
            found.append(effect)  # clause_effect checked the noun ('并行能力受限' opens like a conjunction: no is_good_term)
    for match in _LIMITED_BY_A_NAME.finditer(text):
        name = limited_effect(_PHRASE_STOP.split(text[match.start("cue") : match.start("cue") + 30], 1)[0])
        if name and sum(has_cjk(ch) for ch in name) <= MAX_CJK_CHARS:
            found.append((name, ""))  # kg.relations.stated_costs reads 'X 限制了 Y' as X causes it
    return found


_LIMITED_BY_A_NAME = re.compile(r"(?<![它这那其样])(?P<cue>限制了)")
"""'小批量限制了GPU的效率', not '这样限制了…' or '它限制了…': a pointer names no cause, so no concept either."""


def harm_names(name: str, written: str) -> list[tuple[str, str]]:
    """problem_phrases' entries for a named harm (kg.effects.NAMED_HARMS): its name, and its written form."""
    if not 2 <= len(name) <= MAX_CJK_CHARS or not is_good_term(name):
        return []
    return [(name, "")] + ([(name, written)] if written != name else [])


_WRITTEN_EFFECT = re.compile(r"[\u4e00-\u9fff]{2,6}的?(?:非常|很|较为|比较|较|相对|过于|太|极其|十分|特别|相当|更加|快速|迅速|急剧|不断|逐渐|显著|明显)?"
                             r"[\u4e00-\u9fff]{1,2}")
MAX_WRITTEN_CHARS = 10


def written_effect(written: str) -> bool:
    """'训练代价非常高', '误差的快速累积', '参数更新太大' are one noun phrase as written: a noun, at most one 的 and
    one adverb, and the harm. Not '词表会成指数型膨胀' (a clause) or anything longer than MAX_WRITTEN_CHARS."""
    return len(written) <= MAX_WRITTEN_CHARS and _WRITTEN_EFFECT.fullmatch(written) is not None \
        and not _CLAUSE_WORDS.search(written) and not _CLOSING_PROBLEM_NOUN.search(written)


_CLAUSE_WORDS = re.compile(r"也|会|都|还|就|将|要|能够|可以|可能")
"""Words of a clause, not of a name ('计算量也会很大')."""


_CAUSE_AHEAD = re.compile(r"\s*(?:就|则|也|还|都)?(?:会|容易|可能会|可能|将)?(?:导致|造成|引起|引发|带来|使得|产生)")
_SETTING_OPENS = re.compile(r"(?:^|[^\u4e00-\u9fffA-Za-z0-9\-]|的|如果|若|当|因为|由于|是|即|而|但|且|则|和|与|或|时|中|后|）|\))$")
MAX_SETTING_NOUN = 20


def setting_phrases(text: str, known_keys: set[str]) -> list[tuple[str, str]]:
    """A known name pushed too far as the cause of something: 'learning rate太高导致…', '学习率过大会导致梯度爆炸',
    '过大的学习率会导致…' → ('learning rate过高', 'learning rate太高'): the setting is the cause, not the name
    (kg.subjects.conditioned keeps the bare name from being the subject). Only before a causes cue, and only a
    name that opens its phrase ('通过多个…' is no setting of 通)."""
    found = []
    for match in DEGREE_OF_SIZE.finditer(text):
        size = match.group("size")
        if _CAUSE_AHEAD.match(text, match.end()):
            end = match.start() - (1 if text[match.start() - 1 : match.start()] == "的" else 0)
            for start in range(max(0, end - MAX_SETTING_NOUN), end - 1):
                noun = text[start:end]
                if noun.strip() == noun and normalize_term(noun) in known_keys and _SETTING_OPENS.search(text[max(0, start - 2) : start]) \
                        and noun not in GENERIC_TERMS:
                    found.append((setting_name(noun, size), text[start : match.end()]))
                    break
        elif text.startswith("的", match.end()) and _SETTING_OPENS.search(text[max(0, match.start() - 2) : match.start()]):
            rest = text[match.end() + 1 : match.end() + 1 + MAX_SETTING_NOUN]
            for end in range(len(rest), 1, -1):
                noun = rest[:end]
                if noun.strip() == noun and normalize_term(noun) in known_keys and _CAUSE_AHEAD.match(rest, end) \
                        and noun not in GENERIC_TERMS:
                    found.append((setting_name(noun, size), text[match.start() : match.end() + 1 + end]))
                    break
    return found


_FAULTY_NAME = re.compile(r"(?:不合适|不恰当|不合理|不当|错误|过深|过浅|过大|过小|过多|过少|太深|太大|太小|太多|较差)的(?P<name>.{2,12})")
"""A cause labelled by a known name and what is wrong with it: '不合适的激活函数', '过大的学习率'."""


def reason_labels(passage: Passage, known_keys: set[str]) -> list[str]:
    """The labels of items under a reasons label ('原因：' › '（2）**不合适的激活函数**：…'): each names a cause,
    which may be a known name with what is wrong with it. Only a label before '：' (a sentence item names none)."""
    found = []
    for item in reason_items(passage, plain_line):
        if not re.search(r"[：:]", item.text[:16]):
            continue
        label = re.split(r"[：:]", item.text, maxsplit=1)[0].strip(" *_")
        faulty = _FAULTY_NAME.fullmatch(label)
        if faulty and normalize_term(faulty.group("name")) in known_keys and not _PUNCT_INSIDE.search(label):
            found.append(label)
    return found
