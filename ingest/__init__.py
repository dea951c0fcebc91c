"""Ingest: Markdown notes → sections → passages with exact line spans; the index store."""
from ingest.chunk import chunk_note, passage_id
from ingest.model import ChangeSet, ChunkConfig, IngestResult, NoteRecord, Passage, Problem
from ingest.store import (
    Generation,
    IndexBusy,
    IndexIncompatible,
    IndexMissing,
    IndexProblem,
    IndexStore,
    StagedGeneration,
    default_index_dir,
)
from ingest.sync import ingest_notes

__all__ = [
    "ChangeSet", "ChunkConfig", "Generation", "IndexBusy", "IndexIncompatible", "IndexMissing",
    "IndexProblem", "IndexStore", "IngestResult", "NoteRecord", "Passage", "Problem",
    "StagedGeneration", "chunk_note", "default_index_dir", "ingest_notes", "passage_id",
]
