"""Where the notes say two names are one concept, with the file and line that says so.

Three kinds of statement count, and nothing else (no substring, no shared abbreviation):
  parenthesis  批归一化（Batch Normalization，BN）, Batch Normalization (BN)
  alias-cue    长短期记忆网络，简称 LSTM; X 又称 Y; X, also known as Y
  heading      ## 支持向量机 Support Vector Machine, SVM
A name the notes pair with two names that nothing else ties together (SSD with 单发多框检测
and with 固态驱动器; 正类 with TP and with FP) is ambiguous: it is merged with neither.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest import Passage
from ingest.clean import clean_markdown
from kg.normalize import has_cjk, normalize_term
from kg.terms.junk import MAX_EN_WORDS, is_good_term

MAX_NEW_CJK_NAME = 8
"""A Chinese name nobody has named before may be this long when it starts at a boundary."""
_BREAK_CHARS = frozenset("的是为了和与或即称叫作把被对将及等由从向以在用有这其种个于如")
"""A known name right after one of these starts a word: '称为通道（channel）'; after any other
character it is the tail of a longer word: '掩码解码器（EMD）' is not 解码器."""
_ZH_RUN = r"[\u4e00-\u9fffA-Za-z0-9\-]{2,16}"
_PAIR = re.compile(
    rf"({_ZH_RUN})\s*[（(]\s*([A-Za-z][A-Za-z0-9 .\-']{{0,60}}?)"
    r"(?:\s*([,，、;；])\s*(?:简称\s*)?([A-Za-z][A-Za-z0-9\-]{0,12}))?\s*[)）]"
)
_EN_ABBREVIATION = re.compile(
    r"\b((?:[A-Z][a-z]+|[a-z]+)(?:[\s\-]+(?:[A-Za-z][a-z]*|of|and|for|to|in))*)\s*\(\s*([A-Z][A-Za-z0-9\-]{1,10})\s*\)"
)
_ZH_CUES = "又称为|又被称为|也被称为|也称为|又称|也称|亦称|又叫做|又叫|也叫做|也叫|简称为|简称|俗称|全称为|全称"
_ZH_CUE = re.compile(rf"({_ZH_RUN})\s*(?:[（(]|[，,]\s*)?(?:{_ZH_CUES})\s*[：:]?\s*([^，。；;：:、（）()\n]{{1,60}})")
_EN_CUE = re.compile(
    r"([A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z0-9\-]+){0,4})\s*(?:,|\()\s*(?:also called|also known as|known as|a\.k\.a\.|aka|"
    r"short for|abbreviated as|for short|or simply)\s+([A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z0-9\-]+){0,4})"
)
_EN_CUES = r"also called|also known as|known as|a\.k\.a\.|aka|short for|abbreviated as|for short|or simply"
_WORTH_READING = re.compile(rf"[（(]|{_ZH_CUES}|{_EN_CUES}", re.I)
"""Lines without a bracket or a cue state no alias: most lines, skipped before any cleaning."""
_HAS_ZH_CUE = re.compile(_ZH_CUES)
_HAS_EN_CUE = re.compile(_EN_CUES)
_LATIN = re.compile(r"[A-Za-z]")
_SLASH = re.compile(r"[/／]")
_AND = re.compile(r"与|和")
_HEADING_PIECES = re.compile(r"\s*(?:/|／|\bvs\.?\b|与|和|、)\s*")
_HEADING_PAIR = re.compile(
    r"([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*)\s+([A-Za-z][A-Za-z0-9 \-']*?)(?:\s*[,，]\s*([A-Z][A-Za-z0-9\-]{1,10}))?")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[一二三四五六七八九十]+[、.])\s*")


@dataclass(frozen=True)
class AliasStatement:
    """Names the notes state to be one concept, and where."""

    names: tuple[str, ...]
    kind: str
    """parenthesis | alias-cue | heading (kg.model.NAME_EVIDENCE_KINDS)."""
    path: str
    line: int
    """1-based line of the statement; for a heading, the first line under it."""


def stated_aliases(passages: list[Passage], known_keys: set[str],
                   concept_of: Callable[[str], str | None] = lambda name: None) -> list[AliasStatement]:
    """Every alias statement of the notes, ambiguous names dropped, in a deterministic order.

    `known_keys`: normalised names the lexicon has (kg.normalize.normalize_term).
    `concept_of`: the concept a name already has (glossary, alias file): two partners of
    one concept are not a sign of ambiguity."""
    keys = known_keys
    statements: list[AliasStatement] = []
    seen_headings: set[tuple[str, str]] = set()
    for passage in passages:
        for title in passage.heading_path:
            if (passage.path, title) not in seen_headings:
                seen_headings.add((passage.path, title))
                for names in heading_alias_groups(title):
                    if not _narrows_a_class(names[0], names[1], keys, concept_of):
                        statements.append(AliasStatement(tuple(names), "heading", passage.path, passage.start_line))
        for offset, raw in enumerate(passage.raw.split("\n")):
            if not _WORTH_READING.search(raw, 0, 4000):
                continue
            text = clean_markdown(raw[:4000]).replace("\n", " ")
            line = passage.start_line + offset
            for kind, names in line_aliases(text, keys):
                statements.append(AliasStatement(tuple(names), kind, passage.path, line))
    return drop_ambiguous(sorted(set(statements), key=lambda s: (s.path, s.line, s.kind, s.names)), concept_of)


def line_aliases(text: str, known_keys: set[str]) -> list[tuple[str, list[str]]]:
    """(kind, names) of every alias statement in one clean line."""
    found = []
    if "（" in text or "(" in text:
        found += [("parenthesis", names) for names in parenthetical_aliases(text, known_keys)]
        found += [("parenthesis", names) for names in english_abbreviations(text)]
    if _HAS_ZH_CUE.search(text) or _HAS_EN_CUE.search(text):
        found += [("alias-cue", names) for names in cue_aliases(text, known_keys)]
    return found


def parenthetical_aliases(text: str, known_keys: set[str]) -> list[list[str]]:
    """`批归一化（Batch Normalization，BN）` → [['批归一化', 'Batch Normalization', 'BN']].

    Not a pair: a bracket that lists things ('正则化（L1、L2）'), a one-letter code ('L1'),
    an abbreviation whose letters are not the English name's, and a Chinese side that is
    the tail of a longer word ('增强型掩码解码器(EMD)' does not name 解码器).
    """
    groups = []
    for match in _PAIR.finditer(text):
        run, en, separator, abbr = match.group(1), match.group(2).strip(), match.group(3), match.group(4)
        if separator == "、" or not has_cjk(run):
            continue
        words = en.split()
        if not abbr and len(words) >= 2 and _is_abbreviation(words[-1]) and _initials_match(words[-1], " ".join(words[:-1])) \
                and words[-1] != words[-1].lower():
            en, abbr = " ".join(words[:-1]), words[-1]  # '规模不变微调(Scale-invariant-Fine-Tuning SiFT)'
        if not _plausible_gloss(en):
            continue
        if abbr and not (_is_abbreviation(abbr) and _initials_match(abbr, en)):
            continue
        zh = chinese_name_before(text, match.start(1), run, known_keys)
        if zh is None or not has_cjk(zh) or not _latin_agrees(zh, en):
            continue
        groups.append([zh, en] + ([abbr] if abbr else []))
    return groups


def english_abbreviations(text: str) -> list[list[str]]:
    """'Batch Normalization (BN)' → [['Batch Normalization', 'BN']]: the words the letters spell."""
    groups = []
    for match in _EN_ABBREVIATION.finditer(text):
        abbr = match.group(2)
        words = match.group(1).split()
        letters = len(re.sub(r"[^A-Z]", "", abbr)) or len(abbr)
        phrase = " ".join(words[-min(len(words), letters, MAX_EN_WORDS):])  # one word per capital
        if " " in phrase and _initials_match(abbr, phrase) and is_good_term(phrase) and _is_abbreviation(abbr):
            groups.append([phrase, abbr])
    return groups


def cue_aliases(text: str, known_keys: set[str]) -> list[list[str]]:
    """'长短期记忆网络，简称 LSTM', 'X 又称 Y', 'X, also known as Y' → [[X, Y]]."""
    groups = []
    for match in _ZH_CUE.finditer(text) if _HAS_ZH_CUE.search(text) else ():
        first = chinese_name_before(text, match.start(1), match.group(1), known_keys, allow_latin=True)
        cut = match.end(2) < len(text) and _continues(text[match.end(2) - 1], text[match.end(2)])
        second = None if cut else _name_after(match.group(2), known_keys)
        if first and second and normalize_term(first) != normalize_term(second):
            groups.append([first, second])
    for match in _EN_CUE.finditer(text) if _HAS_EN_CUE.search(text) else ():
        first = _english_tail(match.group(1), known_keys)
        second = _name_after(match.group(2), known_keys)
        if first and second and normalize_term(first) != normalize_term(second):
            groups.append([first, second])
    return groups


def chinese_name_before(text: str, start: int, run: str, keys: set[str], allow_latin: bool = False) -> str | None:
    """The name that ends the run: the longest known name that starts a word, else the whole run
    when it starts at a boundary and is short, else None. A Latin word and a space before the run
    belong to it when that makes a known name ('KL 散度 (Kullback-Leibler Divergence)')."""
    before = re.search(r"([A-Za-z][A-Za-z0-9\-]*) $", text[:start])
    if before and normalize_term(before.group(1) + run) in keys:
        return before.group(1) + " " + run
    at_boundary = start == 0 or not (has_cjk(text[start - 1]) or text[start - 1] in "$}")  # '$n$维数组' is not 维数组
    for offset in range(0, len(run) - 1):
        piece = run[offset:]
        starts_word = (offset == 0 and at_boundary) or run[offset - 1] in _BREAK_CHARS or (
            offset > 0 and not has_cjk(run[offset - 1]) and has_cjk(piece[0]))
        if starts_word and normalize_term(piece) in keys and is_good_term(piece):
            return piece
    if at_boundary and is_good_term(run) and (has_cjk(run) or allow_latin):
        cjk = sum(1 for ch in run if has_cjk(ch))
        if cjk <= MAX_NEW_CJK_NAME:
            return run
    return None


def _name_after(text: str, known_keys: set[str]) -> str | None:
    """The name a cue introduces: the longest known name it starts with, else the whole short phrase."""
    text = text.strip(" \"'“”‘’*")
    for end in range(len(text), 1, -1):
        if normalize_term(text[:end]) in known_keys and (end == len(text) or not _continues(text[end - 1], text[end])):
            return text[:end].strip()
    words = text.split()
    if has_cjk(text):
        return text if is_good_term(text) and len(text) <= MAX_NEW_CJK_NAME else None
    phrase = " ".join(words)
    return phrase if len(words) <= MAX_EN_WORDS and _plausible_gloss(phrase) else None


def _continues(last: str, char: str) -> bool:
    """Whether `char` goes on with the same Latin word as `last`."""
    return bool(re.match(r"[A-Za-z0-9]", last) and re.match(r"[A-Za-z0-9]", char))


def _english_tail(text: str, known_keys: set[str]) -> str | None:
    words = text.split()
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[-size:])
        if normalize_term(phrase) in known_keys:
            return phrase
    return text if is_good_term(text) and len(words) <= 3 and re.search(r"[A-Z]", text) else None


def heading_alias_groups(title: str) -> list[list[str]]:
    """'支持向量机 Support Vector Machine, SVM' names one concept in two languages.

    Only Chinese-first pieces count: 'LSTM 网络' or 'ROC 曲线' are a name plus a
    descriptor, not a translation. A title that mixes '/' and '与' is ambiguous.
    """
    title = _HEADING_NUMBER.sub("", title).strip()
    if not _LATIN.search(title) or not has_cjk(title) or (_SLASH.search(title) and _AND.search(title)):
        return []
    whole = _TITLE_GLOSS.fullmatch(title)
    if whole and _title_name(whole.group(1)) and _plausible_gloss(whole.group(2).strip()):
        return [[whole.group(1).strip(), whole.group(2).strip()]]  # '全局向量的词嵌入（GloVe）': the title names it twice
    groups = []
    for piece in _HEADING_PIECES.split(title):
        match = _HEADING_PAIR.fullmatch(piece.strip())
        if not match:
            continue
        zh, en, abbr = match.group(1), match.group(2).strip(), match.group(3)
        if abbr and not _initials_match(abbr, en):
            abbr = None
        names = [n for n in (zh, en, abbr) if n and is_good_term(n)]
        if len(names) >= 2 and has_cjk(names[0]) and not has_cjk(names[1]) and _plausible_gloss(en):
            groups.append(names)
    return groups


def _narrows_a_class(zh: str, en: str, keys: set[str], concept_of) -> bool:
    """'深度卷积神经网络（AlexNet）': a modifier on a known class (卷积神经网络) names a kind of it, and a
    one-word gloss is a model of that kind, not another name. A translation ('掩蔽语言模型（Masked Language
    Modeling）') and a description with 的 ('全局向量的词嵌入（GloVe）') are names."""
    if " " in en.strip():
        return False
    for offset in range(1, len(zh) - 1):
        tail = zh[offset:]
        if normalize_term(tail) in keys and concept_of(tail) not in (None, concept_of(en)):
            return zh[offset - 1] != "的"
    return False


_TITLE_GLOSS = re.compile(r"([^（()）:：，,。/]{2,24}?)\s*[（(]\s*([A-Za-z][A-Za-z0-9 .\-']{1,40})\s*[)）]")


def _title_name(zh: str) -> bool:
    """A whole heading before its gloss may be a phrase with 的 (全局向量的词嵌入), but not a sentence or a step."""
    zh = zh.strip()
    cjk = sum(1 for ch in zh if has_cjk(ch))
    return has_cjk(zh) and cjk <= 16 and is_good_term(zh.replace("的", "")[:12]) and not zh.endswith("的") and not _TITLE_STEPS.search(zh)


_TITLE_STEPS = re.compile(r"[?？]|什么|如何|怎么|为什么|练习|小结|实现|定义|训练|读取|加载|使用|从零开始|简洁")


def _latin_agrees(zh: str, en: str) -> bool:
    """A mixed name's Latin words are in its gloss: '双向LSTM（Bidirectional LSTM）', not 'output层(softmax)'."""
    return all(word.casefold() in en.casefold() for word in re.findall(r"[A-Za-z]{2,}", zh))


def _is_abbreviation(name: str) -> bool:
    """'BN', 'LSTM', 'GPT-2': two or more letters; 'L1', 'F1' are codes, not abbreviations."""
    return len(re.sub(r"[^A-Za-z]", "", name)) >= 2


def _initials_match(abbr: str, phrase: str) -> bool:
    """'BN' abbreviates 'Batch Normalization'; 'L2' does not abbreviate 'L1'."""
    initials = "".join(word[0] for word in re.split(r"[\s\-]+", phrase) if word).upper()
    letters = re.sub(r"[^A-Za-z]", "", abbr).upper()
    return bool(letters) and letters[0] == initials[:1] and set(letters) <= set(re.sub(r"[^A-Za-z]", "", phrase).upper())


def _plausible_gloss(en: str) -> bool:
    """An English name for a Chinese term: 1-5 words, no sentence, and not a one-letter code."""
    words = en.split()
    if not 1 <= len(words) <= MAX_EN_WORDS or re.search(r"\b(?:is|are|the|of the|e\.g|i\.e|or)\b", en, re.I):
        return False
    if len(words) == 1 and re.fullmatch(r"[A-Z0-9\-]+", en) and not _is_abbreviation(en):
        return False
    return is_good_term(en)


def drop_ambiguous(statements: list[AliasStatement],
                   concept_of: Callable[[str], str | None] = lambda name: None) -> list[AliasStatement]:
    """Statements without the names the notes pair with two unrelated names.

    Two partners of a name are related when one statement gives both, when one spells the
    other's initials, or when they already name one concept. A statement keeps its other
    names when one name drops out.
    """
    partners: dict[str, dict[str, str]] = {}
    for statement in statements:
        for name in statement.names:
            key = normalize_term(name)
            mine = partners.setdefault(key, {})
            for other in statement.names:
                if normalize_term(other) != key:
                    mine.setdefault(normalize_term(other), other)
    ambiguous = {key for key, others in partners.items() if len(others) > 1 and _groups(others, statements, key, concept_of) > 1}
    kept = []
    for statement in statements:
        names = tuple(n for n in statement.names if normalize_term(n) not in ambiguous)
        if len({normalize_term(n) for n in names}) >= 2:
            kept.append(AliasStatement(names, statement.kind, statement.path, statement.line))
    return kept


def _groups(names: dict[str, str], statements: list[AliasStatement], without: str, concept_of) -> int:
    """How many groups the partners of `without` (key → a spelling) fall into: names one statement
    gives together are one group, and so are an abbreviation and the words it spells."""
    parent = {name: name for name in names}

    def find(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for statement in statements:  # names stated together are one group, with or without `without`
        inside = [k for k in (normalize_term(n) for n in statement.names) if k in parent]
        for other in inside[1:]:
            parent[find(other)] = find(inside[0])
    ordered = sorted(names)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            known = concept_of(a)
            if _spells(names[a], names[b]) or _spells(names[b], names[a]) or (known is not None and known == concept_of(b)):
                parent[find(b)] = find(a)
    return len({find(name) for name in names})


def _spells(abbr: str, phrase: str) -> bool:
    """'BN' spells 'Batch Normalization'; 'R-CNN' does not spell 'Fast R-CNN' (a longer name is another concept)."""
    return (not has_cjk(abbr + phrase) and " " not in abbr.strip() and len(phrase.split()) >= 2
            and _is_abbreviation(abbr) and abbr.upper() == abbr and _initials_match(abbr, phrase))
