"""A jieba segmenter of our own that keeps known concept names whole.

Each build gets a fresh `jieba.Tokenizer` (not the module-level one), so words
added for one notes folder never change how another is segmented: the same
notes always give the same tokens.

Segmentation is *local*: jieba scores a path by log(freq / total), and we keep
`total` at the base dictionary's value however many words are added. So how a
text is cut depends only on the added words that occur in it, which is what lets
a re-ingest reuse the tokens and triples of every passage that none of the
changed lexicon names can touch (`may_contain`).
"""
from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Iterable

from kg.normalize import normalize_term

WORD_FREQUENCY = 200_000
"""High enough that jieba prefers a known name over splitting it."""


def is_segmenter_word(word: str) -> bool:
    """jieba can only learn words with a CJK character and no space."""
    return bool(word) and any("\u4e00" <= ch <= "\u9fff" for ch in word) and " " not in word


class BaseDictionary:
    """jieba's dictionary as (total, first character → marshalled {word: frequency}).

    Loading it costs ~0.3 s, so one build loads it once and hands the same object to
    every Segmenter it makes (graph rules and BM25 tokens). Read-only after loading.
    """

    def __init__(self, total: int, blobs: dict[str, bytes], tag_blobs: dict[str, bytes] | None = None) -> None:
        self.total = total
        self.blobs = blobs
        self._tag_blobs = tag_blobs

    @property
    def tag_blobs(self) -> dict[str, bytes]:
        """First character → marshalled {word: part-of-speech tag} (jieba's dict.txt column 3), read on first use."""
        if self._tag_blobs is None:
            self._tag_blobs = _load_cached_tags()
        return self._tag_blobs

    @classmethod
    def load(cls) -> "BaseDictionary":
        """From our per-character cache of jieba's dict.txt, building the cache on first use."""
        return cls(*_load_cached_dictionary())


def _case_variants(word: str) -> tuple[str, ...]:
    """A name that mixes Latin letters into Chinese ('K折交叉验证', 'BERT模型') as the notes also write it
    ('k折交叉验证', 'Bert模型' stays as is): jieba's dictionary is case-sensitive, names are not."""
    if not any(c.isascii() and c.isalpha() for c in word):
        return (word,)
    return tuple(dict.fromkeys((word, word.lower(), word.upper())))


class Segmenter:
    """jieba's Tokenizer that has every given word (CJK names, cue phrases) in its dictionary,
    and loads the rest of its dictionary per first character, when a text needs it.

    jieba only ever looks up substrings of the text it cuts, so the entries that start
    with the text's characters are all it can see: loading just those cuts exactly as
    the whole dictionary would. A re-ingest of one passage then loads a few thousand
    entries instead of 500,000 (0.2 s). The given words wait the same way: a word and
    every prefix jieba adds with it start with its first character, so each is added
    (in sorted order, over that character's entries, as jieba would see it with the
    whole dictionary) when a text first holds that character. Thousands of concept
    names then cost nothing until a text can use them.
    """

    def __init__(self, words: Iterable[str] = (), dictionary: BaseDictionary | None = None) -> None:
        import jieba

        dictionary = dictionary or BaseDictionary.load()
        self._total, self._blobs = dictionary.total, dictionary.blobs
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ, self._jieba.total, self._jieba.initialized = {}, self._total, True
        self._loaded: set[str] = set()
        self._dictionary = dictionary
        self._tags: dict[str, str] = {}
        self._tags_loaded: set[str] = set()
        self._waiting: dict[str, list[str]] = {}
        for word in sorted({variant for w in words if is_segmenter_word(w) for variant in _case_variants(w)}):
            self._waiting.setdefault(word[0], []).append(word)

    @property
    def FREQ(self) -> dict[str, int]:  # noqa: N802 (jieba's name)
        return self._jieba.FREQ

    def cut(self, text: str, HMM: bool = True):  # noqa: N803 (jieba's names and defaults)
        self._load(text)
        return self._jieba.cut(text, HMM=HMM)

    def tokenize(self, text: str, HMM: bool = True):  # noqa: N803
        """(word, start, end), as jieba.Tokenizer.tokenize."""
        self._load(text)
        return self._jieba.tokenize(text, HMM=HMM)

    def tag(self, word: str) -> str:
        """jieba's dictionary tag of a word ('v', 'n', 'p', …), '' when the dictionary lacks it.

        One tag per word, whatever its context: enough to tell where a noun phrase ends
        (a verb, preposition or conjunction follows) without a tagging model."""
        char = word[:1]
        if char and char not in self._tags_loaded:
            self._tags_loaded.add(char)
            blob = self._dictionary.tag_blobs.get(char)
            if blob is not None:
                self._tags.update(marshal.loads(blob))
        return self._tags.get(word, "")

    def _load(self, text: str) -> None:
        for char in set(text) - self._loaded:
            self._loaded.add(char)
            blob = self._blobs.get(char)
            if blob is not None:
                self._jieba.FREQ.update(marshal.loads(blob))
            for word in self._waiting.pop(char, ()):
                self._jieba.add_word(word, WORD_FREQUENCY)
        self._jieba.total = self._total  # add_word raises it; a fixed total keeps segmentation local


def _load_cached_dictionary() -> tuple[int, dict[str, bytes]]:
    import jieba

    from store import user_cache_dir

    source = Path(jieba.__file__).parent / "dict.txt"
    cache = user_cache_dir() / f"jieba-{jieba.__version__}-{source.stat().st_size}.by-char.marshal"
    try:
        total, blobs = marshal.loads(cache.read_bytes())
        return total, blobs
    except (OSError, ValueError, EOFError, TypeError):
        pass
    whole = jieba.Tokenizer()
    whole.initialize()
    by_char: dict[str, dict[str, int]] = {}
    for word, frequency in whole.FREQ.items():
        by_char.setdefault(word[0], {})[word] = frequency
    blobs = {char: marshal.dumps(entries) for char, entries in by_char.items()}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        staging = cache.with_name(cache.name + f".tmp-{os.getpid()}")
        staging.write_bytes(marshal.dumps((whole.total, blobs)))
        os.replace(staging, cache)
    except OSError:
        pass  # a read-only home only costs speed
    return whole.total, blobs


FUNCTION_TAGS = ("v", "d", "a", "c", "p", "r", "u", "m", "q", "f", "t", "y", "e", "o", "z", "ad", "ag", "dg")
"""A discovered name the dictionary knows only as one of these (减少 v, 非常 d, 显著 a) is an ordinary word."""


def function_words() -> frozenset[str]:
    """Every word of two or more characters jieba's dictionary tags as a verb (not a verbal noun),
    adverb, adjective, conjunction, preposition…: one cached set, loaded in one read."""
    return _dictionary_words("function-words", lambda word, frequency, tag: tag != "vn" and tag.startswith(FUNCTION_TAGS))


COMMON_FREQUENCY = 500
"""jieba's dictionary counts 电源 594, 计算机 6396, 大小 5841 times; 卷积 12, 梯度 276, 剪枝 9."""


def common_words() -> frozenset[str]:
    """Words of two or more characters that everyday Chinese uses often (jieba's count ≥ COMMON_FREQUENCY):
    a note may head a section 电源 or 假设, but such a word names no concept a relation is about."""
    return _dictionary_words(f"common-{COMMON_FREQUENCY}", lambda word, frequency, tag: frequency >= COMMON_FREQUENCY)


EVERYDAY_FREQUENCY = 5000
"""实际 12010, 现实 5080, 关键 5721 times: words so common that '实际问题' is a practical problem, not a problem
named 实际 (退化 534, 爆炸 1998, 缓慢 1512 stay problems)."""


def everyday_words() -> frozenset[str]:
    """Words of two or more characters jieba's dictionary counts at least EVERYDAY_FREQUENCY times."""
    return _dictionary_words(f"common-{EVERYDAY_FREQUENCY}", lambda word, frequency, tag: frequency >= EVERYDAY_FREQUENCY)


def _dictionary_words(name: str, keep) -> frozenset[str]:
    """The words of jieba's dict.txt (two or more characters) that keep(word, frequency, tag) accepts,
    cached under `name` beside the other dictionary caches."""
    import jieba

    from store import user_cache_dir

    source = Path(jieba.__file__).parent / "dict.txt"
    cache = user_cache_dir() / f"jieba-{jieba.__version__}-{source.stat().st_size}.{name}.marshal"
    try:
        return frozenset(marshal.loads(cache.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    words = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) >= 2 and parts[1].isdigit() and keep(parts[0], int(parts[1]), parts[2]):
                words.append(parts[0])
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        staging = cache.with_name(cache.name + f".tmp-{os.getpid()}")
        staging.write_bytes(marshal.dumps(sorted(words)))
        os.replace(staging, cache)
    except OSError:
        pass
    return frozenset(words)


def _load_cached_tags() -> dict[str, bytes]:
    import jieba

    from store import user_cache_dir

    source = Path(jieba.__file__).parent / "dict.txt"
    cache = user_cache_dir() / f"jieba-{jieba.__version__}-{source.stat().st_size}.tags.by-char.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    by_char: dict[str, dict[str, str]] = {}
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                by_char.setdefault(parts[0][0], {})[parts[0]] = parts[2]
    blobs = {char: marshal.dumps(entries) for char, entries in by_char.items()}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        staging = cache.with_name(cache.name + f".tmp-{os.getpid()}")
        staging.write_bytes(marshal.dumps(blobs))
        os.replace(staging, cache)
    except OSError:
        pass
    return blobs


def unglue_cue_edges(words: list[str], spaces: list[bool], names: set[str], cues: set[str],
                     plain: "Segmenter") -> tuple[list[str], list[bool]]:
    """Words with a name's last character handed back to the cue it belongs to: with the name 层组 known,
    jieba cuts '由多个相同的层组成' as '层组 成' (a name outweighs any dictionary word); the orphan 成 and the
    name's 组 make the cue 组成, so the words are '层 组成'. Only where the name is glued to a single Chinese
    character that completes a cue with it, and the dictionary alone (`plain`) cuts the two that way too:
    '数据集划分为' stays '数据集划分 为' (the dictionary reads 划分 为), '调用了' stays '调用 了'."""
    out_words: list[str] = []
    out_spaces: list[bool] = []
    i = 0
    while i < len(words):
        name = words[i]
        orphan = words[i + 1] if i + 1 < len(words) else ""
        if len(orphan) == 1 and not spaces[i] and len(name) >= 2 and name in names and orphan not in names \
                and "\u4e00" <= orphan <= "\u9fff" and "\u4e00" <= name[-1] <= "\u9fff" and name[-1] + orphan in cues:
            cut = [w for w in plain.cut(name + orphan, HMM=False) if w.strip()]
            if cut and cut[-1] == name[-1] + orphan:
                out_words += cut
                out_spaces += [False] * (len(cut) - 1) + [spaces[i + 1]]
                i += 2
                continue
        out_words.append(name)
        out_spaces.append(spaces[i])
        i += 1
    return out_words, out_spaces


def lookup_keys(text: str) -> str:
    """Two spellings of a text in which every name it could match occurs verbatim:
    case-folded without spaces (what the phrase matcher and jieba see) and the
    normalised key (what lexicon lookups compare)."""
    return "".join(text.casefold().split()) + "\x00" + normalize_term(text)


def may_contain(haystack: str, name: str) -> bool:
    """False only when `name` can match nowhere in the text whose lookup_keys is `haystack`."""
    folded = "".join(name.casefold().split())
    key = normalize_term(name)
    return bool(folded and folded in haystack) or bool(key and key in haystack)
