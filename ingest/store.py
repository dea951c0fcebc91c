"""The index directory: generations of open-format files behind an atomic pointer.

Layout::

    .kgqa/CURRENT            name of the complete generation readers use
    .kgqa/LOCK               held by the one ingest allowed to write
    .kgqa/gen-000007/        manifest.json, passages.jsonl, and what later stages add

A new generation is built in `staging-*`, fsynced, renamed to `gen-*`, and only
then is CURRENT replaced (write a temp file, `os.replace`). A crash at any moment
leaves CURRENT naming a complete generation, so readers never see a mix.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Iterator

from ingest.model import ChunkConfig, NoteRecord, Passage

SCHEMA_VERSION = 1
CURRENT_FILE = "CURRENT"
LOCK_FILE = "LOCK"
MANIFEST_FILE = "manifest.json"
PASSAGES_FILE = "passages.jsonl"
KEEP_GENERATIONS = 2
"""The newest two stay on disk so a reader that opened the previous one can finish."""


class IndexProblem(Exception):
    """Base for index problems the CLI turns into one-line messages."""


class IndexMissing(IndexProblem):
    """No complete index exists at the expected place."""


class IndexIncompatible(IndexProblem):
    """The index was written by another schema or another encoder."""


class IndexBusy(IndexProblem):
    """Another ingest holds the write lock."""


def default_index_dir(notes_root: Path) -> Path:
    return notes_root / ".kgqa"


CACHE_ENV = "KGQA_CACHE"


def user_cache_dir() -> Path:
    """Where derived, re-creatable files live (converted model, jieba dictionary): $KGQA_CACHE or ~/.cache/kgqa."""
    base = os.environ.get(CACHE_ENV) or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "kgqa")
    return Path(base)


def write_json(path: Path, data: object) -> None:
    """Deterministic JSON: sorted keys, UTF-8, trailing newline."""
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")


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


class Generation:
    """One complete, read-only generation of the index."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        manifest_path = directory / MANIFEST_FILE
        try:
            self.manifest: dict = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise IndexMissing(f"index generation {directory} is unreadable ({error})") from None
        version = self.manifest.get("schema_version")
        if version != SCHEMA_VERSION:
            raise IndexIncompatible(
                f"index at {directory.parent} has schema version {version}, this kgqa reads {SCHEMA_VERSION}: "
                "run `kgqa ingest` again to rebuild it"
            )
        self._passages: list[Passage] | None = None

    @property
    def notes(self) -> list[NoteRecord]:
        return [NoteRecord(**record) for record in self.manifest["notes"]]

    @property
    def chunk_config(self) -> ChunkConfig:
        return ChunkConfig(**self.manifest["chunk_config"])

    def path(self, name: str) -> Path:
        return self.directory / name

    def verify(self) -> list[str]:
        """Problems with this generation's files (missing, changed since publish); empty when intact."""
        problems = []
        for name, digest in sorted(self.manifest.get("files", {}).items()):
            path = self.directory / name
            if not path.is_file():
                problems.append(f"{name} is missing")
            elif _file_digest(path) != digest:
                problems.append(f"{name} does not match its checksum")
        if not self.manifest.get("files"):
            problems.append("manifest lists no files")
        return problems

    def passages(self) -> list[Passage]:
        if self._passages is None:
            with open(self.directory / PASSAGES_FILE, encoding="utf-8") as handle:
                self._passages = [passage_from_json(json.loads(line)) for line in handle if line.strip()]
        return self._passages


class IndexStore:
    """Opens the current generation and stages new ones under a lock."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def exists(self) -> bool:
        return (self.directory / CURRENT_FILE).is_file()

    def current(self) -> Generation:
        """The last complete generation, or IndexMissing with the command that builds one."""
        pointer = self.directory / CURRENT_FILE
        try:
            name = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise IndexMissing(f"no index at {self.directory}: run `kgqa ingest NOTES` first") from None
        except OSError as error:
            raise IndexMissing(f"cannot read index at {self.directory} ({error.strerror})") from None
        return Generation(self.directory / name)

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
            staged = StagedGeneration(self)
            try:
                yield staged
            except BaseException:
                shutil.rmtree(staged.directory, ignore_errors=True)
                raise
            if not staged.discarded:
                staged.publish()
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
    """A generation being written; stages add their files, then it is published whole."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self.directory = store.directory / f"staging-{os.getpid()}-{time.monotonic_ns()}"
        self.directory.mkdir()
        self.manifest: dict = {"schema_version": SCHEMA_VERSION}
        self.discarded = False

    def path(self, name: str) -> Path:
        return self.directory / name

    def write_passages(self, passages: list[Passage] | tuple[Passage, ...]) -> None:
        with open(self.path(PASSAGES_FILE), "w", encoding="utf-8") as handle:
            for passage in passages:
                handle.write(json.dumps(passage_to_json(passage), ensure_ascii=False, sort_keys=True) + "\n")

    def discard(self) -> None:
        """Nothing changed: keep the current generation and drop this one."""
        self.discarded = True
        shutil.rmtree(self.directory, ignore_errors=True)

    def publish(self) -> str:
        self.manifest["files"] = {
            child.name: _file_digest(child) for child in sorted(self.directory.iterdir()) if child.is_file()
        }
        write_json(self.path(MANIFEST_FILE), self.manifest)
        _fsync_tree(self.directory)
        name = self.store._next_generation_name()
        final = self.store.directory / name
        os.rename(self.directory, final)
        pointer_tmp = self.store.directory / f"{CURRENT_FILE}.tmp-{os.getpid()}"
        with open(pointer_tmp, "w", encoding="utf-8") as handle:
            handle.write(name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer_tmp, self.store.directory / CURRENT_FILE)
        _fsync_dir(self.store.directory)
        self.store._collect_garbage(keep=name)
        return name


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
