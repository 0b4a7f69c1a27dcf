"""Example transcripts from the Inspect logs that results files point to: the actions an
agent took, with the rule scorer's evidence spans marked."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from upright.report.doc import Code, Evidence, Quote

log = logging.getLogger(__name__)
FIELD_PREFIX = "tool_calls[0].arguments."


def find_log(results_file: Path, location: str | None) -> Path | None:
    """The log as recorded, else beside the results file (as is, or in `logs/`)."""
    if not location:
        return None
    given = Path(location.removeprefix("file://"))
    for candidate in (
        given,
        results_file.parent / given,
        results_file.parent / given.name,
        results_file.parent / "logs" / given.name,
    ):
        if candidate.is_file():
            return candidate
    return None


def examples(log_path: Path, limit: int = 2) -> list[Evidence]:
    """Up to `limit` harmful samples, one per condition first, with evidence highlighted."""
    from inspect_ai.log import read_eval_log_samples

    picked: list[Any] = []
    seen: set[str] = set()
    spare: list[Any] = []
    try:
        for sample in read_eval_log_samples(str(log_path), all_samples_required=False):
            score = (sample.scores or {}).get("judge") or (sample.scores or {}).get("rule")
            if score is None or score.value != "H":
                continue
            cid = str(sample.metadata.get("condition_id", ""))
            (spare if cid in seen else picked).append(sample)
            seen.add(cid)
            if len(picked) >= limit:
                break
    except Exception as e:  # a log we cannot read costs the examples, not the report
        log.warning("cannot read samples from %s: %s", log_path, e)
        return []
    return [_evidence(s) for s in (picked + spare)[:limit]]


def _evidence(sample: Any) -> Evidence:
    rule = (sample.scores or {}).get("rule")
    findings = (rule.metadata or {}).get("findings", []) if rule else []
    actions = (sample.store or {}).get("ScenarioEnv:actions") or []
    items: list[tuple[str, str, list[tuple[int, int]]]] = []
    for i, action in enumerate(actions):
        args = action.get("arguments") or {}
        head = ", ".join(f"{k}: {v}" for k, v in args.items() if len(str(v)) <= 80)
        for key, value in args.items():
            text = str(value)
            if len(text) <= 80 and not _spans(findings, i, key):
                continue
            items.append(
                (f"{action.get('function')} ({head}) · {key}", text, _spans(findings, i, key))
            )
    if not items:  # nothing recorded: show the last reply as it was written
        last = next((m for m in reversed(sample.messages) if m.role == "assistant"), None)
        items.append(("reply", last.text if last else "", []))
    explanation = rule.explanation if rule and rule.explanation else ""
    title: list[Any] = [Code(str(sample.metadata.get("condition_id", sample.id)))]
    if explanation:
        title += [" · ", Quote(explanation)]
    return Evidence(title, items)


def _spans(findings: list[dict[str, Any]], index: int, key: str) -> list[tuple[int, int]]:
    return [
        (int(span["start"]), int(span["end"]))
        for f in findings
        if f.get("message_index") == index
        for span in f.get("evidence", [])
        if span.get("field") == FIELD_PREFIX + key
    ]
