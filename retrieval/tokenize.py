"""Mixed Chinese/English tokens for BM25.

Chinese runs go through jieba's search mode (whole words plus their sub-words)
with the graph's concept names as user words, so `梯度消失` is one token and its
parts match too; runs of single characters jieba could not group become
character bigrams. English is lower-cased with technical tokens kept whole
(resnet-50, l2, [cls], q/k/v, seq2seq). Stopwords of both languages are dropped.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from kg.segment import BaseDictionary, Segmenter

_RUNS = re.compile(
    r"(?P<cjk>[\u3400-\u9fff\uf900-\ufaff]+)"
    r"|(?P<tech>\[[a-z]{2,10}\]|[a-z0-9]+(?:[-_./+][a-z0-9]+)*)"
)
STOPWORDS = frozenset(
    """
    的 了 和 与 或 是 在 有 为 把 被 对 中 上 下 等 及 其 这 那 之 以 于 而 也 又 就 都 并 从 到 由 将 让 使 给 向 个 么 吗 呢 啊
    我们 你们 他们 它们 这个 那个 这些 那些 一个 一种 一些 什么 怎么 怎样 为什么 如何 哪些 哪个 可以 需要 进行 因为 所以 但是 然后
    如果 那么 其中 以及 或者 还是 不是 就是 这样 这里 例如 比如 是否 分别 各自 之间 时候 时 请 问 呢 吧 说 讲 一下
    the a an of and or to in on for with by is are was were be been as at from this that these those it its we you our your
    what why how which when where who whom does do did can could should would will may might not no yes if then than so
    about into over under between each both also only such there their they them he she his her i me my us
    """.split()
)


class MixedTokenizer:
    """Deterministic tokenizer; one instance per concept lexicon."""

    def __init__(self, user_words: Iterable[str] = (), dictionary: BaseDictionary | None = None) -> None:
        self.user_words = sorted({w for w in user_words if w})
        self._segmenter = Segmenter(self.user_words, dictionary)

    def tokenize(self, text: str) -> list[str]:
        text = unicodedata.normalize("NFKC", text).lower()
        tokens: list[str] = []
        for match in _RUNS.finditer(text):
            if match.group("cjk"):
                tokens.extend(self._cjk_tokens(match.group("cjk")))
            else:
                token = match.group("tech").strip("._-/+")
                if token and token not in STOPWORDS and not (len(token) == 1 and token.isalpha()):
                    tokens.append(token)
                    if "-" in token or "/" in token:
                        tokens.extend(part for part in re.split(r"[-/]", token) if len(part) > 1 and part not in STOPWORDS)
        return tokens

    def _cjk_tokens(self, run: str) -> list[str]:
        """One jieba pass: each word, its dictionary sub-words (as jieba's search mode), bigrams of lone characters."""
        words = list(self._segmenter.cut(run, HMM=False))
        frequency = self._segmenter.FREQ
        tokens: list[str] = []
        for word in words:
            if len(word) > 2:
                for size in (2, 3):
                    if len(word) > size:
                        tokens.extend(word[i : i + size] for i in range(len(word) - size + 1) if frequency.get(word[i : i + size]))
            if len(word) > 1:
                tokens.append(word)
        tokens = [t for t in tokens if t not in STOPWORDS]
        singles: list[str] = []
        for word in words + [""]:
            if len(word) == 1 and word not in STOPWORDS:
                singles.append(word)
                continue
            if len(singles) >= 2:
                tokens.extend(a + b for a, b in zip(singles, singles[1:]))
            elif len(singles) == 1:
                tokens.append(singles[0])
            singles = []
        return tokens
