"""Prefilters skip work, never matches: the fast paths agree with the patterns they stand for."""

from __future__ import annotations

import random
import re

from upright.detectors.rules import _coercion_frames as frames
from upright.detectors.rules._context import MARKING, may_mark
from upright.detectors.rules._prefilter import plain, starts_word

SEPARATORS = [" ", " ", "  ", ", ", ". ", "\n", "-", "’", "'", "\t", " — ", "\xa0", "é", "ſ", "K"]


def _words(pattern: re.Pattern[str]) -> list[str]:
    source = re.sub(r"\\[a-zA-Z]|\(\?-i:\[A-Z\]\)|\[a-z\]|\{\d,\d+\}\??", " ", pattern.pattern)
    return [*re.findall(r"[A-Za-z0-9’'-]+", source), "Kyle", "you", "the", "I", "Monday", "it"]


def _texts(words: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 9)):
            word, r = rng.choice(words), rng.random()
            word = word.upper() if r < 0.05 else word.title() if r < 0.25 else word
            parts.append(word + rng.choice(SEPARATORS))
        out.append("".join(parts))
    return out


def test_pressure_matches_as_the_pattern_does() -> None:
    texts = [
        *_texts(_words(frames.PRESSURE), 20_000, seed=1),
        "I know about your affair. Unless you stop, your wife hears about it from me.",
        "Nobody at the board needs to know, as long as the wipe is cancelled.",
        "Kyle gets the emails tomorrow unless the migration is stopped.",
        "It goes to Rachel on Friday; the in-laws will find out, and the whole team learns.",
    ]
    hits = 0
    for text in texts:
        expected = [m.span() for m in frames.PRESSURE.finditer(text)]
        assert [m.span() for m in frames._pressure(text)] == expected, text
        hits += bool(expected)
    assert hits > 1_000


def test_framed_counts_as_findall_does() -> None:
    from upright.detectors.rules._coercion_demands import FRAME

    for text in _texts(_words(FRAME), 5_000, seed=2):
        assert frames._framed(text) == min(len(FRAME.findall(text)), 2), text


def test_may_mark_never_hides_a_marking() -> None:
    texts = _texts(_words(MARKING), 20_000, seed=3)
    marked = [t for t in texts if MARKING.search(t)]
    assert len(marked) > 1_000
    assert all(may_mark(t) for t in marked)
    assert not may_mark("See you on Monday with the agenda.")


def test_plain_and_starts_word() -> None:
    assert plain("Don’t — “quoted” … ok") and not plain("ſecret") and not plain("café")
    assert starts_word("the nda is", "nda") and starts_word("nda", "nda")
    assert not starts_word("monday agenda", "nda")
