"""A seeded slot grammar: frames with `{slot}` fields filled from phrase banks, recursively.

A slot's phrases may hold further `{slot}` fields; fixed values (a name chosen once for a
whole story) win over the banks. Same RNG state, same text. Sentences are capitalised after
filling, so banks can be written in lower case and reused mid-sentence.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping

_FIELD = re.compile(r"\{(\w+)\}")
_SENTENCE = re.compile(r"(^|[.?!] |\n)([a-z])")
MAX_DEPTH = 8

Banks = Mapping[str, tuple[str, ...]]


class Grammar:
    """Fill frames from `banks` (several, searched in order) with `values` fixed per text."""

    def __init__(self, rng: random.Random, *banks: Banks, values: dict[str, str] | None = None):
        self.rng = rng
        self.banks = banks
        self.values = dict(values or {})

    def pick(self, key: str) -> str:
        for bank in self.banks:
            if key in bank:
                return self.rng.choice(bank[key])
        raise KeyError(f"no phrase bank for slot {{{key}}}")

    def keep(self, key: str, value: str | None = None) -> str:
        """Fix `key` for the rest of this text (a drawn phrase, or `value`) and return it."""
        self.values[key] = self.fill(value if value is not None else self.pick(key))
        return self.values[key]

    def fill(self, frame: str, depth: int = 0) -> str:
        if depth > MAX_DEPTH:
            raise ValueError(f"slot nesting too deep in {frame!r}")

        def one(m: re.Match[str]) -> str:
            key = m.group(1)
            if key in self.values:
                return self.values[key]
            return self.fill(self.pick(key), depth + 1)

        return _FIELD.sub(one, frame)

    def text(self, frame: str) -> str:
        """Fill `frame`, then capitalise each sentence."""
        return capitalise(self.fill(frame))

    def choose(self, frames: tuple[str, ...]) -> str:
        return self.text(self.rng.choice(frames))


def capitalise(text: str) -> str:
    return _SENTENCE.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def slots_in(frame: str) -> list[str]:
    return _FIELD.findall(frame)
