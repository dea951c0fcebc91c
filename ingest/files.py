"""The passages stage's files in a generation: every note it read, every passage it cut, and
what each note says about itself (front matter, links, tags, properties: note_meta.jsonl)."""
from __future__ import annotations

from dataclasses import asdict

from ingest.model import Link, NoteMeta, NoteRecord, Passage, Tag
from store import Generation
from store.files import read_jsonl, write_jsonl

STAGE = "passages"
"""The manifest section of this stage."""
NOTES_FILE = "notes.jsonl"
PASSAGES_FILE = "passages.jsonl"
NOTE_META_FILE = "note_meta.jsonl"
FILES = (NOTES_FILE, PASSAGES_FILE, NOTE_META_FILE)


def passage_to_json(passage: Passage) -> dict:
    record = asdict(passage)
    record["heading_path"] = list(passage.heading_path)
    return record


def passage_from_json(record: dict) -> Passage:
    return Passage(
        id=record["id"],
        path=record["path"],
        heading_path=tuple(record["heading_path"]),
        start_line=record["start_line"],
        end_line=record["end_line"],
        text=record["text"],
        raw=record["raw"],
        heading_line=record.get("heading_line", 0),
    )


def write_passages(directory, notes, passages, metas=()) -> None:
    write_jsonl(directory / NOTES_FILE, (asdict(note) for note in notes))
    write_jsonl(directory / PASSAGES_FILE, (passage_to_json(p) for p in passages))
    write_jsonl(directory / NOTE_META_FILE, (meta_to_json(m) for m in metas))


def meta_to_json(meta: NoteMeta) -> dict:
    return {"path": meta.path, "h1": meta.h1, "aliases": list(meta.aliases), "tags": [asdict(t) for t in meta.tags],
            "links": [asdict(link) for link in meta.links], "properties": [list(p) for p in meta.properties],
            "problems": list(meta.problems)}


def meta_from_json(record: dict) -> NoteMeta:
    return NoteMeta(record["path"], record["h1"], tuple(record["aliases"]), tuple(Tag(**t) for t in record["tags"]),
                    tuple(Link(**link) for link in record["links"]), tuple(tuple(p) for p in record["properties"]),
                    tuple(record["problems"]))


def read_notes(generation: Generation) -> list[NoteRecord]:
    return [NoteRecord(**record) for record in read_jsonl(generation.path(NOTES_FILE))]


def read_passages(generation: Generation) -> list[Passage]:
    return [passage_from_json(record) for record in read_jsonl(generation.path(PASSAGES_FILE))]


def read_note_meta(generation: Generation) -> list[NoteMeta]:
    """Every note's metadata; none from a generation written before the file existed."""
    path = generation.path(NOTE_META_FILE)
    if not path.exists():
        return []
    return [meta_from_json(record) for record in read_jsonl(path)]
