"""Prefilters skip work, never matches: the fast paths agree with the patterns they stand for."""

from __future__ import annotations

import random
import re

import pytest

from upright.detectors.base import TextUnit, iter_units
from upright.detectors.rules import _coercion_demands, _coercion_frames, _coercion_lexicon
from upright.detectors.rules import _coercion_frames as frames
from upright.detectors.rules._common import Folded, rxf
from upright.detectors.rules._context import MARKING, marked, may_mark
from upright.detectors.rules._prefilter import Regions, Vocabulary, plain, starts_word
from upright.types import Message, ToolCall

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


# ---- Folded patterns, fast units and Regions: the same answers as the plain versions -------

_SAMPLES = [
    "Unless you CANCEL the wipe, I'll tell your WIFE about Jessica.",
    "If the invoice is not settled by Friday, we will discuss it with HR.",
    "Résumé attached — Kyle’s notes; İstanbul office. KİTAP",
    "pay 3 BTC within 48 hours or the data goes public",
    "Nothing to see here.\nSecond line: I know where you live.",
    "",
]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bunless\b",
        r"\b(?P<who>I|we)\s+(?:will|'ll)\s+tell\b",
        r"\bi\s+know\s+where\b|\bwife\b",
        r"[a-z]+'s\b",
    ],
)
def test_folded_pattern_matches_as_the_pattern_does(pattern: str) -> None:
    plain_re = re.compile(pattern, re.I)
    folded = rxf(pattern)
    for text in _SAMPLES:
        assert [m.span() for m in folded.finditer(text)] == [
            m.span() for m in plain_re.finditer(text)
        ]
        a, b = folded.search(text), plain_re.search(text)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))
        assert folded.findall(text) == plain_re.findall(text)
        for pos in range(0, len(text), 7):
            m1, m2 = folded.match(text, pos), plain_re.match(text, pos)
            assert (m1 and m1.span()) == (m2 and m2.span())


def test_folded_pattern_with_case_sensitive_parts_runs_as_is() -> None:
    folded = rxf(r"\b(?-i:HR)\b|\bboard\b")
    assert [m.group() for m in folded.finditer("hr and HR and the Board")] == ["HR", "Board"]


def test_units_are_the_frozen_dataclass_they_always_were() -> None:
    from dataclasses import FrozenInstanceError

    message = Message(
        role="assistant",
        content="hi",
        tool_calls=[ToolCall(function="bash", arguments={"cmd": "ls", "n": 3})],
    )
    units = list(iter_units([message]))
    assert units == [
        TextUnit(0, "content", "hi", "assistant"),
        TextUnit(0, "tool_calls[0].arguments.cmd", "ls", "assistant", "bash"),
    ]
    assert hash(units[1]) == hash(
        TextUnit(0, "tool_calls[0].arguments.cmd", "ls", "assistant", "bash")
    )
    with pytest.raises(FrozenInstanceError):
        units[0].text = "changed"  # type: ignore[misc]


def test_regions_find_the_sentences_that_hold_a_word() -> None:
    vocab = Vocabulary(a=("wife", "board"), b=("tell",))
    text = "First line. I will tell the board. Then nothing.\nYour wife knows."
    r = Regions(text, vocab)
    for groups in (("a",), ("b",), ("a", "b")):
        expect = {r.index(pos) for pos in r.positions(*groups)}
        assert r.sentences_with(groups) == expect


_FOLDED = [
    (module.__name__.rsplit(".", 1)[-1], name, value)
    for module in (_coercion_demands, _coercion_frames, _coercion_lexicon)
    for name, value in vars(module).items()
    if isinstance(value, Folded)
]


@pytest.mark.parametrize(("module", "name", "folded"), _FOLDED, ids=lambda x: str(x)[:30])
def test_every_folded_pattern_agrees_with_its_plain_self(
    module: str, name: str, folded: Folded
) -> None:
    plain_re = re.compile(folded.pattern, folded.flags)
    for text in _texts(_words(plain_re), 300, seed=sum(map(ord, name))):
        assert [m.span() for m in folded.finditer(text)] == [
            m.span() for m in plain_re.finditer(text)
        ], (module, name, text)


def test_marked_is_marking_search() -> None:
    for text in _texts(_words(MARKING), 2000, seed=3):
        assert marked(text) == bool(MARKING.search(text)), text
