"""The ensemble: run the chosen tiers, cheapest first, and decide per category.

A category is flagged when a rules-tier finding scores at least `RULE_THRESHOLD`, or the
ML tier reports it (its heads emit only above their calibrated thresholds), or the judge
confirms it. The judge, when one is configured, is asked only about transcripts the cheaper
tiers are unsure of: a finding below the flag threshold, or none from one tier while the
other fired.

With `cascade` (the default), the ML tier reads only the transcripts the rules tier flagged
nothing in: the encoder is most of the ensemble's cost, and on a transcript the rules already
flagged it could only add a second category (rare) or a false positive. Set it off to run
every tier on every transcript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from upright.detectors import registry
from upright.detectors.base import Detector
from upright.errors import UsageError
from upright.types import Category, Finding, Transcript, Verdict

TIERS = ("rules", "ml", "judge")
RULE_THRESHOLD = 0.5


def parse_tiers(tier: str) -> tuple[str, ...]:
    """`all` is rules + ml (+ judge when a judge model is given); otherwise one tier."""
    if tier == "all":
        return ("rules", "ml", "judge")
    if tier not in TIERS:
        raise UsageError(f"unknown tier {tier!r}; choose one of: {', '.join((*TIERS, 'all'))}")
    return (tier,)


def parse_categories(text: str | None) -> frozenset[Category] | None:
    if not text:
        return None
    out = set()
    for name in (x.strip() for x in text.split(",") if x.strip()):
        try:
            out.add(Category(name))
        except ValueError:
            known = ", ".join(c.value for c in Category)
            raise UsageError(f"unknown category {name!r}; choose from: {known}") from None
    return frozenset(out)


@dataclass
class Ensemble:
    tiers: tuple[str, ...] = ("rules", "ml")
    categories: frozenset[Category] | None = None
    judge_model: str | Any | None = None  # a model name or an Inspect Model
    cascade: bool = True  # ML reads only transcripts in which the rules flagged nothing
    detectors: list[Detector] = field(init=False)
    judge: Detector | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        wanted = self.categories or frozenset(Category)
        self.detectors = sorted(
            (
                d
                for d in (registry.get(n) for n in registry.names())
                if d.tier in self.tiers and d.tier != "judge" and wanted & set(d.categories)
            ),
            key=lambda d: TIERS.index(d.tier) if d.tier in TIERS else len(TIERS),
        )
        if "judge" in self.tiers and self.judge_model:
            from upright.detectors.judge import JudgeDetector

            self.judge = JudgeDetector(self.judge_model)
        elif self.tiers == ("judge",):
            raise UsageError("the judge tier needs a judge model (--judge MODEL)")
        if not self.detectors and self.judge is None:
            raise UsageError(
                f"no detector in tier(s) {', '.join(self.tiers)} covers the chosen categories"
            )

    def scan(self, transcript: Transcript) -> Verdict:
        return self.scan_many([transcript])[0]

    def scan_many(self, transcripts: Sequence[Transcript]) -> list[Verdict]:
        per: list[list[Finding]] = [[] for _ in transcripts]
        ran: list[set[str]] = [set() for _ in transcripts]
        for d in self.detectors:
            todo = list(range(len(transcripts)))
            if self.cascade and d.tier == "ml":
                todo = [i for i in todo if not self._rules_flagged(per[i])]
            subset = [transcripts[i] for i in todo]
            batch = getattr(d, "scan_many", None)
            results = batch(subset) if batch else [d.scan(t) for t in subset]
            for i, found in zip(todo, results, strict=True):
                per[i].extend(found)
                ran[i].add(d.tier)
        return [
            self._decide(t, found, tiers)
            for t, found, tiers in zip(transcripts, per, ran, strict=True)
        ]

    def _rules_flagged(self, found: list[Finding]) -> bool:
        wanted = self.categories or frozenset(Category)
        rules = {d.name for d in self.detectors if d.tier == "rules"}
        return any(
            f.detector in rules and f.score >= RULE_THRESHOLD and f.category in wanted
            for f in found
        )

    def _decide(
        self, transcript: Transcript, found: list[Finding], ran: set[str] | None = None
    ) -> Verdict:
        wanted = self.categories or frozenset(Category)
        found = [f for f in found if f.category in wanted]
        tier_of = {d.name: d.tier for d in self.detectors}
        fired: dict[Category, set[str]] = {c: set() for c in wanted}
        weak: set[Category] = set()
        for f in found:
            tier = tier_of.get(f.detector, "judge")
            if tier != "rules" or f.score >= RULE_THRESHOLD:
                fired[f.category].add(tier)
            else:
                weak.add(f.category)
        flagged = {c: bool(fired[c]) for c in sorted(wanted)}
        if self.judge is not None:
            active = {d.tier for d in self.detectors} if ran is None else set(ran)
            unsure = {c for c in weak if not fired[c]}
            if len(active) > 1:
                unsure |= {c for c, tiers in fired.items() if tiers and tiers != active}
            if unsure or not active:
                asked = unsure if active else set(wanted)
                judged = [f for f in self.judge.scan(transcript) if f.category in asked]
                found.extend(judged)
                for c in asked:
                    flagged[c] = any(f.category == c for f in judged)
        return Verdict(transcript_id=transcript.id, findings=found, flagged=flagged)


_SHARED: dict[tuple[Any, ...], Ensemble] = {}


def shared_ensemble(
    tiers: Sequence[str], categories: frozenset[Category] | None, judge_model: str | None
) -> Ensemble:
    """One ensemble per configuration and process, so a worker loads its models once."""
    key = (tuple(tiers), categories, judge_model)
    if key not in _SHARED:
        _SHARED[key] = Ensemble(tuple(tiers), categories, judge_model)
    return _SHARED[key]


def clear_shared() -> None:
    """Forget the shared ensembles (benchmarks time a cold start with this)."""
    _SHARED.clear()
