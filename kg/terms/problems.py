"""Problems and effects that fill a solves/causes cue's argument, named and normalised ('避免网络退化问题' → 网络退化,
'造成误差的快速累积' → 误差累积), with the written form kept so the cue rules read it there."""
from __future__ import annotations

import re

from kg.cues import CLAUSE_CUE_WORDS, PROBLEM_CUE_WORDS
from kg.effects import clause_effect, effect_name, limited_effect, named_harm, problem_core
from kg.normalize import has_cjk
from kg.terms.junk import MAX_CJK_CHARS, is_good_term


EXISTENCE_WORDS = ("存在着", "存在", "出现了", "出现", "面临着", "面临", "遇到")
"""'会存在信息丢失的问题', '出现梯度消失现象': what follows names a problem only when 问题/现象 closes it."""


_PROBLEM_CUE = re.compile("(?:" + "|".join(map(re.escape, PROBLEM_CUE_WORDS)) + "|(?P<exists>" + "|".join(EXISTENCE_WORDS) + "))了?")
_PHRASE_STOP = re.compile(r"[，。；：,.;:！？!?\n（）()“”\"、]|\s{2,}|之外|以外|(?<![从进然因反])而(?=[将把使让对用])")
"""'除了…减少训练误差之外', '解决…的不一致而将梯度归一化': the phrase ends there."""
_ITEM_SPLIT = re.compile(r"和|与|以及|及|或者|或|、")
CLOSING_PROBLEM_NOUN = re.compile(r"(?:等)?(?:的)?(?:问题|现象|情况|风险)$")
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
        if stop is None:
            continue
        fragment = _TRAILING_ETC.sub("", window[: stop.start()])
        if not fragment:
            continue
        whole = CLOSING_PROBLEM_NOUN.search(fragment) and len(fragment) <= 12 and not re.search(r"和|、|以及", fragment)
        harm = named_harm(CLOSING_PROBLEM_NOUN.sub("", fragment))
        if harm:
            found.extend(harm_names(*harm))  # '训练与预测时不一致' is one harm, not two items
            continue
        for item in [fragment] if whole else _ITEM_SPLIT.split(fragment):
            item = re.sub(r"等等?$", "", _LEAD_WORDS.sub("", item.strip()))  # "梯度消失的问题等" names 梯度消失
            harm = named_harm(CLOSING_PROBLEM_NOUN.sub("", item))
            if harm:
                found.extend(harm_names(*harm))
                continue
            marked = CLOSING_PROBLEM_NOUN.search(item)
            name = CLOSING_PROBLEM_NOUN.sub("", item)
            headed = "的" in name
            if headed:
                name = name.rsplit("的", 1)[1]  # '合成图像中的噪点' → 噪点
            name = name.strip()
            effect = effect_name(name)  # '训练代价非常高' names the effect 训练代价高, a noun and its harm, no clause
            whole_effect = effect_name(CLOSING_PROBLEM_NOUN.sub("", item)) if headed else None
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
            written = problem_core(CLOSING_PROBLEM_NOUN.sub("", item))
            if effect and written != name and effect_name(written) == name and written_effect(written):
                found.append((name, written))  # the name as the notes write it, so the cue rules can read it there
    return found


_CLAUSE_CUE = re.compile("(?<![即假纵])(?:" + "|".join(map(re.escape, CLAUSE_CUE_WORDS)) + ")了?(?![用得])")


def clause_effects(text: str) -> list[tuple[str, str]]:
    """Effects written as a clause right after a causing or solving cue, up to the clause's end: '会使训练变慢',
    '使得loss曲面变得更加平滑' → ('loss曲面平滑', 'loss曲面变得更加平滑'), '缓解softmax的计算复杂度很高的问题'.
    Each is (name, the clause as written; kg.effects.clause_effect): the cue rules then read the clause as the
    effect. Never free text: a clause no cue governs names no concept."""
    found = []
    for match in _CLAUSE_CUE.finditer(text):
        window = text[match.end() : match.end() + 30]
        stop = _PHRASE_STOP.search(window)
        clause = CLOSING_PROBLEM_NOUN.sub("", _TRAILING_ETC.sub("", window[: stop.start()] if stop else window))
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
        and not _CLAUSE_WORDS.search(written) and not CLOSING_PROBLEM_NOUN.search(written)


_CLAUSE_WORDS = re.compile(r"也|会|都|还|就|将|要|能够|可以|可能")
"""Words of a clause, not of a name ('计算量也会很大')."""
