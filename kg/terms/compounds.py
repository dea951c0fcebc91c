"""Names made of names the notes know: a layer or block of a known name, a Latin name glued to a Chinese one, a
convolution named by its kernel size; and a step verb before a known name, which names a procedure instead."""
from __future__ import annotations

import re
from collections import Counter

from ingest import Passage
from kg.normalize import normalize_term
from kg.terms.english import MIN_WEAK_COUNT
from kg.terms.junk import GENERIC_TERMS, is_good_term

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
