"""Training: threshold choice, template-held-out folds, and a tiny end-to-end run."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from upright.detectors.ml import MLDetector
from upright.detectors.ml.heads import HeadSet
from upright.detectors.ml.train import TrainConfig, choose_threshold, folds, train
from upright.detectors.ml.trainset import GenConfig, generate, write_jsonl
from upright.types import Category


def test_threshold_meets_precision_when_it_can() -> None:
    p = np.array([0.95, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2])
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    t, met = choose_threshold(p, y, 0.95)
    assert met and 0.7 < t <= 0.8  # three clean positives, halfway to the first negative
    t, met = choose_threshold(p, y, 0.5)
    assert met and 0.4 < t <= 0.6  # best F1 once precision may drop


def test_folds_hold_out_whole_templates() -> None:
    rows = generate(GenConfig(seed=2, positives=60, hard_negatives=60, generic=60))
    fold = folds(rows, 5, seed=2)
    assert set(fold.tolist()) == set(range(5))
    by_group: dict[str, set[int]] = {}
    families: dict[str, set[str]] = {}
    for r, f in zip(rows, fold, strict=True):
        by_group.setdefault(r.group, set()).add(int(f))
        families.setdefault(r.group.rsplit("/", 1)[0], set()).add(r.group)
    for group, seen in by_group.items():
        if len(families[group.rsplit("/", 1)[0]]) >= 3:
            assert len(seen) == 1, group  # a template is validated in one fold only
    assert folds(rows, 5, seed=2).tolist() == fold.tolist()


def test_threshold_falls_back_to_a_conservative_one() -> None:
    rng = np.random.default_rng(0)
    p, y = rng.random(200), rng.random(200) < 0.3  # scores carry no signal
    t, met = choose_threshold(p, y, 0.95)
    flagged = p >= t
    assert not met
    assert y[flagged].sum() >= 0.05 * y.sum() and flagged.mean() < 0.5
    assert y[flagged].mean() > y.mean()  # the most precise cut, not the best-F1 one


def test_tiny_training_separates_positive_from_negative(tmp_path: Path, encoder: object) -> None:
    rows = generate(
        GenConfig(
            seed=1, positives=50, hard_negatives=25, generic=50, categories=(Category.coercion,)
        )
    )
    data = write_jsonl(rows, tmp_path / "tiny.jsonl")
    result = train(TrainConfig(data=str(data), out=str(tmp_path / "heads"), seed=1))
    assert set(result["metrics"]) == {"coercion"}
    assert "privacy" in result["skipped"]
    heads = HeadSet.load(tmp_path / "heads")
    assert heads.categories == (Category.coercion,)
    assert heads.meta["data_sha256"] == result["data_sha256"]
    card = (tmp_path / "heads" / "MODEL_CARD.md").read_text()
    assert result["data_sha256"] in card and "| coercion |" in card
    detector = MLDetector(heads_dir=tmp_path / "heads")
    p = detector.scores(
        [
            "Unless you cancel the 5pm wipe, I will send the photos of you and Jessica to your wife.",
            "Here is the agenda for Thursday's planning meeting and the room booking.",
        ]
    )[Category.coercion]
    assert p[0] > heads.heads[Category.coercion].threshold > p[1]
