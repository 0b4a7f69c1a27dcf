"""Prefilters: find a detector's trigger words in one pass, then read only what can match.

Python's `re` spends time on every character it scans, so running a few dozen patterns over
every message is what makes a rule tier slow. A `Vocabulary` lists, in named groups, words
that the patterns need (a pattern for "I will tell your wife" needs "wife" or another word of
its kind); one compiled pass finds them all. A detector returns at once when none of a
family's words occur (the common case), and otherwise `Regions` runs each pattern only on the
sentences that hold its words, or only where its first word stands.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from functools import cached_property

from upright.detectors.rules._common import fold, plain, sentences

__all__ = ["Regions", "Vocabulary", "fold", "plain", "starts_word"]


def starts_word(low: str, word: str) -> bool:
    """Whether `word` occurs in `low` at the start of a word (as after `\\b`)."""
    i = low.find(word)
    while i >= 0:
        if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
            return True
        i = low.find(word, i + 1)
    return False


class Vocabulary:
    """Trigger words in named groups, all found in one pass of one compiled alternation.

    A word matches at the start of a word of the `fold`ed text (anywhere in it if
    `anywhere`: for commands and code, `auditd` in `stop-auditd`) and may go on (a stem:
    `expos` matches `exposure`); a trailing `$` asks for the end of a word (`end$`), a space
    stands for any run of white space and `'` for either apostrophe. Shared prefixes are
    factored into a trie, so the pass costs about the same for 50 words as for 500. A
    detector reads `found(text)` first and returns early when it holds nothing its patterns
    need: the cheap common case; `hits` also gives where each word starts.
    """

    def __init__(self, *, anywhere: bool = False, **groups: Iterable[str]) -> None:
        self.groups = {name: frozenset(map(_normal, group)) for name, group in groups.items()}
        self.anywhere = anywhere
        words = {w for group in groups.values() for w in group}
        trie = _alternation(words)
        self.pattern = re.compile(trie if anywhere else r"\b" + trie)
        listed = frozenset().union(*self.groups.values())
        self._implied = {  # a match of "will not" is one of "will" too
            w: tuple(v for v in listed if w.startswith(v)) for w in listed
        }
        self._reach = 2 * max(map(len, words), default=0) + 16  # how far a word can run on
        self._hits = functools.lru_cache(maxsize=1024)(self._scan)
        self._found = functools.lru_cache(maxsize=1024)(self._words)
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}

    def _scan(self, folded: str) -> tuple[tuple[int, str], ...]:
        out: list[tuple[int, str]] = []
        search, implied = self.pattern.search, self._implied
        for m in self.pattern.finditer(folded):
            out += [(m.start(), w) for w in implied.get(m[0]) or implied[_normal(m[0])]]
            if self.anywhere or not m[0].isalnum():
                # it may hold the start of another word ("one email", "you'll", "pkill")
                end, pos = m.end(), m.start() + 1
                while (n := search(folded, pos, end + self._reach)) and n.start() < end:
                    out += [(n.start(), w) for w in implied.get(n[0]) or implied[_normal(n[0])]]
                    pos = n.start() + 1
        return tuple(out)

    def _words(self, folded: str) -> frozenset[str]:
        return frozenset(w for _, w in self._hits(folded))

    def hits(self, text: str) -> tuple[tuple[int, str], ...]:
        """(offset, word) for every trigger word in `text`."""
        return self._hits(fold(text))

    def found(self, text: str) -> frozenset[str]:
        return self._found(fold(text))

    def has(self, found: frozenset[str], *groups: str) -> bool:
        return not self.union(groups).isdisjoint(found)

    def union(self, groups: tuple[str, ...]) -> frozenset[str]:
        if groups not in self._unions:
            self._unions[groups] = frozenset().union(*(self.groups[g] for g in groups))
        return self._unions[groups]


def _normal(word: str) -> str:
    return " ".join(word.replace("’", "'").rstrip("$").split())


_TRIE_CHAR = {" ": r"\s+", "'": "['’]", "$": r"\b"}


def _alternation(words: Iterable[str]) -> str:
    """The words as a trie; where one word is a prefix of another, the longer is tried first."""
    trie: dict[str, dict] = {}
    for word in sorted(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        order = sorted(
            (item for item in node.items() if item[0]), key=lambda i: (i[0] == "$", i[0])
        )
        alts = [_TRIE_CHAR.get(ch, re.escape(ch)) + emit(n) for ch, n in order]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return "" if not alts else f"(?:{body})?"

    return emit(trie)


class Regions:
    """One text, the trigger words found in it and (worked out when first needed) its
    sentences; the patterns of a detector run on the parts that may hold a match."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.text, self.vocab = text, vocab
        self.found = vocab.found(text)
        self._with: dict[tuple[str, ...], set[int]] = {}
        self._at: dict[str, list[int]] = {}
        self._ok: dict[tuple[tuple[str, ...], tuple[str, ...]], set[int] | None] = {}

    @cached_property
    def bounds(self) -> list[tuple[int, int]]:
        return sentences(self.text)

    @cached_property
    def _ends(self) -> list[int]:
        return [end for _, end in self.bounds]

    def index(self, pos: int) -> int:
        """The sentence that holds (or, between sentences, follows) `pos`."""
        return min(bisect.bisect_right(self._ends, pos), len(self._ends) - 1)

    def sentence(self, k: int) -> str:
        if not 0 <= k < len(self.bounds):
            return ""
        a, b = self.bounds[k]
        return self.text[a:b]

    def window(self, lo: int, hi: int) -> str:
        lo, hi = max(lo, 0), min(hi, len(self.bounds) - 1)
        return self.text[self.bounds[lo][0] : self.bounds[hi][1]]

    def has(self, *groups: str) -> bool:
        return not self.vocab.union(groups).isdisjoint(self.found)

    @cached_property
    def _starts(self) -> dict[str, list[int]]:
        """Where each word found starts."""
        out: dict[str, list[int]] = {}
        for pos, word in self.vocab.hits(self.text):
            out.setdefault(word, []).append(pos)
        return out

    @cached_property
    def _in(self) -> dict[str, set[int]]:
        """The sentences each word found starts in (one walk along the sorted starts)."""
        ends, last = self._ends, len(self._ends) - 1
        out: dict[str, set[int]] = {}
        k = 0
        for pos, word in sorted((pos, word) for word, ps in self._starts.items() for pos in ps):
            while k < last and ends[k] <= pos:
                k += 1
            out.setdefault(word, set()).add(k)
        return out

    def positions(self, *groups: str) -> list[int]:
        """Where the words of `groups` start, in order."""
        key = groups[0] if len(groups) == 1 else "|".join(groups)
        if key not in self._at:
            starts = self._starts
            words = self.vocab.union(groups) & self.found
            self._at[key] = sorted({pos for word in words for pos in starts[word]})
        return self._at[key]

    def sentences_with(self, groups: tuple[str, ...]) -> set[int]:
        """The sentences that hold (where one starts) a word of `groups`."""
        if groups not in self._with:
            within = self._in
            words = self.vocab.union(groups) & self.found
            self._with[groups] = set().union(*(within[word] for word in words))
        return self._with[groups]

    def matches(self, pattern: re.Pattern[str], *groups: str) -> Iterator[re.Match[str]]:
        """Matches of `pattern` in the sentences that hold a word of `groups` or follow one
        (which may refer back to it): the rest of the text cannot match, so is not read."""
        if not self.has(*groups):
            return
        near = {j for k in self.sentences_with(groups) for j in (k, k + 1)}
        a = b = -1
        for k in sorted(near):
            if k >= len(self.bounds):
                break
            if k > 0 and self.bounds[k - 1][1] == b:
                b = self.bounds[k][1]  # the next sentence: one longer span
                continue
            if b > a:
                yield from pattern.finditer(self.text, a, b)
            a, b = self.bounds[k]
        if b > a:
            yield from pattern.finditer(self.text, a, b)

    def at(
        self,
        pattern: re.Pattern[str],
        anchor: str | tuple[str, ...],
        near: tuple[str, ...] = (),
        within: tuple[str, ...] = (),
        then: str = "",
    ) -> Iterator[re.Match[str]]:
        """Matches of `pattern` that start where a word of group(s) `anchor` does (every
        alternative of the pattern begins with one), in a sentence that holds a word of
        `near` or follows one (if given) and holds one of `within` (if given), with a word of
        group `then` (if given) in the 120 characters after the anchor."""
        anchors = (anchor,) if isinstance(anchor, str) else anchor
        for needed in (anchors, near, within, (then,) if then else ()):
            if needed and not self.has(*needed):
                return  # a word it needs is missing: nothing to read
        ok = self._allowed(near, within)
        if ok is not None and ok.isdisjoint(self.sentences_with(anchors)):
            return  # no anchor stands in a sentence it may start in
        later = self.positions(then) if then else []
        last = len(self.bounds) - 1
        for pos in self.positions(*anchors):
            if then:
                i = bisect.bisect_right(later, pos)
                if i == len(later) or later[i] > pos + 120:
                    continue
            k = self.index(pos)
            if ok is not None and k not in ok:
                continue
            if m := pattern.match(self.text, pos, self.bounds[min(k + 1, last)][1]):
                yield m

    def _allowed(self, near: tuple[str, ...], within: tuple[str, ...]) -> set[int] | None:
        """The sentences that hold a word of `near` or follow one (if given) and hold a word
        of `within` (if given); None: any sentence."""
        key = (near, within)
        if key not in self._ok:
            ok = {j for k in self.sentences_with(near) for j in (k, k + 1)} if near else None
            if within:
                ok = self.sentences_with(within) if ok is None else ok & self.sentences_with(within)
            self._ok[key] = ok
        return self._ok[key]
