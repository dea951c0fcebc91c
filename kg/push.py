"""`kgqa push`: one named graph per note to a SPARQL server, sending only what changed.

What a server last received is remembered per server URL in the index directory,
beside the generations and outside them (`remote/<hash of the URL>.json`: the
digest of every note graph it acknowledged). A push PUTs the note graphs that are
new or changed since then, DELETEs those of notes that are gone, and sends nothing
for the rest. A graph is recorded only once the server answered 2xx, and the
record is saved even when a push stops half-way, so the next push resumes. If
the server lost its data (or someone else wrote to it), `--full` resends all.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.remote import RemoteClient, RemoteError, RemoteStore
from kg.stores.nquads import DEFAULT_GRAPH, read_note_graphs

STATE_DIRECTORY = "remote"


@dataclass(frozen=True)
class PushReport:
    """What one push sent."""

    url: str
    put: tuple[str, ...]
    """Graph IRIs sent (PUT), in order."""
    deleted: tuple[str, ...]
    """Graph IRIs dropped (DELETE)."""
    unchanged: int
    """Note graphs the server already had in this form."""
    seconds: float


def state_path(index_directory: Path, url: str) -> Path:
    return Path(index_directory) / STATE_DIRECTORY / (hashlib.sha256(url.encode("utf-8")).hexdigest()[:20] + ".json")


def read_state(index_directory: Path, url: str) -> dict[str, str]:
    """Graph IRI → digest the server at `url` acknowledged; empty when never pushed or unreadable."""
    try:
        record = json.loads(state_path(index_directory, url).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    graphs = record.get("graphs") if isinstance(record, dict) and record.get("url") == url else None
    return dict(graphs) if isinstance(graphs, dict) else {}


def _write_state(path: Path, url: str, graphs: dict[str, str]) -> None:
    temporary = path.with_name(path.name + f".tmp-{os.getpid()}")
    temporary.write_text(json.dumps({"url": url, "graphs": dict(sorted(graphs.items()))}, indent=0) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def push_generation(generation_directory: Path, index_directory: Path, store: RemoteStore, full: bool = False,
                    progress: Callable[[str, int, int], None] | None = None) -> PushReport:
    """Bring the server's note graphs in line with this generation's graph.nq.

    Raises:
        RemoteError: the server is down, refused, or kept failing (what it acknowledged is kept).
    """
    from kg.files import NQUADS_FILE

    started = time.perf_counter()
    graphs = read_note_graphs(Path(generation_directory) / NQUADS_FILE)
    graphs.pop(DEFAULT_GRAPH, None)
    path = state_path(index_directory, store.url)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a+") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RemoteError(f"another kgqa push to {store.url} is running") from None
        acknowledged = read_state(index_directory, store.url)
        digests = {iri: graph.digest for iri, graph in graphs.items()}
        to_put = [iri for iri in sorted(graphs) if full or acknowledged.get(iri) != digests[iri]]
        to_delete = sorted(set(acknowledged) - set(graphs))
        done, total = 0, len(to_put) + len(to_delete)
        put: list[str] = []
        deleted: list[str] = []
        try:
            with RemoteClient(store) as client:
                for iri in to_delete:
                    client.delete_graph(iri)
                    acknowledged.pop(iri, None)
                    deleted.append(iri)
                    done += 1
                    if progress:
                        progress("pushing", done, total)
                for iri in to_put:
                    client.put_graph(iri, graphs[iri].ntriples())
                    acknowledged[iri] = digests[iri]
                    put.append(iri)
                    done += 1
                    if progress:
                        progress("pushing", done, total)
        finally:
            if put or deleted or full:
                _write_state(path, store.url, acknowledged)
    return PushReport(store.url, tuple(put), tuple(deleted), len(graphs) - len(to_put), time.perf_counter() - started)
