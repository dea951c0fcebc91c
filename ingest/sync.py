"""Read a notes folder against the previous index: reuse what is unchanged.

Only added and changed notes are parsed again; a note whose bytes equal a deleted
note's is a rename. The result lists every passage now in the index and the
change set the graph and retrieval stages update themselves from.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ingest import chunk, clean, conventions, model, obsidian, pack, parse, reading
from ingest.chunk import read_note
from ingest.model import ChangeSet, ChunkConfig, IngestResult, NoteMeta, NoteRecord, Passage, Problem
from ingest.reading import decode_note, hash_bytes, list_note_paths, read_note_bytes
from store import code_fingerprint, digest

ProgressCallback = Callable[[str], None]

STAGE_VERSION = "5"
"""Bump when passages mean something else with the same code (the code itself is fingerprinted)."""


def config_fingerprint(config: ChunkConfig) -> str:
    """How notes become passages: the decoder, parser, cleaner, chunker and conventions, and the chunk sizes."""
    return digest(STAGE_VERSION, config, code_fingerprint(reading, parse, clean, chunk, pack, model, obsidian, conventions))


def inputs_fingerprint(notes: tuple[NoteRecord, ...]) -> str:
    """What the stage read: every note's path and bytes."""
    return digest([(note.path, note.sha256) for note in notes])


@dataclass(frozen=True)
class PreviousIngest:
    """What the last generation's passages stage holds."""

    notes: tuple[NoteRecord, ...]
    passages: tuple[Passage, ...]
    reusable: bool
    """Cut by the same parser and config: an unchanged note keeps its passages without a re-parse."""
    meta: tuple[NoteMeta, ...] = ()
    """Every note's front matter, links and tags, as read with its passages."""


def ingest_notes(
    root: Path,
    previous: PreviousIngest | None = None,
    config: ChunkConfig = ChunkConfig(),
    ignore_dirs: tuple[str, ...] = (),
    on_note: ProgressCallback | None = None,
) -> IngestResult:
    """Passages for every readable note under root, reusing the previous index where possible."""
    root = Path(root)
    paths, problems = list_note_paths(root, ignore_dirs)
    reusable = previous is not None and previous.reusable
    old_notes = {note.path: note for note in previous.notes} if previous else {}
    old_passages: dict[str, list[Passage]] = defaultdict(list)
    for passage in previous.passages if previous else ():
        old_passages[passage.path].append(passage)
    old_meta = {meta.path: meta for meta in previous.meta} if previous else {}

    notes: list[NoteRecord] = []
    passages: list[Passage] = []
    metas: list[NoteMeta] = []
    reparsed: list[str] = []
    seen_hashes: dict[str, str] = {}
    for rel in paths:
        if on_note:
            on_note(rel)
        data, problem = read_note_bytes(root, rel)
        if problem:
            problems.append(problem)
            continue
        note_text, note_problems = decode_note(rel, data)
        problems.extend(note_problems)
        if note_text is None:
            continue
        old = old_notes.get(rel)
        if reusable and old is not None and old.sha256 == note_text.sha256 and rel in old_meta:
            note_passages, meta = old_passages[rel], old_meta[rel]
        else:
            note_passages, meta = read_note(rel, note_text.text, config)
            reparsed.append(rel)
        problems.extend(Problem(rel, message, False) for message in meta.problems)
        metas.append(meta)
        seen_hashes[rel] = note_text.sha256
        notes.append(NoteRecord(rel, note_text.sha256, note_text.encoding, len(note_passages)))
        passages.extend(note_passages)

    changes = _change_set(old_notes, old_passages, notes, passages)
    return IngestResult(tuple(notes), tuple(passages), changes, tuple(problems), tuple(reparsed), tuple(metas))


def _change_set(
    old_notes: dict[str, NoteRecord],
    old_passages: dict[str, list[Passage]],
    notes: list[NoteRecord],
    passages: list[Passage],
) -> ChangeSet:
    new_notes = {note.path: note for note in notes}
    added_notes = sorted(set(new_notes) - set(old_notes))
    deleted_notes = sorted(set(old_notes) - set(new_notes))
    changed_notes = sorted(p for p in set(new_notes) & set(old_notes) if new_notes[p].sha256 != old_notes[p].sha256)
    deleted_by_hash = {old_notes[p].sha256: p for p in deleted_notes}
    renamed = tuple(
        (deleted_by_hash[new_notes[p].sha256], p) for p in added_notes if new_notes[p].sha256 in deleted_by_hash
    )
    old_spans = {p.id: (p.path, p.start_line, p.end_line) for group in old_passages.values() for p in group}
    new_spans = {p.id: (p.path, p.start_line, p.end_line) for p in passages}
    return ChangeSet(
        added=tuple(sorted(set(new_spans) - set(old_spans))),
        deleted=tuple(sorted(set(old_spans) - set(new_spans))),
        moved=tuple(sorted(i for i in set(new_spans) & set(old_spans) if new_spans[i] != old_spans[i])),
        notes_added=tuple(p for p in added_notes if p not in {new for _, new in renamed}),
        notes_changed=tuple(changed_notes),
        notes_deleted=tuple(p for p in deleted_notes if p not in {old for old, _ in renamed}),
        notes_renamed=renamed,
    )


def pending_changes(root: Path, indexed: list[NoteRecord], ignore_dirs: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Notes added, changed or deleted since the index was built, from hashes alone."""
    paths, _ = list_note_paths(Path(root), ignore_dirs)
    old = {note.path: note.sha256 for note in indexed}
    current: dict[str, str] = {}
    unreadable: list[str] = []
    for rel in paths:
        data, problem = read_note_bytes(Path(root), rel)
        if problem:
            unreadable.append(rel)
            continue
        current[rel] = hash_bytes(data)
    return {
        "added": sorted(p for p in current if p not in old),
        "changed": sorted(p for p in current if p in old and old[p] != current[p]),
        "deleted": sorted(p for p in old if p not in current and p not in unreadable),
    }
