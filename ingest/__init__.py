"""Ingest: Markdown notes → sections → passages with exact line spans (the first stage)."""
from ingest.chunk import chunk_note, passage_id
from ingest.files import read_notes, read_passages
from ingest.model import ChangeSet, ChunkConfig, IngestResult, NoteRecord, Passage, Problem
from ingest.sync import PreviousIngest, ingest_notes, pending_changes

__all__ = [
    "ChangeSet", "ChunkConfig", "IngestResult", "NoteRecord", "Passage", "PreviousIngest", "Problem",
    "chunk_note", "ingest_notes", "passage_id", "pending_changes", "read_notes", "read_passages",
]
