"""Markdown → sections of blocks, using markdown-it-py's source line maps.

Real headings (ATX and setext) open sections. Messy notes get pseudo-headings:
a question line followed by its answer, a bold-only line (`**实施过程**`), a
numbered Q&A item (`1. Overfitting / Underfitting` with an indented answer), and
short title lines in a note that has no headings at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.clean import clean_title


@dataclass(frozen=True)
class Block:
    """One Markdown block: a paragraph, list item, table, code fence, quote or HTML."""

    kind: str
    """paragraph | list_item | table | code | quote | html | math."""
    start: int
    """First line, 0-based."""
    end: int
    """One past the last line, 0-based."""


@dataclass(frozen=True)
class Section:
    """The blocks under one heading (real or pseudo) until the next heading."""

    heading_path: tuple[str, ...]
    """Enclosing titles, outermost first."""
    heading_line: int | None
    """0-based line of the heading itself; None for text before any heading."""
    blocks: tuple[Block, ...]


_QUESTION_CUES = re.compile(
    r"[?？]\s*$|什么|为什么|为何|如何|怎么|怎样|哪些|哪几|哪种|区别|异同|优缺点|优势|原理|作用|介绍一下|"
    r"谈谈|说说|说一下|讲一下|讲讲|是否|吗\s*$|对比|比较|\b(?:what|why|how|when|which|difference|compare)\b",
    re.I,
)
_ANSWER_OPENERS = re.compile(r"^\s*(?:\*\*)?(?:参考回答|参考答案|回答|答案|答|解答|Answer|A)\s*(?:\*\*)?\s*[:：]", re.I)
_BOLD_ONLY = re.compile(r"^\s*(?:\*\*|__)([^*_\n]{1,60})(?:\*\*|__)\s*[:：]?\s*$")
_LABEL_VALUE = re.compile(r"[:：]\s*[^\s?？]+[^?？]*$")
_SENTENCE_END = re.compile(r"[。；;，,、:：!！]\s*$")
_MAX_TITLE_CHARS = 60
_MAX_BARE_TITLE_CHARS = 30


def make_parser() -> MarkdownIt:
    """CommonMark plus tables; nesting is capped so 10,000 nested lists cannot blow the stack.

    Only block structure is read (a heading's title is its inline token's raw content), so
    inline parsing is off: it was most of the parse time, and quadratic-ish on lines full of
    `[[wikilinks]]`, which it tries as link labels.
    """
    parser = MarkdownIt("commonmark", {"maxNesting": 20}).enable("table").enable("strikethrough")
    return parser.disable(["inline", "text_join"])


def parse_sections(text: str, parser: MarkdownIt | None = None, tokens: list[Token] | None = None) -> list[Section]:
    """Split a note into sections with heading paths (`tokens`: the parser's, when the caller has them)."""
    lines = text.split("\n")
    if tokens is None:
        tokens = (parser or make_parser()).parse(text)
    items = _top_level_items(tokens, lines)
    has_real_headings = any(item[0] == "heading" for item in items)
    builder = _SectionBuilder()
    for index, item in enumerate(items):
        kind = item[0]
        if kind == "heading":
            _, level, line, title = item
            builder.open(level, title, line, pseudo=False)
            continue
        if kind == "qa_item":
            _, line, title, children = item
            builder.open(builder.pseudo_level(), title, line, pseudo=True)
            builder.add_all(children)
            continue
        block: Block = item[1]
        next_block = _next_block(items, index)
        title = _pseudo_title(block, lines, next_block, has_real_headings)
        if title:
            builder.open(builder.pseudo_level(), title, block.start, pseudo=True)
        else:
            builder.add(block)
    return builder.finish()


class _SectionBuilder:
    """Keeps the heading stack and collects blocks into sections."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str, bool]] = []  # (level, title, pseudo)
        self.sections: list[Section] = []
        self.heading_line: int | None = None
        self.blocks: list[Block] = []

    def pseudo_level(self) -> int:
        real = [level for level, _, pseudo in self.stack if not pseudo]
        return (real[-1] if real else 0) + 1

    def open(self, level: int, title: str, line: int, pseudo: bool) -> None:
        self._flush()
        if not pseudo:
            self.stack = [entry for entry in self.stack if not entry[2]]
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, title or "(untitled)", pseudo))
        self.heading_line = line

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def add_all(self, blocks: list[Block]) -> None:
        self.blocks.extend(blocks)

    def _flush(self) -> None:
        if self.blocks:
            path = tuple(title for _, title, _ in self.stack)
            self.sections.append(Section(path, self.heading_line, tuple(self.blocks)))
        self.blocks = []

    def finish(self) -> list[Section]:
        self._flush()
        return self.sections


def _next_block(items: list, index: int) -> Block | None:
    if index + 1 < len(items) and items[index + 1][0] == "block":
        return items[index + 1][1]
    return None


def _pseudo_title(block: Block, lines: list[str], next_block: Block | None, has_real_headings: bool) -> str | None:
    """The title if this one-line paragraph acts as a heading, else None."""
    if block.kind != "paragraph" or block.end - block.start != 1 or next_block is None:
        return None
    line = lines[block.start]
    bold = _BOLD_ONLY.match(line)
    if bold:
        return clean_title(bold.group(1))
    stripped = line.strip()
    if len(stripped) > _MAX_TITLE_CHARS or stripped.startswith(("$", "|", "<", "!")) or _SENTENCE_END.search(stripped):
        return None
    if _ANSWER_OPENERS.match(stripped) or _LABEL_VALUE.search(stripped):
        return None
    answer_follows = bool(_ANSWER_OPENERS.match(lines[next_block.start]))
    if answer_follows or _QUESTION_CUES.search(stripped):
        return clean_title(stripped)
    if not has_real_headings and len(stripped) <= _MAX_BARE_TITLE_CHARS and not stripped.endswith("."):
        return clean_title(stripped)
    return None


def _top_level_items(tokens: list[Token], lines: list[str]) -> list[tuple]:
    """Headings, numbered Q&A items and plain blocks at the top level, in order."""
    items: list[tuple] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = _matching_close(tokens, index)
        if token.type == "heading_open" and token.map:
            title = clean_title(tokens[index + 1].content if index + 1 < len(tokens) else "")
            items.append(("heading", int(token.tag[1:]), token.map[0], title))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            for item_open, item_close in _children(tokens, index + 1, close, token.level + 1):
                qa = _qa_item(tokens, item_open, item_close, lines) if token.type == "ordered_list_open" else None
                if qa:
                    items.append(qa)
                else:
                    items.append(("block", _block("list_item", tokens[item_open], lines)))
        elif token.map and token.nesting >= 0:
            items.append(("block", _block(_kind(token), token, lines)))
        index = close + 1
    return items


def _qa_item(tokens: list[Token], item_open: int, item_close: int, lines: list[str]):
    """A numbered item whose first line is a short title and whose body follows: a section."""
    children = list(_children(tokens, item_open + 1, item_close, tokens[item_open].level + 1))
    if len(children) < 2:
        return None
    first_open, _ = children[0]
    first = tokens[first_open]
    if first.type != "paragraph_open" or not first.map or first.map[1] - first.map[0] != 1:
        return None
    title_line = lines[first.map[0]]
    title = clean_title(re.sub(r"^\s*\d{1,9}[.)]\s*", "", title_line))
    if not title or len(title) > _MAX_TITLE_CHARS or _SENTENCE_END.search(title):
        return None
    blocks: list[Block] = []
    for child_open, child_close in children[1:]:
        child = tokens[child_open]
        if child.type in ("bullet_list_open", "ordered_list_open"):
            for sub_open, _ in _children(tokens, child_open + 1, child_close, child.level + 1):
                blocks.append(_block("list_item", tokens[sub_open], lines))
        elif child.map:
            blocks.append(_block(_kind(child), child, lines))
    return ("qa_item", first.map[0], title, blocks)


def _children(tokens: list[Token], start: int, stop: int, level: int):
    """(open index, close index) of the direct children between start and stop."""
    index = start
    while index < stop:
        token = tokens[index]
        close = _matching_close(tokens, index)
        if token.level == level and token.nesting >= 0 and token.map:
            yield index, close
        index = close + 1


def _matching_close(tokens: list[Token], index: int) -> int:
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


_KINDS = {
    "paragraph_open": "paragraph",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "blockquote_open": "quote",
    "html_block": "html",
    "hr": "hr",
}


def _kind(token: Token) -> str:
    return _KINDS.get(token.type, token.type.removesuffix("_open"))


def _block(kind: str, token: Token, lines: list[str]) -> Block:
    start, end = token.map
    end = min(max(end, start + 1), len(lines))
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1
    return Block(kind, start, end)
