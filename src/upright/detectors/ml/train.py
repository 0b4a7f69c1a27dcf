"""Fit the per-category heads: embed the data once, cross-fit, calibrate, write the heads and
their model card.

Validation is cross-fitted: every row is scored once by a head fit without its fold, and
where the generator says which template a row came from (`group`) whole templates are held
out together, so the metrics measure paraphrase generalisation, not memorised templates.
Platt scaling and the threshold are chosen on those out-of-fold scores, of the hand-written
rows only when there are some (generated text is easier than real text, and would set
thresholds too low); the shipped head is then fit on all rows (as scikit-learn's
`CalibratedClassifierCV(ensemble=False)` does). By default the rows are the shipped
hand-written corpus plus generated rows, weighted so the hand-written ones carry
`corpus_share` of the weight. No evaluation data is read here.
`TrainConfig` is the YAML schema and the CLI's options (every field's help is its doc).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from upright.detectors.ml import embed, trainset
from upright.detectors.ml.card import model_card
from upright.detectors.ml.heads import Head, HeadSet, atomic_write, packaged_dir, sigmoid
from upright.errors import DetectorError, UsageError
from upright.types import Category

Progress = Callable[[str, int, int], None]  # (stage, done, total)


SOURCES = ("default", "corpus", "generated")


@dataclass
class TrainConfig:
    data: str = field(
        default="default",
        metadata={
            "help": "'default' (the shipped hand-written corpus plus generated rows), 'corpus', "
            "'generated', or a JSONL file of {text|messages, labels, group} rows."
        },
    )
    out: str | None = field(
        default=None,
        metadata={"help": "Directory for heads.json and MODEL_CARD.md (default: shipped heads)."},
    )
    seed: int = field(default=0, metadata={"help": "Seed for generation, split and fit."})
    C: float = field(default=2.0, metadata={"help": "Inverse L2 strength of each head."})
    max_iter: int = field(default=3000, metadata={"help": "Solver iterations per head."})
    val_fraction: float = field(
        default=0.2,
        metadata={"help": "Share of rows per validation fold (round(1/val_fraction) folds)."},
    )
    min_precision: float = field(
        default=0.9, metadata={"help": "Threshold: best F1 with at least this precision."}
    )
    corpus_share: float = field(
        default=0.6,
        metadata={
            "help": "With 'default' data: the hand-written rows' share of the total sample "
            "weight (they are fewer than the generated ones, and closer to real traffic)."
        },
    )
    positives: int = field(default=800, metadata={"help": "Generated positives per category."})
    hard_negatives: int = field(
        default=800, metadata={"help": "Generated hard negatives per category."}
    )
    generic: int = field(default=2000, metadata={"help": "Generated generic benign rows."})
    layers: int = field(default=3, metadata={"help": "Encoder layers run, of MiniLM's six."})
    quantized: bool = field(
        default=True, metadata={"help": "Dynamic int8 quantisation of the encoder's Linear layers."}
    )
    pooling: str = field(
        default="mean+max", metadata={"help": "Features: 'mean' or 'mean+max' token pooling."}
    )
    batch_size: int = field(default=64, metadata={"help": "Texts per encoder batch."})

    @property
    def encoder_spec(self) -> embed.EncoderSpec:
        return embed.EncoderSpec(layers=self.layers, quantized=self.quantized, pooling=self.pooling)

    def __post_init__(self) -> None:
        if not 0.0 < self.val_fraction < 1.0:
            raise UsageError(f"val_fraction must be in (0, 1), got {self.val_fraction}")
        if not 0.0 < self.min_precision <= 1.0:
            raise UsageError(f"min_precision must be in (0, 1], got {self.min_precision}")
        if self.C <= 0 or self.max_iter < 1 or self.batch_size < 1:
            raise UsageError("C, max_iter and batch_size must be positive")
        if not 0.0 <= self.corpus_share < 1.0:
            raise UsageError(f"corpus_share must be in [0, 1), got {self.corpus_share}")
        try:
            _ = self.encoder_spec  # validates layers, pooling and window
        except DetectorError as e:
            raise UsageError(str(e)) from None

    @classmethod
    def from_yaml(cls, path: Path, **overrides: Any) -> TrainConfig:
        """Read a YAML mapping of fields; `overrides` (set CLI flags) win."""
        import yaml

        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as e:
            raise UsageError(f"{path}: cannot read config ({e})") from None
        if not isinstance(doc, dict):
            raise UsageError(f"{path}: expected a mapping of training settings")
        known = {f.name for f in fields(cls)}
        for key in doc:
            if key not in known:
                raise UsageError(
                    f"{path}: unknown field {key!r}; known: {', '.join(sorted(known))}"
                )
        return cls(**{**doc, **{k: v for k, v in overrides.items() if v is not None}})

    @property
    def folds(self) -> int:
        return max(2, round(1 / self.val_fraction))


def folds(rows: Sequence[trainset.Example], k: int, seed: int) -> np.ndarray:
    """A fold id per row. A family of three or more templates spreads whole templates over
    the folds; other rows (and rows without a `group`) land in random folds."""
    rng = random.Random(seed)
    families: dict[str, set[str]] = {}
    for r in rows:
        if r.group:
            families.setdefault(r.group.rsplit("/", 1)[0], set()).add(r.group)
    fold_of: dict[str, int] = {}
    for family in sorted(families):
        templates = sorted(families[family])
        if len(templates) >= 3:
            rng.shuffle(templates)
            offset = rng.randrange(k)
            fold_of.update({t: (offset + i) % k for i, t in enumerate(templates)})
    return np.array([fold_of[r.group] if r.group in fold_of else rng.randrange(k) for r in rows])


def choose_threshold(p: np.ndarray, y: np.ndarray, min_precision: float) -> tuple[float, bool]:
    """The threshold with the best F1 among those with precision >= `min_precision`, placed
    halfway to the next lower score; and whether the precision was met. When it cannot be,
    the most precise threshold that still finds 5% of the positives (a conservative head)."""
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order].astype(bool)
    last = np.r_[ps[1:] != ps[:-1], True]  # the last row of each run of equal scores
    tp, fp = np.cumsum(ys)[last], np.cumsum(~ys)[last]
    precision, recall = tp / (tp + fp), tp / max(int(ys.sum()), 1)
    f1 = np.where(tp > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    met = precision >= min_precision
    if met.any():
        k = int(np.argmax(np.where(met, f1, -1.0)))
    else:
        k = int(np.argmax(np.where(recall >= 0.05, precision + 1e-6 * recall, -1.0)))
    scores = ps[last]
    below = scores[k + 1] if k + 1 < len(scores) else 0.0
    return float((scores[k] + below) / 2), bool(met.any())


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e4, max_iter=1000).fit(z.reshape(-1, 1), y)
    a, c = float(m.coef_[0, 0]), float(m.intercept_[0])
    return (a, c) if a > 0 else (1.0, 0.0)


def _metrics(p: np.ndarray, y: np.ndarray, threshold: float, hard: np.ndarray) -> dict[str, Any]:
    from sklearn.metrics import roc_auc_score

    pred = p >= threshold
    tp, fp, fn = int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum())
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "auc": round(float(roc_auc_score(y, p)), 4) if 0 < y.sum() < len(y) else None,
        "hard_negative_fpr": round(float(pred[hard].mean()), 4) if hard.any() else None,
        "n_pos": int(y.sum()),
        "n_neg": int((~y).sum()),
        "n_hard_neg": int(hard.sum()),
    }


class _TooFew(Exception):
    pass


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, config: TrainConfig) -> Any:
    """Logistic regression with classes balanced by weight (and rows weighted by source)."""
    from sklearn.linear_model import LogisticRegression

    if y.all() or not y.any():
        raise _TooFew
    pos = w[y].sum()
    balanced = np.where(y, w * (w.sum() / (2 * pos)), w * (w.sum() / (2 * (w.sum() - pos))))
    return LogisticRegression(C=config.C, max_iter=config.max_iter, random_state=config.seed).fit(
        x, y, sample_weight=balanced
    )


def fit_head(
    category: Category,
    x: np.ndarray,
    y: np.ndarray,
    fold: np.ndarray,
    config: TrainConfig,
    hard: np.ndarray,
    weight: np.ndarray | None = None,
    calibrate: np.ndarray | None = None,
) -> Head:
    """Out-of-fold logits -> Platt scaling, threshold and metrics on the `calibrate` rows
    (default: all); then the head on all rows."""
    w = np.ones(len(y)) if weight is None else weight
    cal = np.ones(len(y), dtype=bool) if calibrate is None else calibrate
    if not y[cal].any() or y[cal].all():
        cal = np.ones(len(y), dtype=bool)
    oof = np.zeros(len(y))
    for f in np.unique(fold):
        test = fold == f
        oof[test] = _fit(x[~test], y[~test], w[~test], config).decision_function(x[test])
    model = _fit(x, y, w, config)
    head = Head(category, model.coef_[0].astype(np.float32), float(model.intercept_[0]))
    head.platt = _platt(oof[cal], y[cal])
    p = sigmoid(head.platt[0] * oof[cal] + head.platt[1])
    head.threshold, met = choose_threshold(p, y[cal], config.min_precision)
    head.metrics = {
        "threshold": round(head.threshold, 4),
        "precision_target_met": met,
        **_metrics(p, y[cal], head.threshold, hard[cal]),
    }
    return head


def load_rows(config: TrainConfig) -> tuple[list[trainset.Example], np.ndarray]:
    """The training rows and whether each is hand-written (the calibration rows)."""
    generated: list[trainset.Example] = []
    corpus: list[trainset.Example] = []
    if config.data in ("default", "generated"):
        gen = trainset.GenConfig(
            config.seed, config.positives, config.hard_negatives, config.generic
        )
        generated = trainset.generate(gen)
    if config.data in ("default", "corpus"):
        corpus = trainset.load_corpus()
    if config.data not in SOURCES:
        corpus = trainset.read_jsonl(Path(config.data))
    return [*corpus, *generated], np.r_[np.ones(len(corpus), bool), np.zeros(len(generated), bool)]


def row_weights(hand: np.ndarray, share: float) -> np.ndarray:
    """Mean weight 1; the hand-written rows carry `share` of it when both sources are present."""
    n, k = len(hand), int(hand.sum())
    if k in (0, n) or share <= 0:
        return np.ones(n)
    return np.where(hand, share * n / k, (1 - share) * n / (n - k))


def embed_rows(
    rows: Sequence[trainset.Example], config: TrainConfig, report: Progress | None = None
) -> np.ndarray:
    """(n, dim) features of the rows' texts with the configured encoder."""
    encoder = embed.get_encoder(config.encoder_spec)
    texts = [r.text for r in rows]
    x = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    step = config.batch_size * 8
    for start in range(0, len(texts), step):
        x[start : start + step] = encoder.encode(texts[start : start + step], config.batch_size)
        if report:
            report("embed", min(start + step, len(texts)), len(texts))
    return x


def train(config: TrainConfig, progress: Progress | None = None) -> dict[str, Any]:
    """Embed, fit one head per category that has positives in every training fold, write
    `heads.json` and `MODEL_CARD.md` to `config.out`; return the summary."""
    report = progress or (lambda stage, done, total: None)
    rows, hand = load_rows(config)
    weight = row_weights(hand, config.corpus_share)
    data_sha = hashlib.sha256(trainset.to_jsonl(rows).encode()).hexdigest()
    fold = folds(rows, config.folds, config.seed)
    x = embed_rows(rows, config, report)
    heads: dict[Category, Head] = {}
    skipped: dict[str, str] = {}
    for n, category in enumerate(Category, 1):
        y = np.array([category.value in r.labels for r in rows])
        hard = np.array([r.group.startswith(f"{category.value}/neg") for r in rows])
        try:
            heads[category] = fit_head(
                category, x, y, fold, config, hard, weight, hand if hand.any() else None
            )
        except _TooFew:
            skipped[category.value] = (
                "no positive rows"
                if not y.any()
                else "a training fold lacks positives or negatives"
            )
        report("fit", n, len(Category))
    if not heads:
        raise UsageError(
            f"{config.data}: no category has positives in both training and validation"
        )
    meta = {
        "version": f"2+{data_sha[:8]}",
        "encoder": embed.MODEL_ID,
        "encoder_spec": config.encoder_spec.to_dict(),
        "encoder_sha256": embed.weights_sha256(),
        "versions": {**embed.versions(), "scikit-learn": metadata.version("scikit-learn")},
        "seed": config.seed,
        "data": config.data,
        "data_sha256": data_sha,
        "rows": len(rows),
        "hand_rows": int(hand.sum()),
        "calibrated_on": "hand-written rows" if hand.any() else "all rows",
        "folds": len(np.unique(fold)),
        "config": asdict(config),
        "skipped": skipped,
    }
    out = Path(config.out) if config.out else packaged_dir()
    heads_path = HeadSet(heads, meta).save(out)
    card = atomic_write(out / "MODEL_CARD.md", model_card(heads, meta))
    return {
        "out": str(out),
        "heads": str(heads_path),
        "card": str(card),
        "version": meta["version"],
        "data_sha256": data_sha,
        "rows": len(rows),
        "folds": meta["folds"],
        "metrics": {c.value: h.metrics for c, h in heads.items()},
        "skipped": skipped,
    }
