"""The plain data passed from ingest to the later stages.

A passage is the unit everything else points at: retrieval ranks passages, every
graph triple names the passage it came from, and a user opens `path:start-end`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

HEADING_SEPARATOR = " › "


@dataclass(frozen=True)
class ChunkConfig:
    """How sections are cut into passages."""

    max_chars: int = 700
    """Small neighbouring blocks are merged while the passage stays under this size."""
    max_lines: int = 20
    """...and under this many lines that hold text; a longer paragraph or list is cut (a code block, table or formula is not)."""
    min_chars: int = 80
    """A block shorter than this is glued to its neighbour even past max_chars/2."""
    max_passage_chars: int = 20_000
    """Search text of a single oversized block is cut here (its line span stays exact)."""


@dataclass(frozen=True)
class Passage:
    """A run of whole Markdown blocks inside one section of one note."""

    id: str
    """Deterministic `p_` id from path, heading path, text and occurrence (not line numbers)."""
    path: str
    """Note path relative to the notes root, with forward slashes."""
    heading_path: tuple[str, ...]
    """Headings (real or pseudo) enclosing the passage, outermost first."""
    start_line: int
    """First source line, 1-based."""
    end_line: int
    """Last source line, 1-based and inclusive."""
    text: str
    """Clean text for search: no HTML tags, image links, bare URLs or [TOC]; TeX kept."""
    raw: str
    """The source lines start_line..end_line exactly as they are in the file."""
    heading_line: int = 0
    """1-based line of the heading (real or pseudo) the passage stands under; 0 before any heading.
    What a heading states (its name, its place among headings) is cited there, not at the text below."""

    @property
    def heading(self) -> str:
        return HEADING_SEPARATOR.join(self.heading_path)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.start_line}-{self.end_line}"


@dataclass(frozen=True)
class NoteRecord:
    """What the manifest remembers about one note."""

    path: str
    """Path relative to the notes root."""
    sha256: str
    """Hash of the file's bytes: the note changed when this changed."""
    encoding: str
    """The encoding the text was decoded with (utf-8, utf-8-sig, gb18030, utf-16)."""
    passage_count: int
    """How many passages the note gave."""


@dataclass(frozen=True)
class Problem:
    """A file that was skipped or read with a caveat; one line for the user."""

    path: str
    """The file, relative to the notes root."""
    message: str
    """What happened, e.g. 'not UTF-8, read as GB18030'."""
    skipped: bool
    """True when nothing of the file is in the index."""

    def __str__(self) -> str:
        kind = "skipped" if self.skipped else "warning"
        return f"{kind}: {self.path}: {self.message}"


@dataclass(frozen=True)
class ChangeSet:
    """What one ingest changed, for the stages that update themselves from it."""

    added: tuple[str, ...] = ()
    """Ids of passages that are new."""
    deleted: tuple[str, ...] = ()
    """Ids of passages that are gone."""
    moved: tuple[str, ...] = ()
    """Ids whose text is unchanged but whose lines moved."""
    notes_added: tuple[str, ...] = ()
    notes_changed: tuple[str, ...] = ()
    notes_deleted: tuple[str, ...] = ()
    notes_renamed: tuple[tuple[str, str], ...] = ()
    """(old path, new path) pairs detected by identical content."""

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.deleted or self.moved or self.notes_renamed)


@dataclass(frozen=True)
class IngestResult:
    """The outcome of reading a notes folder against the previous index."""

    notes: tuple[NoteRecord, ...]
    """Every note now in the index, sorted by path."""
    passages: tuple[Passage, ...]
    """Every passage now in the index, sorted by path then line."""
    changes: ChangeSet
    problems: tuple[Problem, ...] = field(default=())
    reparsed: tuple[str, ...] = ()
    """Notes that were actually parsed this run (the rest were reused)."""
    meta: tuple["NoteMeta", ...] = ()
    """Every note's front matter, links, tags and properties, sorted by path."""

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.skipped)


@dataclass(frozen=True)
class Link:
    """A `[[wikilink]]` or `![[embed]]` of a note, outside code."""

    line: int
    """1-based source line."""
    passage_id: str
    """The passage holding the line (or the nearest one after it, for a link in a heading)."""
    target: str
    """The note name as written, without `#heading`, `|shown text` or `.md`."""
    heading: str
    """The `#heading` (or `#^block`) part, empty if none."""
    shown: str
    """The text a reader sees, and what the passage text contains."""
    embed: bool
    """`![[…]]`: the target's content is shown inline."""


@dataclass(frozen=True)
class Tag:
    """A tag of a note: front matter `tags`, Logseq `tags::` or an inline `#tag`."""

    name: str
    """Without the leading `#` (`深度学习`, `ml/nlp`)."""
    line: int
    """1-based source line."""
    passage_id: str
    """The passage holding the line; for front matter, the note's first passage."""


@dataclass(frozen=True)
class NoteMeta:
    """What a note says about itself by Obsidian/Logseq convention, outside its passage text."""

    path: str
    """Relative to the notes root."""
    h1: str
    """The note's single level-1 heading, empty when it has none or several."""
    aliases: tuple[str, ...] = ()
    """Front matter `aliases` and Logseq `alias::`: other names of the note's concept."""
    tags: tuple[Tag, ...] = ()
    links: tuple[Link, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    """Other front matter keys and Logseq `key:: value` properties: (key, value as JSON), in file order."""
    problems: tuple[str, ...] = ()
    """One-line warnings (a malformed front matter block), repeated whenever the note is reused."""

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name
