"""What the served index is loading right now, so a page can show progress instead of freezing.

Loading a large index takes seconds and the first dense question loads the embedding
model (10 s or more on a laptop). `ServedIndex` wraps the server's one `Session` and keeps
its phase (`loading-index`, `loading-model`, `ready`, `error`) readable at any moment
without waiting for the session's lock.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from service.session import Session


@dataclass(frozen=True)
class Phase:
    name: str
    """idle | loading-index | loading-model | ready | error."""
    message: str
    """What the user is waiting for, in one line."""
    started: float
    """time.monotonic() when this phase began."""


class ServedIndex:
    """The session every request of one server shares; follows new generations as the session does."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._ask_lock = threading.Lock()
        self._retriever_of: str | None = None
        self._model_of: str | None = None
        self._counts: tuple[int, int] | None = None
        self.phase = Phase("idle", "nothing loaded yet", time.monotonic())

    def _enter(self, name: str, message: str) -> None:
        self.phase = Phase(name, message, time.monotonic())

    def refresh(self) -> Session:
        """The session, moved to the current generation if an ingest published a new one."""
        self.session.refresh()
        return self.session

    def retriever(self):
        session = self.refresh()
        generation = session.generation.name
        if self._retriever_of != generation:
            self._enter("loading-index", f"loading the index ({generation})")
            try:
                retriever = session.retriever
            except Exception as error:
                self._enter("error", str(error).splitlines()[0] if str(error) else type(error).__name__)
                raise
            self._retriever_of = generation
            self._counts = (len(retriever.passages), len(retriever.graph.concepts))
            self._enter("ready", f"index {generation} loaded")
        return session.retriever

    def ask(self, question: str, k: int, legs: tuple[str, ...]):
        """The Answer; the first dense question of a generation shows `loading-model` while it runs."""
        from retrieval.engine import RetrievalConfig

        retriever = self.retriever()
        generation = self.session.generation.name
        with self._ask_lock:
            loads_model = "dense" in legs and "dense" in retriever.searchers and self._model_of != generation
            if loads_model:
                self._enter("loading-model", "loading the embedding model (first question only)")
            try:
                answer = retriever.ask(question, k=k, config=RetrievalConfig(legs=legs))
            finally:
                if loads_model:
                    self._enter("ready", f"index {generation} loaded")
            if "dense" in legs:
                self._model_of = generation
        return answer

    def warm_up(self) -> threading.Thread:
        """Load the index and the model in the background, so a user's first question need not wait."""
        def run():
            try:
                self.ask("warm up", 1, ("dense",))
            except Exception as error:  # the page shows it through status(); the next request raises it again
                self._enter("error", str(error).splitlines()[0] if str(error) else type(error).__name__)

        thread = threading.Thread(target=run, name="kgqa-warm-up", daemon=True)
        thread.start()
        return thread

    def status(self) -> dict:
        phase, counts = self.phase, self._counts
        generation = self.session.generation.name
        return {"phase": phase.name, "message": phase.message, "seconds": round(time.monotonic() - phase.started, 1),
                "generation": generation, "model_loaded": self._model_of == generation,
                "passages": counts[0] if counts else None, "concepts": counts[1] if counts else None}
