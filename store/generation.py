"""The index directory: generations of open-format files behind an atomic pointer.

Layout::

    .kgqa/CURRENT            name of the complete generation readers use
    .kgqa/LOCK               held by the one ingest allowed to write
    .kgqa/gen-000007/        manifest.json and the files each stage wrote

A new generation is built in `staging-*`, fsynced, renamed to `gen-*`, and only
then is CURRENT replaced (write a temp file, `os.replace`). A crash at any moment
leaves CURRENT naming a complete generation, so readers never see a mix. This
module knows no stage: stages name their own files and manifest sections.
"""
from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from store.errors import KgqaError
from store.files import file_digest, link_or_copy, write_json
from store.manifest import SCHEMA_VERSION, Manifest, StageRecord

CURRENT_FILE = "CURRENT"
LOCK_FILE = "LOCK"
MANIFEST_FILE = "manifest.json"
KEEP_GENERATIONS = 2
"""The newest two stay on disk so a reader that opened the previous one can finish."""


class IndexProblem(KgqaError):
    """Base for index problems the CLI turns into one-line messages."""


class IndexMissing(IndexProblem):
    """No complete index exists at the expected place."""


class IndexIncompatible(IndexProblem):
    """The index was written by another schema or another encoder."""


class IndexBusy(IndexProblem):
    """Another ingest holds the write lock."""


class Generation:
    """One complete, read-only generation of the index."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        try:
            record = json.loads((self.directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise IndexMissing(f"index generation {self.directory} is unreadable ({error})") from None
        version = record.get("schema_version") if isinstance(record, dict) else None
        if version != SCHEMA_VERSION:
            raise IndexIncompatible(
                f"index at {self.directory.parent} has schema version {version}, this kgqa reads {SCHEMA_VERSION}: "
                "run `kgqa ingest` again to rebuild it"
            )
        self.manifest = Manifest.from_json(record)

    @property
    def name(self) -> str:
        return self.directory.name

    def path(self, name: str) -> Path:
        return self.directory / name

    def stage(self, name: str) -> StageRecord | None:
        return self.manifest.stage(name)

    def verify(self) -> list[str]:
        """Problems with this generation's files (missing, changed since publish); empty when intact."""
        problems = []
        for name, expected in sorted(self.manifest.files.items()):
            path = self.directory / name
            if not path.is_file():
                problems.append(f"{name} is missing")
            elif file_digest(path) != expected:
                problems.append(f"{name} does not match its checksum")
        if not self.manifest.files:
            problems.append("manifest lists no files")
        return problems


class IndexStore:
    """Opens the current generation and stages new ones under a lock."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def exists(self) -> bool:
        return (self.directory / CURRENT_FILE).is_file()

    def current_name(self) -> str | None:
        """The name CURRENT points at (cheap: for readers that reload on a new generation)."""
        try:
            return (self.directory / CURRENT_FILE).read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def current(self) -> Generation:
        """The last complete generation, or IndexMissing with the command that builds one."""
        try:
            name = (self.directory / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pid = self.writer_pid()
            if pid is not None:
                raise IndexMissing(f"the index at {self.directory} is being built (kgqa pid {pid}): "
                                   "try again when that ingest finishes") from None
            raise IndexMissing(f"no index at {self.directory}: run `kgqa ingest NOTES` first") from None
        except OSError as error:
            raise IndexMissing(f"cannot read index at {self.directory} ({error.strerror})") from None
        return Generation(self.directory / name)

    def writer_pid(self) -> int | None:
        """The pid of an ingest staging a generation right now, or None; never takes the lock.

        Read from LOCK (which holds the last writer's pid) and a staging folder beside it,
        so a reader can say "being built" instead of "missing" without racing the writer.
        """
        try:
            pid = int((self.directory / LOCK_FILE).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None
        try:
            if not any(child.name.startswith("staging-") for child in self.directory.iterdir()):
                return None
        except OSError:
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return pid

    def current_or_none(self) -> Generation | None:
        try:
            return self.current()
        except IndexProblem:
            return None

    @contextmanager
    def writing(self, wait_seconds: float = 0.0) -> Iterator["StagedGeneration"]:
        """Lock, stage a new generation, and publish it only if the block finishes."""
        self.directory.mkdir(parents=True, exist_ok=True)
        lock_handle = open(self.directory / LOCK_FILE, "a+")
        try:
            _acquire(lock_handle, self.directory, wait_seconds)
            self._remove_stale_staging()
            staged = None
            try:
                staged = StagedGeneration(self)
                yield staged
                if not staged.discarded:
                    staged.publish()  # an interrupt before its rename leaves the staging folder to remove
            except BaseException:
                if staged is not None and staged.directory.exists():
                    # a stage still running on a thread (an embedding, the SPARQL store) may write into it
                    # again before the process ends: remove it once more after those threads are joined
                    atexit.register(shutil.rmtree, staged.directory, True)
                    shutil.rmtree(staged.directory, ignore_errors=True)
                raise
        finally:
            lock_handle.close()

    def _remove_stale_staging(self) -> None:
        for child in self.directory.iterdir():
            if child.name.startswith("staging-") and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)

    def _next_generation_name(self) -> str:
        numbers = [int(p.name[4:]) for p in self.directory.glob("gen-*") if p.name[4:].isdigit()]
        return f"gen-{(max(numbers) + 1 if numbers else 1):06d}"

    def _collect_garbage(self, keep: str) -> None:
        generations = sorted(p for p in self.directory.glob("gen-*") if p.is_dir())
        survivors = {keep, *(p.name for p in generations[-KEEP_GENERATIONS:])}
        for old in generations:
            if old.name not in survivors:
                shutil.rmtree(old, ignore_errors=True)


def _acquire(handle, directory: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder = handle.read().strip() or "?"
                raise IndexBusy(
                    f"another kgqa ingest (pid {holder}) is writing {directory}; try again when it ends or pass --wait SECONDS"
                ) from None
            time.sleep(0.1)


class StagedGeneration:
    """A generation being written; stages add their files and sections, then it is published whole."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self.directory = store.directory / f"staging-{os.getpid()}-{time.monotonic_ns()}"
        self.directory.mkdir()
        self.stages: dict[str, StageRecord] = {}
        self.discarded = False
        self._digests: dict[str, str] = {}

    def path(self, name: str) -> Path:
        return self.directory / name

    def digest(self, name: str) -> str:
        """sha256 of one of its files, computed once (carried-over files keep their recorded digest)."""
        if name not in self._digests:
            self._digests[name] = file_digest(self.path(name))
        return self._digests[name]

    def record(self, name: str, record: StageRecord) -> None:
        """Add a stage's section; its files must already be written."""
        missing = [f for f in record.files if not self.path(f).is_file()]
        if missing:
            raise FileNotFoundError(f"stage {name} recorded files it did not write: {', '.join(missing)}")
        self.stages[name] = record

    def reuse(self, name: str, previous: Generation, record: StageRecord) -> None:
        """Carry a stage's artifacts over from the previous generation unchanged."""
        for file_name in record.files:
            link_or_copy(previous.path(file_name), self.path(file_name))
            if file_name in previous.manifest.files:
                self._digests[file_name] = previous.manifest.files[file_name]
        self.record(name, record)

    def discard(self) -> None:
        """Nothing changed: keep the current generation and drop this one."""
        self.discarded = True
        shutil.rmtree(self.directory, ignore_errors=True)

    def publish(self) -> str:
        files = {child.name: self.digest(child.name) for child in sorted(self.directory.iterdir()) if child.is_file()}
        write_json(self.path(MANIFEST_FILE), Manifest(SCHEMA_VERSION, self.stages, files).to_json())
        _fsync_tree(self.directory)
        name = self.store._next_generation_name()
        os.rename(self.directory, self.store.directory / name)
        pointer_tmp = self.store.directory / f"{CURRENT_FILE}.tmp-{os.getpid()}"
        with open(pointer_tmp, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, self.store.directory / CURRENT_FILE)
        _fsync_dir(self.store.directory)
        self.store._collect_garbage(keep=name)
        return name


def _fsync_tree(directory: Path) -> None:
    for child in directory.iterdir():
        if child.is_file():
            with open(child, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(directory)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
