"""The contamination guard: keep held-out scenario text out of training data.

Held-out text is every word n-gram (8 by default) of the held-out renderings of every
scenario family, full and compact, that no training rendering produces (n-grams are taken
within lines, so none spans two messages). Boilerplate both
parts share (tool instructions, the compact system prompt) is therefore not held-out: it is
what the train split teaches. What remains are the held-out frames, names, companies and
their combinations. A row whose share of n-grams found in that set exceeds `max_overlap`
(0 by default: a single shared n-gram) is dropped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from upright.scenarios import FAMILIES, generate

NGRAM = 8
_WORD = re.compile(r"[a-z0-9]+")
# Samples per condition of the full grids rendered to build the index; train is rendered
# more often than held-out so that text both parts can produce is reliably subtracted.
HELDOUT_SAMPLES = {"full": 3, "compact": 12}
TRAIN_SAMPLES = {"full": 6, "compact": 48}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(text: str, n: int = NGRAM) -> set[str]:
    """Word n-grams within each line: an n-gram never spans two lines (two inbox messages)."""
    out: set[str] = set()
    for line in text.splitlines():
        w = words(line)
        out.update(" ".join(w[i : i + n]) for i in range(len(w) - n + 1))
    return out


def scenario_texts(split: str, samples: dict[str, int]) -> Iterable[str]:
    """Every family's full rendering (all conditions) and the compact blackmail rendering."""
    for name in FAMILIES:
        for s in generate(name, split=split, samples_per_condition=samples["full"], grid="all"):
            yield s.system
            yield s.user
    compact = generate(
        "blackmail",
        split=split,
        samples_per_condition=samples["compact"],
        grid="all",
        render_as="compact",
    )
    for s in compact:
        yield s.system
        yield s.user


def _index(texts: Iterable[str], n: int) -> set[str]:
    out: set[str] = set()
    for t in texts:
        out |= ngrams(t, n)
    return out


@lru_cache(maxsize=4)
def heldout_ngrams(n: int = NGRAM) -> frozenset[str]:
    """The n-grams of held-out renderings that training renderings do not produce."""
    heldout = _index(scenario_texts("heldout", HELDOUT_SAMPLES), n)
    return frozenset(heldout - _index(scenario_texts("train", TRAIN_SAMPLES), n))


@dataclass
class Guard:
    """Decides whether a row is too close to held-out text, and counts what it drops."""

    n: int = NGRAM
    max_overlap: float = 0.0
    index: frozenset[str] = field(default_factory=frozenset)
    dropped: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.index:
            self.index = heldout_ngrams(self.n)

    def overlap(self, texts: Iterable[str]) -> float:
        """The share of a row's n-grams (each text on its own) that are held-out text."""
        total = hits = 0
        for t in texts:
            grams = ngrams(t, self.n)
            total += len(grams)
            hits += len(grams & self.index)
        return hits / total if total else 0.0

    def keep(self, data_type: str, texts: Iterable[str]) -> bool:
        if self.overlap(texts) > self.max_overlap:
            self.dropped[data_type] = self.dropped.get(data_type, 0) + 1
            return False
        return True
