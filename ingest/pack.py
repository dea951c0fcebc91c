"""Where a section is cut into passages: blocks that belong together, packed under a size budget.

A hit is read as `file:start-end`, so a passage should say one thing and fit a glance. A
character budget alone let a hard-wrapped Chinese paragraph of short lines, or prose with its
code, grow to 30 lines; so a passage also stays under a budget of lines that hold text (blank
lines, which some notes put three at a time between paragraphs, are not read).

Some blocks are read together and stay together: a list with the paragraph that leads into it
(the graph reads '由以下部分组成：' with its items), a display formula with the sentence it belongs
to. Code is its own passage: the prose around it is found by meaning, the code by its
identifiers, and mixing them made every hit a screen long. A group over the budget on its own is
cut at its softest points: first between items (a block, a nested list item), then at a blank
line or a sentence end, only then at any line; never inside a code fence, a table, HTML or a
display formula, and never right after a line that asks or announces (`？`, `：`), whose answer follows.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from ingest.clean import clean_markdown
from ingest.model import ChunkConfig
from ingest.parse import Block, Section

PROSE, CODE = "prose", "code"
_FORMULA = re.compile(r"^\s*(?:\$\$|\\\[|\\begin\{)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s")
_SENTENCE_END = re.compile(r"[。！；!;.]\s*$")
_LEADS_ON = re.compile(r"[:：?？]\s*$")
_UNCUT_KINDS = frozenset({"code", "table", "html"})


class _Text:
    """A note's lines with running sums, so the size of any span is two look-ups."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._chars = [0, *accumulate(len(line) for line in lines)]
        self._filled = [0, *accumulate(1 if line.strip() else 0 for line in lines)]

    def chars(self, start: int, end: int) -> int:
        return self._chars[end] - self._chars[start]

    def filled(self, start: int, end: int) -> int:
        """Lines that hold text: what the line budget counts."""
        return self._filled[end] - self._filled[start]

    def fits(self, start: int, end: int, config: ChunkConfig) -> bool:
        return self.chars(start, end) <= config.max_chars and self.filled(start, end) <= config.max_lines


@dataclass(frozen=True)
class _Group:
    """Blocks read together: cut inside only when the group alone is over the budget."""

    kind: str
    """prose | code: a passage holds one kind, except a tiny piece glued to its neighbour."""
    blocks: tuple[Block, ...]


def pack_sections(sections: list[Section], lines: list[str], config: ChunkConfig) -> list[tuple[Section, int, int]]:
    """Every passage of a note as (section, start, end), 0-based end-exclusive, in line order."""
    text = _Text(lines)
    return [(section, start, end) for section in sections for start, end in _pack(section, text, config)]


def _pack(section: Section, text: _Text, config: ChunkConfig) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    current: tuple[str, int, int] | None = None  # (kind, start, end)
    for group in _groups(section, text.lines):
        for start, end in _fit(group, text, config):
            if current is not None and _joins(current, (group.kind, start, end), text, config):
                heavier = current[0] if text.chars(current[1], current[2]) >= text.chars(start, end) else group.kind
                current = (heavier, current[1], end)
                continue
            if current is not None:
                spans.append(current[1:])
            current = (group.kind, start, end)
    if current is not None:
        spans.append(current[1:])
    return spans


def _groups(section: Section, lines: list[str]) -> list[_Group]:
    """The section's searchable blocks, with lists joined to their lead-in and formulas to their sentence."""
    groups: list[_Group] = []
    for block in section.blocks:
        if block.kind == "hr" or not clean_markdown("\n".join(lines[block.start : block.end])):
            continue
        kind = CODE if block.kind == "code" else PROSE
        if groups and groups[-1].kind == PROSE == kind and _belongs_to(groups[-1].blocks[-1], block, lines):
            groups[-1] = _Group(PROSE, groups[-1].blocks + (block,))
        else:
            groups.append(_Group(kind, (block,)))
    if len(groups) > 1 and groups[0].kind == PROSE == groups[1].kind and _is_formula(groups[0].blocks[-1], lines):
        groups[:2] = [_Group(PROSE, groups[0].blocks + groups[1].blocks)]  # no sentence before it: the one after
    return groups


def _belongs_to(last: Block, block: Block, lines: list[str]) -> bool:
    """A list item after a paragraph or an item; a display formula after its sentence."""
    if block.kind == "list_item":
        return last.kind in ("list_item", "paragraph") and not _is_formula(last, lines)
    return _is_formula(block, lines) and last.kind in ("paragraph", "list_item")


def _is_formula(block: Block, lines: list[str]) -> bool:
    return block.kind == "paragraph" and bool(_FORMULA.match(lines[block.start]))


def _fit(group: _Group, text: _Text, config: ChunkConfig) -> list[tuple[int, int]]:
    """The group as one span, or cut at its softest points when it is over the budget alone."""
    start, end = group.blocks[0].start, group.blocks[-1].end
    if text.fits(start, end, config):
        return [(start, end)]
    levels = _cut_points(group, text.lines)
    spans: list[tuple[int, int]] = []
    while start < end:
        stop = _softest(start, end, levels, text, config) or _shortest(start, end, levels)
        spans.append((start, _trim(text.lines, start, stop)))
        start = stop
        while start < end and not text.lines[start].strip():
            start += 1
    return spans


def _cut_points(group: _Group, lines: list[str]) -> list[list[int]]:
    """Lines a piece may start at, softest first: between the group's blocks; between nested items,
    the outermost first (a cut under '降低模型复杂度' would part it from its own sub-items); blank
    lines and sentence ends; any other line."""
    blocks: set[int] = set()
    nested: dict[int, set[int]] = {}  # indentation → item lines
    pauses: set[int] = set()
    others: set[int] = set()
    for index, block in enumerate(group.blocks):
        if index and not (block.kind == "list_item" and group.blocks[index - 1].kind == "paragraph") \
                and not _is_formula(block, lines) and not _LEADS_ON.search(lines[group.blocks[index - 1].end - 1]):
            blocks.add(block.start)
        if block.kind in _UNCUT_KINDS:
            continue
        for line in _inner_lines(block, lines):
            before = _previous_filled(lines, line)
            if _LEADS_ON.search(before):
                others.add(line)
            elif _ITEM.match(lines[line]):
                nested.setdefault(len(lines[line]) - len(lines[line].lstrip()), set()).add(line)
            elif not lines[line - 1].strip() or _SENTENCE_END.search(before):
                pauses.add(line)
            else:
                others.add(line)
    items = [sorted(nested[indent] - blocks) for indent in sorted(nested)]
    return [sorted(blocks), *items, sorted(pauses - blocks), sorted(others - blocks - pauses)]


def _inner_lines(block: Block, lines: list[str]) -> list[int]:
    """Lines inside the block that a piece may start at: holding text, outside a fence or display formula."""
    allowed = []
    fence: str | None = None
    in_formula = False
    for line in range(block.start, block.end):
        text = lines[line]
        if line > block.start and fence is None and not in_formula and text.strip():
            allowed.append(line)
        opener = _FENCE.match(text)
        if opener and (fence is None or text.strip().startswith(fence)):
            fence = opener.group(1) if fence is None else None
        elif fence is None and text.count("$$") % 2:
            in_formula = not in_formula
    return allowed


def _previous_filled(lines: list[str], line: int) -> str:
    line -= 1
    while line > 0 and not lines[line].strip():
        line -= 1
    return lines[line]


def _farthest(start: int, end: int, cuts: list[int], text: _Text, config: ChunkConfig) -> int | None:
    """The last cut (or the end) after start that keeps start..cut inside the budget."""
    best = None
    for index in range(bisect_right(cuts, start), len(cuts) + 1):
        cut = cuts[index] if index < len(cuts) else end
        if not text.fits(start, cut, config):
            break
        best = cut
    return best


def _softest(start: int, end: int, levels: list[list[int]], text: _Text, config: ChunkConfig) -> int | None:
    """The softest cut that leaves a piece of half the budget or more (an outer item's cut right after
    '- B' would leave that line alone); failing that, the longest piece that fits."""
    longest = None
    for cuts in levels:
        cut = _farthest(start, end, cuts, text, config)
        if cut is None:
            continue
        if cut == end or 2 * text.filled(start, cut) >= config.max_lines or 2 * text.chars(start, cut) >= config.max_chars:
            return cut
        longest = max(cut, longest or cut)
    return longest


def _shortest(start: int, end: int, levels: list[list[int]]) -> int:
    """No cut keeps the piece inside the budget (one huge line): the shortest piece there is."""
    following = [cuts[i] for cuts in levels if (i := bisect_right(cuts, start)) < len(cuts)]
    return min(following, default=end)


def _trim(lines: list[str], start: int, stop: int) -> int:
    while stop - 1 > start and not lines[stop - 1].strip():
        stop -= 1
    return stop


def _joins(current: tuple[str, int, int], piece: tuple[str, int, int], text: _Text, config: ChunkConfig) -> bool:
    """Neighbours of one kind share a passage while it stays inside the budget, small ones up to twice
    the characters. A lone short line (a caption, '代码如下：') says nothing alone: it takes the next
    piece of any kind. No joining ever goes past the line budget: only a block that cannot be cut
    (a long code block, table or formula) is over it, and then on its own."""
    joined_chars, joined_lines = text.chars(current[1], piece[2]), text.filled(current[1], piece[2])
    if joined_chars > 2 * config.max_chars or joined_lines > config.max_lines:
        return False
    if text.filled(current[1], current[2]) == 1 and text.chars(current[1], current[2]) < config.min_chars:
        return True
    if current[0] != piece[0]:
        return False
    small = min(text.chars(current[1], current[2]), text.chars(piece[1], piece[2])) < config.min_chars
    return joined_chars <= config.max_chars or small
