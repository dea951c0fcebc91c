"""The cue table: every phrase that states a typed relation, in Chinese and English, once.

A row says which relation the cue states, its shape (where the arguments stand),
its direction, what kind of thing each argument is, and the rule's prior
confidence. The extractor (kg.relations, kg.shapes) reads only this table.

Shapes:
  infix     X cue Y            (Dropout 用于解决 过拟合; GRU is a variant of LSTM)
  list      X cue A、B和C       (LSTM 包括 遗忘门、输入门和输出门; 残差块里有 两个 卷积层): one triple per item
  of        X 是 Y cue         (X 是 Y 的一种 / 的变体 / 的改进)
  pair      X 与 Y cue         (LSTM 与 GRU 的区别; difference between X and Y)
  prefix    cue Y，X           (相比 LSTM，GRU …)
  around    X 由 A、B cue      (Seq2Seq 由 编码器 和 解码器 组成)
  frame     X … cue Y tail     (X 是 基于 Y 的一种算法; 对 Y 的改进; 用 Y 作为 …): the tail closes Y
  examples  A、B 等 Y / Y，如 A、B   (ReLU、ELU 等激活函数; 集成学习，如 Bagging、Boosting 等): each item is a kind of Y
  than      X 比 Y 更…         (GRU 比 LSTM 更快; X 的效果要比 A 与 B 都要好): one triple per item
  remade    X 对 Y 做了…修改    (GloVe 对跳元模型做了三个修改): a verb, a count and 修改/改进 close Y
  idea_taken X 吸收了 Y 的思想，并在此基础上改进: X is a variant of Y
  named_part 在 X 中，… 被称为 Y   (在 GoogLeNet 中，基本的卷积块被称为 Inception块): Y must end like a part
  applied   将 X 应用于 Y       (将 BERT 应用于自然语言推断): Y, a task, uses X
  part_of   X 是/作为 Y 的一部分 (区域提议网络作为 Faster R-CNN 的一部分): read as `of`, turned round (Y has X)
  part_is   X 的一个关键组件是 Y / 第一个组件是 Y (under the heading on X)
  purpose   cue Y，… A、B       (为了 解决 长期依赖问题，提出了 LSTM; 为了降低 计算复杂度，本节介绍两种方法：A 和 B):
                               each thing the main clause brings in solves Y
  replace   X 将 Z cue Y        (ELECTRA 把 MLM 任务 改成了 RTD 任务): X uses Y, the head of what follows the cue
  among     cue A、B和C         (比较 CNN、RNN 和 自注意力; compare A, B and C): each pair of the items is compared

Direction: "forward" reads X rel Y; "reverse" reads Y rel X (X 由 Y 解决 → Y solves X).
Argument kinds (`subject_kind`, `object_kind`): thing | method | problem | effect | part | kind | harm | state.
`harm`: the cue (减少, 降低) reduces anything, so its object must name a harm (过拟合, 噪点, 梯度消失,
'X 的问题') for the sentence to state that something solves it; '减少参数量' solves nothing.
`state`: the cue (使, 让) makes anything do anything, so its object must be a noun and the state it comes to
('训练变慢', 'loss曲面变得更加平滑': kg.effects.clause_effect); '使模型能够处理…' states no effect.
A `problem` or `effect` argument may be a phrase the glossary does not know (网络退化, 数据稀疏):
kg.terms.problems discovers such phrases from these cues (PROBLEM_CUE_WORDS).
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
    tail: tuple[str, ...] = ()
    """frame shape: the words that close the object ('的 一种 算法' in 基于 Y 的一种算法)."""
    direction: str = "forward"
    """forward: subject cue object; reverse: the object stands left of the cue."""
    subject_kind: str = "thing"
    object_kind: str = "thing"


_KINDS = {
    "has_component": ("thing", "part"),
    "solves": ("method", "problem"),
    "is_a": ("thing", "kind"),
    "variant_of": ("thing", "thing"),
    "compared_with": ("thing", "thing"),
    "uses": ("thing", "method"),
    "causes": ("thing", "effect"),
    "alias": ("thing", "thing"),
}


def _cues(relation: str, shape: str, language: str, confidence: float, phrases: str, direction: str = "forward",
          kind: str | None = None) -> list[Cue]:
    """One row per '|'-separated phrase; a frame phrase is 'opening … tail'. `kind` overrides the object kind."""
    subject_kind, object_kind = _KINDS[relation]
    object_kind = kind or object_kind
    rows = []
    for phrase in phrases.split("|"):
        head, _, tail = phrase.partition("…")
        rows.append(Cue(relation, shape, tuple(head.split()), language, confidence, tuple(tail.split()), direction,
                        subject_kind, object_kind))
    return rows


CUES: list[Cue] = [
    # has_component
    *_cues("has_component", "list", "zh", 0.85, "包括|包含|分为|由以下部分组成|主要包括|包含了|包括了|组成部分有|分成|包括以下|包含以下"),
    *_cues("has_component", "list", "zh", 0.8, "分别为|分别是|拥有|含有|有多个|由两部分组成|由三部分组成"),
    *_cues("has_component", "list", "zh", 0.75, "有…：|拥有…：|包含…：|由…组成：|分为…："),
    *_cues("has_component", "list", "zh", 0.75, "中有|里有|里面有|中包含|里包含|里面包含|里首先有|中主要有|里主要有"),
    *_cues("has_component", "around", "zh", 0.9, "组成|构成|组成的|构成的"),
    *_cues("has_component", "around", "zh", 0.85, "叠加而成|堆叠而成|组合而成|叠加而成的|堆叠而成的|组合而成的"),
    *_cues("has_component", "infix", "zh", 0.75, "增加|增加了|添加|添加了|插入|插入了"),
    *_cues("has_component", "named_part", "zh", 0.75, "被称为|称为"),  # '在 X 中，…块被称为 Y块' (kg.shapes)
    *_cues("has_component", "part_is", "zh", 0.8, "组件是|组成部分是|部件是|构建模块是|构建块是|基本单元是|组成单元是"),  # 'X 的一个关键组件是 Y', '第一个组件是 Y'
    *_cues("has_component", "part_of", "zh", 0.8, "的一部分|的组成部分|的一个组成部分|的重要组成部分|的一个组件|的关键组件|的核心组件"),
    *_cues("has_component", "infix", "en", 0.8, "is part of|is a part of|is a component of|is a key component of|"
           "is an essential part of|is one component of|are part of|are components of", "reverse"),  # 'Y is part of X': X has Y
    *_cues("has_component", "list", "en", 0.85, "consists of|is composed of|composed of|is made up of|comprises|contains|includes|consist of|are composed of|are made up of"),
    # solves
    *_cues("solves", "infix", "zh", 0.85, "用于解决|用来解决|可以解决|能够解决|能解决|解决了|解决|缓解|缓解了|防止|避免|克服|"
           "用于防止|可以防止|可以缓解|可以避免|有助于缓解|有助于防止|消除|解决掉|预防|可以预防|用于预防|能够预防"),
    *_cues("solves", "infix", "zh", 0.8, "减少|降低|减轻|抑制|改善|改善了|有助于减少|减少了|降低了", kind="harm"),
    *_cues("solves", "purpose", "zh", 0.7, "为了 解决|为了 缓解|为了 防止|为了 避免|为了 克服|为了 消除"),
    *_cues("solves", "purpose", "zh", 0.7, "为了 降低|为了 减少|为了 减轻", kind="harm"),
    *_cues("solves", "purpose", "zh", 0.7, "针对", kind="harm"),  # 针对梯度消失问题，采用门机制来解决
    *_cues("solves", "frame", "zh", 0.75, "针对…提出|针对…而提出", kind="harm"),  # X 是针对梯度爆炸提出的
    *_cues("solves", "infix", "en", 0.85, "addresses|mitigates|prevents|solves|alleviates|avoids|overcomes|tackles|"
           "counteracts|helps avoid|helps prevent|fixes|address|mitigate|prevent|solve|alleviate|overcome|tackle|"
           "help avoid|help prevent|helps mitigate|helps alleviate|addressed|mitigated|prevented|solved|alleviated"),
    *_cues("solves", "infix", "en", 0.8, "reduces|helps reduce|lowers|decreases|reduce|help reduce", kind="harm"),
    *_cues("solves", "infix", "en", 0.8, "is solved by|can be solved by|is mitigated by|can be mitigated by|is alleviated by|"
           "can be alleviated by|is addressed by|can be addressed by|is prevented by|can be prevented by|is avoided by|"
           "can be avoided by|are solved by|are mitigated by|are alleviated by|are addressed by|are prevented by", "reverse"),
    # is_a
    *_cues("is_a", "infix", "zh", 0.85, "是一种|是一类|属于|是一个特殊的|是一种特殊的|作为一种|是一个|指的是一个|本质上是一种|本质上是一个|其实是一种|其实是一个|实际上是一个|"
           "实际是一种|实际上是一种|是一种常见的|是常用的一种"),
    *_cues("is_a", "infix", "zh", 0.8, "可以看作是一种|可以看作是一个|可以看作一种|可以看作一个|看作是一种|看作是一个|可以被看作是一个|"
           "可以被看作是一种|可以视为一种|可以视为一个|可视为一种|被视为一种|被认为是一种|被认为是一个"),
    *_cues("is_a", "of", "zh", 0.85, "的一种|的一类|的一个特例|的特例|之一|的技术之一|的方法之一|的模型之一|的算法之一"),
    *_cues("is_a", "of", "zh", 0.8, "的一个实例|的一个实践|的一个主要分支|的分支|的一个子领域|的子领域|的特殊形式|的一种特殊形式|的特殊情况|的一种特殊情况"),
    *_cues("is_a", "infix", "zh", 0.7, "是"),  # bare copula: only 'X 是 (…的) Y（模型）。' (kg.shapes)
    *_cues("is_a", "examples", "zh", 0.75, "等|如|例如|比如|诸如|譬如|有"),  # 'A、B 等 Y', 'Y，如 A、B', '常见的 Y 有 A、B' (kg.shapes);
    # 有 stays one token: a cue word 主要有 would hide has_component's '有…：'
    *_cues("is_a", "examples", "en", 0.75, "such as|e.g."),  # 'activation functions such as ReLU and tanh'
    *_cues("is_a", "infix", "en", 0.8, "is a kind of|is a type of|is a form of|is a special case of|is an instance of|a kind of|a type of"),
    *_cues("is_a", "infix", "en", 0.75, "is a|is an|is one of the|is a popular|is a common"),
    # variant_of
    *_cues("variant_of", "of", "zh", 0.85, "的简化版本|的一个简化版本|的扩展版本|的一种变体|的一个变体|的另一种变体|的一种变种|的一种改进|的一个改进|的改进|的变体|的变种|"
           "的改进版|的改进版本|的扩展|的简化版|的升级版|的推广|的简化|的一种简化|的简化形式|的变形|的增强版|的加强版|的衍生"),
    *_cues("variant_of", "frame", "zh", 0.8, "基于…的一种算法|基于…的一种模型|基于…的一种方法|基于…的改进|对…的改进|"
           "对…的一种改进|对…的一个改进|对…做了改进|对…做了修改|在…的基础上改进|在…基础上改进|对…的主要改进|对…的重要改进"),
    *_cues("variant_of", "frame", "zh", 0.75, "在…的 基础 上|在…基础 上"),  # only before 改进/引入/提出… (kg.shapes)
    *_cues("variant_of", "infix", "zh", 0.8, "改进了|扩展了|简化了"),
    *_cues("variant_of", "remade", "zh", 0.8, "对"),  # 'X 对 Y 做了三个修改' (kg.shapes: verb, count, 修改/改进)
    *_cues("variant_of", "idea_taken", "zh", 0.8, "吸收了|借鉴了|沿用了"),  # '…Y 的思想，并在此基础上做了改进'
    *_cues("variant_of", "infix", "en", 0.85, "is a variant of|a variant of|extends|is an extension of|improves on|improves upon|"
           "is a simplified|is an improved version of|is a modification of|a simplified variant of|a simplified version of|"
           "a modified version of|an improved version of|an extension of|is an improvement over"),
    # compared_with
    *_cues("compared_with", "pair", "zh", 0.85, "的区别|的对比|的比较|的异同|区别|对比|的不同|有什么区别|有何不同"),
    *_cues("compared_with", "infix", "en", 0.85, "vs|vs.|versus|compared with|compared to"),
    *_cues("compared_with", "infix", "en", 0.8, "is similar to|is different from|differs from|outperforms|is faster than|"
           "is slower than|is better than|is simpler than"),
    *_cues("compared_with", "prefix", "en", 0.8, "unlike|in contrast to|similar to|compared with|compared to"),
    *_cues("compared_with", "prefix", "zh", 0.8, "相比|相比于|相较于|对比于|与…相比|和…相比|跟…相比|相对于|比起|与…相较|和…比较|与…比较"),
    *_cues("compared_with", "infix", "zh", 0.8, "优于|好于|不如|劣于|比不上"),
    *_cues("compared_with", "pair", "zh", 0.8, "相反|不同|类似|相似|的差异|差别|一样|相同|不一致|一致"),
    *_cues("compared_with", "among", "zh", 0.8, "比较|对比|比较了|对比了"),  # 'A、B 和 C' right after (kg.shapes)
    *_cues("compared_with", "among", "en", 0.8, "compare|compares|comparing"),
    *_cues("compared_with", "than", "zh", 0.75, "比"),  # only 'X 比 Y（的 速度）更 快' (kg.shapes)
    *_cues("compared_with", "prefix", "zh", 0.8, "与…类似|和…类似|跟…类似|同…类似|与…相似|和…相似|跟…相似|与…一样|和…一样|"
           "跟…一样|与…相同|和…相同|类似于|相似于|与…不同|和…不同|跟…不同|不同于|与…相反|和…相反"),  # likeness: only a subject that opens its clause (kg.shapes)
    # uses
    *_cues("uses", "infix", "zh", 0.8, "使用|使用了|采用|采用了|利用|利用了|用到|借助|基于|结合了|引入了|引入|加入了"),
    *_cues("uses", "infix", "zh", 0.7, "通过|通过使用|用|用了|选用|借鉴了|借鉴|依赖于|依赖|依靠"),
    *_cues("uses", "frame", "zh", 0.75, "将…结合 在 一起|将…结合 起来|把…结合 起来|将…相结合|把…结合 在 一起|将…融合 在 一起"),  # 'Adam 将 A 和 B 结合在一起'
    *_cues("uses", "frame", "zh", 0.8, "用…作为|用…来作为|使用…作为|采用…作为|以…作为|利用…作为"),
    *_cues("uses", "replace", "zh", 0.75, "换成|换成了|改成|改成了|改为|改为了|替换为|替换成|替换成了|换为"),  # '将 Z 换成 Y' (kg.shapes)
    *_cues("uses", "frame", "zh", 0.75, "建立在…之上|建立在…的 基础 上|建立在…的基础之上|构建在…之上"),  # 'GPT 建立在 Transformer解码器 之上'
    *_cues("uses", "applied", "zh", 0.75, "应用于|应用到"),  # '将 X 应用于 Y任务': the task uses X (kg.shapes)
    *_cues("uses", "infix", "en", 0.8, "is built on|is built upon|is built on top of|builds upon|are built on|"
           "uses|relies on|employs|adopts|utilizes|is based on|builds on|combines|makes use of|make use of|use|rely on|employ|adopt"),
    # causes
    *_cues("causes", "infix", "zh", 0.85, "导致|会导致|引起|会引起|造成|会造成|带来|会带来|引发|容易导致|容易造成"),
    *_cues("causes", "infix", "zh", 0.75, "会使得|使得|从而产生|从而导致|进而导致|会产生|产生了"),
    *_cues("causes", "infix", "zh", 0.75, "使|让", kind="state"),  # '会使训练变慢': only a noun and its state (kg.effects.clause_effect)
    *_cues("causes", "infix", "zh", 0.75, "容易出现|会出现|可能出现|可能会出现|容易发生|会发生|可能会发生|易出现", kind="harm"),
    *_cues("causes", "infix", "zh", 0.75, "陷入|易陷入|陷入到"),  # 'X 容易陷入 局部最优解': where the method ends up
    *_cues("causes", "infix", "en", 0.75, "get stuck in|gets stuck in|got stuck in|getting stuck in|be trapped in|"
           "is trapped in|are trapped in|gets trapped in|get trapped in"),
    *_cues("causes", "infix", "en", 0.8, "is caused by|are caused by|can be caused by|is often caused by", "reverse"),
    *_cues("causes", "infix", "en", 0.85, "leads to|causes|results in|gives rise to|lead to|led to|result in|resulted in|give rise to|caused"),
    # alias
    *_cues("alias", "infix", "zh", 0.9, "又称|也叫|简称|也称|又叫|亦称|也被称为|又被称为|也称为|俗称|全称|全称为|全名为|全名是|通常也被称为|或简称为|简称为|"
           "也称作|又称作|又称为|亦称为|也叫做|又叫做|也被叫做|又名|别名为"),
    *_cues("alias", "infix", "zh", 0.85, "有时也被称为|有时被称为|有时也称为|有时称为|有时也叫|有时也叫做|有时又称为|有时也称作|"
           "通常被称为|通常称为|通常也称为|常被称为|常称为|一般称为|一般被称为"),
    *_cues("alias", "infix", "zh", 0.85, "缩写为|简写为|通常缩写为|缩写成"),  # bare 称为/叫做 name a described thing
    # ('当…时，强化学习问题被称为马尔可夫决策过程'): no row
    *_cues("alias", "of", "zh", 0.85, "的缩写|的简写|的简称|的英文缩写"),
    *_cues("alias", "infix", "en", 0.9, "also called|also known as|known as|aka|short for|abbreviated as|"
           "sometimes called|also referred to as|sometimes referred to as|often called|commonly called"),
]
CUES = [cue for cue in CUES if cue.words]

CJK_CUE_WORDS = sorted({word for cue in CUES if cue.language == "zh" for word in (*cue.words, *cue.tail)})
"""Added to the segmenter so each Chinese cue comes out as one token."""

PROBLEM_CUE_WORDS = tuple(sorted({"".join(cue.words) for cue in CUES if cue.shape == "infix" and cue.language == "zh"
                                  and cue.object_kind in ("problem", "effect", "harm") and cue.confidence >= 0.8},
                                 key=lambda w: (-len(w), w)))
"""Chinese cues whose object may be a problem or effect phrase the lexicon does not know yet (not the
clausal 使得/从而产生, whose object is usually a whole clause)."""
CLAUSE_CUE_WORDS = tuple(sorted({"".join(cue.words) for cue in CUES if cue.shape == "infix" and cue.language == "zh"
                                 and cue.relation in ("causes", "solves")}, key=lambda w: (-len(w), w)))
"""Chinese cues that may govern a clause of a noun and its state ('使得训练变慢', '缓解计算复杂度很高的问题'):
kg.terms.problems.clause_effects names such clauses."""
