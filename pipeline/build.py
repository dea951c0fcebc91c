"""The build: notes → passages → graph → every leg's files, published as one generation.

Each stage declares a version and a fingerprint of its config (settings and rule
code) and of its inputs (the upstream files it reads). A stage whose fingerprints
match the previous generation's section carries its files over untouched; one whose
config matches but inputs differ reuses single records (a note's passages, a
passage's facts, tokens or vector); any other rebuilds. When every stage carries
over, nothing is published: "nothing to do" is the fingerprints agreeing.
"""
from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ingest import ChunkConfig, IngestResult, PreviousIngest, ingest_notes, read_notes, read_passages
from ingest import files as passage_files
from ingest import sync
from kg import build as graph_build
from kg import files as graph_files
from kg.lexicon import load_user_aliases
from kg.model import ConceptGraph
from kg.rdf import note_nquads
from kg.segment import BaseDictionary
from kg.stores import DEFAULT_STORE, store_class
from kg.stores import STAGE as STORE_STAGE
from retrieval.encoders import EncoderChoice, resolve_encoder
from retrieval.legs import LEGS, Leg, LegBuild
from store import Generation, IndexStore, StagedGeneration, StageRecord, digest, ignored_dirs, resolve_index_dir

Progress = Callable[[str, int, int], None]
"""(stage, done, total): lets the CLI draw a bar without the library knowing about terminals."""


@dataclass(frozen=True)
class BuildOptions:
    """Everything an ingest can be told."""

    chunk: ChunkConfig = field(default_factory=ChunkConfig)
    wait_seconds: float = 0.0
    """How long to wait for another ingest's lock before giving up."""
    encoder: EncoderChoice | None = field(default_factory=lambda: resolve_encoder(None))
    """The dense leg's encoder; None builds no vectors (BM25 and graph only)."""


@dataclass(frozen=True)
class BuildReport:
    """What an ingest did, for the summary line and --json (never written into the index)."""

    ingest: IngestResult
    index_dir: Path
    generation: str | None
    """The generation published, or None when nothing changed."""
    seconds: dict[str, float]
    """Wall time per stage."""
    rebuilt: tuple[str, ...] = ()
    """Stages that did work (the others carried their files over)."""
    counters: dict[str, int] = field(default_factory=dict)
    """Work done anew: graph_reread passages, tokenized passages, embedded texts."""

    @property
    def extracted(self) -> int:
        return self.counters.get("graph_reread", 0)

    @property
    def embedded(self) -> int:
        return self.counters.get("embedded", 0)


def build_index(notes_root: Path, index_dir: Path | None = None, options: BuildOptions = BuildOptions(),
                progress: Progress | None = None) -> BuildReport:
    """Ingest the notes into a new generation of the index, incrementally."""
    notes_root = Path(notes_root)
    if not notes_root.is_dir():
        raise FileNotFoundError(f"notes folder not found: {notes_root}")
    index_dir = resolve_index_dir(notes_root, index_dir)
    store = IndexStore(index_dir)
    with store.writing(options.wait_seconds) as staged:
        build = _Build(notes_root, index_dir, options, progress, staged, store.current_or_none())
        build.run()
        if not build.rebuilt and build.same_stages():
            staged.discard()
    generation = None if staged.discarded else store.current().name
    rebuilt = tuple(sorted(build.rebuilt, key=STAGE_ORDER.index))
    return BuildReport(build.ingest_result, index_dir, generation, build.seconds, rebuilt, build.counters)


STAGE_ORDER = (passage_files.STAGE, graph_files.STAGE, *LEGS, STORE_STAGE)
"""The order stages are reported in (the dense leg may finish before the graph: it runs beside it)."""


class _Build:
    """One build's state: the stages run in order, each deciding from its fingerprints."""

    def __init__(self, notes_root: Path, index_dir: Path, options: BuildOptions, progress: Progress | None,
                 staged: StagedGeneration, previous: Generation | None) -> None:
        self.notes_root, self.index_dir, self.options, self.progress = notes_root, index_dir, options, progress
        self.staged, self.previous = staged, previous
        self.seconds: dict[str, float] = {}
        self.rebuilt: list[str] = []
        self.counters: dict[str, int] = {}
        self.ingest_result: IngestResult | None = None
        self._graph: ConceptGraph | None = None
        self._dictionary: BaseDictionary | None = None

    def run(self) -> None:
        self._timed("ingest", self.passages_stage)
        legs = [leg for leg in LEGS.values() if leg.files and leg.enabled(self.options.encoder)]
        beside = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kgqa-leg")
        try:  # legs that need no graph build on a thread while the graph stage runs
            early: dict[str, Future] = {leg.name: beside.submit(self.leg_stage, leg, True) for leg in legs if not leg.needs_graph}
            self._timed("graph", self.graph_stage)
            started = time.perf_counter()
            store_written = graph_files.STAGE in self.rebuilt
            if store_written:  # a new graph needs a new store whatever the legs do: write it beside them
                early[STORE_STAGE] = beside.submit(self._timed, "graph store", self.graph_store_stage)
            for leg in legs:
                if leg.name not in early:
                    self.leg_stage(leg, False)
            for future in early.values():
                future.result()
            self.seconds["search"] = time.perf_counter() - started
            if not store_written:
                self._timed("graph store", self.graph_store_stage)
        finally:  # on an error, do not wait for an embedding nobody will use
            beside.shutdown(wait=False, cancel_futures=True)

    def same_stages(self) -> bool:
        return self.previous is not None and set(self.previous.manifest.stages) == set(self.staged.stages)

    # --- stages ------------------------------------------------------------------------------------
    def passages_stage(self) -> None:
        config = sync.config_fingerprint(self.options.chunk)
        before = self._previous_record(passage_files.STAGE)
        previous = None
        if before is not None:
            previous = PreviousIngest(tuple(read_notes(self.previous)), tuple(read_passages(self.previous)), before.config == config,
                                      tuple(passage_files.read_note_meta(self.previous)))
        counter = _Counter(self.progress, "reading notes")
        result = ingest_notes(self.notes_root, previous, self.options.chunk, ignored_dirs(self.notes_root, self.index_dir),
                              on_note=counter.tick)
        self.ingest_result = result
        record = StageRecord(sync.STAGE_VERSION, config, sync.inputs_fingerprint(result.notes), passage_files.FILES,
                             {"notes": len(result.notes), "passages": len(result.passages)})
        self._keep_or_build(passage_files.STAGE, record, lambda: passage_files.write_passages(
            self.staged.directory, result.notes, result.passages, result.meta))

    def graph_stage(self) -> None:
        user_aliases, alias_bytes = load_user_aliases(self.notes_root)
        config = graph_build.config_fingerprint()
        record = StageRecord(graph_build.STAGE_VERSION, config, digest(self._digest(passage_files.PASSAGES_FILE), alias_bytes,
                                                                       self._digest(passage_files.NOTE_META_FILE)),
                             graph_files.FILES)
        before = self._previous_record(graph_files.STAGE)
        same_rules = before is not None and before.config == config  # else nothing of the last graph is reused

        def build() -> dict:
            if self.progress:
                self.progress("building graph", 0, 1)
            cache = graph_files.read_extraction_cache(self.previous.directory) if same_rules else None
            passages = list(self.ingest_result.passages)
            graph, facts, reread = graph_build.build_graph_reusing(passages, user_aliases, cache, self.dictionary(),
                                                                   self.ingest_result.meta, builder=config)
            graph_files.write_graph(graph, self.staged.directory)
            graph_files.write_extraction_cache(facts, self.staged.directory)
            previous_quads = graph_files.read_nquads(self.previous.directory) if same_rules else {}
            graph_files.write_nquads(note_nquads(list(self.ingest_result.notes), passages, graph, previous_quads),
                                     self.staged.directory)
            self._graph = graph
            self.counters["graph_reread"] = reread
            if self.progress:
                self.progress("building graph", 1, 1)
            return {"concepts": len(graph.concepts), "triples": len(graph.triples), "mentions": len(graph.mentions)}

        self._keep_or_build(graph_files.STAGE, record, build)

    def leg_stage(self, leg: Leg, concurrent: bool) -> None:
        encoder = self.options.encoder
        config = leg.config_fingerprint(encoder)
        upstream = [self._digest(passage_files.PASSAGES_FILE)]
        if leg.needs_graph:
            upstream.append(self._digest(graph_files.CONCEPTS_FILE))
        record = StageRecord(leg.version, config, digest(*upstream), leg.files)
        before = self._previous_record(leg.name)
        job = LegBuild(self.staged, list(self.ingest_result.passages), self.graph,
                       self.previous if before and before.config == config else None, encoder, self.dictionary,
                       None if concurrent else self.progress, concurrent)

        def build() -> dict:
            info = leg.build(job)
            for name, count in job.counters.items():
                self.counters[name] = self.counters.get(name, 0) + count
            return info

        self._keep_or_build(leg.name, record, build)

    def graph_store_stage(self) -> None:
        """The SPARQL store's own files, derived from graph.nq; always present in a published generation.

        A directory, not files the manifest lists: it is written (from the previous
        generation's store where there is one) whenever this generation will be published.
        """
        store = store_class(DEFAULT_STORE)
        record = StageRecord(store.version, store.config_fingerprint(), digest(self._digest(graph_files.NQUADS_FILE)), (),
                             {"store": store.name})
        before = self._previous_record(STORE_STAGE)
        same = record.same_work(before)
        unpublished = (same and not self.rebuilt and self.previous is not None
                       and set(self.previous.manifest.stages) == {*self.staged.stages, STORE_STAGE})
        if not unpublished:  # an unchanged index publishes nothing: no store to write
            previous = self.previous.directory if self.previous is not None and before is not None else None
            store.write(self.staged.directory, previous)
            if not same:
                self.rebuilt.append(STORE_STAGE)
        self.staged.record(STORE_STAGE, record)

    # --- shared -------------------------------------------------------------------------------------
    def _keep_or_build(self, name: str, record: StageRecord, build: Callable[[], dict | None]) -> None:
        before = self._previous_record(name)
        if record.same_work(before):
            self.staged.reuse(name, self.previous, StageRecord(record.version, record.config, record.inputs, before.files, before.info))
            return
        info = build()
        self.staged.record(name, StageRecord(record.version, record.config, record.inputs, record.files,
                                             info if info is not None else record.info))
        self.rebuilt.append(name)

    def _previous_record(self, name: str) -> StageRecord | None:
        return self.previous.stage(name) if self.previous is not None else None

    def _digest(self, file_name: str) -> str:
        return self.staged.digest(file_name)

    def graph(self) -> ConceptGraph:
        if self._graph is None:
            self._graph = graph_files.read_graph(self.staged.directory)
        return self._graph

    def dictionary(self) -> BaseDictionary:
        if self._dictionary is None:
            self._dictionary = BaseDictionary.load()
        return self._dictionary

    def _timed(self, name: str, step: Callable[[], None]) -> None:
        started = time.perf_counter()
        step()
        self.seconds[name] = time.perf_counter() - started


class _Counter:
    def __init__(self, progress: Progress | None, stage: str, total: int = 0) -> None:
        self.progress, self.stage, self.total, self.done = progress, stage, total, 0

    def tick(self, _item: object = None) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.stage, self.done, self.total)
