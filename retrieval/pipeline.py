"""The whole build: notes → passages → graph → search indexes, published as one generation.

This is the last library stage, so it is the one place that may call all others.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from ingest import ChunkConfig, IndexStore, IngestResult, default_index_dir, ingest_notes
from ingest.store import write_json
from kg.build import build_graph_reusing, graph_builder_id
from kg.files import NQUADS_FILE, read_extraction_cache, write_extraction_cache, write_graph
from kg.lexicon import load_user_aliases
from kg.rdf import write_nquads
from retrieval.search_index import VectorJob, build_search_indexes, encoder_manifest

Progress = Callable[[str, int, int], None]
"""(stage, done, total): lets the CLI draw a bar without the library knowing about terminals."""


@dataclass(frozen=True)
class BuildOptions:
    """Everything an ingest can be told."""

    chunk: ChunkConfig = field(default_factory=ChunkConfig)
    wait_seconds: float = 0.0
    """How long to wait for another ingest's lock before giving up."""
    dense: bool = True
    """Embed passages for the dense leg (off: BM25 and graph only)."""
    model: str | None = None
    """A local sentence-transformers folder or name; None means the packaged e5-small."""


@dataclass(frozen=True)
class BuildReport:
    """What an ingest did, for the summary line and --json."""

    ingest: IngestResult
    index_dir: Path
    generation: str | None
    """The generation published, or None when nothing changed."""
    seconds: dict[str, float]
    """Wall time per stage."""
    extracted: int = 0
    """Passages the graph stage read anew (the rest reused their facts)."""
    embedded: int = 0
    """Passages embedded anew (the rest reused their vectors)."""


def resolve_index_dir(notes_root: Path, index_dir: Path | None) -> Path:
    return Path(index_dir) if index_dir else default_index_dir(Path(notes_root))


def build_index(
    notes_root: Path,
    index_dir: Path | None = None,
    options: BuildOptions = BuildOptions(),
    progress: Progress | None = None,
) -> BuildReport:
    """Ingest the notes into a new generation of the index, incrementally."""
    notes_root = Path(notes_root)
    if not notes_root.is_dir():
        raise FileNotFoundError(f"notes folder not found: {notes_root}")
    index_dir = resolve_index_dir(notes_root, index_dir)
    store = IndexStore(index_dir)
    seconds: dict[str, float] = {}
    with store.writing(options.wait_seconds) as staged:
        previous = store.current_or_none()
        started = time.perf_counter()
        ignore = ignored_dirs(notes_root, index_dir)
        counter = _Counter(progress, "reading notes")
        result = ingest_notes(notes_root, previous, options.chunk, ignore, on_note=counter.tick)
        seconds["ingest"] = time.perf_counter() - started
        user_aliases, alias_bytes = load_user_aliases(notes_root)
        alias_hash = hashlib.sha256(alias_bytes).hexdigest()
        unchanged = (
            previous is not None
            and result.changes.is_empty
            and not result.reparsed
            and _same_notes(previous, result)
            and previous.manifest.get("user_aliases_sha256") == alias_hash
            and previous.manifest.get("encoder") == _encoder_manifest(options)
            and previous.manifest.get("graph_builder") == graph_builder_id()
        )
        if unchanged:
            staged.discard()
            return BuildReport(result, index_dir, None, seconds)
        staged.write_passages(result.passages)
        staged.manifest.update(
            chunk_config=_dataclass_dict(options.chunk),
            notes=[_dataclass_dict(note) for note in result.notes],
            passage_count=len(result.passages),
            user_aliases_sha256=alias_hash,
            graph_builder=graph_builder_id(),
        )
        write_json(staged.path("changes.json"), _dataclass_dict(result.changes))
        passages = list(result.passages)
        vectors = VectorJob(previous, passages, options.model, progress) if options.dense else None

        started = time.perf_counter()
        if progress:
            progress("building graph", 0, 1)
        previous_facts = read_extraction_cache(previous.directory) if previous is not None else None
        graph, facts, extracted = build_graph_reusing(passages, user_aliases, previous_facts)
        write_graph(graph, staged.directory)
        write_extraction_cache(facts, staged.directory)
        write_nquads(list(result.notes), passages, graph, staged.path(NQUADS_FILE))
        staged.manifest["graph"] = {
            "concepts": len(graph.concepts),
            "triples": len(graph.triples),
            "mentions": len(graph.mentions),
        }
        staged.manifest["extracted_now"] = extracted
        seconds["graph"] = time.perf_counter() - started
        if progress:
            progress("building graph", 1, 1)

        started = time.perf_counter()
        build_search_indexes(staged, previous, passages, graph, vectors, progress)
        staged.manifest["encoder"] = _encoder_manifest(options)
        seconds["search"] = time.perf_counter() - started
        embedded = staged.manifest.get("embedded_now", 0)
    return BuildReport(result, index_dir, store.current().directory.name, seconds, extracted, embedded)


def _encoder_manifest(options: BuildOptions) -> dict | None:
    return encoder_manifest(options.model) if options.dense else None


def _same_notes(previous, result: IngestResult) -> bool:
    return [n.sha256 for n in previous.notes] == [n.sha256 for n in result.notes] and [
        n.path for n in previous.notes
    ] == [n.path for n in result.notes]


def ignored_dirs(notes_root: Path, index_dir: Path) -> tuple[str, ...]:
    """The index folder, when it lives inside the notes folder, is not notes."""
    try:
        relative = index_dir.resolve().relative_to(notes_root.resolve())
    except ValueError:
        return ()
    return (relative.parts[0],) if relative.parts else ()


def _dataclass_dict(value) -> dict:
    return asdict(value)


class _Counter:
    def __init__(self, progress: Progress | None, stage: str, total: int = 0) -> None:
        self.progress, self.stage, self.total, self.done = progress, stage, total, 0

    def tick(self, _item: object = None) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.stage, self.done, self.total)
