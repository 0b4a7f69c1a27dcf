"""The ensemble's cascade: the ML tier reads only transcripts the rules flagged nothing in."""

from __future__ import annotations

from collections.abc import Sequence

from upright.detectors.ensemble import Ensemble
from upright.types import Category, Finding, Message, Severity, Span, Transcript


class _Fake:
    def __init__(self, name: str, tier: str, flag: dict[str, float]) -> None:
        self.name, self.tier, self.flag = name, tier, flag
        self.categories = (Category.coercion, Category.privacy)
        self.seen: list[str] = []

    def scan(self, transcript: Transcript) -> list[Finding]:
        return self.scan_many([transcript])[0]

    def scan_many(self, transcripts: Sequence[Transcript]) -> list[list[Finding]]:
        self.seen += [t.id for t in transcripts]
        category = Category.coercion if self.tier == "rules" else Category.privacy
        return [
            [
                Finding(
                    category=category,
                    severity=Severity.high,
                    score=self.flag[t.id],
                    detector=self.name,
                    evidence=[Span(start=0, end=2, text="hi", field="content")],
                    message_index=0,
                )
            ]
            if t.id in self.flag
            else []
            for t in transcripts
        ]


def _run(cascade: bool) -> tuple[list[str], list[dict[Category, bool]]]:
    ensemble = Ensemble(("rules", "ml"), cascade=cascade)
    rules = _Fake("fake_rules", "rules", {"flagged": 0.9, "weak": 0.3})
    ml = _Fake("fake_ml", "ml", {"flagged": 0.99, "weak": 0.99, "clean": 0.99})
    ensemble.detectors = [ml, rules]  # type: ignore[list-item]
    ensemble.detectors.sort(key=lambda d: d.tier != "rules")
    batch = [
        Transcript(id=i, messages=[Message(role="assistant", content="hi")])
        for i in ("flagged", "weak", "clean")
    ]
    return ml.seen, [v.flagged for v in ensemble.scan_many(batch)]


def test_ml_skips_what_the_rules_already_flagged() -> None:
    seen, flagged = _run(cascade=True)
    assert seen == ["weak", "clean"]  # a rules finding below the flag threshold does not count
    assert flagged[0][Category.coercion] and not flagged[0][Category.privacy]
    assert flagged[1][Category.privacy] and not flagged[1][Category.coercion]
    assert flagged[2][Category.privacy]


def test_without_the_cascade_every_tier_reads_everything() -> None:
    seen, flagged = _run(cascade=False)
    assert seen == ["flagged", "weak", "clean"]
    assert flagged[0][Category.coercion] and flagged[0][Category.privacy]
