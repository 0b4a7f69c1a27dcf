"""The encoder loads once per test module (a few seconds); tests without it skip."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    pytest.importorskip("sentence_transformers")
    from upright.detectors.ml.embed import get_encoder

    return get_encoder()
