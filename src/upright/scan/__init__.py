"""`upright scan`: run the detector ensemble over JSONL chats and Inspect logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from upright.errors import UsageError
from upright.scan.engine import ScanConfig, scan_local, scan_ray
from upright.scan.inputs import BadRowError, read_rows

__all__ = ["BadRowError", "ScanConfig", "ScanRun", "scan_files"]

log = logging.getLogger(__name__)


@dataclass
class ScanRun:
    """What a scan saw besides its records: rows read, bad rows skipped."""

    rows: int = 0
    bad: list[str] = field(default_factory=list)


def scan_files(
    paths: list[Path],
    config: ScanConfig,
    *,
    engine: str = "local",
    workers: int = 1,
    skip_bad: bool = False,
    run: ScanRun | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one record per good input row, in input order.

    Every row is read and checked before anything is scanned, so a malformed row (without
    `skip_bad`) stops the scan before any output is produced.
    """
    if engine not in ("local", "ray"):
        raise UsageError(f"unknown engine {engine!r}; choose local or ray")
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    run = run if run is not None else ScanRun()
    transcripts = []
    for row in read_rows(paths):
        if row.error is not None:
            if not skip_bad:
                raise row.error
            run.bad.append(str(row.error))
            continue
        assert row.transcript is not None
        transcripts.append(row.transcript)
    run.rows = len(transcripts)
    scan = scan_ray if engine == "ray" else scan_local
    yield from scan(transcripts, config, workers)
