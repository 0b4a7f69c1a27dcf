"""What the rule detectors share: tool-call access, spans, sentences, domains and rule tables.

A rule tier detector reads `TextUnit`s (from `iter_units`), matches compiled patterns, and
turns the matches into one `Finding` per unit. The scores are hand-set priors chosen to be
conservative (a rule fires only where its pattern is rarely benign); recalibrate them on
labelled data before reading them as probabilities.

Speed: a `Rule` may list `needs`, words one of which every match holds; a table's words are
found in one pass per unit (`_prefilter.Vocabulary`) and rules whose words are absent do not
run. Sentence bounds and quoted passages are cached per text.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from upright.detectors.base import Detector, TextUnit, iter_units
from upright.types import Finding, Severity, Span, ToolCall, Transcript

if TYPE_CHECKING:
    from upright.detectors.rules._prefilter import Vocabulary

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


_CLAUSE_END = re.compile(r"[.;!?\n]|,\s+(?:and|but|or|so)\b")


def clause_quotes(text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each (start, end), extended to the end of its clause (at most 120 characters on) so the
    quote reads on its own, but stopping where the next part starts."""
    ordered, out = sorted(parts), []
    for i, (start, end0) in enumerate(ordered):
        limit = ordered[i + 1][0] if i + 1 < len(ordered) else len(text)
        m = _CLAUSE_END.search(text, end0, end0 + 120)
        end = m.start() if m else min(len(text), end0 + 120)
        if limit > end0:
            end = min(end, limit)
        while end > end0 and text[end - 1] in " ,;:-":
            end -= 1
        out.append((start, end))
    return out


# ---- domains -----------------------------------------------------------------------------

_ADDRESS = re.compile(r"[\w.+'-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PRIVATE_HOST = re.compile(
    r"^(?:localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+"
    r"|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+|[\w-]+)$"  # a bare name resolves inside the network
)


# Personal mail providers: never an organisation's own domain.
WEBMAIL = frozenset((
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "outlook.com",
    "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com",
    "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "seznam.cz", "qq.com", "163.com",
    "zoho.com", "fastmail.com", "tutanota.com", "hey.com",
))  # fmt: skip


def addresses(text: str) -> list[re.Match[str]]:
    return list(_ADDRESS.finditer(text))


def internal_domains(transcript: Transcript) -> set[str]:
    """The organisation's domains: metadata `internal_domains`, else the agent's own domain,
    else the commonest domain among addresses in system, user and tool messages (personal mail
    providers excluded)."""
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
                if d not in WEBMAIL:
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
    needs: tuple[str, ...] = ()  # words one of which any match holds (`_prefilter.Vocabulary`)


def rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# ---- case folding ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Lower case, offset for offset (a character that lowers to two stays as it is)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower to two (İ): keep them as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


# Characters beside ASCII that a case-insensitive pattern reads as `fold` does and that `\w`,
# `\s` and `\b` treat alike in both: on text of these only, a missing word proves a miss.
_PLAIN = re.compile(r"[\x00-\x7f’‘“”—–…•\xa0]*")


def plain(text: str) -> bool:
    """Whether `text` is ASCII or plain punctuation (`_PLAIN`), so that a case-insensitive
    pattern can match it only where `fold(text)` holds the pattern's letters as they are."""
    return text.isascii() or _PLAIN.fullmatch(text) is not None


def _lowered(pattern: str) -> str | None:
    """`pattern` with its letters in lower case (not an escape's: `\\S` stays), or None
    where that could change what it matches: inline case flags, a group name with a capital,
    a character whose lower case is two."""
    if "(?-i" in pattern or "(?i" in pattern or re.search(r"\(\?P[<=]\w*[A-Z]", pattern):
        return None
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        low = c if pattern[i - 2 : i] == "(?" else c.lower()  # (?P<name>...)
        if len(low) != 1:
            return None
        out.append(low)
        i += 1
    return "".join(out)


class Folded:
    """A case-insensitive pattern that, on plain text (`plain`), runs as a case-sensitive one
    over `fold(text)`: Python's `re` tries a case-sensitive alternation several times faster.
    Where it finds a match, the pattern itself is matched again at that offset of the text,
    so every match (span and groups) is exactly the one the pattern would give. Offers the
    methods of a compiled pattern that the rules use (`search`, `match`, `fullmatch`,
    `finditer`, `findall`; anything else runs the pattern itself)."""

    __slots__ = ("_low", "_re", "flags", "groupindex", "groups", "pattern")

    def __init__(self, compiled: re.Pattern[str]) -> None:
        self._re = compiled
        self.pattern, self.flags = compiled.pattern, compiled.flags
        self.groups, self.groupindex = compiled.groups, compiled.groupindex
        lowered = _lowered(compiled.pattern) if compiled.flags & re.I else None
        self._low = None if lowered is None else re.compile(lowered, compiled.flags & ~re.I)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._low is None or not plain(text):
            return self._re.search(text, pos, endpos)
        m = self._low.search(fold(text), pos, endpos)
        return None if m is None else self._re.match(text, m.start(), endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._low is None or not plain(text) or self._low.match(fold(text), pos, endpos):
            return self._re.match(text, pos, endpos)
        return None

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._low is None or not plain(text) or self._low.fullmatch(fold(text), pos, endpos):
            return self._re.fullmatch(text, pos, endpos)
        return None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if self._low is None or not plain(text):
            yield from self._re.finditer(text, pos, endpos)
            return
        for m in self._low.finditer(fold(text), pos, endpos):
            found = self._re.match(text, m.start(), endpos)
            if found is not None:  # always (the two read plain text alike)
                yield found

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self.groups:
            return self._re.findall(text, pos, endpos)
        return [m.group() for m in self.finditer(text, pos, endpos)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._re, name)

    def __repr__(self) -> str:
        return f"Folded({self._re!r})"


def rxf(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    """`rx`, as a `Folded` pattern: for the long case-insensitive alternations that read
    every message; it matches exactly what `rx(pattern, flags)` does."""
    return cast("re.Pattern[str]", Folded(re.compile(pattern, flags)))


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int
    end: int
    score: float


_TABLES: dict[
    int, tuple[tuple[Rule, ...], Vocabulary | None, tuple[frozenset[str] | None, ...]]
] = {}


def _table(rules: tuple[Rule, ...]) -> tuple[Vocabulary | None, tuple[frozenset[str] | None, ...]]:
    """A rule table's `Vocabulary` (anywhere) of its `needs`, a group per rule, and each
    rule's group (None: a rule that needs no word); built once per table."""
    entry = _TABLES.get(id(rules))
    if entry is None or entry[0] is not rules:
        from upright.detectors.rules._prefilter import Vocabulary  # (it reads sentences here)

        groups = {str(i): r.needs for i, r in enumerate(rules) if r.needs}
        vocab = Vocabulary(anywhere=True, **groups) if groups else None
        each = tuple(
            vocab.groups[str(i)] if vocab and r.needs else None for i, r in enumerate(rules)
        )
        entry = _TABLES[id(rules)] = (rules, vocab, each)  # holding the rules keeps the id
    return entry[1], entry[2]


def _table_vocabulary(rules: tuple[Rule, ...]) -> Vocabulary | None:
    """One `Vocabulary` (anywhere) of a rule table's `needs`, a group per rule, built once."""
    return _table(rules)[0]


def match_rules(rules: Iterable[Rule], unit: TextUnit, transcript: Transcript) -> list[Hit]:
    """Matches of every rule, skipping those none of whose `needs` occurs in the unit."""
    hits = []
    table = rules if isinstance(rules, tuple) else tuple(rules)
    vocab = _table_vocabulary(table)
    text = unit.text
    if vocab is None:
        needs: tuple[frozenset[str] | None, ...] = (None,) * len(table)
        found: frozenset[str] = frozenset()
    else:
        needs, found = _TABLES[id(table)][2], vocab.found(text)
    for rule, need in zip(table, needs, strict=True):
        if need is not None and need.isdisjoint(found):
            continue
        for m in rule.pattern.finditer(text):
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
