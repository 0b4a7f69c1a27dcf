"""Precision and recall of `upright scan --format json` output against a labelled JSONL file.

    upright scan benchmarks/data/detect.jsonl --format json > scan.jsonl
    .venv/bin/python benchmarks/score_scan.py benchmarks/data/detect.jsonl scan.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CATEGORIES = ("coercion", "privacy", "security_code", "leak", "oversight_subversion")


def load_labels(path: Path) -> dict[str, set[str]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {str(r["id"]): set(r.get("labels", [])) for r in rows}


def prf(labels: dict[str, set[str]], predicted: dict[str, set[str]], categories=CATEGORIES) -> dict[str, Any]:
    """Per-category precision, recall, F1 and counts; plus the micro average over categories."""
    out: dict[str, Any] = {}
    total = {"tp": 0, "fp": 0, "fn": 0}
    for c in categories:
        tp = sum(1 for i, gold in labels.items() if c in gold and c in predicted.get(i, set()))
        fp = sum(1 for i, gold in labels.items() if c not in gold and c in predicted.get(i, set()))
        fn = sum(1 for i, gold in labels.items() if c in gold and c not in predicted.get(i, set()))
        out[c] = _metrics(tp, fp, fn)
        for k, v in (("tp", tp), ("fp", fp), ("fn", fn)):
            total[k] += v
    out["micro"] = _metrics(total["tp"], total["fp"], total["fn"])
    return out


def _metrics(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else None
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def predicted_from_records(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    return {str(r["id"]): {c for c, v in r["flagged"].items() if v} for r in records}


def main() -> None:
    labels = load_labels(Path(sys.argv[1]))
    records = [json.loads(x) for x in Path(sys.argv[2]).read_text().splitlines() if x.strip()]
    result = prf(labels, predicted_from_records(records))
    fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
    print(f"{'category':22} {'precision':>9} {'recall':>7} {'f1':>6}  tp  fp  fn")
    for c, m in result.items():
        print(f"{c:22} {fmt(m['precision']):>9} {fmt(m['recall']):>7} {fmt(m['f1']):>6} "
              f"{m['tp']:3} {m['fp']:3} {m['fn']:3}")


if __name__ == "__main__":
    main()
