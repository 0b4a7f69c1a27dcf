"""Ingest adapters: each turns one kind of input into a stream of `Record`s.

| kind    | input                                                   | transcript id          |
|---------|---------------------------------------------------------|------------------------|
| jsonl   | chat rows `{"id", "messages", "metadata"}`               | the row's `id`         |
| otel    | OTLP/HTTP JSON export requests, one per line             | the trace id           |
| inspect | Inspect eval logs (`.eval`, `.json`)                     | the sample id          |
| guard   | the guard's decision log (JSONL, `kind == "decision"`)    | the `request_id`       |

Adapters stream (one line or one sample at a time) and never raise on a bad record: they
yield a `Record` whose `error` names the file and line, so the good records can be kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from upright.errors import UsageError
from upright.types import Transcript

KINDS = ("jsonl", "otel", "inspect", "guard")
SUFFIXES = (".jsonl", ".ndjson", ".json", ".eval")


@dataclass
class Record:
    """One input record: where it came from, and its transcript (None when it is bad)."""

    location: str
    kind: str
    source: str
    transcript: Transcript | None = None
    error: str | None = None
    eval_id: str = ""
    task: str | None = None
    condition_id: str | None = None
    observed_at: datetime | None = None
    merge: bool = False  # OTel: spans of one trace may arrive in pieces; merge with the stored
    extra: dict[str, Any] = field(default_factory=dict)


class UnknownSourceError(UsageError):
    pass


def parse_time(value: Any) -> datetime | None:
    """An ISO-8601 string or epoch seconds as aware UTC; None when absent or unreadable."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), UTC)
    if isinstance(value, str) and value:
        try:
            t = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return t if t.tzinfo else t.replace(tzinfo=UTC)
    return None


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, and the input files under directories (sorted, recursively)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in SUFFIXES)
        elif p.exists():
            out.append(p)
        else:
            raise UsageError(f"{p}: no such file or directory")
    return out


def detect(path: Path) -> str:
    """The kind of a file, from its suffix and its first line."""
    if path.suffix == ".eval":
        return "inspect"
    try:
        with path.open("rb") as f:
            head = f.read(65536)
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror})") from None
    if path.suffix == ".json" and b'"eval"' in head and b'"samples"' in head:
        return "inspect"
    first = head.split(b"\n", 1)[0]
    if b'"resourceSpans"' in head[:4096]:
        return "otel"
    try:
        row = json.loads(first)
    except ValueError:
        return "jsonl"  # the JSONL adapter reports the bad line
    if isinstance(row, dict) and {"request_id", "prev_hash", "hash", "kind"} <= row.keys():
        return "guard"
    return "jsonl"


def read(paths: list[Path], kind: str | None = None) -> Iterator[Record]:
    """Records from every file, in order; `kind` None detects it per file."""
    if kind is not None and kind not in KINDS:
        raise UnknownSourceError(f"unknown source {kind!r}; choose one of: {', '.join(KINDS)}")
    from upright.monitor.adapters import guard, inspect_log, jsonl, otel

    readers = {
        "jsonl": jsonl.read,
        "otel": otel.read,
        "inspect": inspect_log.read,
        "guard": guard.read,
    }
    for path in expand(paths):
        k = kind or detect(path)
        try:
            yield from readers[k](path)
        except UsageError as e:  # an unreadable file is one bad record; the others go on
            yield Record(str(path), k, path.name, error=str(e))
