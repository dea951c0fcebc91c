"""Ingest speed: parse-only, graph extraction, full ingest with embeddings, and re-ingest after one edit.

    .venv/bin/python benchmarks/bench_ingest.py            # seed notes in full, d2l parse + graph
    .venv/bin/python benchmarks/bench_ingest.py --d2l-full # also embed the whole d2l corpus (~10+ min)
    .venv/bin/python benchmarks/bench_ingest.py --vs-encoder-only   # only: first ingest against bare fp32 encoding
    .venv/bin/python benchmarks/bench_ingest.py --vs-encoder-only --corpus ../shared/corpus-d2l-noex --repeats 1
    .venv/bin/python benchmarks/bench_ingest.py --vs-encoder-only --bare-texts windows ...  # baseline encodes what the ingest encodes

Ratios are against a baseline measured in the same run: re-ingests against the full ingest of
the same notes, and the whole first ingest against plain sentence-transformers fp32 encoding
of the same passage texts (model loaded before its clock starts; target <= 0.5), each pair
run twice, interleaved, in separate processes.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import D2L, SEED, directory_size, median, percentile, run_kgqa, table, timed

from ingest import ingest_notes
from kg.build import build_graph
from retrieval.legs.dense import embedded_windows, embedding_text

BARE_ENCODER = """
import json, sys, time
from retrieval.e5_convert import converted_model_folder
from sentence_transformers import SentenceTransformer
model = SentenceTransformer(str(converted_model_folder()), device="cpu", local_files_only=True)
texts = ["passage: " + t for t in json.load(open(sys.argv[1], encoding="utf-8"))]
started, cpu = time.perf_counter(), time.process_time()
model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
print(time.perf_counter() - started, time.process_time() - cpu)
"""


def bare_encoding(texts_file: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of SentenceTransformer.encode over the texts (fp32, defaults), and the process's peak MiB."""
    run = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-c", BARE_ENCODER, str(texts_file)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    wall, cpu = map(float, run.stdout.strip().splitlines()[-1].split())
    return wall, cpu, int(run.stderr.strip().splitlines()[-1]) // 1024


def timed_ingest(corpus: Path, index: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + system, all threads) and peak MiB of one whole `kgqa ingest` process."""
    run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "cli", "ingest", str(corpus), "--index", str(index)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent)
    wall, user, system, peak = run.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak) // 1024


def bare_texts(corpus: Path, what: str) -> list[str]:
    """passages: each passage's whole text (heading path in front), as a one-vector-per-passage tool
    embeds it; windows: the distinct prose windows the dense leg embeds (code and long formulas are
    left to BM25), so the baseline does the same encoding work as the ingest."""
    passages = ingest_notes(corpus).passages
    if what == "passages":
        return [embedding_text(p) for p in passages]
    return list(dict.fromkeys(w.text for w in embedded_windows(passages)))


def first_ingest_against_bare_encoder(corpus: Path, repeats: int = 2, what: str = "passages") -> list[list]:
    """The whole first `kgqa ingest` (model already derived) against bare fp32 encoding of its texts."""
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        texts_file = Path(scratch) / "texts.json"
        texts = bare_texts(corpus, what)
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        for attempt in range(1, repeats + 1):
            encode_wall, encode_cpu, encode_peak = bare_encoding(texts_file)
            print(f"  run {attempt}: bare encode {encode_wall:.1f} s wall, {encode_cpu:.1f} s CPU, {encode_peak} MiB", flush=True)
            ingest_wall, ingest_cpu, ingest_peak = timed_ingest(corpus, Path(scratch) / f"index-{attempt}")
            print(f"  run {attempt}: first ingest {ingest_wall:.1f} s wall, {ingest_cpu:.1f} s CPU, {ingest_peak} MiB", flush=True)
            rows.append([corpus.name, attempt, f"{len(texts)} {what}", f"{encode_wall:.1f} / {encode_cpu:.1f}", encode_peak,
                         f"{ingest_wall:.1f} / {ingest_cpu:.1f}", ingest_peak,
                         f"**{ingest_wall / encode_wall:.2f}** / **{ingest_cpu / encode_cpu:.2f}**"])
    return rows


def parse_only(corpus: Path) -> list:
    result, seconds = timed(ingest_notes, corpus)
    lengths = [len(p.text) for p in result.passages]
    graph, graph_seconds = timed(build_graph, list(result.passages))
    return [corpus.name, len(result.notes), len(result.passages), f"{seconds:.2f}", f"{len(result.passages) / seconds:.0f}",
            f"{median(lengths):.0f}", f"{percentile(lengths, 95):.0f}", f"{graph_seconds:.1f}", len(graph.concepts), len(graph.triples)]


EDITS = (
    ("append a paragraph", lambda notes: _append(sorted(notes.rglob("*.md"))[0], "\n新增：Dropout 可以防止过拟合。\n")),
    ("change a word mid-note", lambda notes: _replace_once(sorted(notes.rglob("*.md"))[-1], "的", "之")),
    ("add a small note", lambda notes: (notes / "zz-new.md").write_text("# Mish\n\nMish 是一种平滑的激活函数，可以缓解梯度消失。\n", encoding="utf-8")),
    ("delete that note", lambda notes: (notes / "zz-new.md").unlink()),
    ("insert a paragraph at the top", lambda notes: _prepend(sorted(notes.rglob("*.md"))[1], "复习计划：每周复习一次 LSTM 和 GRU。\n\n")),
    ("add a heading over a whole note", lambda notes: _prepend(sorted(notes.rglob("*.md"))[2], "# 面试笔记\n\n")),
)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    middle = len(text) // 2
    at = text.find(old, middle)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")


def full_and_reingest(corpus: Path) -> tuple[list, list[list]]:
    """One full ingest, then one re-ingest (a separate process each) after each kind of edit."""
    with tempfile.TemporaryDirectory() as scratch:
        notes = Path(scratch) / "notes"
        shutil.copytree(corpus, notes)
        for path in notes.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        index = Path(scratch) / "index"
        full_seconds, full_peak, _ = run_kgqa("ingest", str(notes), "--index", str(index))
        edits = []
        for name, edit in EDITS:
            edit(notes)
            seconds, peak, out = run_kgqa("ingest", str(notes), "--index", str(index), "--json")
            summary = json.loads(out)
            edits.append([corpus.name, name, f"{seconds:.2f}", f"{seconds / full_seconds:.3f}", peak,
                          summary["graph_reread_passages"], summary["embedded_passages"]])
        size = directory_size(next(index.glob("gen-*")))
        times = [float(row[2]) for row in edits]
        row = [corpus.name, f"{full_seconds:.1f}", full_peak, f"{median(times):.2f}", f"{max(times):.2f}",
               f"{median(times) / full_seconds:.3f}", f"{size / 1e6:.1f}"]
        return row, edits


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--d2l-full", action="store_true")
    parser.add_argument("--vs-encoder-only", action="store_true")
    parser.add_argument("--corpus", type=Path, default=SEED, help="notes for the first-ingest comparison (default: the seed notes)")
    parser.add_argument("--repeats", type=int, default=2, help="pairs of the first-ingest comparison")
    parser.add_argument("--bare-texts", choices=("passages", "windows"), default="passages",
                        help="what the bare encoder encodes: whole passages (default) or the dense leg's windows")
    args = parser.parse_args()
    print("## Whole first ingest against bare sentence-transformers fp32 encoding of the same passages\n")
    print(table(["corpus", "run", "bare encodes", "bare encode s wall / CPU", "peak MiB", "first ingest s wall / CPU", "peak MiB",
                 "ingest / encode, wall / CPU"],
                first_ingest_against_bare_encoder(args.corpus.resolve(), args.repeats, args.bare_texts)), flush=True)
    if args.vs_encoder_only:
        return
    print("## Parse and graph (in process)\n")
    print(table(["corpus", "notes", "passages", "parse s", "passages/s", "median chars", "p95 chars", "graph s", "concepts", "typed triples"],
                [parse_only(SEED), parse_only(D2L)]))
    print("\n## Full ingest with e5 embeddings, then re-ingest after editing one note (separate processes)\n")
    runs = [full_and_reingest(SEED)]
    if args.d2l_full:
        runs.append(full_and_reingest(D2L))
    print(table(["corpus", "full ingest s", "peak MiB", "re-ingest median s", "re-ingest max s", "median / full", "index MB"],
                [row for row, _ in runs]))
    print("\n### Each re-ingest\n")
    print(table(["corpus", "edit", "seconds", "/ full", "peak MiB", "graph re-read", "embedded"], [e for _, edits in runs for e in edits]))


if __name__ == "__main__":
    main()
