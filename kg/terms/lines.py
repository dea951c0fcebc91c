"""A Markdown line as the rules read it: struck text, Sphinx roles and emphasis marks gone, math symbols unglued."""
from __future__ import annotations

import re

from ingest.clean import clean_markdown

_SPHINX_ROLE = re.compile(r":(?:numref|cite|eqref|ref|label|citep|citet):`[^`\n]{0,120}`")
_STRUCK = re.compile(r"\(?~~[^~\n]*~~\)?")
ITALIC = re.compile(r"(?<![*\\A-Za-z0-9_$])\*([^*\s$][^*$\n]{0,40}?)\*(?![*A-Za-z0-9_])")
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
    return clean_markdown(ITALIC.sub(r"\1", _GLUED_SYMBOL.sub(_unglue_symbol, line)))


MAX_LINE_CHARS = 4000
"""A longer line (a pasted blob) is read only this far: no sentence that states a relation is longer."""
