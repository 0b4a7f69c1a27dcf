"""What the rule detectors share: tool-call access, spans, sentences, domains and rule tables.

A rule tier detector reads `TextUnit`s (from `iter_units`), matches compiled patterns, and
turns the matches into one `Finding` per unit. The scores are hand-set priors chosen to be
conservative (a rule fires only where its pattern is rarely benign); recalibrate them on
labelled data before reading them as probabilities.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from upright.detectors.base import Detector, TextUnit, iter_units
from upright.types import Finding, Severity, Span, ToolCall, Transcript

APOS = "['’]"  # straight or curly apostrophe

_FIELD_ARG = re.compile(r"^tool_calls\[\d+\]\.arguments\.(?P<key>.+)$")
_FIELD_CALL = re.compile(r"^tool_calls\[(\d+)\]")


def arg_name(unit: TextUnit) -> str | None:
    """The argument name a tool-call unit came from (`cmd`, `body`, ...); None for a body."""
    m = _FIELD_ARG.match(unit.field)
    return m.group("key") if m else None


def tool_units(
    transcript: Transcript, tools: Iterable[str], args: Iterable[str]
) -> Iterator[TextUnit]:
    """Units for the named arguments of assistant calls to the named tools."""
    tools, args = frozenset(tools), frozenset(args)
    for unit in iter_units(transcript.messages):
        if unit.tool in tools and arg_name(unit) in args:
            yield unit


def iter_calls(transcript: Transcript, tools: Iterable[str]) -> Iterator[tuple[int, int, ToolCall]]:
    """(message index, call index, call) for every assistant call to one of `tools`."""
    wanted = frozenset(tools)
    for i, message in enumerate(transcript.messages):
        if message.role != "assistant":
            continue
        for j, call in enumerate(message.tool_calls or []):
            if call.function in wanted:
                yield i, j, call


def call_of(transcript: Transcript, unit: TextUnit) -> ToolCall | None:
    """The tool call a unit was read from, or None for a message body."""
    m = _FIELD_CALL.match(unit.field)
    calls = transcript.messages[unit.message_index].tool_calls or []
    return calls[int(m.group(1))] if m else None


def span(unit: TextUnit, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=unit.text[start:end], field=unit.field)


def said_by(transcript: Transcript, needle: str, roles: tuple[str, ...]) -> bool:
    """Whether `needle` occurs in a message from one of `roles` (case-insensitive)."""
    low = needle.lower()
    return bool(low) and any(
        m.role in roles and low in m.content.lower() for m in transcript.messages
    )


# ---- sentences ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\n*|[\"')\]’”]*\s+)")  # a set first: fast to scan
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.[A-Za-z]|\b(?:[Mm][rs]|[Dd]r|[Ss]t|vs|[Mm]rs))\Z")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences (and lines) of `text`, blank ones dropped; a
    full stop after an abbreviation (e.g., Mr., Dr.) does not end one."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=1024)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start()
        if text[end] != "\n":
            end += 1  # the sentence keeps its full stop
            dot = text[end - 1] == "." and "\n" not in m.group()
            if dot and _ABBREVIATION.search(text, max(0, end - 5), end - 1):
                continue
        if text[start:end].strip():
            bounds.append((start, end))
        start = m.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return tuple(bounds or [(0, len(text))])


def sentence_index(bounds: list[tuple[int, int]], pos: int) -> int:
    """The index of the sentence that holds (or, between sentences, follows) `pos`."""
    return min(bisect.bisect_right([end for _, end in bounds], pos), len(bounds) - 1)


_QUOTED = re.compile(
    r"\"[^\"\n]{2,800}\"|“[^”]{2,800}”|(?<!\w)['‘](?=\S).{2,800}?(?<=\S)['’](?!\w)", re.S
)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans of double-quoted, curly-quoted and single-quoted passages (quotes included)."""
    return list(_quoted_regions(text))


@functools.lru_cache(maxsize=512)
def _quoted_regions(text: str) -> tuple[tuple[int, int], ...]:
    if not any(q in text for q in "\"“'‘"):
        return ()
    return tuple((m.start(), m.end()) for m in _QUOTED.finditer(text))


def inside(pos: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in regions)


# ---- domains -----------------------------------------------------------------------------

_ADDRESS = re.compile(r"[\w.+'-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PRIVATE_HOST = re.compile(
    r"^(?:localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+"
    r"|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|[\w-]+)$"  # a bare name resolves inside the network
)


def addresses(text: str) -> list[re.Match[str]]:
    return list(_ADDRESS.finditer(text))


def internal_domains(transcript: Transcript) -> set[str]:
    """The organisation's domains: metadata `internal_domains`, else the agent's own domain,
    else the commonest domain among addresses in system, user and tool messages."""
    listed = transcript.metadata.get("internal_domains")
    if listed:
        return {str(d).lower().lstrip("@") for d in listed}
    agent = str(transcript.metadata.get("agent_address", ""))
    if "@" in agent:
        return {agent.rsplit("@", 1)[1].lower()}
    counts: dict[str, int] = {}
    for m in transcript.messages:
        if m.role != "assistant":
            for a in addresses(m.content):
                d = a.group("domain").lower()
                counts[d] = counts.get(d, 0) + 1
    return {max(counts, key=lambda d: counts[d])} if counts else set()


def host_is_internal(host: str, domains: set[str], extra: Iterable[str] = ()) -> bool:
    host = host.lower().strip(".")
    known = domains | {h.lower() for h in extra}
    if any(host == d or host.endswith("." + d) for d in known):
        return True
    return bool(_PRIVATE_HOST.match(host))


# ---- rule tables -------------------------------------------------------------------------

Accept = Callable[[re.Match[str], TextUnit, Transcript], float | None]


@dataclass(frozen=True)
class Rule:
    """A pattern, what a match means and how sure it is. `accept` may veto a match (None)
    or return a different score, reading the unit and the transcript around it."""

    id: str
    pattern: re.Pattern[str]
    score: float
    severity: Severity
    rationale: str
    accept: Accept | None = None
    needs: tuple[str, ...] = ()  # words one of which any match holds (see `Vocabulary`)


def rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# ---- prefilters --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Lower case, offset for offset: the text a `Vocabulary` reads."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower to two (İ): keep them as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


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
        words = {w for group in groups.values() for w in group}
        trie = _alternation(words)
        start = "" if anywhere else r"\b"
        self.pattern = re.compile(f"(?=({start}{trie}))")  # overlapping: every start is read
        listed = frozenset().union(*self.groups.values())
        self._implied = {  # a match of "will not" is one of "will" too
            w: tuple(v for v in listed if w.startswith(v)) for w in listed
        }
        self._hits = functools.lru_cache(maxsize=1024)(self._scan)
        self._found = functools.lru_cache(maxsize=1024)(self._words)
        self._unions: dict[tuple[str, ...], frozenset[str]] = {}

    def _scan(self, folded: str) -> tuple[tuple[int, str], ...]:
        implied = self._implied
        return tuple(
            (m.start(), w) for m in self.pattern.finditer(folded) for w in implied[_normal(m[1])]
        )

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
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in sorted(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        order = sorted((item for item in node.items() if item[0]), key=lambda i: (i[0] == "$", i[0]))
        alts = [_TRIE_CHAR.get(ch, re.escape(ch)) + emit(n) for ch, n in order]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" not in node:
            return body
        return "" if not alts else f"(?:{body})?"

    return emit(trie)


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int
    score: float


_TABLES: dict[tuple[int, ...], tuple[tuple[Rule, ...], Vocabulary | None]] = {}


def _table_vocabulary(rules: tuple[Rule, ...]) -> Vocabulary | None:
    """One `Vocabulary` (anywhere) of a rule table's `needs`, a group per rule, built once."""
    key = tuple(map(id, rules))
    entry = _TABLES.get(key)
    if entry is None:
        groups = {str(i): r.needs for i, r in enumerate(rules) if r.needs}
        vocab = Vocabulary(anywhere=True, **groups) if groups else None
        entry = _TABLES[key] = (rules, vocab)  # holding the rules keeps their ids unique
    return entry[1]


def match_rules(rules: Iterable[Rule], unit: TextUnit, transcript: Transcript) -> list[Hit]:
    """Matches of every rule, skipping those none of whose `needs` occurs in the unit."""
    hits = []
    table = rules if isinstance(rules, tuple) else tuple(rules)
    vocab = _table_vocabulary(table)
    found = vocab.found(unit.text) if vocab else frozenset()
    for i, rule in enumerate(table):
        if rule.needs and vocab and vocab.groups[str(i)].isdisjoint(found):
            continue
        for m in rule.pattern.finditer(unit.text):
            score = rule.score if rule.accept is None else rule.accept(m, unit, transcript)
            if score is not None and score > 0:
                hits.append(Hit(rule, m.start(), m.end(), score))
    return hits


def unit_finding(detector: Detector, unit: TextUnit, hits: list[Hit]) -> Finding:
    """One finding for one unit: the surest hit sets score and severity; all hits are quoted."""
    best = max(hits, key=lambda h: (h.score, h.rule.severity.rank))
    severity = max((h.rule.severity for h in hits), key=lambda s: s.rank)
    seen: set[tuple[int, int]] = set()
    evidence = []
    for h in sorted(hits, key=lambda h: h.start):
        if (h.start, h.end) not in seen:
            seen.add((h.start, h.end))
            evidence.append(span(unit, h.start, h.end))
    reasons = list(dict.fromkeys(h.rule.rationale for h in sorted(hits, key=lambda h: -h.score)))
    return Finding(
        category=detector.categories[0],
        severity=severity,
        score=round(min(max(best.score, 0.0), 1.0), 3),
        detector=detector.name,
        evidence=evidence,
        message_index=unit.message_index,
        rationale="; ".join(reasons),
        detector_version=detector.version,
    )


def scan_rule_table(
    detector: Detector, units: Iterable[TextUnit], rules: tuple[Rule, ...], transcript: Transcript
) -> list[Finding]:
    """One finding per unit in which any rule fires, in the detector's (first) category."""
    findings = []
    for unit in units:
        hits = match_rules(rules, unit, transcript)
        if hits:
            findings.append(unit_finding(detector, unit, hits))
    return findings
