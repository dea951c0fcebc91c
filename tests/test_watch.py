"""`kgqa watch`: real file-system events in a temp folder, each burst one incremental ingest.

Every wait is bounded: a sync that does not come within SYNC_TIMEOUT fails the test
instead of hanging it. Bursts are grouped with small debounce values.
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLES, PROJECT, free_port, oxigraph_serving
from ingest import read_notes
from pipeline import BuildOptions, build_index
from pipeline.watch import PushAttempt, SyncReport, WatchOptions, watch_notes
from retrieval.encoders import resolve_encoder
from service.documents import concept_document
from service.session import Session
from kg.remote import RemoteClient, remote_query, remote_store
from store import IndexStore

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))
FAST = WatchOptions(HASHING, quiet_ms=100, max_burst_ms=2000, retry_seconds=0.2)
SYNC_TIMEOUT = 90.0
NORM_NOTE = "# 归一化\n\n批归一化（Batch Normalization）用于解决梯度消失。\n"


class Watcher:
    """watch_notes on a thread; `next_sync()` returns its reports one by one."""

    def __init__(self, notes: Path, index: Path, options: WatchOptions = FAST) -> None:
        self.notes, self.index = notes, index
        self.reports: queue.Queue[SyncReport] = queue.Queue()
        self.pushes: queue.Queue[PushAttempt] = queue.Queue()
        self.stop = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(options,), daemon=True)

    def _run(self, options: WatchOptions) -> None:
        try:
            watch_notes(self.notes, self.index, options, self.reports.put, self.stop, self.pushes.put)
        except BaseException as error:  # surfaced by next_sync
            self.failure = error

    def next_sync(self, timeout: float = SYNC_TIMEOUT) -> SyncReport:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                return self.reports.get(timeout=0.2)
            except queue.Empty:
                if self.failure is not None:
                    raise self.failure
        raise AssertionError(f"no sync within {timeout:g} s")

    def next_push(self, timeout: float = SYNC_TIMEOUT) -> PushAttempt:
        try:
            return self.pushes.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no push within {timeout:g} s") from None

    def sync_where(self, done, timeout: float = SYNC_TIMEOUT) -> list[SyncReport]:
        """Reports until one satisfies `done` (a predicate over the index's note paths)."""
        seen, deadline = [], time.monotonic() + timeout
        while True:
            seen.append(self.next_sync(max(0.1, deadline - time.monotonic())))
            if seen[-1].build is not None and done(indexed(self.index)):
                return seen

    def quiet_for(self, seconds: float) -> list[SyncReport]:
        time.sleep(seconds)
        found = []
        while not self.reports.empty():
            found.append(self.reports.get())
        return found


@contextmanager
def watching(notes: Path, index: Path, options: WatchOptions = FAST):
    watcher = Watcher(notes, index, options)
    watcher.thread.start()
    try:
        first = watcher.next_sync()
        assert first.first and first.build is not None, first
        yield watcher
    finally:
        watcher.stop.set()
        watcher.thread.join(10)
    assert not watcher.thread.is_alive(), "watch_notes did not stop when asked"


def indexed(index: Path) -> set[str]:
    return {note.path for note in read_notes(IndexStore(index).current())}


def copy_examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".kgqa"))
    return target


def atomic_save(path: Path, text: str) -> None:
    """What editors do: write a temporary file beside the note, then rename it over the note."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def rebuilt_equal(notes: Path, index: Path, tmp: Path) -> None:
    """The watched index equals a clean ingest of the same folder, file by file."""
    clean = tmp / "clean-index"
    build_index(notes, clean, HASHING)
    ours, theirs = IndexStore(index).current(), IndexStore(clean).current()
    assert ours.manifest.files == theirs.manifest.files


def test_an_atomic_save_is_one_sync_and_a_running_session_sees_the_new_note(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    index = notes / ".kgqa"
    with watching(notes, index) as watcher:
        session = Session(index)
        assert all(edge["path"] != "norm.md" for edge in concept_document(session.graph, session.passages, "批归一化")["out"])
        atomic_save(notes / "norm.md", NORM_NOTE)
        syncs = watcher.sync_where(lambda paths: "norm.md" in paths)
        assert syncs[-1].build.ingest.changes.notes_added == ("norm.md",)
        assert all(".tmp-" not in path for sync in syncs for path in sync.paths)
        assert session.refresh() is True
        document = concept_document(session.graph, session.passages, "Batch Normalization")
        assert ("solves", "norm.md") in [(edge["predicate"], edge["path"]) for edge in document["out"]]
        # the ingest's own writes into .kgqa and a hidden editor folder trigger nothing
        (notes / ".obsidian").mkdir()
        (notes / ".obsidian" / "workspace.md").write_text("# not a note\n", encoding="utf-8")
        assert watcher.quiet_for(1.5) == []
    rebuilt_equal(notes, index, tmp_path)


def test_a_renamed_folder_is_followed_and_notes_inside_it_stay_watched(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    index = tmp_path / "index"
    before = {path for path in (p.relative_to(notes).as_posix() for p in notes.rglob("*.md")) if path.startswith("nlp/")}
    assert before
    with watching(notes, index) as watcher:
        (notes / "nlp").rename(notes / "language")
        moved = {path.replace("nlp/", "language/", 1) for path in before}
        syncs = watcher.sync_where(lambda paths: moved <= paths and not before & paths)
        assert set(syncs[-1].build.ingest.changes.notes_renamed) == {(old, old.replace("nlp/", "language/", 1)) for old in before}
        inside = sorted(moved)[0]
        with open(notes / inside, "a", encoding="utf-8") as handle:
            handle.write("\n## 补充\n\n注意力机制（attention）用于解决长距离依赖。\n")
        syncs = watcher.sync_where(lambda paths: True)
        assert syncs[-1].build.ingest.changes.notes_changed == (inside,)
    rebuilt_equal(notes, index, tmp_path)


def test_thousands_of_events_at_once_end_in_a_few_syncs_equal_to_a_rebuild(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    index = tmp_path / "index"
    with watching(notes, index) as watcher:
        bulk = notes / "bulk"
        bulk.mkdir()
        for round_ in range(10):  # 200 notes, each written ten times: thousands of create/modify/close events
            for i in range(200):
                (bulk / f"n{i:03d}.md").write_text(f"# 笔记 {i}\n\n第 {round_} 版：梯度下降 uses 学习率 {i}。\n", encoding="utf-8")
        def last_round_indexed(paths: set[str]) -> bool:
            bulk_texts = [p.text for p in Session(index).passages if p.path.startswith("bulk/")]
            return len(bulk_texts) == 200 and all("第 9 版" in text for text in bulk_texts)

        syncs = watcher.sync_where(lambda paths: last_round_indexed(paths))
        assert len(syncs) <= 4, [len(s.paths) for s in syncs]
        assert sum(len(s.paths) for s in syncs) >= 200
    rebuilt_equal(notes, index, tmp_path)


def test_a_note_deleted_while_the_ingest_reads_it_is_dropped_and_the_index_settles(tmp_path, monkeypatch):
    import ingest.sync

    notes = copy_examples(tmp_path / "notes")
    index = tmp_path / "index"
    (notes / "zz-doomed.md").write_text("# 将被删除\n\n这条笔记在读取时被删除。\n", encoding="utf-8")
    real_read = ingest.sync.read_note_bytes
    armed = threading.Event()

    def read_and_delete(root, rel):
        if armed.is_set() and rel == "rnn.md":  # listed already; gone before its turn comes
            armed.clear()
            (notes / "zz-doomed.md").unlink()
        return real_read(root, rel)

    monkeypatch.setattr(ingest.sync, "read_note_bytes", read_and_delete)
    with watching(notes, index) as watcher:
        assert "zz-doomed.md" in indexed(index)
        armed.set()
        (notes / "rnn.md").write_text((notes / "rnn.md").read_text(encoding="utf-8") + "\n补充一行。\n", encoding="utf-8")
        syncs = watcher.sync_where(lambda paths: "zz-doomed.md" not in paths)
        assert not armed.is_set()
        problems = [str(p) for sync in syncs if sync.build for p in sync.build.ingest.problems]
        assert any("zz-doomed.md" in p and "vanished" in p for p in problems)
        later = watcher.quiet_for(1.0)  # the deletion's own event may come after: it changes nothing more
        assert all(sync.build is not None and sync.build.generation is None for sync in later)
    monkeypatch.undo()
    rebuilt_equal(notes, index, tmp_path)


def test_another_writer_holding_the_lock_is_waited_for(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    index = tmp_path / "index"
    with watching(notes, index) as watcher:
        with IndexStore(index).writing() as staged:  # another ingest, stuck
            atomic_save(notes / "norm.md", NORM_NOTE)
            waiting = watcher.next_sync()
            assert waiting.busy and f"pid {os.getpid()}" in waiting.busy and waiting.build is None
            assert watcher.quiet_for(1.0) == []  # said once, retried quietly
            staged.discard()
        synced = watcher.sync_where(lambda paths: "norm.md" in paths)
        assert synced[-1].build.ingest.changes.notes_added == ("norm.md",)


def kgqa(*argv: str, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    return subprocess.Popen([sys.executable, "-m", "cli", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, **kwargs)


def _watch_process(notes: Path, *options: str) -> tuple[subprocess.Popen, queue.Queue]:
    """A `kgqa watch` subprocess and a queue of its stdout lines, read on a thread."""
    process = kgqa("watch", str(notes), "--model", "hashing", "--debounce", "50", *options)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    return process, lines


def _interrupt(process: subprocess.Popen) -> str:
    """Ctrl-C; the process must exit 0 without a traceback. Its stderr."""
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=30)
    stderr = process.stderr.read()
    assert code == 0 and "Traceback" not in stderr, stderr
    return stderr


def test_ctrl_c_stops_watch_cleanly_with_one_line_per_sync(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    process, lines = _watch_process(notes)
    try:
        first = lines.get(timeout=SYNC_TIMEOUT)
        assert "gen-000001" in first and "notes" in first and first.rstrip().endswith("s)")
        atomic_save(notes / "norm.md", NORM_NOTE)
        second = lines.get(timeout=SYNC_TIMEOUT)
        assert "gen-000002" in second and "+ norm.md" in second
        stderr = _interrupt(process)
    finally:
        process.kill()
    assert "stopped watching" in stderr


def test_ctrl_c_during_a_sync_leaves_a_complete_index(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    process, lines = _watch_process(notes)
    try:
        assert "gen-000001" in lines.get(timeout=SYNC_TIMEOUT)
        (notes / "bulk").mkdir()
        for i in range(300):  # a sync of a few seconds, interrupted wherever it is
            (notes / "bulk" / f"n{i:03d}.md").write_text(f"# 笔记 {i}\n\n梯度下降 uses 学习率 {i}。\n", encoding="utf-8")
        time.sleep(1.0)
        _interrupt(process)
    finally:
        process.kill()
    store = IndexStore(notes / ".kgqa")
    assert store.current().verify() == [] and not list(store.directory.glob("staging-*"))
    assert len(indexed(store.directory)) in (len(list(EXAMPLES.rglob("*.md"))), len(list(EXAMPLES.rglob("*.md"))) + 300)


NOTE_GRAPH = "https://w3id.org/kgqa/id/graph/note/"


def notes_on(url: str, text: str) -> set[str]:
    """The note graphs on the server holding a passage whose text contains `text`."""
    query = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?p kgqa:text ?t . FILTER(CONTAINS(?t, "{text}")) }} }}'
    with RemoteClient(remote_store(url)) as client:
        output = remote_query(client, query, "csv")
    return {line.removeprefix(NOTE_GRAPH) for line in output.body.decode().split("\r\n")[1:] if line}


def test_every_sync_is_pushed_to_a_real_sparql_server_sending_only_what_changed(tmp_path, oxigraph_server):
    notes = copy_examples(tmp_path / "notes")
    every = sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*.md"))
    with watching(notes, notes / ".kgqa", replace(FAST, push_to=remote_store(oxigraph_server))) as watcher:
        first = watcher.next_push()
        assert (first.url, first.generation, first.error) == (oxigraph_server, "gen-000001", None)
        assert sorted(iri.removeprefix(NOTE_GRAPH) for iri in first.report.put) == every
        atomic_save(notes / "norm.md", NORM_NOTE)
        watcher.sync_where(lambda paths: "norm.md" in paths)
        added = watcher.next_push()
        assert added.generation == IndexStore(notes / ".kgqa").current().name and added.error is None
        # a concept's label is chosen over every note, so other notes may be resent: the new one always is
        assert NOTE_GRAPH + "norm.md" in added.report.put and added.report.deleted == ()
        assert len(added.report.put) + added.report.unchanged == len(every) + 1
        assert notes_on(oxigraph_server, "批归一化（Batch Normalization）用于解决梯度消失") == {"norm.md"}
        (notes / "seq2seq.md").unlink()
        watcher.sync_where(lambda paths: "seq2seq.md" not in paths)
        removed = watcher.next_push()
        assert removed.report.deleted == (NOTE_GRAPH + "seq2seq.md",)
        on_server = notes_on(oxigraph_server, "")
        assert on_server >= {"norm.md", "rnn.md"} and "seq2seq.md" not in on_server


def test_a_server_that_is_down_is_one_line_per_failed_push_and_catches_up_when_it_comes_back(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    down = f"cannot reach {url}: connection refused (is the server running?)"
    options = replace(FAST, push_to=remote_store(url), push_retry_seconds=0.3)
    with watching(notes, notes / ".kgqa", options) as watcher:
        failed = [watcher.next_push(), watcher.next_push()]  # after the first sync, then retried while all is quiet
        assert [(f.url, f.generation, f.error, f.report, f.retry_seconds) for f in failed] == [
            (url, "gen-000001", down, None, 0.3), (url, "gen-000001", down, None, 0.6)]
        atomic_save(notes / "norm.md", NORM_NOTE)  # watch keeps syncing, and pushes again right after the sync
        synced = watcher.sync_where(lambda paths: "norm.md" in paths)[-1]
        while (attempt := watcher.next_push()).generation != synced.build.generation:
            assert attempt.error == down
        assert attempt.error == down
        with oxigraph_serving(tmp_path / "oxigraph", port):
            while (attempt := watcher.next_push()).error is not None:  # no edit needed: the retry finds the server
                assert attempt.error == down
            assert attempt.generation == "gen-000002" and attempt.report.deleted == ()
            assert sorted(iri.removeprefix(NOTE_GRAPH) for iri in attempt.report.put) == sorted(
                p.relative_to(notes).as_posix() for p in notes.rglob("*.md"))
            assert notes_on(url, "批归一化（Batch Normalization）") == {"norm.md"}
            assert watcher.quiet_for(1.0) == [] and watcher.pushes.empty()  # pushed once: nothing more to retry


def test_the_cli_watch_store_prints_one_line_per_failed_push_naming_the_server_and_keeps_running(tmp_path):
    notes = copy_examples(tmp_path / "notes")
    url = f"http://127.0.0.1:{free_port()}"
    process, lines = _watch_process(notes, "--store", url)
    try:
        synced, push = lines.get(timeout=SYNC_TIMEOUT), lines.get(timeout=SYNC_TIMEOUT)
        assert "gen-000001" in synced and "notes" in synced
        assert push.split(" ", 1)[1].rstrip() == (
            f"push of gen-000001 to {url} failed: cannot reach {url}: connection refused (is the server running?); "
            f"retried at the next sync or in 30 s")
        atomic_save(notes / "norm.md", NORM_NOTE)
        synced, push = lines.get(timeout=SYNC_TIMEOUT), lines.get(timeout=SYNC_TIMEOUT)
        assert "gen-000002" in synced and "+ norm.md" in synced
        assert f"push of gen-000002 to {url} failed: cannot reach {url}" in push
        stderr = _interrupt(process)
    finally:
        process.kill()
    assert f"pushing each generation to {url}" in stderr


def test_only_events_that_can_change_the_index_count(tmp_path):
    from watchfiles import Change

    from pipeline.watch import _Relevance

    notes = copy_examples(tmp_path / "notes")
    relevant = _Relevance(notes, tmp_path / "elsewhere")
    inside = _Relevance(notes, notes / "idx")
    counted = {
        "rnn.md": True, "nlp/attention.md": True, "Draft.MARKDOWN": True, "kgqa-aliases.yaml": True, "nlp": True,
        ".kgqa/gen-000001/manifest.json": False, ".obsidian/workspace.json": False, ".rnn.md.swp": False,
        "nlp/.#attention.md": False, "figure.png": False, "rnn.md~": False,
    }
    for rel, expected in counted.items():
        assert relevant(Change.modified, str(notes / rel)) is expected, rel
    assert relevant(Change.deleted, str(notes / "old-folder")) is True  # a folder renamed away
    assert relevant(Change.deleted, str(notes / "figure.png")) is False
    assert relevant(Change.added, str(tmp_path / "outside.md")) is False
    assert inside(Change.added, str(notes / "idx" / "gen-000001" / "notes.md")) is False


def test_bad_watch_options_are_one_line(tmp_path, capsys):
    from cli.main import main

    notes = copy_examples(tmp_path / "notes")
    assert main(["watch", str(notes), "--debounce", "0"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "kgqa: error: --debounce must be at least 1 ms and --max-burst at least --debounce"]


@pytest.mark.parametrize("command", ["watch", "mcp"])
def test_a_missing_notes_folder_is_one_line_and_exit_2(tmp_path, command):
    process = kgqa(command, str(tmp_path / "nowhere"))
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2 and stdout == ""
    assert stderr.strip().splitlines() == [f"kgqa: error: notes folder not found: {tmp_path / 'nowhere'}"]
