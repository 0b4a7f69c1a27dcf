"""Per-category heads: logistic regression over MiniLM features (`embed.EncoderSpec`).

A head turns an embedding `x` into a calibrated probability
`p = sigmoid(a * (w . x + b) + c)`: `w`, `b` come from the fit, `a`, `c` from Platt scaling on
out-of-fold scores, and `threshold` (chosen on those) is where the detector reports.
All heads of one training run live in one small JSON file, written atomically, with the
encoder spec they were fit on (`meta.encoder_spec`; absent in older files: the full encoder).
Inference needs numpy only.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from upright.detectors.ml.embed import EncoderSpec
from upright.errors import DetectorError
from upright.types import Category

HEADS_FILE = "heads.json"
FORMAT = 1


def packaged_dir() -> Path:
    """The heads shipped inside the package (`upright/detectors/ml/heads/`)."""
    return Path(str(resources.files("upright.detectors.ml") / "heads"))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free logistic


@dataclass
class Head:
    category: Category
    weights: np.ndarray  # (dim,)
    bias: float
    threshold: float = 0.5
    platt: tuple[float, float] = (1.0, 0.0)
    metrics: dict[str, Any] = field(default_factory=dict)

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=np.float32) @ self.weights.astype(np.float32) + self.bias

    def proba(self, x: np.ndarray) -> np.ndarray:
        a, c = self.platt
        return sigmoid(a * self.logits(x) + c).astype(np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "weights": [round(float(v), 7) for v in self.weights],
            "bias": float(self.bias),
            "threshold": float(self.threshold),
            "platt": [float(self.platt[0]), float(self.platt[1])],
            "metrics": self.metrics,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Head:
        a, c = d.get("platt", (1.0, 0.0))
        return cls(
            category=Category(d["category"]),
            weights=np.asarray(d["weights"], dtype=np.float32),
            bias=float(d["bias"]),
            threshold=float(d["threshold"]),
            platt=(float(a), float(c)),
            metrics=dict(d.get("metrics", {})),
        )


@dataclass
class HeadSet:
    """The heads of one training run, with what they were fit on (encoder, data, seed)."""

    heads: dict[Category, Head]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def categories(self) -> tuple[Category, ...]:
        return tuple(c for c in Category if c in self.heads)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    @property
    def spec(self) -> EncoderSpec:
        """The encoder the heads were fit on."""
        return EncoderSpec.from_dict(self.meta.get("encoder_spec"))

    def proba(self, x: np.ndarray) -> dict[Category, np.ndarray]:
        """(n,) calibrated probabilities per category; one matrix product for all heads."""
        cats = self.categories
        if not cats:
            return {}
        w = np.stack([self.heads[c].weights for c in cats], axis=1).astype(np.float32)
        b = np.asarray([self.heads[c].bias for c in cats], dtype=np.float32)
        z = np.asarray(x, dtype=np.float32).reshape(-1, w.shape[0]) @ w + b
        out = {}
        for k, c in enumerate(cats):
            a, off = self.heads[c].platt
            out[c] = sigmoid(a * z[:, k].astype(np.float64) + off)
        return out

    def save(self, directory: Path) -> Path:
        doc = {
            "format": FORMAT,
            "meta": self.meta,
            "heads": [self.heads[c].to_dict() for c in self.categories],
        }
        return atomic_write(directory / HEADS_FILE, json.dumps(doc, indent=1) + "\n")

    @classmethod
    def load(cls, directory: Path | None = None) -> HeadSet:
        path = (directory or packaged_dir()) / HEADS_FILE
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DetectorError(
                f"{path}: no trained heads (run `upright detectors train`)"
            ) from None
        except (OSError, json.JSONDecodeError) as e:
            raise DetectorError(f"{path}: unreadable heads file ({e})") from None
        if doc.get("format") != FORMAT:
            raise DetectorError(f"{path}: heads format {doc.get('format')!r}, expected {FORMAT}")
        try:
            heads = [Head.from_dict(h) for h in doc["heads"]]
        except (KeyError, TypeError, ValueError) as e:
            raise DetectorError(f"{path}: malformed head ({e})") from None
        dims = {h.weights.shape for h in heads}
        if len(dims) > 1:
            raise DetectorError(f"{path}: heads disagree on the embedding size {sorted(dims)}")
        out = cls({h.category: h for h in heads}, dict(doc.get("meta", {})))
        try:
            dim = out.spec.dim
        except DetectorError as e:
            raise DetectorError(f"{path}: bad encoder spec ({e})") from None
        if "encoder_spec" in out.meta and dims and dims != {(dim,)}:
            raise DetectorError(f"{path}: heads of size {sorted(dims)} for an encoder of {dim}")
        return out


def atomic_write(path: Path, text: str) -> Path:
    """Write `text` to a temp file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; shipped files must be world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
