"""The gateway: an OpenAI-compatible proxy that scans, decides, audits and rate-limits.

Order of checks for a chat completion: body size (413), credential (401), body shape (400),
then `chat.handle_chat`: model and capability for the tier (403), rate limit (429), input
scan (400 when blocked), upstream (502 when it fails), output scan (200 with
`finish_reason: "content_filter"` when blocked). Every request that gets past the credential
and the rate limit leaves exactly one decision record in the audit chain.

This module builds the FastAPI app and its routes; `gateway` holds the state, `chat` the
non-streamed path, `sse` the streamed one, `upstream` the client for the upstream.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from upright.guard.chat import handle_chat
from upright.guard.deps import ApiError, CallerDep, GatewayDep
from upright.guard.gateway import Gateway, GuardConfig
from upright.guard.policy import model_allowed
from upright.guard.schemas import ERRORS, REQUEST, first_error, request_schema
from upright.guard.upstream import UpstreamError

__all__ = ["Gateway", "GuardConfig", "create_app"]


def create_app(config: GuardConfig) -> FastAPI:
    gateway = Gateway.build(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await gateway.close()

    app = FastAPI(
        title="upright guard",
        version="1",
        description="An OpenAI-compatible gateway with policy by trust tier and an audit chain.",
        lifespan=lifespan,
    )
    app.state.gateway = gateway

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, e: ApiError) -> JSONResponse:
        return JSONResponse(e.body(), status_code=e.status, headers=e.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            ApiError(400, first_error(e.errors()), "invalid_request_error").body(), status_code=400
        )

    app.add_middleware(SizeLimit, limit=gateway.policy.max_body_bytes)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models", responses=ERRORS)
    async def models(gw: GatewayDep, who: CallerDep) -> JSONResponse:
        """The upstream's models that this caller's tier may use."""
        tier = gw.policy.tiers[who.tier]
        try:
            r = await gw.upstream.request("GET", "models")
            if r.status >= 400:
                raise ApiError(
                    502, f"upstream answered {r.status}", "upstream_error", "bad_gateway"
                )
            items = [m for m in r.json()["data"] if model_allowed(tier, str(m.get("id")))]
        except (UpstreamError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise ApiError(
                502, f"upstream failure: {type(e).__name__}", "upstream_error", "bad_gateway"
            ) from None
        return JSONResponse({"object": "list", "data": items})

    @app.post(
        "/v1/chat/completions",
        responses={200: {"description": "a chat completion, or an SSE stream of chunks"}, **ERRORS},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": request_schema()}},
            }
        },
    )
    async def chat_completions(request: Request, gw: GatewayDep, who: CallerDep) -> Response:
        """Create a chat completion through the guard (streaming or not)."""
        raw = await read_body(request, gw.policy.max_body_bytes)
        try:
            body = json.loads(raw)
            REQUEST.validate_python(body)
        except ValueError as e:
            msg = first_error(e.errors()) if isinstance(e, ValidationError) else "invalid JSON body"
            raise ApiError(400, msg, "invalid_request_error") from None
        return await handle_chat(gw, who, body, raw)

    _add_schemas(app)
    return app


class SizeLimit:
    """413 for a declared Content-Length over the limit (pure ASGI: no per-request task)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            for k, v in scope["headers"]:
                if k == b"content-length" and (not v.isdigit() or int(v) > self.limit):
                    e = ApiError(
                        413,
                        f"request body over {self.limit} bytes",
                        "invalid_request_error",
                        "request_too_large",
                    )
                    await JSONResponse(e.body(), status_code=413)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or 413 as soon as it passes `limit` (for bodies without Content-Length)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(
                413,
                f"request body over {limit} bytes",
                "invalid_request_error",
                "request_too_large",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _add_schemas(app: FastAPI) -> None:
    """Put the request model's definitions in the OpenAPI components."""
    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = base()
        defs = request_schema()
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps.update(defs.pop("$defs", {}))
        comps["ChatCompletionRequest"] = defs
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
