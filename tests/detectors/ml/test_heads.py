"""Head files: save/load round trip, atomic writes, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from upright.detectors.ml.heads import HEADS_FILE, Head, HeadSet, packaged_dir
from upright.errors import DetectorError
from upright.types import Category


def _heads(dim: int = 8) -> HeadSet:
    rng = np.random.default_rng(0)
    heads = {
        c: Head(c, rng.normal(size=dim).astype(np.float32), 0.1 * k, 0.3 + 0.1 * k, (1.5, -0.2))
        for k, c in enumerate((Category.coercion, Category.leak))
    }
    for h in heads.values():
        h.metrics = {"precision": 0.97, "recall": 0.8}
    return HeadSet(heads, {"version": "1+test", "seed": 3})


def test_round_trip(tmp_path: Path) -> None:
    original = _heads()
    path = original.save(tmp_path)
    assert path == tmp_path / HEADS_FILE
    assert [p.name for p in tmp_path.iterdir()] == [HEADS_FILE]  # no temp file left behind
    loaded = HeadSet.load(tmp_path)
    assert loaded.categories == (Category.coercion, Category.leak)
    assert loaded.version == "1+test" and loaded.meta["seed"] == 3
    x = np.random.default_rng(1).normal(size=(5, 8)).astype(np.float32)
    want, got = original.proba(x), loaded.proba(x)
    for c in original.categories:
        np.testing.assert_allclose(got[c], want[c], atol=1e-6)
        np.testing.assert_allclose(got[c], original.heads[c].proba(x), atol=1e-6)
        assert loaded.heads[c].threshold == original.heads[c].threshold
        assert loaded.heads[c].metrics == original.heads[c].metrics


def test_probabilities_are_bounded() -> None:
    p = _heads().proba(np.full((2, 8), 1e6, dtype=np.float32))
    assert all(np.all((v >= 0) & (v <= 1)) for v in p.values())


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(DetectorError, match="no trained heads"):
        HeadSet.load(tmp_path)
    (tmp_path / HEADS_FILE).write_text("{not json")
    with pytest.raises(DetectorError, match="unreadable"):
        HeadSet.load(tmp_path)
    (tmp_path / HEADS_FILE).write_text(json.dumps({"format": 1, "heads": [{"category": "x"}]}))
    with pytest.raises(DetectorError, match="malformed head"):
        HeadSet.load(tmp_path)


def test_packaged_heads_cover_every_category() -> None:
    heads = HeadSet.load(packaged_dir())
    assert set(heads.categories) == set(Category)
    assert (packaged_dir() / "MODEL_CARD.md").is_file()
    for head in heads.heads.values():
        assert head.weights.shape == (heads.spec.dim,)
        assert 0.0 < head.threshold < 1.0
