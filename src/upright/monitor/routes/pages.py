"""The dashboard at `/`, `/metrics` for Prometheus and `/healthz`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import text

from upright.monitor.deps import KEY_COOKIE, KeyDep, StoreDep, require_key

router = APIRouter()


@router.get("/", response_class=HTMLResponse, response_model=None)
def dashboard(request: Request, key: str | None = None) -> Response:
    if key is not None:  # `/?key=...` once: the key moves to an HttpOnly cookie
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict")
        return response
    require_key(request)
    html = request.app.state.templates.get_template("dashboard.html").render()
    return HTMLResponse(html)


@router.get("/metrics", dependencies=[KeyDep])
def metrics(request: Request) -> Response:
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    return Response(generate_latest(request.app.state.registry), media_type=CONTENT_TYPE_LATEST)


@router.get("/healthz")
def healthz(store: StoreDep) -> Any:
    try:
        with store.engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as e:
        return JSONResponse({"ok": False, "error": type(e).__name__}, status_code=503)
    return {"ok": True, "db": store.dialect}
