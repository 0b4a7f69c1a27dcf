"""Scan engines: the local process pool (default) and Ray Data. Both run the same batch
function over the same batches, so their outputs are identical, in input order."""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from upright.errors import UsageError
from upright.types import Category, Transcript, Verdict

BATCH = 64


@dataclass(frozen=True)
class ScanConfig:
    tiers: tuple[str, ...] = ("rules", "ml")
    categories: frozenset[Category] | None = None
    judge_model: str | None = None


def record(verdict: Verdict) -> dict[str, Any]:
    """The output line for one scanned row."""
    return {
        "id": verdict.transcript_id,
        "flagged": {c.value: v for c, v in verdict.flagged.items()},
        "findings": [f.model_dump(mode="json") for f in verdict.findings],
    }


def _init(config: ScanConfig) -> Any:
    """The worker's ensemble for `config`, loaded once per process."""
    from upright.detectors.ensemble import shared_ensemble

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return shared_ensemble(config.tiers, config.categories, config.judge_model)


def scan_batch(config: ScanConfig, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scan one batch of transcripts (as dicts, so any engine can ship them)."""
    ensemble = _init(config)
    transcripts = [Transcript.model_validate(r) for r in rows]
    return [record(v) for v in ensemble.scan_many(transcripts)]


def _batches(transcripts: Iterable[Transcript]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for t in transcripts:
        batch.append(t.model_dump(mode="json"))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def scan_local(
    transcripts: Iterable[Transcript], config: ScanConfig, workers: int = 1
) -> Iterator[dict[str, Any]]:
    if workers <= 1:
        for batch in _batches(transcripts):
            yield from scan_batch(config, batch)
        return
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(config,)) as pool:
        pending: deque[Future[list[dict[str, Any]]]] = deque()
        for batch in _batches(transcripts):
            pending.append(pool.submit(scan_batch, config, batch))
            if len(pending) >= 2 * workers:  # bounded: memory stays flat on large inputs
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


class _RayScan:
    def __init__(self, config: ScanConfig) -> None:
        self.config = config
        _init(config)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        # JSON strings cross Ray's Arrow boundary unchanged, so records match the local engine's.
        out = scan_batch(self.config, [json.loads(r) for r in batch["row"]])
        return {"record": [json.dumps(r) for r in out]}


def scan_ray(
    transcripts: Iterable[Transcript], config: ScanConfig, workers: int = 1
) -> Iterator[dict[str, Any]]:
    try:
        import ray
    except ImportError:
        raise UsageError("--engine ray needs Ray: pip install 'ray[data]'") from None
    if not ray.is_initialized():
        ray.init(
            num_cpus=max(workers, 1),
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    rows = [{"row": t.model_dump_json()} for t in transcripts]
    if not rows:
        return
    ds = ray.data.from_items(rows).map_batches(
        _RayScan,
        fn_constructor_args=(config,),
        batch_size=BATCH,
        batch_format="numpy",
        concurrency=max(workers, 1),
    )
    for item in ds.iter_rows():
        yield json.loads(item["record"])
