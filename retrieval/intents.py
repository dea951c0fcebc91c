"""What a question asks for, read from language-level cue words in both languages, and about which
of its concepts.

有哪些 / 由什么组成 / components → has_component; 哪几种 / types of → is_a towards it; 怎么解决 / 如何防止 /
how to avoid → solves; 区别 / vs → compared_with; 是什么 / what is → is_a, alias; 为什么 / cause → causes;
作用 / what for → what it solves; 缺点 / drawback → what it causes. An intent names relations *and the role*
the asked-about concept plays in them: "LSTM 有哪些门" wants LSTM —has_component→ ?, not
? —has_component→ LSTM; "怎么防止过拟合" wants ? —solves→ 过拟合.

A question of several asks ('Transformer 每个子层后面接了什么？为什么要做 normalization') asks each of them
about the concepts it names, and a comparison's baseline ('DeBERTa 相比 BERT 做了哪些改进': BERT) is what the
answer is measured against, not what it is about. Pure functions over the question's text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

SUBJECT, OBJECT, EITHER = "subject", "object", "either"


@dataclass(frozen=True)
class Wanted:
    """One relation an intent asks for, and the role the asked-about concept plays in it."""

    relation: str
    role: str
    """subject (LSTM —has_component→ ?), object (? —solves→ 过拟合) or either."""


def _wants(*specs: str) -> tuple[Wanted, ...]:
    """'has_component>' = the concept is the subject, '<is_a' = the object, 'solves' = either."""
    wanted = []
    for spec in specs:
        role = SUBJECT if spec.endswith(">") else OBJECT if spec.startswith("<") else EITHER
        wanted.append(Wanted(spec.strip("<>"), role))
    return tuple(wanted)


@dataclass(frozen=True)
class Intent:
    """What kind of answer a question asks for, and the edges that give it."""

    name: str
    wanted: tuple[Wanted, ...]
    """Best first."""
    cue: re.Pattern
    hop: str = ""
    """A relation whose far ends are asked about too (the parts of the parts), or empty."""
    generic: bool = False
    """'what is' / 'how': often the frame of a more specific ask, so it ranks after the specific intents."""
    object_wanted: tuple[Wanted, ...] = ()
    """What a concept named only after the cue is asked, when the cue ends in a verb whose object it is
    ('ALBERT 用了哪些方法来减小 BERT 的参数量': what reduces BERT's size, not what BERT uses), or empty."""


def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


INTENTS: tuple[Intent, ...] = (
    Intent("kinds", _wants("<is_a", "<variant_of", "has_component>"), _cue(
        r"(?:哪|几)(?:几|些)?(?:种|类|型)|(?:什么|哪些)(?:种类|类型|类别|变体|变种)|分为|分成|有哪些分类|(?:怎么|如何)分类|"
        r"\b(?:types?|kinds?|sorts?|variants?|famil(?:y|ies)|categories) of\b|\bwhat (?:types|kinds|variants)\b"), "is_a"),
    Intent("components", _wants("has_component>", "<is_a", "uses>"), _cue(
        r"由(?:什么|哪些|哪几|几)|(?:哪些|哪几|几个|几)(?:部分|部件|模块|组件|层|门|子层|步骤|阶段|结构|参数)|组成|构成|结构是|什么结构|"
        r"包括哪些|包含哪些|有哪些(?!种|类)|有哪几(?!种|类)|里(?:面)?有(?:什么|哪些)|"
        r"\bcomponents?\b|\bparts?\b|\b(?:which|what) (?:\w+ )?layers\b|consists? of|composed of|made (?:up )?of|\bstructure of\b|"
        r"\bwhat (?:are|is) in\b"),
        "has_component"),
    Intent("solutions", _wants("<solves", "uses>", "solves>", "<causes"), _cue(
        r"(?:怎么|怎样|如何|怎么样)(?:去|来|才能)?(?:解决|防止|预防|避免|缓解|减轻|克服|应对|处理|抑制|降低|减少|减小|改善)|"
        r"(?:用|靠|通过|采用)(?:了)?(?:什么|哪些|哪种).{0,6}?(?:解决|求解|防止|避免|缓解|降低|减少|减小|处理)|"
        r"解决(?:方法|办法|方案)|有(?:什么|哪些)(?:办法|方法|手段|技巧|措施)|什么办法|怎么办|的方法有|"
        r"\bhow (?:to|do(?:es)? \w+|can \w+|should \w+) (?:avoid|prevent|fix|solve|reduce|mitigate|"
        r"handle|deal with|overcome|address|alleviate|cope with)|\bsolutions?\b|\bremed(?:y|ies)\b|\bprevent|\bavoid|\bmitigat"), object_wanted=_wants("<solves", "<causes")),
    Intent("comparison", _wants("compared_with", "variant_of", "is_a>"), _cue(
        r"区别|对比|比较|异同|不同之处|有何不同|有什么不同|差异|差别|相比|优劣|"
        r"\bvs\.?\b|\bversus\b|\bdiffer|\bcompare|\bcomparison\b")),
    Intent("improvements", _wants("variant_of>", "uses>", "compared_with", "solves>"), _cue(
        r"改进|改良|提升|优化了|\bimprove|\bbetter than\b")),
    Intent("purpose", _wants("solves>", "<uses", "causes>"), _cue(
        r"作用|用途|有什么用|干什么|好处|优点|优势|意义|目的|"
        r"为(?:什么|何)(?:要|需要)?(?:做|用|使用|引入|采用|加入|加|进行|选择)|"
        r"(?:解决|防止|避免|预防|缓解|克服|抑制)了?(?:什么|哪些|哪种|哪类)|"
        r"\bwhat (?:is|are) (?:\w+ ){1,4}for\b|\bwhy (?:use|do we use|introduce|do|add)\b|\bpurpose\b|"
        r"\bbenefits?\b|\badvantages?\b|\bwhat (?:problems?|(?:does|do|can) (?:\w+ ){1,3}"
        r"(?:solve|prevent|avoid|fix|mitigate|reduce|address|alleviate|help with))\b")),
    Intent("applications", _wants("<uses", "solves>"), _cue(
        r"用(?:在|于)(?:哪|什么)|应用(?:在|于|场景)?|场景|场合|\bapplications?\b|\bused (?:for|in)\b|\buse cases?\b")),
    Intent("drawbacks", _wants("causes>", "<solves"), _cue(
        r"缺点|缺陷|不足|局限|弊端|劣势|问题是什么|有什么问题|\bdrawbacks?\b|\bdisadvantages?\b|\blimitations?\b|"
        r"\bweakness(?:es)?\b|\bdownsides?\b")),
    Intent("tools", _wants("uses>", "has_component>"), _cue(
        r"用了?(?:哪些|什么)|(?:采用|使用|利用)了?(?:哪些|什么)|\bwhat (?:\w+ ){0,3}does (?:\w+ ){1,3}use\b|\bwhich (?:\w+ ){0,3}(?:does|do) (?:\w+ ){1,4}use\b|"
        r"\buses?\b|\bused\b")),
    Intent("mechanism", _wants("uses>", "has_component>"), _cue(
        r"原理|核心思想|基本思想|主要思想|工作机制|(?:怎么|怎样|如何|是怎么|是如何)\S|"
        r"\bhow (?:does|do|is|are|can) (?:\w+ ){1,4}(?:work|computed|calculated|trained|implemented|done)\b|"
        r"\bmechanism\b|\bidea\b|\bprinciple\b"), generic=True),
    Intent("definition", _wants("is_a>", "alias", "variant_of>"), _cue(
        r"是什么|什么是|是指|指什么|定义|含义|是一种|属于|\bwhat (?:is|are)\b|\bdefin(?:e|ed|es|ition)\b|\bmeaning\b|\bmeans?\b|"
        r"\bkind of\b|\btype of\b"), generic=True),
    Intent("causes", _wants("causes", "solves"), _cue(
        r"为什么|为何|导致|原因|引起|造成|会怎样|后果|\bwhy\b|\bcauses?\b|\blead(?:s)? to\b|\bresults? in\b|\bbecause\b")),
)
"""Language-level cue words per intent; a question may have several."""


def question_intents(question: str) -> tuple[Intent, ...]:
    """The intents whose cues occur in the question, in the order they occur; the generic ones ('what
    is', 'how') come last, since 'what are the components of' asks for components. Of two cues at one
    place the longer reads more of the ask ('有哪些办法' asks for solutions, '有哪些' alone for parts)."""
    found = [(intent.generic, match.start(), match.start() - match.end(), index, intent)
             for index, intent in enumerate(INTENTS) if (match := intent.cue.search(question))]
    return tuple(found_intent[-1] for found_intent in sorted(found, key=lambda f: f[:4]))


ASK_END = re.compile(r"[？?。；;！!]+")
"""Where one ask of a question ends and the next begins ('…组成？输入不一致时怎么办')."""

_STOP = "，,。？?；;！!（）()"
BASELINE_CUES: tuple[re.Pattern, ...] = tuple(re.compile(pattern.replace("STOP", _STOP), re.I) for pattern in (
    r"(?:相比于?|相较于?|相对于|比起|较之)\s*(?![有的更而在])(?P<baseline>[^STOP]{1,30}?)\s*"
    r"(?=[STOP]|做了|作了|进行了|有|在|的|而言|来说|而|更|$)",
    r"(?:^|[STOP\s])(?:与|跟|同)\s*(?P<baseline>[^STOP]{1,30}?)\s*(?:相比|比较|比起来)",
    r"对\s*(?P<baseline>[^STOP]{1,30}?)\s*(?:做了|作了|进行了|有)(?:哪些|什么|哪几点|哪几个)?(?:改进|优化|改良|提升)",
    r"在\s*(?P<baseline>[^STOP]{1,30}?)\s*的?基础上",
    r"\b(?:compared (?:to|with)|relative to|than|improve(?:s|d|ments?)? (?:on|over|upon))\s+"
    r"(?P<baseline>[^STOP.]{1,40}?)\s*(?=[STOP.]|$|\b(?:and|in|for|on|when|with|at|by)\b)",
))
"""A comparison's baseline: the concept the asked-about one is measured against ('DeBERTa 相比 BERT 做了哪些改进',
'与 SGD 相比', 'RoBERTa 对 BERT 做了哪些改进', '在 GBDT 的基础上', 'better than dot product for …')."""


def baseline_spans(question: str) -> list[str]:
    """The stretches of the question that name a comparison's baseline."""
    return [match.group("baseline") for cue in BASELINE_CUES for match in cue.finditer(question)]


def intents_by_concept(question: str, concepts_in) -> dict[str, tuple[Intent, ...]]:
    """concept → what the question asks of it: the intents of the asks that name it, each as asked of it.
    An intent applies to the concepts of its own ask ('Transformer 每个子层后面接了什么？为什么要做
    normalization': the purpose is asked of normalization, not of Transformer); an ask that names no
    concept asks about every concept ('图像增广能解决什么问题？预测时要不要用': the topic carries over). A
    comparison's baseline ('DeBERTa 相比 BERT 做了哪些改进': BERT) is asked nothing: it is what the answer
    is measured against, so its own edges are context, not the answer (unless it is all the question names).

    Args:
        concepts_in: text → the concept ids it names.
    """
    asks = [(ask, set(concepts_in(ask))) for ask in ASK_END.split(question) if ask.strip()]
    concepts = dict.fromkeys(concept for _, named in asks for concept in sorted(named))
    baselines = {concept for span in baseline_spans(question) for concept in concepts_in(span)} & concepts.keys()
    if baselines == concepts.keys():
        baselines = set()  # nothing else named: the baseline is what is asked about
    asked: dict[str, tuple[Intent, ...]] = {}
    for concept in concepts:
        if concept in baselines:
            asked[concept] = ()
            continue
        text = "？".join(ask for ask, named in asks if concept in named or not named)
        intents = question_intents(text)
        as_object = tuple(replace(i, wanted=i.object_wanted) for i in intents if _is_object_of(i, concept, text, concepts_in))
        asked[concept] = as_object or intents
    return asked


def _is_object_of(intent: Intent, concept: str, text: str, concepts_in) -> bool:
    """Whether the concept is the object of the intent's verb cue: named after the cue, not before it or
    in it. The object is asked only the intent's `object_wanted` ('LSTM 是怎么解决 RNN 的梯度消失':
    what solves 梯度消失, not what it uses or how it works); named before the cue, a concept may be
    either ('过拟合怎么解决' asks what solves it, 'LSTM 是怎么解决…' what LSTM uses)."""
    if not intent.object_wanted:
        return False
    end = intent.cue.search(text).end()
    return concept in concepts_in(text[end:]) and concept not in concepts_in(text[:end])
