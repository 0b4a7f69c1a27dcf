"""`upright monitor ingest`: read records, scan the new ones, store transcripts and findings.

The pipeline streams in three stages, so memory stays flat on large inputs:
1. resolve: per batch of records, drop those already stored (content hash), merge OTel
   traces with what is stored for them, and count bad records (the good ones go on);
2. scan: the detector ensemble (rules tier by default) on this process, a process pool or
   Ray Data;
3. write: one transaction per batch; a transcript with a new hash under a known key (source,
   eval, id) replaces the old one and its findings.
Only findings whose category the ensemble flags are stored. Ingesting the same data twice
adds nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, tuple_, update
from sqlalchemy.exc import IntegrityError

from upright.errors import UsageError
from upright.monitor.adapters import KINDS, Record, UnknownSourceError, expand, read
from upright.monitor.adapters.otel import merge
from upright.monitor.db import Store
from upright.monitor.models import FindingRow, Source, TranscriptRow, utcnow
from upright.types import Category, Finding, Message, Transcript, Verdict

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_ERRORS = 100  # bad-record messages kept for the report; all are counted
ENGINES = ("local", "ray")


@dataclass(frozen=True)
class IngestConfig:
    tiers: tuple[str, ...] = ("rules",)
    categories: frozenset[Category] | None = None
    judge: str | None = None
    engine: str = "local"
    workers: int = 1
    redact: bool = False
    batch_size: int = 256

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}; choose local or ray")
        if self.workers < 1 or self.batch_size < 1:
            raise UsageError("--workers and --batch-size must be at least 1")


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: int = 0
    findings: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class _Pending:
    record: Record
    sha256: str
    source_id: int

    @property
    def transcript(self) -> Transcript:
        assert self.record.transcript is not None
        return self.record.transcript


def content_hash(rec: Record) -> str:
    assert rec.transcript is not None
    doc = {
        "kind": rec.kind,
        "eval_id": rec.eval_id,
        "id": rec.transcript.id,
        "messages": [m.model_dump(mode="json", exclude_none=True) for m in rec.transcript.messages],
        "metadata": rec.transcript.metadata,
    }
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _chunks(items: Iterable[T], n: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for x in items:
        chunk.append(x)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Sources:
    """Source ids by (kind, name), created on first sight; counters added per batch."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ids: dict[tuple[str, str], int] = {}
        self.counts: dict[int, dict[str, int]] = {}

    def id(self, kind: str, name: str) -> int:
        key = (kind, name[:255])
        if key not in self.ids:
            stmt = select(Source.id).where(Source.kind == key[0], Source.name == key[1])
            for _ in range(3):
                try:
                    with self.store.transaction() as s:
                        sid = s.scalar(stmt)
                        if sid is None:
                            row = Source(kind=key[0], name=key[1])
                            s.add(row)
                            s.flush()
                            sid = row.id
                    break
                except IntegrityError:  # created meanwhile by another writer
                    continue
            assert sid is not None
            self.ids[key] = sid
        return self.ids[key]

    def count(self, source_id: int, what: str) -> None:
        c = self.counts.setdefault(source_id, {})
        c[what] = c.get(what, 0) + 1

    def flush(self, s: Any) -> None:
        now = utcnow()
        for sid, c in self.counts.items():
            values: dict[str, Any] = {"last_ingest_at": now}
            for what, n in c.items():
                col = getattr(Source, f"records_{what}")
                values[f"records_{what}"] = col + n
            s.execute(update(Source).where(Source.id == sid).values(**values))
        self.counts = {}


def ingest_paths(
    store: Store,
    paths: list[Path],
    *,
    kind: str | None = None,
    config: IngestConfig | None = None,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest files and directories (each file's kind detected unless `kind` is given)."""
    if kind is not None and kind not in KINDS:
        raise UnknownSourceError(f"unknown source {kind!r}; choose one of: {', '.join(KINDS)}")
    files = expand(paths)
    return ingest_records(store, read(files, kind), config, progress=progress)


def ingest_records(
    store: Store,
    records: Iterable[Record],
    config: IngestConfig | None = None,
    *,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    config = config or IngestConfig()
    report = IngestReport()
    started = time.perf_counter()
    sources = _Sources(store)
    pending: set[str] = set()
    resolved = _resolve(store, records, config, report, sources, pending)
    for batch in _chunks(_scan(resolved, config), config.batch_size):
        _write(store, batch, config, report, sources)
        pending.difference_update(p.sha256 for p, _ in batch)
        if progress:
            progress(report)
    if sources.counts:
        with store.transaction() as s:
            sources.flush(s)
    report.seconds = time.perf_counter() - started
    log.info("ingest: %s", report.to_dict())
    return report


def _key(rec: Record, source_id: int) -> tuple[int, str, str]:
    assert rec.transcript is not None
    return (source_id, rec.eval_id, rec.transcript.id[:255])


def _resolve(
    store: Store,
    records: Iterable[Record],
    config: IngestConfig,
    report: IngestReport,
    sources: _Sources,
    pending: set[str],
) -> Iterator[_Pending]:
    recent: OrderedDict[tuple[int, str, str], list[Message]] = OrderedDict()  # merged traces
    for chunk in _chunks(records, config.batch_size):
        good: list[tuple[Record, int]] = []
        for rec in chunk:
            report.read += 1
            if rec.error is not None or rec.transcript is None:
                report.bad += 1
                if len(report.errors) < MAX_ERRORS:
                    report.errors.append(rec.error or f"{rec.location}: no transcript")
                sources.count(sources.id(rec.kind, rec.source), "bad")
                continue
            rec.transcript.metadata = json.loads(json.dumps(rec.transcript.metadata, default=str))
            good.append((rec, sources.id(rec.kind, rec.source)))
        merges = [(r, sid) for r, sid in good if r.merge]
        if merges:
            keys = [_key(r, sid) for r, sid in merges]
            missing = [k for k in keys if k not in recent]
            stored: dict[tuple[int, str, str], list[Any]] = {}
            if missing:
                with store.session() as s:
                    cols = (
                        TranscriptRow.source_id,
                        TranscriptRow.eval_id,
                        TranscriptRow.transcript_id,
                    )
                    for sid, ev, tid, msgs in s.execute(
                        select(*cols, TranscriptRow.messages).where(tuple_(*cols).in_(missing))
                    ):
                        stored[(sid, ev, tid)] = msgs
            for (r, _), k in zip(merges, keys, strict=True):
                assert r.transcript is not None
                have = recent.get(k)
                if have is None and k in stored:
                    have = [Message.model_validate(m) for m in stored[k]]
                if have:
                    r.transcript.messages = merge(have, r.transcript.messages)
                recent[k] = r.transcript.messages
                recent.move_to_end(k)
                while len(recent) > 4096:
                    recent.popitem(last=False)
        hashes = [content_hash(r) for r, _ in good]
        with store.session() as s:
            known = set(
                s.scalars(
                    select(TranscriptRow.content_sha256).where(
                        TranscriptRow.content_sha256.in_(set(hashes))
                    )
                )
            )
        for (rec, sid), h in zip(good, hashes, strict=True):
            if h in known or h in pending:
                report.unchanged += 1
                sources.count(sid, "unchanged")
                continue
            pending.add(h)
            yield _Pending(rec, h, sid)


def _ensemble(config: IngestConfig) -> Any:
    from upright.detectors.ensemble import shared_ensemble

    return shared_ensemble(config.tiers, config.categories, config.judge)


def _scan(items: Iterator[_Pending], config: IngestConfig) -> Iterator[tuple[_Pending, Verdict]]:
    from upright.scan.engine import BATCH, ScanConfig, scan_local, scan_ray

    if config.engine == "local" and config.workers == 1:
        ensemble = _ensemble(config)
        for chunk in _chunks(items, BATCH):
            verdicts = ensemble.scan_many([p.transcript for p in chunk])
            yield from zip(chunk, verdicts, strict=True)
        return
    scan_config = ScanConfig(config.tiers, config.categories, config.judge)
    if config.engine == "ray":
        for chunk in _chunks(items, 4096):  # scan_ray materialises its input: feed it chunks
            outs = scan_ray([p.transcript for p in chunk], scan_config, config.workers)
            yield from ((p, _verdict(o)) for p, o in zip(chunk, outs, strict=True))
        return
    queue: deque[_Pending] = deque()

    def feed() -> Iterator[Any]:
        for p in items:
            queue.append(p)
            yield p.transcript

    for out in scan_local(feed(), scan_config, config.workers):
        yield queue.popleft(), _verdict(out)


def _verdict(out: dict[str, Any]) -> Verdict:
    return Verdict(
        transcript_id=out["id"],
        findings=[Finding.model_validate(f) for f in out["findings"]],
        flagged={Category(c): v for c, v in out["flagged"].items()},
    )


def _write(
    store: Store,
    batch: list[tuple[_Pending, Verdict]],
    config: IngestConfig,
    report: IngestReport,
    sources: _Sources,
) -> None:
    for attempt in range(3):
        counts = {"added": 0, "updated": 0, "unchanged": 0, "findings": 0}
        saved = dict(sources.counts)
        try:
            with store.transaction() as s:
                _write_batch(s, batch, config, counts, sources)
                sources.flush(s)
        except IntegrityError:
            if attempt == 2:
                raise
            sources.counts = saved  # a concurrent writer stored some of these: look again
            continue
        break
    report.added += counts["added"]
    report.updated += counts["updated"]
    report.unchanged += counts["unchanged"]
    report.findings += counts["findings"]


def _write_batch(
    s: Any,
    batch: list[tuple[_Pending, Verdict]],
    config: IngestConfig,
    counts: dict[str, int],
    sources: _Sources,
) -> None:
    from upright.monitor.redact import redact

    cols = (TranscriptRow.source_id, TranscriptRow.eval_id, TranscriptRow.transcript_id)
    keys = list({_key(p.record, p.source_id) for p, _ in batch})
    existing = {
        (r.source_id, r.eval_id, r.transcript_id): r
        for r in s.scalars(select(TranscriptRow).where(tuple_(*cols).in_(keys)))
    }
    taken = set(
        s.scalars(
            select(TranscriptRow.content_sha256).where(
                TranscriptRow.content_sha256.in_([p.sha256 for p, _ in batch])
            )
        )
    )
    now = utcnow()
    for p, verdict in batch:
        rec, t = p.record, p.record.transcript
        assert t is not None
        if p.sha256 in taken:
            counts["unchanged"] += 1
            sources.count(p.source_id, "unchanged")
            continue
        taken.add(p.sha256)
        findings = [f for f in verdict.findings if verdict.flagged.get(f.category)]
        messages, meta = t.messages, t.metadata
        if config.redact:
            messages, findings, meta = redact(messages, findings, meta)
        when = rec.observed_at or now
        fields = {
            "content_sha256": p.sha256,
            "messages": [m.model_dump(mode="json", exclude_none=True) for m in messages],
            "meta": meta,
            "task": rec.task,
            "condition_id": rec.condition_id,
            "redacted": config.redact,
            "observed_at": when,
            "ingested_at": now,
        }
        key = _key(rec, p.source_id)
        row = existing.get(key)
        if row is None:
            row = TranscriptRow(
                source_id=p.source_id, eval_id=rec.eval_id, transcript_id=key[2], **fields
            )
            s.add(row)
            existing[key] = row
            counts["added"] += 1
            sources.count(p.source_id, "added")
        else:
            for k, v in fields.items():
                setattr(row, k, v)
            counts["updated"] += 1
            sources.count(p.source_id, "updated")
        row.findings = [
            FindingRow(
                source_id=p.source_id,
                category=f.category.value,
                severity=f.severity.value,
                severity_rank=f.severity.rank,
                score=f.score,
                detector=f.detector,
                detector_version=f.detector_version,
                message_index=f.message_index,
                evidence=[sp.model_dump(mode="json") for sp in f.evidence],
                rationale=f.rationale,
                ts=when,
            )
            for f in findings
        ]
        counts["findings"] += len(findings)
