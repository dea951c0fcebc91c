"""What an Obsidian or Logseq note says about itself: front matter, links, tags, properties.

The front matter block is YAML (PyYAML's safe loader: no tags, no code). Its lines
are blanked before Markdown parsing, so no passage holds them and every passage
keeps its real file lines. `aliases` name the note's concept, `tags` tag it, any
other key is kept as metadata and never as passage text. A block that is not a
YAML mapping is one warning naming the file; the rest of the note is indexed.
"""
from __future__ import annotations

import datetime
import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.clean import clean_title
from ingest.model import Link, NoteMeta, Passage, Tag
from ingest.obsidian import PROPERTY, WIKILINK, mask_code_spans, split_wikilink, tag_names

MAX_FRONT_MATTER_LINES = 2000
MAX_FRONT_MATTER_CHARS = 100_000
"""A longer block is refused with a warning rather than handed to the YAML parser."""
MAX_VALUE_NODES = 10_000
"""A metadata value is cut after this many items (YAML anchors can make a few lines enormous)."""
_FENCES = ("---", "...")
_YAML_KEY = re.compile(r"^(?:- )?[^\s:#\-][^:\n]*:(?:\s|$)")
ALIAS_KEYS = ("aliases", "alias")
TAG_KEYS = ("tags", "tag")


@dataclass(frozen=True)
class FrontMatter:
    """The YAML block at the top of a note."""

    end: int
    """Lines 0..end-1 (0-based) are the block with its two fences."""
    data: dict
    """The mapping; empty when the block is malformed."""
    problem: str | None
    """The one-line warning for a malformed block."""
    key_lines: dict[str, int]
    """1-based file line of each top-level key."""


def read_front_matter(lines: list[str]) -> FrontMatter | None:
    """The block if the note opens with `---` and a later `---` or `...` closes it, else None.

    A closed block that does not look like YAML at all (no `key:` line) is a horizontal
    rule and some text, not front matter: None, and it is read as Markdown.
    """
    import yaml

    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)) if lines[i].rstrip() in _FENCES), None)
    if end is None:
        return None
    body = lines[1:end]
    key_lines = {}
    for index, line in enumerate(body, start=2):
        key = _YAML_KEY.match(line)
        if key and not line.startswith((" ", "\t", "-")):
            key_lines.setdefault(key.group(0).rstrip().rstrip(":").strip("'\""), index)
    where = f"front matter (lines 1-{end + 1})"
    if not any(_YAML_KEY.match(line) for line in body):
        return None
    if sum(len(line) + 1 for line in body) > MAX_FRONT_MATTER_CHARS:
        return FrontMatter(end + 1, {}, f"{where} is over {MAX_FRONT_MATTER_CHARS} characters; indexed without it", key_lines)
    try:
        data = yaml.safe_load("\n".join(body))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter(end + 1, {}, f"{where} is not valid YAML ({problem}{at}); indexed without it", key_lines)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return FrontMatter(end + 1, {}, f"{where} is not a YAML mapping of keys; indexed without it", key_lines)
    return FrontMatter(end + 1, data, None, key_lines)


def hide_front_matter(text: str, front: FrontMatter | None) -> str:
    """The text with the block's lines emptied: the parser never sees them, line numbers stay."""
    if front is None:
        return text
    lines = text.split("\n")
    return "\n".join([""] * front.end + lines[front.end:])


def note_meta(path: str, lines: list[str], tokens, passages: list[Passage], front: FrontMatter | None) -> NoteMeta:
    """Front matter, inline links and tags, Logseq properties and the single H1 of one note.

    `tokens`: markdown-it's tokens of the note (with the front matter hidden), for code lines and headings.
    """
    code = _code_lines(tokens)
    starts = [p.start_line for p in passages]
    first = passages[0].id if passages else ""
    aliases: list[str] = []
    tags: list[Tag] = []
    links: list[Link] = []
    properties: list[tuple[str, str]] = []
    if front is not None:
        _front_matter_meta(front, first, aliases, tags, properties)
    begin = front.end if front is not None else 0
    for index in range(begin, len(lines)):
        line = lines[index]
        if index in code or ("[[" not in line and "#" not in line and "::" not in line):
            continue
        number = index + 1
        passage = _passage_at(passages, starts, number)
        prop = PROPERTY.match(line) if "::" in line else None
        if prop:
            _property(prop.group("key"), prop.group("value") or "", number, passage, aliases, tags, properties)
            continue
        masked = mask_code_spans(line)
        for match in WIKILINK.finditer(masked) if "[[" in masked else ():
            link = split_wikilink(match.group("inner"), match.group("bang"))
            if link.target and not link.attachment:
                links.append(Link(number, passage, link.target, link.heading, link.shown, link.embed))
        for name in tag_names(masked) if "#" in masked else ():
            tags.append(Tag(name, number, passage))
    problems = (front.problem,) if front is not None and front.problem else ()
    return NoteMeta(path, _single_h1(tokens), tuple(dict.fromkeys(aliases)), tuple(tags), tuple(links), tuple(properties),
                    problems)


def _front_matter_meta(front: FrontMatter, passage: str, aliases: list, tags: list, properties: list) -> None:
    for key, value in front.data.items():
        name = str(key)
        line = front.key_lines.get(name, 1)
        if name.lower() in ALIAS_KEYS:
            aliases.extend(_names(value, split_spaces=False))
        elif name.lower() in TAG_KEYS:
            tags.extend(Tag(tag, line, passage) for tag in _names(value, split_spaces=True))
        else:
            properties.append((name, json.dumps(_plain(value, [MAX_VALUE_NODES]), ensure_ascii=False, sort_keys=True)))


def _property(key: str, value: str, line: int, passage: str, aliases: list, tags: list, properties: list) -> None:
    """A Logseq `key:: value`: `alias::` and `tags::` as front matter's, others as metadata."""
    values = [v.strip().strip("[]#").strip() for v in value.split(",")]
    if key.lower() in ALIAS_KEYS:
        aliases.extend(v for v in values if v)
    elif key.lower() in TAG_KEYS:
        tags.extend(Tag(v, line, passage) for v in values if v)
    else:
        properties.append((key, json.dumps(value, ensure_ascii=False)))


def _names(value, split_spaces: bool) -> list[str]:
    """A list or a comma-separated string of names, without `#` or `[[ ]]`."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    names: list[str] = []
    for item in items:
        if isinstance(item, (dict, list)):
            continue
        for part in re.split(r"[,，\s]+" if split_spaces else r"[,，]", str(item)):
            part = part.strip().strip("[]").lstrip("#").strip()
            if part:
                names.append(part)
    return names


def _plain(value, budget: list[int]):
    """JSON-safe copy of a YAML value, at most MAX_VALUE_NODES items (shared anchors are copied)."""
    budget[0] -= 1
    if budget[0] < 0:
        return "…"
    if isinstance(value, dict):
        return {str(k): _plain(v, budget) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v, budget) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _code_lines(tokens) -> set[int]:
    """0-based lines of fenced and indented code blocks, at any depth (lists, quotes)."""
    lines: set[int] = set()
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0], token.map[1]))
    return lines


def _single_h1(tokens) -> str:
    titles = [tokens[i + 1].content for i, t in enumerate(tokens)
              if t.type == "heading_open" and t.tag == "h1" and t.level == 0 and i + 1 < len(tokens)]
    return clean_title(titles[0]) if len(titles) == 1 else ""


def _passage_at(passages: list[Passage], starts: list[int], line: int) -> str:
    """The passage holding the line, else the next one (a heading's section), else the last."""
    if not passages:
        return ""
    index = bisect_right(starts, line) - 1
    if index >= 0 and passages[index].end_line >= line:
        return passages[index].id
    return passages[index + 1].id if index + 1 < len(passages) else passages[-1].id
