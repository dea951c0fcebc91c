"""Turn raw Markdown lines into the text search sees.

Removed: HTML tags, image links, bare URLs, `[TOC]`, Markdown markers.
Kept: the text inside `<!-- comments -->` (people hide notes there), TeX, code.
Obsidian/Logseq syntax reads as a reader sees it: `[[target|shown]]` → `shown`, no
`key:: value` property lines, no `((block refs))` (ingest.obsidian).
"""
from __future__ import annotations

import re

from ingest.obsidian import convention_text

_IMAGE = re.compile(r"!\[([^\]\n]{0,200})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\((?:[^)\n]{0,2000})\)")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(?:\s[^<>]{0,2000})?/?>")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'）)\]]+|www\.[^\s<>\"'）)\]]+")
_TOC = re.compile(r"\[TOC\]", re.I)
_LINE_MARKERS = re.compile(r"^(?:>\s?)*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)?")
_EMPHASIS = re.compile(r"(\*\*|__|~~)")
_HIGHLIGHT = re.compile(r"(?<![=!<>])==(?=[^\s=])([^=\n]{1,300}?)(?<=\S)==(?!=)")
"""Obsidian's ==highlight==, whose marks are not text (a == b in code has spaces and stays)."""
_TABLE_RULE = re.compile(r"^\|?[ ]?:?-{2,}:?[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)*\|?$")
_FENCE = re.compile(r"^(?:`{3,}|~{3,})[\w+-]*$")
_TABLE_EDGE = re.compile(r"^\||\|$")
_SPACES = re.compile(r"[ \t\u3000]+")
_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}


def clean_markdown(raw: str) -> str:
    """Search text for a span of raw Markdown; one space-joined line per source line."""
    text = _COMMENT.sub(lambda m: " " + m.group(1) + " ", convention_text(raw))
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _TOC.sub(" ", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if _TABLE_RULE.match(line) or _FENCE.match(line):
            continue
        line = _TABLE_EDGE.sub("", line)
        line = _LINE_MARKERS.sub("", line, count=1)
        line = _EMPHASIS.sub("", _HIGHLIGHT.sub(r"\1", line))
        line = _SPACES.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def clean_title(raw: str) -> str:
    """A heading or pseudo-heading line as a short title."""
    title = clean_markdown(raw).replace("\n", " ")
    title = title.strip(" #:：")
    return title[:200]
