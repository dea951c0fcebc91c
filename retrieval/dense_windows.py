"""What the dense leg embeds of a passage: its prose, in windows with exact line ranges.

An e5 vector is the mean of its tokens, so a passage that is half code, a pasted
table or a long display formula gets a vector about that code, not about what the
prose says. The lines of a passage are therefore sorted by kind (`line_kinds`):
prose is embedded, with the heading path in front (the heading often names what
the paragraph is about); code fences and long formulas are left to BM25, which
matches identifiers exactly; a table becomes a window of its own, so its cells do not
dilute the prose around it. Prose longer than one encoder window is cut at line
boundaries (a single long line at sentence ends) into windows, each embedded alone;
the passage scores as its best window. Every window names the file lines it was
taken from, 1-based and inclusive, so a hit can always be checked against the note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.clean import clean_markdown

if TYPE_CHECKING:
    from ingest import Passage

WINDOW_CHARS = 600
"""Clean characters per window: under e5's 510 tokens even for dense Chinese (~0.7 tokens a character)."""
LONG_FORMULA_CHARS = 120
"""A display formula longer than this is notation, not prose; shorter ones stay in the text."""
MIN_PROSE_CHARS = 12
"""A window with less clean text than this (a lone caption, `代码如下：`) says nothing on its own."""
HEADING_JOIN = " › "
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_TABLE = re.compile(r"^\s*\|")
_DISPLAY = re.compile(r"^\s*\$\$")
_TEXT_INFO = frozenset({"", "text", "txt", "plain", "plaintext", "markdown", "md"})
_CODE_SYMBOLS = frozenset("{}()[];=<>_#$\\/*+|&")
_SENTENCE_END = re.compile(r"(?<=[。！？；.!?;])\s*")

PROSE, CODE, TABLE, FORMULA = "prose", "code", "table", "formula"


@dataclass(frozen=True)
class EmbedWindow:
    """One text the dense leg embeds, and where in the note it comes from."""

    passage_id: str
    """The passage it scores."""
    start_line: int
    """First file line the text was taken from, 1-based."""
    end_line: int
    """Last file line, inclusive."""
    text: str
    """Heading path, newline, the clean text of those lines (of its kind only)."""


def line_kinds(lines: list[str]) -> list[str]:
    """prose | code | table | formula for each raw line (fences and `$$` lines belong to their block)."""
    kinds = [PROSE] * len(lines)
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence:
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(fence.group(1))), len(lines) - 1)
            if not is_prose_block(lines[i].strip()[len(fence.group(1)):], lines[i + 1 : end]):
                kinds[i : end + 1] = [CODE] * (end + 1 - i)
            else:  # a fence people use as a box around plain text: its fence lines clean away
                kinds[i], kinds[end] = CODE, CODE
            i = end + 1
        elif _DISPLAY.match(lines[i]):
            single = lines[i].strip().endswith("$$") and len(lines[i].strip()) > 2
            end = i if single else next((j for j in range(i + 1, len(lines)) if "$$" in lines[j]), len(lines) - 1)
            block = "".join(lines[i : end + 1])
            if len(block.strip()) > LONG_FORMULA_CHARS:
                kinds[i : end + 1] = [FORMULA] * (end + 1 - i)
            i = end + 1
        else:
            if _TABLE.match(lines[i]):
                kinds[i] = TABLE
            i += 1
    return kinds


def is_prose_block(info: str, body: list[str]) -> bool:
    """A fence with no language (or a text one) around sentences, not code: people box notes in ```.

    Chinese text is prose when a third of its characters are CJK; Latin text when it has
    almost none of the symbols code is made of.
    """
    if info.strip().strip("{}.").lower() not in _TEXT_INFO:
        return False
    text = "".join(line.strip() for line in body)
    if not text:
        return False
    cjk = sum(1 for char in text if "\u3400" <= char <= "\u9fff")
    symbols = sum(1 for char in text if char in _CODE_SYMBOLS)
    return cjk >= len(text) / 3 or symbols <= len(text) / 50


def embedding_windows(passage: Passage, window_chars: int = WINDOW_CHARS) -> list[EmbedWindow]:
    """The windows to embed for a passage, in line order; empty when it has no prose or table text."""
    lines = passage.raw.split("\n")
    heading = HEADING_JOIN.join(passage.heading_path)
    windows: list[EmbedWindow] = []
    for kind, first, last in _runs(line_kinds(lines)):
        if kind in (CODE, FORMULA):
            continue
        for start, end, text in _cut(lines, first, last, window_chars):
            if len(text) >= MIN_PROSE_CHARS:
                windows.append(EmbedWindow(passage.id, passage.start_line + start, passage.start_line + end,
                                           (heading + "\n" + text) if heading else text))
    return _merge_small(windows, window_chars, heading)


def _runs(kinds: list[str]) -> list[tuple[str, int, int]]:
    """(kind, first, last) maximal runs of one kind, 0-based inclusive."""
    runs: list[tuple[str, int, int]] = []
    for i, kind in enumerate(kinds):
        if runs and runs[-1][0] == kind and runs[-1][2] == i - 1:
            runs[-1] = (kind, runs[-1][1], i)
        else:
            runs.append((kind, i, i))
    return runs


def _cut(lines: list[str], first: int, last: int, window_chars: int) -> list[tuple[int, int, str]]:
    """Consecutive lines first..last as windows of at most window_chars clean characters (a longer
    single line is cut at sentence ends; its pieces keep that line's number)."""
    pieces: list[tuple[int, str]] = []
    for i in range(first, last + 1):
        clean = clean_markdown(lines[i]).replace("\n", " ")
        if not clean:
            continue
        if len(clean) <= window_chars:
            pieces.append((i, clean))
            continue
        chunk = ""
        for sentence in _SENTENCE_END.split(clean):
            while len(sentence) > window_chars:  # no sentence end for a whole window: cut it hard
                if chunk:
                    pieces.append((i, chunk))
                    chunk = ""
                pieces.append((i, sentence[:window_chars]))
                sentence = sentence[window_chars:]
            if chunk and len(chunk) + len(sentence) + 1 > window_chars:
                pieces.append((i, chunk))
                chunk = ""
            chunk = f"{chunk} {sentence}".strip() if chunk else sentence
        if chunk:
            pieces.append((i, chunk))
    total = sum(len(text) + 1 for _, text in pieces)
    target = -(-total // max(1, -(-total // window_chars)))  # as many windows as needed, filled evenly
    windows: list[tuple[int, int, str]] = []
    for line, text in pieces:
        if windows and len(windows[-1][2]) < target and len(windows[-1][2]) + 1 + len(text) <= window_chars:
            start, _, joined = windows[-1]
            windows[-1] = (start, line, joined + "\n" + text)
        else:
            windows.append((line, line, text))
    return windows


def _merge_small(windows: list[EmbedWindow], window_chars: int, heading: str) -> list[EmbedWindow]:
    """Neighbouring windows of one passage that fit one window together become one (a table's
    one-line caption and the paragraph after it, say): fewer, fuller vectors."""
    prefix = len(heading) + 1 if heading else 0
    merged: list[EmbedWindow] = []
    for window in windows:
        body = window.text[prefix:]
        if merged and len(merged[-1].text) - prefix + 1 + len(body) <= window_chars // 3:
            last = merged[-1]
            merged[-1] = EmbedWindow(last.passage_id, last.start_line, window.end_line, last.text + "\n" + body)
        else:
            merged.append(window)
    return merged
