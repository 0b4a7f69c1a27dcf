"""`upright curate`: find harmful and AI-villain documents in a pretraining corpus.

Input: a JSONL file whose rows are objects with a `text` field (other fields are kept), or a
plain-text file (.txt) holding one document per blank-line-separated block. Each document is
scanned by the detector ensemble's rules tier (as if an assistant had written it) and by the
AI-villain classifier (`villain.py`). Actions: `drop` removes flagged documents, `downweight`
keeps them with a `weight` field (1.0 for the rest), `report` writes the corpus unchanged.
The output directory holds `corpus.jsonl`, `verdicts.jsonl` (one line per input document),
`report.json` (counts by category) and `manifest.json`.

The rules tier reads each document as if an assistant had written it, so a story that quotes a
threat its hero then refuses is still flagged `coercion`; `--categories ai_villain` acts on the
villain narratives alone. Every category is counted in the report either way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from upright.constitution._io import check_out, staged, version, write_json, write_jsonl
from upright.constitution.rows import sha256
from upright.constitution.villain import classify
from upright.errors import UsageError

ACTIONS = ("drop", "downweight", "report")
VILLAIN = "ai_villain"


@dataclass
class CurationVerdict:
    index: int
    categories: list[str] = field(default_factory=list)
    villain_score: float = 0.0
    evidence: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.categories)


def curate_documents(
    texts: Sequence[str], tiers: tuple[str, ...] = ("rules",)
) -> list[CurationVerdict]:
    """One verdict per text: the detector categories flagged, plus `ai_villain`."""
    from upright.detectors.ensemble import Ensemble
    from upright.types import Message, Transcript

    ensemble = Ensemble(tiers)
    transcripts = [
        Transcript(id=str(i), messages=[Message(role="assistant", content=t)])
        for i, t in enumerate(texts)
    ]
    verdicts = []
    for i, (text, v) in enumerate(zip(texts, ensemble.scan_many(transcripts), strict=True)):
        found = [c.value for c, hit in v.flagged.items() if hit]
        quotes = [s.text for f in v.findings for s in f.evidence][:3]
        villain = classify(text)
        if villain.flagged:
            found.append(VILLAIN)
            quotes += villain.evidence[:2]
        verdicts.append(CurationVerdict(i, found, villain.score, quotes))
    return verdicts


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """Rows with a `text` field; a .txt file gives one row per blank-line-separated block."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read corpus: {e}") from None
    if path.suffix == ".txt":
        blocks = [b.strip() for b in raw.replace("\r\n", "\n").split("\n\n")]
        return [{"text": b} for b in blocks if b]
    rows = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}:{n}: row: invalid JSON ({e.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise UsageError(f"{path}:{n}: text: expected an object with a `text` string")
        rows.append(row)
    return rows


def curate(
    corpus: Path,
    out: str | Path,
    action: str = "drop",
    weight: float = 0.1,
    categories: str | None = None,
) -> dict[str, Any]:
    """Scan `corpus`, write the curated corpus and its report into `out`; return the report.

    `categories` (comma-separated) limits the action to documents flagged in one of them;
    every category is still counted in the report.
    """
    acting = _categories(categories)
    if action not in ACTIONS:
        raise UsageError(f"--action: unknown action {action!r}; choose one of {', '.join(ACTIONS)}")
    if not 0.0 <= weight <= 1.0:
        raise UsageError(f"--weight must be in [0, 1], got {weight}")
    target = check_out(out)
    rows = read_corpus(corpus)
    verdicts = curate_documents([r["text"] for r in rows])
    kept: list[dict[str, Any]] = []
    hit = [bool(set(v.categories) & acting) for v in verdicts]
    for row, flagged in zip(rows, hit, strict=True):
        if action == "drop" and flagged:
            continue
        if action == "downweight":
            row = {**row, "weight": weight if flagged else 1.0}
        kept.append(row)
    counts = Counter(c for v in verdicts for c in v.categories)
    report = {
        "corpus": str(corpus),
        "documents": len(rows),
        "flagged": sum(v.flagged for v in verdicts),
        "by_category": dict(sorted(counts.items())),
        "action": action,
        "acting_on": sorted(acting),
        "acted_on": sum(hit),
        "written": len(kept),
    }
    with staged(target) as tmp:
        write_jsonl(tmp / "corpus.jsonl", kept)
        write_jsonl(tmp / "verdicts.jsonl", ({**asdict(v), "flagged": v.flagged} for v in verdicts))
        write_json(tmp / "report.json", report)
        manifest = {
            **report,
            "input_sha256": sha256(corpus.read_text(encoding="utf-8")),
            "output_sha256": sha256((tmp / "corpus.jsonl").read_text(encoding="utf-8")),
            "weight": weight if action == "downweight" else None,
            "detectors": {
                "tiers": ["rules"],
                "villain": "upright.constitution.villain (lexicon rules)",
            },
            "versions": {"upright": version()},
        }
        write_json(tmp / "manifest.json", manifest)
    return report


def _categories(text: str | None) -> set[str]:
    from upright.types import Category

    known = {c.value for c in Category} | {VILLAIN}
    if not text:
        return known
    chosen = {c.strip() for c in text.split(",") if c.strip()}
    bad = sorted(chosen - known)
    if bad or not chosen:
        choices = ", ".join(sorted(known))
        raise UsageError(
            f"--categories: unknown category {bad[0] if bad else '(none)'!r}; choose from {choices}"
        )
    return chosen
