"""Queries over the findings store, shared by the CLI, the API and /metrics."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select

from upright.errors import UsageError
from upright.monitor.adapters import parse_time
from upright.monitor.db import Store
from upright.monitor.models import AlertFinding, AlertRow, FindingRow, Source, TranscriptRow, utcnow
from upright.types import Category, Severity

_AGO = re.compile(r"^(\d+)\s*([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str | None) -> datetime | None:
    """`24h`, `7d`, `30m`, `2w` ago, or an ISO-8601 date or time."""
    if not text:
        return None
    m = _AGO.match(text.strip())
    if m:
        return utcnow() - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    t = parse_time(text.strip())
    if t is None:
        raise UsageError(f"--since {text!r}: expected e.g. 24h, 7d or an ISO-8601 time")
    return t


def parse_category(text: str | None) -> Category | None:
    if not text:
        return None
    try:
        return Category(text)
    except ValueError:
        known = ", ".join(c.value for c in Category)
        raise UsageError(f"unknown category {text!r}; choose from: {known}") from None


def parse_severity(text: str | None) -> Severity | None:
    if not text:
        return None
    try:
        return Severity(text)
    except ValueError:
        known = ", ".join(s.value for s in Severity)
        raise UsageError(f"unknown severity {text!r}; choose from: {known}") from None


def _filters(
    category: Category | None,
    since: datetime | None,
    min_severity: Severity | None,
    source: str | None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if category is not None:
        where.append(FindingRow.category == category.value)
    if since is not None:
        where.append(FindingRow.ts >= since)
    if min_severity is not None:
        where.append(FindingRow.severity_rank >= min_severity.rank)
    if source is not None:
        where.append(FindingRow.source_id.in_(select(Source.id).where(Source.name == source)))
    return where


def finding_dict(f: FindingRow, transcript_id: str, source: str, kind: str) -> dict[str, Any]:
    return {
        "id": f.id,
        "transcript": f.transcript_pk,
        "transcript_id": transcript_id,
        "source": source,
        "source_kind": kind,
        "category": f.category,
        "severity": f.severity,
        "score": round(f.score, 4),
        "detector": f.detector,
        "detector_version": f.detector_version,
        "message_index": f.message_index,
        "evidence": f.evidence,
        "rationale": f.rationale,
        "ts": f.ts.isoformat(),
    }


def list_findings(
    store: Store,
    *,
    category: Category | None = None,
    since: datetime | None = None,
    min_severity: Severity | None = None,
    source: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Findings, newest first."""
    stmt = (
        select(FindingRow, TranscriptRow.transcript_id, Source.name, Source.kind)
        .join(TranscriptRow, TranscriptRow.id == FindingRow.transcript_pk)
        .join(Source, Source.id == FindingRow.source_id)
        .where(*_filters(category, since, min_severity, source))
        .order_by(FindingRow.ts.desc(), FindingRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    with store.session() as s:
        return [finding_dict(f, tid, name, kind) for f, tid, name, kind in s.execute(stmt)]


def _bucket(store: Store, bucket: str) -> Any:
    if store.dialect == "postgresql":
        fmt = 'YYYY-MM-DD"T"HH24:00' if bucket == "hour" else "YYYY-MM-DD"
        return func.to_char(FindingRow.ts, fmt)
    return func.strftime("%Y-%m-%dT%H:00" if bucket == "hour" else "%Y-%m-%d", FindingRow.ts)


def summary(
    store: Store,
    *,
    since: datetime | None = None,
    bucket: str = "day",
    min_severity: Severity | None = None,
    top: int = 10,
) -> dict[str, Any]:
    """What the dashboard draws: findings over time by category, and the top sources."""
    if bucket not in ("hour", "day"):
        raise UsageError(f"unknown bucket {bucket!r}; choose hour or day")
    where = _filters(None, since, min_severity, None)
    b = _bucket(store, bucket).label("bucket")
    with store.session() as s:
        over_time = [
            {"bucket": k, "category": c, "count": n}
            for k, c, n in s.execute(
                select(b, FindingRow.category, func.count())
                .where(*where)
                .group_by(b, FindingRow.category)
                .order_by(b)
            )
        ]
        by_category = dict(
            s.execute(
                select(FindingRow.category, func.count())
                .where(*where)
                .group_by(FindingRow.category)
            ).all()
        )
        n = func.count().label("n")
        top_ids = (
            select(FindingRow.source_id, n)
            .where(*where)
            .group_by(FindingRow.source_id)
            .order_by(n.desc())
            .limit(top)
            .subquery()
        )
        top_sources = [
            {"source": name, "kind": kind, "findings": count}
            for name, kind, count in s.execute(
                select(Source.name, Source.kind, top_ids.c.n)
                .join(top_ids, top_ids.c.source_id == Source.id)
                .order_by(top_ids.c.n.desc(), Source.name)
            )
        ]
        transcripts = s.scalar(select(func.count()).select_from(TranscriptRow)) or 0
    return {
        "total": sum(by_category.values()),
        "transcripts": transcripts,
        "by_category": by_category,
        "over_time": over_time,
        "top_sources": top_sources,
        "bucket": bucket,
    }


def get_transcript(store: Store, pk: int) -> dict[str, Any] | None:
    with store.session() as s:
        t = s.get(TranscriptRow, pk)
        if t is None:
            return None
        findings = s.scalars(
            select(FindingRow).where(FindingRow.transcript_pk == pk).order_by(FindingRow.id)
        ).all()
        return {
            "id": t.id,
            "transcript_id": t.transcript_id,
            "source": t.source.name,
            "source_kind": t.source.kind,
            "eval_id": t.eval_id or None,
            "task": t.task,
            "condition_id": t.condition_id,
            "content_sha256": t.content_sha256,
            "redacted": t.redacted,
            "observed_at": t.observed_at.isoformat(),
            "ingested_at": t.ingested_at.isoformat(),
            "messages": t.messages,
            "metadata": t.meta,
            "findings": [
                finding_dict(f, t.transcript_id, t.source.name, t.source.kind) for f in findings
            ],
        }


def find_transcripts(store: Store, transcript_id: str) -> list[int]:
    """Store ids of the transcripts a source id names (one per source and eval)."""
    with store.session() as s:
        return list(
            s.scalars(select(TranscriptRow.id).where(TranscriptRow.transcript_id == transcript_id))
        )


def finding_counts(store: Store) -> list[tuple[str, str, int]]:
    with store.session() as s:
        return [
            (c, sev, n)
            for c, sev, n in s.execute(
                select(FindingRow.category, FindingRow.severity, func.count()).group_by(
                    FindingRow.category, FindingRow.severity
                )
            )
        ]


def source_counters(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [
            {
                "kind": r.kind,
                "source": r.name,
                "added": r.records_added,
                "updated": r.records_updated,
                "unchanged": r.records_unchanged,
                "bad": r.records_bad,
            }
            for r in s.scalars(select(Source).order_by(Source.id))
        ]


def list_alerts(store: Store, *, limit: int = 50) -> list[dict[str, Any]]:
    with store.session() as s:
        alerts = s.scalars(select(AlertRow).order_by(AlertRow.id.desc()).limit(limit)).all()
        links: dict[int, list[int]] = {}
        if alerts:
            for aid, fid in s.execute(
                select(AlertFinding.alert_id, AlertFinding.finding_id)
                .where(AlertFinding.alert_id.in_([a.id for a in alerts]))
                .order_by(AlertFinding.finding_id)
            ):
                links.setdefault(aid, []).append(fid)
        return [
            {
                "id": a.id,
                "rule": a.rule,
                "created_at": a.created_at.isoformat(),
                "window_start": a.window_start.isoformat(),
                "window_end": a.window_end.isoformat(),
                "count": a.count,
                "status": a.status,
                "attempts": a.attempts,
                "last_error": a.last_error,
                "findings": links.get(a.id, []),
            }
            for a in alerts
        ]
