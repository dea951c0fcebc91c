"""Sections → passages with ids and clean text, never across a heading (where to cut: ingest.pack)."""
from __future__ import annotations

import hashlib

from ingest.clean import clean_markdown
from ingest.conventions import MAX_FRONT_MATTER_LINES, hide_front_matter, note_meta, read_front_matter
from ingest.model import ChunkConfig, NoteMeta, Passage
from ingest.pack import pack_sections
from ingest.parse import Section, make_parser, parse_sections


def passage_id(path: str, heading_path: tuple[str, ...], text: str, occurrence: int) -> str:
    """Content-addressed id that survives line shifts elsewhere in the note.

    The path and heading are in the hash so the same paragraph in two notes (or two
    sections) stays two passages; `occurrence` separates repeats inside one section.
    """
    key = "\x1f".join((path, "\x1e".join(heading_path), text, str(occurrence)))
    return "p_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def chunk_note(path: str, text: str, config: ChunkConfig = ChunkConfig()) -> list[Passage]:
    """All passages of one note, in line order."""
    return read_note(path, text, config)[0]


def read_note(path: str, text: str, config: ChunkConfig = ChunkConfig()) -> tuple[list[Passage], NoteMeta]:
    """The passages of one note and what it says about itself (front matter, links, tags).

    The front matter block is hidden from the parser, so no passage holds it; the
    Markdown is parsed once for both.
    """
    front = read_front_matter(text.split("\n", MAX_FRONT_MATTER_LINES)) if text.startswith("---") else None
    body = hide_front_matter(text, front)
    tokens = make_parser().parse(body)
    lines = body.split("\n")
    passages = _passages(path, lines, parse_sections(body, tokens=tokens), config)
    return passages, note_meta(path, lines, tokens, passages, front)


def _passages(path: str, lines: list[str], sections: list[Section], config: ChunkConfig) -> list[Passage]:
    passages: list[Passage] = []
    seen: dict[tuple, int] = {}
    for section, start, end in pack_sections(sections, lines, config):
        raw = "\n".join(lines[start:end])
        clean = clean_markdown(raw)[: config.max_passage_chars]
        if not clean.strip():
            continue
        key = (section.heading_path, clean)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        passages.append(
            Passage(
                id=passage_id(path, section.heading_path, clean, occurrence),
                path=path,
                heading_path=section.heading_path,
                start_line=start + 1,
                end_line=end,
                text=clean,
                raw=raw,
                heading_line=section.heading_line + 1 if section.heading_line is not None else 0,
            )
        )
    return passages
