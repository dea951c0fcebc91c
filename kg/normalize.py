"""One spelling per name: Skip-gram, skip gram, skipgram and ｓｋｉｐ－ｇｒａｍ are the same key."""
from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\-‐‑‒–—_·•・/]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalize_term(term: str) -> str:
    """Case-, width-, space- and hyphen-insensitive key of a term."""
    return _DROP.sub("", unicodedata.normalize("NFKC", term).casefold())


_HYPHENS = str.maketrans({"\uff0d": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"})
_LONE_DASH = re.compile(r"(?<=[\w\u3400-\u9fff])\u2014(?=[\w\u3400-\u9fff])")
"""One em dash between two word characters joins a compound ('编码器—解码器'); '——' is punctuation."""


def fold_hyphens(text: str) -> str:
    """The text with every hyphen-like character of a compound written '-': '编码器－解码器架构' (full width),
    'encoder‐decoder' (U+2010), '键—值' (a lone em dash) read as the names the lexicon spells with '-'.
    One character for one, so offsets stay; '——' and the minus sign (math) are left alone."""
    return _LONE_DASH.sub("-", text.translate(_HYPHENS))


_SCRIPT_BOUNDARY = re.compile(r"(?<=[A-Za-z0-9])(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])")


def spaced_between_scripts(name: str) -> str:
    """A name that joins Latin and Chinese ('KL散度', 'He初始化', 'L2正则化') as the notes also write it, with a
    space where the script changes ('KL 散度')."""
    return _SCRIPT_BOUNDARY.sub(" ", name)


def is_acronym(name: str) -> bool:
    """'CNN', 'LSTM', 'ReLU', 'GELU' (not 'R', 'Adam', 'GPT-2', 'word2vec'): capitals end it, two or more of them."""
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]*[A-Z]", name) is not None and sum(ch.isupper() for ch in name) >= 2


def plural_of(name: str) -> str | None:
    """The acronym a plural with a small s writes ('CNNs' → 'CNN', 'ReLUs' → 'ReLU'); None for anything else
    ('RS', 'QOS', 'Bias', 'logits': a capital S is a letter, a word is not an acronym)."""
    return name[:-1] if len(name) >= 3 and name.endswith("s") and is_acronym(name[:-1]) else None


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def language_of(term: str) -> str:
    """'zh' for anything with a CJK character, else 'en'."""
    return "zh" if has_cjk(term) else "en"
