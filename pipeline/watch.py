"""`kgqa watch`: file-system events on a notes folder, each quiet burst one incremental ingest.

Events come from the OS through watchfiles (inotify, FSEvents, ReadDirectoryChangesW
via Rust's notify), grouped until the folder has been quiet for `quiet_ms` (at most
`max_burst_ms`). The events only say *that* something changed: what changed is
decided by `build_index` from the notes' bytes, as for `kgqa ingest`. So an editor's
atomic save (write a temp file, rename it over the note), a note deleted while an
ingest reads, a renamed folder or ten thousand events at once all end in the index a
fresh ingest would build; whatever happens during an ingest is the next burst.

The watcher starts before the first sync, so nothing saved while it runs is missed.
Another writer holding the index's lock is waited for (retried every
`retry_seconds`), a failed sync is retried the same way, and `serve`/`mcp` sessions
follow each published generation through CURRENT. The loop never prints: it hands
each `SyncReport` to a callback (the CLI prints one line per sync).

With a SPARQL server to push to (`kgqa watch --store URL`), every successful sync is
followed by a `kgqa push` of the current generation (only the note graphs that
changed since the server last acknowledged them, kg/push.py). A server that is down
does not stop the watch: the failed push is one `PushAttempt` with its error, and the
push is tried again at the next sync, or after `push_retry_seconds` (doubled after
each failure, up to `PUSH_RETRY_MAX_SECONDS`) when the notes stay quiet.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from ingest.reading import NOTE_SUFFIXES
from kg.lexicon import USER_ALIAS_FILE
from kg.push import PushReport, push_generation
from kg.remote import RemoteStore
from pipeline.build import BuildOptions, BuildReport, build_index
from store import IndexBusy, IndexStore, ignored_dirs, resolve_index_dir
from store.errors import KgqaError

QUIET_MS = 300
"""A burst ends when no event came for this long."""
MAX_BURST_MS = 3000
"""A burst that keeps going (a sync tool copying thousands of notes) is cut after this long."""
TICK_MS = 500
"""How often the loop wakes without events, to retry a sync that failed or waited for the lock."""
PUSH_RETRY_SECONDS = 30.0
"""A failed push is tried again after this long if no sync comes first; doubled after each failure."""
PUSH_RETRY_MAX_SECONDS = 600.0


class NotesFolderGone(KgqaError):
    """The watched folder was deleted or renamed: there is nothing left to watch."""


@dataclass(frozen=True)
class WatchOptions:
    """How `watch_notes` groups events and builds."""

    build: BuildOptions = field(default_factory=BuildOptions)
    quiet_ms: int = QUIET_MS
    max_burst_ms: int = MAX_BURST_MS
    retry_seconds: float = 1.0
    """Wait between attempts when another writer holds the lock or a sync failed."""
    push_to: RemoteStore | None = None
    """A SPARQL server that receives each new generation (as `kgqa push` sends it); None: no pushing."""
    push_retry_seconds: float = PUSH_RETRY_SECONDS


@dataclass(frozen=True)
class SyncReport:
    """One sync (or one attempt), for the line the CLI prints; never written into the index."""

    paths: tuple[str, ...]
    """Paths the events named, relative to the notes folder, sorted (empty for the first sync)."""
    seconds: float
    """Wall time of the attempt."""
    build: BuildReport | None = None
    """What the ingest did; None when it did not run to the end."""
    busy: str | None = None
    """Another writer holds the lock (its one-line message); the sync is retried."""
    error: str | None = None
    """The sync failed (one line); it is retried."""

    @property
    def first(self) -> bool:
        return not self.paths


@dataclass(frozen=True)
class PushAttempt:
    """One push of the current generation to the server after a sync (or a retry of one that failed)."""

    url: str
    generation: str | None
    """The generation pushed; None when the index could not be opened."""
    seconds: float
    report: PushReport | None = None
    """What the server received; None when the push failed."""
    error: str | None = None
    """Why it failed (one line naming the URL)."""
    retry_seconds: float | None = None
    """When it failed: how long until it is tried again if no sync comes first."""


class _Relevance:
    """Which events can change the index: notes, the alias file, folders; nothing hidden, nothing in the index."""

    def __init__(self, notes_root: Path, index_dir: Path) -> None:
        self.root = notes_root.resolve()
        self.ignored = set(ignored_dirs(notes_root, index_dir))

    def relative(self, path: str) -> str | None:
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except (ValueError, OSError):
            return None
        if any(part.startswith(".") for part in parts) or (parts and parts[0] in self.ignored):
            return None
        return "/".join(parts)

    def __call__(self, change, path: str) -> bool:
        rel = self.relative(path)
        if rel is None:
            return False
        name = rel.rsplit("/", 1)[-1]
        if not rel or name == USER_ALIAS_FILE or name.lower().endswith(NOTE_SUFFIXES):
            return True
        # a folder created, renamed or moved in is listed again; one removed or renamed away cannot be
        # stat()ed any more, so any deleted path that may have been a folder counts
        return os.path.isdir(path) or (change.name == "deleted" and "." not in name)


def watch_notes(notes_root: Path, index_dir: Path | None = None, options: WatchOptions = WatchOptions(),
                on_sync: Callable[[SyncReport], None] | None = None, stop: threading.Event | None = None,
                on_push: Callable[[PushAttempt], None] | None = None) -> int:
    """Sync the index now and after every burst of events until `stop` is set (or Ctrl-C); returns the syncs run.

    With `options.push_to`, each successful sync is followed by a push, reported to `on_push`.
    Raises NotesFolderGone when the folder disappears; KeyboardInterrupt passes through
    (a sync it interrupts leaves the previous generation published).
    """
    import watchfiles

    notes_root = Path(notes_root)
    if not notes_root.is_dir():
        raise NotesFolderGone(f"notes folder not found: {notes_root}")
    index_dir = resolve_index_dir(notes_root, index_dir)
    relevant = _Relevance(notes_root, index_dir)
    build_options = replace(options.build, wait_seconds=0.0)  # the loop waits, so Ctrl-C and new events stay live
    pending: set[str] | None = set()  # None: nothing to do; the first sync runs with an empty set
    next_attempt, was_busy, syncs = 0.0, False, 0
    pushing = _PushSchedule(options.push_retry_seconds)
    bursts = watchfiles.watch(notes_root, watch_filter=relevant, debounce=options.max_burst_ms, step=options.quiet_ms,
                              stop_event=stop, rust_timeout=TICK_MS, yield_on_timeout=True, raise_interrupt=True)
    try:
        for changes in bursts:  # the first yield comes once the OS watcher is in place
            if changes:
                pending = (pending or set()) | {relevant.relative(path) or "." for _, path in changes}
            if pending is not None and time.monotonic() >= next_attempt:
                if not notes_root.is_dir():
                    raise NotesFolderGone(f"the notes folder {notes_root} is gone (deleted or renamed)")
                report = _sync(notes_root, index_dir, build_options, tuple(sorted(pending)))
                if report.build is not None:
                    pending, was_busy, syncs = None, False, syncs + 1
                    pushing.after_sync()
                else:
                    next_attempt = time.monotonic() + options.retry_seconds
                if on_sync is not None and not (report.busy and was_busy):  # "waiting for pid N" once per wait
                    on_sync(report)
                was_busy = report.busy is not None
            if options.push_to is not None and pushing.due():
                attempt = pushing.record(_push(index_dir, options.push_to))
                if on_push is not None:
                    on_push(attempt)
    finally:
        bursts.close()
    return syncs


class _PushSchedule:
    """When the next push is due: right after a sync; after a failure, later and later while nothing syncs."""

    def __init__(self, retry_seconds: float) -> None:
        self.first_retry = retry_seconds
        self.wait, self.at = retry_seconds, None  # at: monotonic time the next push is due; None: none is

    def after_sync(self) -> None:
        self.at = 0.0

    def due(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def record(self, attempt: PushAttempt) -> PushAttempt:
        if attempt.error is None:
            self.wait, self.at = self.first_retry, None
            return attempt
        self.at = time.monotonic() + self.wait
        attempt = replace(attempt, retry_seconds=self.wait)
        self.wait = min(self.wait * 2, max(PUSH_RETRY_MAX_SECONDS, self.first_retry))
        return attempt


def _push(index_dir: Path, store: RemoteStore) -> PushAttempt:
    started, generation = time.perf_counter(), None
    try:
        current = IndexStore(index_dir).current()
        generation = current.name
        report = push_generation(current.directory, index_dir, store)
    except (KgqaError, OSError) as error:
        return PushAttempt(store.url, generation, time.perf_counter() - started, error=_one_line(error))
    return PushAttempt(store.url, generation, time.perf_counter() - started, report)


def _sync(notes_root: Path, index_dir: Path, options: BuildOptions, paths: tuple[str, ...]) -> SyncReport:
    started = time.perf_counter()
    try:
        report = build_index(notes_root, index_dir, options)
    except IndexBusy as error:
        return SyncReport(paths, time.perf_counter() - started, busy=str(error))
    except (KgqaError, OSError) as error:
        return SyncReport(paths, time.perf_counter() - started, error=_one_line(error))
    return SyncReport(paths, time.perf_counter() - started, report)


def _one_line(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return text if isinstance(error, KgqaError) else f"{type(error).__name__}: {text}"
