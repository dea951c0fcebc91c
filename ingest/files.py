"""The passages stage's files in a generation: every note it read and every passage it cut."""
from __future__ import annotations

from dataclasses import asdict

from ingest.model import NoteRecord, Passage
from store import Generation
from store.files import read_jsonl, write_jsonl

STAGE = "passages"
"""The manifest section of this stage."""
NOTES_FILE = "notes.jsonl"
PASSAGES_FILE = "passages.jsonl"
FILES = (NOTES_FILE, PASSAGES_FILE)


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
    )


def write_passages(directory, notes, passages) -> None:
    write_jsonl(directory / NOTES_FILE, (asdict(note) for note in notes))
    write_jsonl(directory / PASSAGES_FILE, (passage_to_json(p) for p in passages))


def read_notes(generation: Generation) -> list[NoteRecord]:
    return [NoteRecord(**record) for record in read_jsonl(generation.path(NOTES_FILE))]


def read_passages(generation: Generation) -> list[Passage]:
    return [passage_from_json(record) for record in read_jsonl(generation.path(PASSAGES_FILE))]
