"""`/api/findings`, `/api/summary`, `/api/transcripts/{id}`, `/api/alerts`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from upright.errors import UsageError
from upright.monitor import store as q
from upright.monitor.deps import KeyDep, StoreDep

router = APIRouter(prefix="/api", dependencies=[KeyDep])


class SpanOut(BaseModel):
    start: int
    end: int
    text: str
    field: str = "content"


class FindingOut(BaseModel):
    id: int
    transcript: int
    transcript_id: str
    source: str
    source_kind: str
    category: str
    severity: str
    score: float
    detector: str
    detector_version: str
    message_index: int
    evidence: list[SpanOut]
    rationale: str
    ts: str


class TranscriptOut(BaseModel):
    id: int
    transcript_id: str
    source: str
    source_kind: str
    eval_id: str | None
    task: str | None
    condition_id: str | None
    content_sha256: str
    redacted: bool
    observed_at: str
    ingested_at: str
    messages: list[dict[str, Any]]
    metadata: dict[str, Any]
    findings: list[FindingOut]


def _bad(e: UsageError) -> HTTPException:
    return HTTPException(422, str(e))


@router.get("/findings", response_model=list[FindingOut])
def findings(
    store: StoreDep,
    category: str | None = None,
    since: str | None = None,
    min_severity: str | None = None,
    source: str | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    try:
        return q.list_findings(
            store,
            category=q.parse_category(category),
            since=q.parse_since(since),
            min_severity=q.parse_severity(min_severity),
            source=source,
            limit=limit,
            offset=offset,
        )
    except UsageError as e:
        raise _bad(e) from None


@router.get("/summary")
def summary(
    store: StoreDep,
    since: str | None = None,
    bucket: str = "day",
    min_severity: str | None = None,
) -> dict[str, Any]:
    try:
        return q.summary(
            store,
            since=q.parse_since(since),
            bucket=bucket,
            min_severity=q.parse_severity(min_severity),
        )
    except UsageError as e:
        raise _bad(e) from None


@router.get("/transcripts", response_model=list[int])
def transcripts_by_source_id(store: StoreDep, transcript_id: str) -> list[int]:
    """Store ids of the transcripts with this source id (one per source and eval)."""
    return q.find_transcripts(store, transcript_id)


@router.get("/transcripts/{pk}", response_model=TranscriptOut)
def transcript(store: StoreDep, pk: int) -> dict[str, Any]:
    t = q.get_transcript(store, pk)
    if t is None:
        raise HTTPException(404, f"no transcript {pk}")
    return t


@router.get("/alerts")
def alerts(store: StoreDep, limit: int = Query(50, ge=1, le=500)) -> list[dict[str, Any]]:
    return q.list_alerts(store, limit=limit)
