"""The confirmed suite: `suite.jsonl` rows, loading them back, and the `upright/suite` task.

One row per confirmed variant: `id`, `scenario`, `input` (the chat messages sent to the
target in one confirmation sample, a harmful one where there is one), `target`, `metadata`
(the sample's scorer facts plus `factors`, `pins`, `render`, `split`, `variant`), `lineage`
(parent, operator, attacker prompt, ancestors) and `confirmation` (k, n, rate, interval,
seeds, baseline). Whoever trains on findings renders new samples from `metadata` and keeps
the confirmation seeds out, so the confirmation stays held out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from upright.atomic import write_text
from upright.errors import UsageError
from upright.redteam.state import Candidate, RunState
from upright.redteam.variant import Variant, render_variant
from upright.scenarios import get_family

SUITE = "suite.jsonl"
ROLES = ("system", "user", "assistant")
REQUIRED = ("id", "scenario", "input", "metadata", "lineage", "confirmation")


class SuiteFileError(UsageError):
    pass


@dataclass(frozen=True)
class SuiteRow:
    id: str
    scenario: str
    input: list[dict[str, str]]
    target: str
    metadata: dict[str, Any]
    lineage: dict[str, Any]
    confirmation: dict[str, Any]


def suite_rows(state: RunState) -> list[dict[str, Any]]:
    return [_row(c, state) for c in state.findings()]


def _row(c: Candidate, state: RunState) -> dict[str, Any]:
    conf = dict(c.confirmation or {})
    outcomes = conf.pop("outcomes", [])
    seed = outcomes[0]["seed"] if outcomes else conf["seeds"][0]
    sample = render_variant(c.variant, seed, 0)
    messages = [
        {"role": "system", "content": sample.system},
        {"role": "user", "content": sample.user},
    ]
    base = state.baseline
    return {
        "id": c.key,
        "scenario": c.variant.scenario,
        "input": messages,
        "target": sample.target_address or "",
        "metadata": {**sample.metadata(), **c.variant.to_dict(), "variant": c.key},
        "lineage": {
            "parent": c.parent,
            "operator": c.operator,
            "generation": c.generation,
            "attacker_prompt": c.attacker_prompt,
            "ancestors": _ancestors(c, state),
        },
        "confirmation": {
            **conf,
            "baseline": {k: base[k] for k in ("grid", "k", "n", "rate", "interval")},
        },
    }


def _ancestors(c: Candidate, state: RunState) -> list[dict[str, str]]:
    chain: list[dict[str, str]] = []
    seen: set[str] = set()
    parent = c.parent
    while parent and parent in state.candidates and parent not in seen:
        seen.add(parent)
        p = state.candidates[parent]
        chain.append({"id": p.key, "operator": p.operator})
        parent = p.parent
    return chain


def write_suite(state: RunState, out: Path) -> Path:
    """Write `out/suite.jsonl` atomically (a temp file, then rename)."""
    target = out / SUITE
    write_text(target, "".join(json.dumps(row) + "\n" for row in suite_rows(state)))
    return target


def load_suite(path: str | Path) -> list[SuiteRow]:
    """Rows of a suite file; a bad row is a one-line `SuiteFileError` naming file and line."""
    from upright.scan.inputs import json_objects

    p = Path(path)
    if not p.is_file():
        raise SuiteFileError(f"{p}: cannot read suite (no such file)")
    rows = [_parse(p, n, row) for n, row in json_objects(p, SuiteFileError)]
    if not rows:
        raise SuiteFileError(f"{p}: the suite has no rows")
    return rows


def _parse(path: Path, line_no: int, row: dict[str, Any]) -> SuiteRow:
    where = f"{path}:{line_no}"
    for key in REQUIRED:
        if key not in row:
            raise SuiteFileError(f"{where}: missing field {key!r}")
    try:
        get_family(str(row["scenario"]))
    except UsageError as e:
        raise SuiteFileError(f"{where}: field 'scenario': {e}") from None
    messages = row["input"]
    if not isinstance(messages, list) or not messages:
        raise SuiteFileError(f"{where}: field 'input' must be a non-empty list of messages")
    for j, m in enumerate(messages):
        if not (
            isinstance(m, dict) and m.get("role") in ROLES and isinstance(m.get("content"), str)
        ):
            raise SuiteFileError(
                f"{where}: input[{j}] needs a role ({'/'.join(ROLES)}) and content"
            )
    md = row["metadata"]
    if not isinstance(md, dict) or not isinstance(md.get("factors"), dict):
        raise SuiteFileError(f"{where}: field 'metadata' needs 'factors' (an object)")
    for key in ("render", "split"):
        if key not in md:
            raise SuiteFileError(f"{where}: field 'metadata' lacks {key!r}")
    for key in ("lineage", "confirmation"):
        if not isinstance(row[key], dict):
            raise SuiteFileError(f"{where}: field {key!r} must be an object")
    metadata = {**md, "scenario": row["scenario"]}
    metadata.setdefault("condition", md["factors"])
    metadata.setdefault("condition_id", Variant.make(row["scenario"], md["factors"]).condition.id)
    target = str(row.get("target") or md.get("target_address") or "")
    metadata.setdefault("target_address", target)
    return SuiteRow(
        str(row["id"]),
        str(row["scenario"]),
        messages,
        target,
        metadata,
        row["lineage"],
        row["confirmation"],
    )


def to_samples(rows: list[SuiteRow]) -> list[Any]:
    from inspect_ai.dataset import Sample
    from inspect_ai.model import ChatMessageAssistant, ChatMessageSystem, ChatMessageUser

    kinds = {
        "system": ChatMessageSystem,
        "user": ChatMessageUser,
        "assistant": ChatMessageAssistant,
    }
    return [
        Sample(
            id=r.id,
            input=[kinds[m["role"]](content=m["content"]) for m in r.input],
            target=r.target,
            metadata={**r.metadata, "suite_row": r.id},
        )
        for r in rows
    ]
