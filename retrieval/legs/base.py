"""What every retrieval leg is: it may build artifacts into a generation, it opens, it searches.

A leg is registered once (retrieval.legs.LEGS) and everything else — the build
orchestrator, `--legs`, fusion weights, `kgqa eval` — reads the registry instead of
spelling leg names out.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # the registry is read by `kgqa --help`: legs import their machinery when they run
    from ingest import Passage
    from kg.model import ConceptGraph
    from kg.segment import BaseDictionary
    from retrieval.concept_walk import ConceptWalk
    from retrieval.encoders import EncoderChoice, EncoderPool
    from store import Generation, StagedGeneration

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Hit:
    """One passage a leg ranked."""

    passage_id: str
    score: float
    """The leg's own score (higher is better); legs' scales differ."""


@dataclass(frozen=True)
class Query:
    """A question as every leg sees it, analysed once."""

    text: str
    tokens: tuple[str, ...]
    """BM25 tokens of the question."""
    concepts: tuple[str, ...]
    """Ids of the concepts the question names, in the order found (with those its words name in
    the other language: graph seeds)."""
    bridged_tokens: tuple[str, ...] = ()
    """BM25 tokens of the other-language names of the question's concepts, not among `tokens`
    (retrieval.crosslingual)."""


@dataclass
class OpenIndex:
    """What a leg may read when it opens: the generation and what the retriever loaded already."""

    generation: Generation
    passages: list[Passage]
    graph: ConceptGraph
    encoder: EncoderChoice | None
    """The encoder the user expects (None: whatever the index was built with)."""
    encoders: EncoderPool | None = None
    """Models already loaded by an earlier generation's retriever (None: load afresh)."""
    _walk: ConceptWalk | None = None

    def concept_walk(self) -> ConceptWalk:
        """The PageRank view of the graph, built once (the graph leg and related edges share it)."""
        if self._walk is None:
            from retrieval.concept_walk import ConceptWalk

            self._walk = ConceptWalk(self.graph, [p.id for p in self.passages])
        return self._walk


@dataclass
class LegBuild:
    """What a leg's build gets from the orchestrator."""

    staged: StagedGeneration
    passages: list[Passage]
    graph: Callable[[], ConceptGraph]
    """The new generation's graph (a call, so legs that need none never wait for it)."""
    previous: Generation | None
    """The last generation, when this leg's config is unchanged: reuse its records one by one."""
    encoder: EncoderChoice | None
    """The encoder of this build (None: --no-dense)."""
    dictionary: Callable[[], BaseDictionary]
    """jieba's dictionary, loaded once per build on first call."""
    progress: Progress | None = None
    concurrent: bool = False
    """The build runs on its own thread beside the graph stage (no progress bar, small jobs keep to one core)."""
    counters: dict[str, int] = field(default_factory=dict)
    """How much work was done anew (for the report only, never persisted)."""


class Searcher(ABC):
    """An opened leg."""

    @abstractmethod
    def search(self, query: Query, k: int) -> list[Hit]:
        """At most k hits, best first, ties broken by passage id."""


class Leg(ABC):
    """A retrieval leg: registered by name, optionally builds files, opens into a Searcher."""

    name: str
    default_weight: float
    """Its weight in fusion unless the caller says otherwise."""
    version: str = "1"
    """Bump when its files mean something else with the same code."""
    files: tuple[str, ...] = ()
    """Artifacts it writes into each generation; empty when it reads only other stages' files."""
    needs_graph: bool = True
    """False when its build may run beside the graph stage."""

    def enabled(self, encoder: EncoderChoice | None) -> bool:
        """Whether this build should run the leg at all (the dense leg is off with --no-dense)."""
        return True

    def config_fingerprint(self, encoder: EncoderChoice) -> str:
        """Version, settings and rule code of what `build` writes (legs with files only)."""
        raise NotImplementedError(f"leg {self.name} builds no files")

    def build(self, job: LegBuild) -> dict:
        """Write `files` into job.staged; return the small summary the manifest keeps."""
        raise NotImplementedError(f"leg {self.name} builds no files")

    def available(self, generation: Generation) -> bool:
        """Whether this generation holds what the leg needs to open."""
        return not self.files or generation.stage(self.name) is not None

    @abstractmethod
    def open(self, index: OpenIndex) -> Searcher:
        """Load what search needs, once."""


def top_k(ids: list[str], scores, k: int, floor: float = 0.0) -> list[Hit]:
    """The k best scores above `floor` as hits, best first, ties by id (for the array-scoring legs)."""
    import numpy as np

    scores = np.asarray(scores)
    positive = np.nonzero(scores > floor)[0]
    if len(positive) > k:  # keep every passage tied with the k-th score, then order by (score, id)
        threshold = np.partition(scores[positive], len(positive) - k)[len(positive) - k]
        positive = positive[scores[positive] >= threshold]
    order = sorted(positive, key=lambda i: (-scores[i], ids[i]))[:k]
    return [Hit(ids[i], float(scores[i])) for i in order]
