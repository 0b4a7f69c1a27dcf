"""`POST /v1/traces`: OTLP/HTTP with JSON encoding; GenAI spans are ingested as they arrive."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from upright.monitor.adapters.otel import records
from upright.monitor.deps import KeyDep, StoreDep
from upright.monitor.ingest import ingest_records

router = APIRouter(dependencies=[KeyDep])


@router.post("/v1/traces")
async def traces(request: Request, store: StoreDep) -> dict[str, Any]:
    ctype = request.headers.get("content-type", "").split(";")[0].strip()
    if ctype != "application/json":
        raise HTTPException(415, "send OTLP/HTTP with JSON encoding (application/json)")
    try:
        payload = json.loads(await request.body())
        recs = records(payload, "POST /v1/traces")
    except (ValueError, TypeError, AttributeError, KeyError) as e:
        raise HTTPException(400, f"bad OTLP request: {str(e).splitlines()[0]}") from None
    if not recs:
        return {"partialSuccess": {}}
    from starlette.concurrency import run_in_threadpool

    state = request.app.state
    report = await run_in_threadpool(ingest_records, store, recs, state.ingest_config)
    if state.rules is not None:
        from upright.monitor.alerts import evaluate

        await run_in_threadpool(evaluate, store, state.rules)
    return {
        "partialSuccess": {},
        "upright": {"added": report.added, "updated": report.updated, "findings": report.findings},
    }
