"""The inline syntax of Obsidian and Logseq notes: wikilinks, embeds, tags, properties, block refs.

Pure text functions shared by the cleaner (what search sees: a link's shown text,
no `key:: value` lines, no `((block refs))`) and by `ingest.conventions` (what the
graph gets: the links, tags and properties themselves). Code is never read as
syntax: fenced blocks and `inline code` keep their text as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WIKILINK = r"(?P<bang>!?)\[\[(?P<inner>[^\[\]\n]{1,1000})\]\](?!\()"
"""`[[target#heading|shown]]`; `![[公式]](url)` is a Markdown image whose alt text has brackets, not an embed."""
_CODE_OR_LINK = re.compile(r"(?P<code>`+)[^`\n]*?(?P=code)|" + _WIKILINK)
_CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
WIKILINK = re.compile(_WIKILINK)
BLOCK_REF = re.compile(r"\(\([0-9A-Za-z][0-9A-Za-z-]{5,63}\)\)")
"""Logseq `((6475c2b1-…))`: a reference to a block by id; it reads as nothing."""
PROPERTY = re.compile(r"^\s*(?:[-*+]\s+)?(?P<key>[A-Za-z][\w-]{0,60})::(?:\s+(?P<value>.*?))?\s*$")
"""Logseq `key:: value` (also as a bullet): metadata, not text."""
_TAG_CHARS = r"[^\s!@#$%^&*(),.?\":{}|<>\[\]'`~+=;\\，。、；：？！（）【】「」《》“”‘’…]"
TAG = re.compile(r"(?:(?<=\s)|^)#(?P<name>" + _TAG_CHARS + r"{1,200})")
"""Obsidian's inline tag: `#` after a space or at line start; `## heading`, `C#`, `url#anchor` are not tags."""
_FENCE = re.compile(r"^\s{0,3}(?P<mark>`{3,}|~{3,})")
NOTE_SUFFIXES = (".md", ".markdown")
_FILE_SUFFIX = re.compile(r"\.[a-z0-9]{1,5}")
"""`![[figure.png]]`, `![[paper.pdf]]`: an attachment; `![[v1.2 notes]]` is still a note."""
HEADING_MARK = " › "
"""How a link to a heading reads: `[[Transformer#Attention]]` → `Transformer › Attention`."""


@dataclass(frozen=True)
class WikiLink:
    """One `[[…]]` split into its parts."""

    target: str
    """Note name or path as written, without `.md`; empty for a link inside the same note."""
    heading: str
    shown: str
    """What a reader sees in place of the link."""
    embed: bool
    attachment: bool
    """An embedded image or PDF (`![[figure.png]]`): not a note, shows nothing in the text."""


def split_wikilink(inner: str, bang: str = "") -> WikiLink:
    """`Transformer#Attention|注意力` → target, heading and the shown text (`\\|` is a pipe escaped in a table)."""
    target, _, shown = inner.partition("|")
    name, _, heading = target.rstrip("\\").partition("#")
    name, heading, shown = name.strip(), heading.strip(), shown.strip()
    embed = bool(bang)
    last = name.rpartition("/")[2]
    suffix = "." + last.rpartition(".")[2].lower() if "." in last else ""
    attachment = embed and bool(_FILE_SUFFIX.fullmatch(suffix)) and suffix not in NOTE_SUFFIXES
    if suffix in NOTE_SUFFIXES:
        name = name[: -len(suffix)]
    if not shown:
        shown = "" if attachment else (f"{name}{HEADING_MARK}{heading}" if name and heading else name or heading)
    return WikiLink(name, heading, shown, embed, attachment)


def code_lines_by_fence(lines: list[str]) -> list[bool]:
    """Which lines are inside (or open/close) a fenced code block; an unclosed fence runs to the end."""
    inside: list[bool] = []
    mark: str | None = None
    for line in lines:
        fence = _FENCE.match(line)
        if mark is None and fence:
            mark = fence.group("mark")
            inside.append(True)
        elif mark is not None:
            inside.append(True)
            if fence and fence.group("mark")[0] == mark[0] and len(fence.group("mark")) >= len(mark) and not line.strip().strip(mark[0]):
                mark = None
        else:
            inside.append(False)
    return inside


def convention_text(text: str) -> str:
    """The text with links replaced by their shown text, block refs and property lines removed.

    Lines in fenced code and `inline code` are kept as written. An unclosed `[[` stays text.
    """
    if "[[" not in text and "((" not in text and "::" not in text:
        return text
    lines = text.split("\n")
    for index, (line, in_code) in enumerate(zip(lines, code_lines_by_fence(lines))):
        if in_code:
            continue
        if "::" in line and PROPERTY.match(line):
            lines[index] = ""
            continue
        if "[[" in line:
            line = _CODE_OR_LINK.sub(_shown, line)
        if "((" in line:
            line = BLOCK_REF.sub("", line)
        lines[index] = line
    return "\n".join(lines)


def _shown(match: re.Match) -> str:
    if match.group("code"):
        return match.group(0)
    return split_wikilink(match.group("inner"), match.group("bang")).shown


def mask_code_spans(line: str) -> str:
    """The line with `inline code` blanked (same length), so nothing inside reads as a link or tag."""
    if "`" not in line:
        return line
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


_COUNT_OF = re.compile(r"\s*(?:=|≈|<|>|≤|≥)")
"""What follows '#heads' in '#heads = 12': the notes' shorthand for 'number of', not a tag."""


def tag_names(line: str) -> list[str]:
    """Inline tags of one (code-masked) line; a tag needs a character that is not a digit."""
    names = []
    for match in TAG.finditer(line):
        name = match.group("name").strip("/")
        if name and not name.replace("/", "").isdigit() and not _COUNT_OF.match(line, match.end()):
            names.append(name)
    return names
