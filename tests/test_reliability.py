"""Trying to break it: kills mid-ingest, two writers, random edit sequences, hostile input."""
from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import D2L_CORPUS, EXAMPLES, require
from ingest import chunk_note, read_notes, read_passages
from pipeline import BuildOptions, build_index
from retrieval.encoders import resolve_encoder
from retrieval.engine import QuestionError, Retriever
from store import IndexBusy, IndexStore
from store.generation import MANIFEST_FILE

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))


def kgqa(*argv, timeout=300, **kwargs):
    return subprocess.run([sys.executable, "-m", "cli", *argv], capture_output=True, text=True, timeout=timeout, **kwargs)


def _index_signature(index: Path) -> dict[str, bytes]:
    """Every file of the current generation, manifest included: how it was reached leaves no trace."""
    generation = IndexStore(index).current()
    assert generation.verify() == []
    return {p.name: p.read_bytes() for p in sorted(generation.directory.iterdir()) if p.is_file()}  # the store dir: test_stores


def _still_answers(notes: Path, index: Path) -> None:
    status = kgqa("status", str(notes), "--index", str(index), "--verify", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["verify_problems"] == []
    ask = kgqa("ask", "LSTM 有哪些门", str(notes), "--index", str(index), "--json")
    assert ask.returncode == 0 and json.loads(ask.stdout)["passages"], ask.stderr
    sparql = kgqa("sparql", str(notes), "ASK { ?c a skos:Concept }", "--index", str(index))
    assert sparql.returncode == 0 and sparql.stdout == "true\n", sparql.stderr


def _edit_and_ingest(notes: Path, index: Path, mark: str) -> subprocess.Popen:
    note = notes / "000_c42f6f66a1945063.md" if (notes / "000_c42f6f66a1945063.md").exists() else next(notes.rglob("*.md"))
    note.write_text(note.read_text(encoding="utf-8") + f"\n补充 {mark}：Dropout 防止过拟合。\n", encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "cli", "ingest", str(notes), "--index", str(index), "--model", "hashing"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_runs(notes: Path, index: Path, fractions: list[float]) -> int:
    """Kill an ingest at each fraction of how long an uninterrupted one takes here (measured first, so
    the kills land mid-ingest on a fast or a slow machine); returns how many kills came before it could
    publish (the index then still answers from the last generation, with the note's new line missing)."""
    started = time.monotonic()
    assert _edit_and_ingest(notes, index, "uninterrupted").wait() == 0
    duration = time.monotonic() - started
    interrupted = 0
    for fraction in fractions:
        mark = f"{fraction:.3f}"
        before = IndexStore(index).current_name()
        process = _edit_and_ingest(notes, index, mark)
        time.sleep(fraction * duration)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _still_answers(notes, index)
        if IndexStore(index).current_name() == before:
            interrupted += 1
            assert f"补充 {mark}" not in _index_signature(index)["passages.jsonl"].decode("utf-8")
    return interrupted


@pytest.fixture(params=["generated", "seed"])
def folder_to_kill(request, tmp_path: Path) -> Path:
    """The seed notes when ../shared is there; always a folder of 60 notes made from the examples."""
    if request.param == "seed":
        return request.getfixturevalue("seed_copy")
    notes = tmp_path / "generated"
    for copy in range(10):
        shutil.copytree(EXAMPLES, notes / f"copy-{copy}", ignore=shutil.ignore_patterns(".kgqa"))
    return notes


def test_killed_ingests_leave_a_complete_index_and_the_next_ingest_equals_a_clean_one(folder_to_kill, tmp_path):
    index = tmp_path / "index"
    build_index(folder_to_kill, index, HASHING)
    rng = random.Random(7)
    assert _kill_runs(folder_to_kill, index, [rng.uniform(0.2, 0.95) for _ in range(4)]) >= 1  # some kill hit mid-ingest
    assert kgqa("ingest", str(folder_to_kill), "--index", str(index), "--model", "hashing").returncode == 0
    assert not list(index.glob("staging-*"))
    clean = tmp_path / "clean"
    build_index(folder_to_kill, clean, HASHING)
    assert _index_signature(index) == _index_signature(clean)


@pytest.mark.slow
def test_killed_ingests_on_the_d2l_corpus(tmp_path):
    notes = tmp_path / "d2l"
    shutil.copytree(require(D2L_CORPUS), notes)
    for path in notes.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    index = tmp_path / "index"
    build_index(notes, index, HASHING)
    rng = random.Random(11)
    assert _kill_runs(notes, index, [rng.uniform(0.1, 0.95) for _ in range(8)]) >= 1
    assert kgqa("ingest", str(notes), "--index", str(index), "--model", "hashing", timeout=1800).returncode == 0
    clean = tmp_path / "clean"
    build_index(notes, clean, HASHING)
    assert _index_signature(index) == _index_signature(clean)


def test_a_second_ingest_is_refused_while_readers_keep_answering(examples_copy, tmp_path):
    index = tmp_path / "index"
    build_index(examples_copy, index, HASHING)
    with IndexStore(index).writing() as staged:
        refused = kgqa("ingest", str(examples_copy), "--index", str(index), "--model", "hashing", "--wait", "0.5")
        assert refused.returncode == 2 and f"pid {os.getpid()}" in refused.stderr and "--wait" in refused.stderr
        with pytest.raises(IndexBusy):
            build_index(examples_copy, index, HASHING)
        _still_answers(examples_copy, index)
        staged.discard()
    assert kgqa("ingest", str(examples_copy), "--index", str(index), "--model", "hashing").returncode == 0


# --- exact sync: random edit sequences against a rebuild --------------------------------------
SENTENCES = [
    "LSTM 由遗忘门、输入门和输出门组成。", "Dropout 用于防止过拟合。", "GRU 是 LSTM 的一种变体。",
    "Transformer 使用多头注意力。", "BERT is a kind of pre-trained model.", "Sigmoid 容易导致梯度消失。",
    "批归一化（Batch Normalization，BN）可以缓解梯度消失。", "Adam combines momentum and RMSprop.",
    "参见 [[start|起点笔记]] 和 [[note-3-4]]。 #深度学习", "See [[renamed-1-2#小节 0]] and ![[missing note]]. #ml/basics",
]
operation = st.tuples(st.sampled_from(["add", "edit", "delete", "rename", "move"]), st.integers(0, 50), st.integers(0, 50))


def _note_text(seed: int) -> str:
    rng = random.Random(seed)
    parts = [f"# 笔记 {seed}"]
    for section in range(rng.randint(1, 3)):
        parts.append(f"## 小节 {section}")
        parts.extend(rng.sample(SENTENCES, rng.randint(1, 3)))
    return "\n\n".join(parts) + "\n"


def _apply(notes: Path, op: str, a: int, b: int) -> None:
    existing = sorted(p for p in notes.rglob("*.md"))
    if op == "add" or not existing:
        (notes / f"note-{a}-{b}.md").write_text(_note_text(a * 100 + b), encoding="utf-8")
        return
    target = existing[a % len(existing)]
    if op == "edit":
        target.write_text(target.read_text(encoding="utf-8") + "\n" + SENTENCES[b % len(SENTENCES)] + "\n", encoding="utf-8")
    elif op == "delete":
        target.unlink()
    elif op == "rename":
        target.rename(target.with_name(f"renamed-{a}-{b}.md"))
    else:
        folder = notes / f"sub{b % 3}"
        folder.mkdir(exist_ok=True)
        target.rename(folder / target.name)


def _sync_matches_rebuild(tmp_path: Path, operations) -> None:
    notes = tmp_path / "notes"
    shutil.rmtree(notes, ignore_errors=True)
    notes.mkdir()
    (notes / "start.md").write_text(_note_text(1), encoding="utf-8")
    index = tmp_path / "index"
    shutil.rmtree(index, ignore_errors=True)
    build_index(notes, index, HASHING)
    for op, a, b in operations:
        _apply(notes, op, a, b)
        build_index(notes, index, HASHING)
        rebuilt = tmp_path / "rebuilt"
        shutil.rmtree(rebuilt, ignore_errors=True)
        build_index(notes, rebuilt, HASHING)
        synced = _index_signature(index)
        assert synced == _index_signature(rebuilt), (op, a, b)
        present = {p.relative_to(notes).as_posix() for p in notes.rglob("*.md")}
        graph_text = synced["graph.nq"].decode("utf-8")
        for note_line in (line for line in synced["passages.jsonl"].decode().splitlines()):
            assert json.loads(note_line)["path"] in present
        assert all(f"graph/note/{p}" in graph_text for p in present if (notes / p).read_text(encoding="utf-8").strip())


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=3))
def test_sync_after_random_edits_equals_a_rebuild(tmp_path, operations):
    _sync_matches_rebuild(tmp_path, operations)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=8))
def test_sync_after_long_random_edit_sequences_equals_a_rebuild(tmp_path, operations):
    _sync_matches_rebuild(tmp_path, operations)


# --- hostile input -------------------------------------------------------------------------------
def _hostile_folder(notes: Path, big_note_lines: int) -> None:
    notes.mkdir()
    (notes / "big.md").write_text(("# 大笔记\n\n" + "LSTM 由遗忘门组成。\n\n" * 200) * 60 + "x" * 100 + "\n", encoding="utf-8")
    (notes / "huge.md").write_text("# 大\n\n" + ("梯度消失与梯度爆炸。" * 100 + "\n\n") * big_note_lines, encoding="utf-8")
    (notes / "one-line.md").write_text("# 一行\n\n" + "注意力" * 1_700_000 + "\n", encoding="utf-8")
    # 10,000 nested list levels on one line ('- - - … 层'), and 2,000 by indentation (4 MB)
    (notes / "nested.md").write_text("- " * 10_000 + "层\n\n" + "".join(" " * (2 * i) + "- 层\n" for i in range(2_000)), encoding="utf-8")
    (notes / "fences.md").write_text("# 未闭合\n\n```python\ncode\n\n<div><table><tr>\n" * 50, encoding="utf-8")
    (notes / "unreadable.md").write_text("# 秘密\n", encoding="utf-8")
    (notes / "unreadable.md").chmod(0)


def _ingest_hostile(notes: Path) -> None:
    run = kgqa("ingest", str(notes), "--model", "hashing", "--json", timeout=1800)
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 1), run.stderr
    json.loads(run.stdout)
    indexed = {note.path for note in read_notes(IndexStore(notes / ".kgqa").current())}
    expected = {"big.md", "huge.md", "one-line.md", "nested.md", "fences.md"}
    assert indexed - {"unreadable.md"} == expected  # root may read a chmod 000 file; anyone else is told it cannot
    if os.geteuid() != 0:
        assert "unreadable.md: cannot read" in run.stderr
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak < 3000, f"peak RSS {peak:.0f} MiB"
    passages = read_passages(IndexStore(notes / ".kgqa").current())
    assert any(p.path == "one-line.md" and p.start_line == 3 for p in passages)
    assert any(p.path == "huge.md" for p in passages) and any(p.path == "nested.md" for p in passages)


@pytest.mark.slow  # several multi-MB notes through a real ingest: ~30 s; CI runs it in make test-slow
def test_hostile_notes_are_ingested_with_bounded_memory(tmp_path):
    """2 MB of text in one note, a 5 MB line, 10,000 nested list levels, unclosed fences and HTML."""
    _hostile_folder(tmp_path / "notes", big_note_lines=1_000)
    _ingest_hostile(tmp_path / "notes")


@pytest.mark.slow
def test_a_20_mb_note_is_ingested_with_bounded_memory(tmp_path):
    _hostile_folder(tmp_path / "notes", big_note_lines=10_500)
    _ingest_hostile(tmp_path / "notes")


def test_a_note_deleted_between_listing_and_reading_is_reported(tmp_path, monkeypatch):
    import ingest.sync as sync

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# A\n\nDropout 防止过拟合。\n", encoding="utf-8")
    (notes / "b.md").write_text("# B\n\nGRU 有两个门。\n", encoding="utf-8")
    real = sync.read_note_bytes

    def vanish(root, rel):
        if rel == "b.md":
            (root / rel).unlink(missing_ok=True)
        return real(root, rel)

    monkeypatch.setattr(sync, "read_note_bytes", vanish)
    report = build_index(notes, tmp_path / "index", HASHING)
    assert [(p.path, p.skipped) for p in report.ingest.problems] == [("b.md", True)]
    assert "vanished" in report.ingest.problems[0].message
    assert {p.path for p in read_passages(IndexStore(tmp_path / "index").current())} == {"a.md"}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_chunk_spans_reproduce_their_source(text):
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    previous = 0
    for passage in chunk_note("fuzz.md", text.replace("\r\n", "\n").replace("\r", "\n")):
        assert 1 <= passage.start_line <= passage.end_line <= len(lines)
        assert passage.start_line > previous
        previous = passage.end_line
        assert passage.raw == "\n".join(lines[passage.start_line - 1 : passage.end_line])


_NOTE_PIECES = st.one_of(
    st.builds(lambda n: "\n".join(f"第{i}行的文字很短，" for i in range(n)), st.integers(1, 30)),  # hard-wrapped prose
    st.builds(lambda n, w: "\n".join(f"句子{i}。" + "字" * w for i in range(n)), st.integers(1, 12), st.integers(0, 90)),
    st.builds(lambda n: "由以下部分组成：\n\n" + "\n".join(f"- 第{i}项" for i in range(n)), st.integers(1, 25)),
    st.builds(lambda n: "- 为什么？\n  答案如下。\n\n" + "\n".join(f"  - 第{i}点" for i in range(n)), st.integers(1, 25)),
    st.builds(lambda n: "```python\n" + "\n".join(f"x{i} = {i}" for i in range(n)) + "\n```", st.integers(1, 30)),
    st.sampled_from(["代码如下：", "**小标题**", "## 小节", "", "\n\n"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_NOTE_PIECES, max_size=12), st.integers(2, 20))
def test_only_a_code_block_too_long_to_cut_is_over_the_line_budget(pieces, max_lines):
    from ingest import ChunkConfig

    for passage in chunk_note("fuzz.md", "# 笔记\n\n" + "\n\n".join(pieces) + "\n", ChunkConfig(max_lines=max_lines)):
        filled = [line for line in passage.raw.split("\n") if line.strip()]
        if len(filled) > max_lines:  # one whole fence, nothing glued to it
            assert filled[0] == "```python" and filled[-1] == "```" and passage.raw.count("```") == 2, passage.raw


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_tokenizer_is_idempotent_on_normalised_text(text):
    import unicodedata

    tokenizer = _tokenizer()
    assert tokenizer.tokenize(unicodedata.normalize("NFKC", text).lower()) == tokenizer.tokenize(text)


_TOKENIZERS: list = []


def _tokenizer():
    from retrieval.tokenize import MixedTokenizer

    if not _TOKENIZERS:
        _TOKENIZERS.append(MixedTokenizer(["梯度消失"]))
    return _TOKENIZERS[0]


_RETRIEVER: list = []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.just(""), st.just(" \n\t"), st.just("问" * 100_000)))
def test_any_question_gets_an_answer_or_a_clear_error(tmp_path_factory, question):
    if not _RETRIEVER:
        notes = tmp_path_factory.mktemp("fuzz-notes")
        shutil.copytree(Path(__file__).parent.parent / "examples" / "notes", notes, dirs_exist_ok=True)
        build_index(notes, notes / ".kgqa", HASHING)
        _RETRIEVER.append(Retriever.open(notes / ".kgqa"))
    try:
        answer = _RETRIEVER[0].ask(question, k=3)
    except QuestionError as error:
        assert not question.strip() and "empty question" in str(error)
        return
    assert len(answer.passages) <= 3
    assert all(p.passage.id in _RETRIEVER[0].by_id for p in answer.passages)


def test_an_index_from_another_schema_asks_for_a_reingest(examples_copy, tmp_path):
    index = tmp_path / "index"
    build_index(examples_copy, index, HASHING)
    manifest_path = IndexStore(index).current().path(MANIFEST_FILE)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["schema_version"] = 0
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    for argv in (["status", str(examples_copy)], ["ask", "LSTM", str(examples_copy)], ["sparql", str(examples_copy), "ASK {}"]):
        run = kgqa(*argv, "--index", str(index))
        assert run.returncode == 2 and "schema version 0" in run.stderr and "kgqa ingest" in run.stderr, argv
    assert kgqa("ingest", str(examples_copy), "--index", str(index), "--model", "hashing").returncode == 0
    assert kgqa("status", str(examples_copy), "--index", str(index)).returncode == 0
