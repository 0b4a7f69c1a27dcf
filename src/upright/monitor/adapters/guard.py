"""The guard's decision log: JSONL, one hash-chained record per line.

Only `kind == "decision"` records that carry `messages` (the content as delivered, already
redacted by the guard) become transcripts; admin records and decisions without messages are
skipped, not bad. The transcript id is the `request_id`; the source is the caller's identity;
identity, tier, model and decision go to the metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from upright.monitor.adapters import Record, parse_time
from upright.scan.inputs import json_lines, row_to_transcript

DECISIONS = ("allow", "flag", "redact", "block")


def read(path: Path) -> Iterator[Record]:
    for n, data, bad in json_lines(path):
        where = f"{path}:{n}"
        if bad is not None:
            yield Record(where, "guard", "guard", error=f"{where}: {bad}")
            continue
        try:
            rec = _record(data, where)
        except ValueError as e:
            yield Record(where, "guard", "guard", error=f"{where}: {e}")
            continue
        if rec is not None:
            yield rec


def _record(data: Any, where: str) -> Record | None:
    if not isinstance(data, dict):
        raise ValueError(f"record is {type(data).__name__}, expected an object")
    kind = data.get("kind")
    if kind not in ("decision", "admin"):
        raise ValueError(f"field 'kind' must be 'decision' or 'admin', got {kind!r}")
    if kind == "admin" or data.get("messages") is None:
        return None
    rid = data.get("request_id")
    if not isinstance(rid, str) or not rid:
        raise ValueError("field 'request_id' is missing or not a string")
    decision = data.get("decision")
    if decision not in DECISIONS:
        raise ValueError(
            f"field 'decision' must be one of {', '.join(DECISIONS)}, got {decision!r}"
        )
    identity = data.get("identity")
    if not isinstance(identity, str) or not identity:
        raise ValueError("field 'identity' is missing or not a string")
    when = parse_time(data.get("ts"))
    if when is None:
        raise ValueError("field 'ts' is missing or not an ISO-8601 time")
    meta = {
        "identity": identity,
        "tier": data.get("tier"),
        "model": data.get("model"),
        "decision": decision,
        "categories": data.get("categories") or [],
        "seq": data.get("seq"),
        "request_sha256": data.get("request_sha256"),
    }
    t = row_to_transcript({"id": rid, "messages": data["messages"], "metadata": meta})
    return Record(where, "guard", identity, t, observed_at=when)
