"""Chat JSONL rows (`{"id", "messages", "metadata"}`), read by `upright.scan.inputs`.

The source is the row's `metadata.source` when it names one, else the file's name; the time
is `metadata.timestamp` (or `ts`, `created_at`) when present.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from upright.monitor.adapters import Record, parse_time
from upright.scan.inputs import read_rows


def read(path: Path) -> Iterator[Record]:
    for row in read_rows([path]):
        where = f"{path}:{row.line}"
        if row.error is not None or row.transcript is None:
            yield Record(where, "jsonl", path.name, error=str(row.error))
            continue
        t = row.transcript
        meta = t.metadata
        source = meta.get("source") if isinstance(meta.get("source"), str) else None
        when = next(
            (parse_time(meta[k]) for k in ("timestamp", "ts", "created_at") if k in meta), None
        )
        yield Record(where, "jsonl", source or path.name, t, observed_at=when)
