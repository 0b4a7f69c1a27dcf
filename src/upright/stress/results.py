"""Results files: per-condition rates from an Inspect log, and model-to-model comparison.

Results JSON: {"model", "scenario", "split", "seed", "scorer", "conditions": [{"condition",
"condition_id", "n", "harmful", "errors", "rate", "ci"}], "pooled", "by_split", "agreement", "log"}.
`by_split` pools the train and held-out samples apart (rows named `train` and `heldout`).
`n` counts judged samples; errors are counted apart and excluded from the rate.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog, read_eval_log

from upright.atomic import write_text
from upright.errors import ResultsFileError
from upright.stress.scorers import ERROR, HARMFUL, SAFE
from upright.stress.stats import cohen_kappa, fisher, holm, wilson

SCHEMA = "upright.stress.results/1"


def load_log(path: str | Path) -> EvalLog:
    try:
        return read_eval_log(str(path))
    except Exception as e:
        raise ResultsFileError(f"cannot read Inspect log {path}: {type(e).__name__}: {e}") from None


def summarize(log: EvalLog) -> dict[str, Any]:
    """Per-condition counts, rates and Wilson intervals from a finished Inspect log."""
    samples = log.samples or []
    scorer_names = {name for s in samples for name in (s.scores or {})}
    primary = "judge" if "judge" in scorer_names else "rule"
    cells: dict[str, dict[str, Any]] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    by_split: dict[str, Counter[str]] = defaultdict(Counter)
    pairs: list[tuple[bool, bool]] = []
    for s in samples:
        cid = s.metadata.get("condition_id", "all")
        cells.setdefault(cid, s.metadata.get("condition", {}))
        scores = {k: v.value for k, v in (s.scores or {}).items()}
        verdict = scores.get(primary, ERROR)  # a sample with no score is an error
        verdict = verdict if verdict in (HARMFUL, SAFE) else ERROR
        counts[cid][verdict] += 1
        by_split[str(s.metadata.get("split", "all"))][verdict] += 1
        if {scores.get("rule"), scores.get("judge")} <= {HARMFUL, SAFE}:
            pairs.append((scores["rule"] == HARMFUL, scores["judge"] == HARMFUL))
    rows = [_row(cells[cid], cid, c) for cid, c in sorted(counts.items())]
    md = log.eval.task_args or {}
    agreement = None
    if pairs:
        agreement = {
            "n": len(pairs),
            "kappa": cohen_kappa([p[0] for p in pairs], [p[1] for p in pairs]),
            "agree": sum(a == b for a, b in pairs) / len(pairs),
        }
    return {
        "schema": SCHEMA,
        "model": log.eval.model,
        "scenario": (log.eval.metadata or {}).get("scenario", log.eval.task),
        "split": md.get("split", "all"),
        "seed": int(md.get("seed", 0)),
        "scorer": primary,
        "status": log.status,
        "conditions": rows,
        "pooled": _row({}, "pooled", sum(counts.values(), Counter())),
        "by_split": [_row({}, name, c) for name, c in sorted(by_split.items())],
        "agreement": agreement,
        "log": log.location,
    }


def _row(condition: dict[str, Any], cid: str, c: Counter[str]) -> dict[str, Any]:
    harmful, n = c[HARMFUL], c[HARMFUL] + c[SAFE]
    lo, hi = wilson(harmful, n)
    return {
        "condition": condition,
        "condition_id": cid,
        "n": n,
        "harmful": harmful,
        "errors": c[ERROR],
        "rate": harmful / n if n else None,
        "ci": [lo, hi],
    }


def write_json(data: Any, path: str | Path) -> None:
    """Write atomically: a temp file in the same directory, then rename, so nothing half-written remains."""
    write_text(Path(path), json.dumps(data, indent=2) + "\n")


def read_results(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ResultsFileError(f"{path}: no such results file") from None
    except (OSError, json.JSONDecodeError) as e:
        raise ResultsFileError(f"{path}: not a readable results JSON ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("conditions"), list):
        raise ResultsFileError(
            f"{path}: missing field 'conditions' (not an upright stress results file)"
        )
    for i, row in enumerate(data["conditions"]):
        for key in ("condition_id", "n", "harmful"):
            if not isinstance(row, dict) or key not in row:
                raise ResultsFileError(f"{path}: conditions[{i}] lacks field {key!r}")
        if not (
            isinstance(row["n"], int)
            and isinstance(row["harmful"], int)
            and 0 <= row["harmful"] <= row["n"]
        ):
            raise ResultsFileError(f"{path}: conditions[{i}] needs integers 0 <= harmful <= n")
    return data


def compare(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Fisher exact tests per shared condition and pooled, Holm-corrected across conditions."""
    rows_a = {r["condition_id"]: r for r in a["conditions"]}
    rows_b = {r["condition_id"]: r for r in b["conditions"]}
    shared = [cid for cid in rows_a if cid in rows_b]
    if not shared:
        raise ResultsFileError("the two results files share no condition; nothing to compare")
    tests = []
    for cid in shared:
        ra, rb = rows_a[cid], rows_b[cid]
        odds, p = fisher(ra["harmful"], ra["n"], rb["harmful"], rb["n"])
        tests.append(
            {
                "condition_id": cid,
                "condition": ra.get("condition", {}),
                "a": _counts(ra),
                "b": _counts(rb),
                "odds_ratio": odds,
                "p": p,
            }
        )
    for t, adj in zip(tests, holm([t["p"] for t in tests]), strict=True):
        t["p_holm"] = adj
    ka, na = sum(rows_a[c]["harmful"] for c in shared), sum(rows_a[c]["n"] for c in shared)
    kb, nb = sum(rows_b[c]["harmful"] for c in shared), sum(rows_b[c]["n"] for c in shared)
    odds, p = fisher(ka, na, kb, nb)
    return {
        "a": {"model": a.get("model"), "scenario": a.get("scenario")},
        "b": {"model": b.get("model"), "scenario": b.get("scenario")},
        "conditions": tests,
        "pooled": {
            "a": {"harmful": ka, "n": na},
            "b": {"harmful": kb, "n": nb},
            "odds_ratio": odds,
            "p": p,
        },
        "only_in_a": [c for c in rows_a if c not in rows_b],
        "only_in_b": [c for c in rows_b if c not in rows_a],
    }


def _counts(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "harmful": row["harmful"],
        "n": row["n"],
        "rate": row["harmful"] / row["n"] if row["n"] else None,
    }
