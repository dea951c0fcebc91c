"""One spelling per name: Skip-gram, skip gram, skipgram and ｓｋｉｐ－ｇｒａｍ are the same key."""
from __future__ import annotations

import re
import unicodedata

_DROP = re.compile(r"[\s\-‐‑‒–—_·•・/]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def normalize_term(term: str) -> str:
    """Case-, width-, space- and hyphen-insensitive key of a term."""
    return _DROP.sub("", unicodedata.normalize("NFKC", term).casefold())


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def language_of(term: str) -> str:
    """'zh' for anything with a CJK character, else 'en'."""
    return "zh" if has_cjk(term) else "en"
