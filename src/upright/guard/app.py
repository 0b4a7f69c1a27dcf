"""The gateway: an OpenAI-compatible proxy that scans, decides, audits and rate-limits.

Order of checks for a chat completion: body size (413), credential (401), body shape (400),
model and capability for the tier (403), rate limit (429), input scan (400 when blocked),
upstream (502 when it fails), output scan (200 with `finish_reason: "content_filter"` when
blocked). Every request that gets past the credential and the rate limit leaves exactly one
decision record in the audit chain.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from upright.guard import audit
from upright.guard.db import engine_for
from upright.guard.deps import ApiError, CallerDep, GatewayDep
from upright.guard.errors import AuditError
from upright.guard.identity import OidcConfig, Resolver
from upright.guard.limits import Limiter, make_limiter
from upright.guard.policy import Decision, load_policy, model_allowed
from upright.guard.scanner import Scanner, content_text
from upright.guard.stream import ChoiceStream
from upright.types import Identity, Policy

log = logging.getLogger(__name__)


# ---- API schemas (what the OpenAPI document advertises) -----------------------------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = Field(min_length=1, max_length=256)
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool | None = False
    tools: list[dict[str, Any]] | None = None


_REQUEST = TypeAdapter(ChatCompletionRequest)


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": desc}
    for code, desc in {
        400: "invalid request, or input blocked (type content_filter)",
        401: "no valid key or token",
        403: "the tier may not use this model or capability",
        413: "request body too large",
        429: "over the rate limit (see Retry-After)",
        502: "upstream failure",
        503: "a store the gateway needs is unavailable",
    }.items()
}


# ---- the gateway's state -----------------------------------------------------------------------


@dataclass
class GuardConfig:
    upstream: str
    policy_path: Path | None = None
    policy: Policy | None = None
    db_url: str | None = None
    redis_url: str | None = None
    redis_prefix: str = "upright:guard:rl"
    upstream_api_key: str | None = None
    identity_cache_s: float = 1.0
    detectors: list[Any] | None = None  # override the policy's detector tiers (tests)


@dataclass
class Gateway:
    config: GuardConfig
    policy: Policy
    scanner: Scanner
    resolver: Resolver
    limiter: Limiter
    writer: audit.AuditWriter
    client: httpx.AsyncClient
    started: float = field(default_factory=time.time)

    @classmethod
    def build(cls, config: GuardConfig) -> Gateway:
        from upright.config import get_settings

        policy = config.policy or load_policy(config.policy_path)
        engine = engine_for(config.db_url or get_settings().db_url)
        oidc = OidcConfig.from_policy(policy.oidc) if policy.oidc else None
        headers = (
            {"Authorization": f"Bearer {config.upstream_api_key}"}
            if config.upstream_api_key
            else {}
        )
        scanner = Scanner(policy, config.detectors)
        scanner.warm()
        return cls(
            config=config,
            policy=policy,
            scanner=scanner,
            resolver=Resolver(engine, oidc, ttl_s=config.identity_cache_s),
            limiter=make_limiter(config.redis_url, config.redis_prefix),
            writer=audit.AuditWriter(engine),
            client=httpx.AsyncClient(
                base_url=config.upstream.rstrip("/") + "/",
                timeout=httpx.Timeout(policy.upstream_timeout_s, connect=5.0),
                limits=httpx.Limits(max_connections=256, max_keepalive_connections=64),
                headers=headers,
            ),
        )

    async def close(self) -> None:
        await self.client.aclose()
        await self.limiter.close()
        self.scanner.close()
        self.writer.close()

    def record(
        self,
        request_id: str,
        who: Identity,
        model: str,
        decision: Decision,
        body_sha: str,
        messages: list[dict[str, str]] | None,
        extra: tuple[str, ...] = (),
    ) -> None:
        cats = tuple(dict.fromkeys((*decision.categories, *extra)))
        self.writer.submit(
            audit.new_record(
                kind="decision",
                request_id=request_id,
                identity=who.id,
                tier=who.tier,
                model=model,
                decision=decision.action,
                categories=list(cats),
                request_sha256=body_sha,
                messages=messages if self.policy.audit_messages else None,
            )
        )


# ---- the app ----------------------------------------------------------------------------------


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
            ApiError(400, _first_error(e.errors()), "invalid_request_error").body(), status_code=400
        )

    app.add_middleware(SizeLimit, limit=gateway.policy.max_body_bytes)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models", responses=_ERRORS)
    async def models(gw: GatewayDep, who: CallerDep) -> JSONResponse:
        """The upstream's models that this caller's tier may use."""
        tier = gw.policy.tiers[who.tier]
        try:
            r = await gw.client.get("models")
            data = r.json()
            items = [m for m in data["data"] if model_allowed(tier, str(m.get("id")))]
        except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise ApiError(
                502, f"upstream failure: {type(e).__name__}", "upstream_error", "bad_gateway"
            ) from None
        if r.status_code >= 400:
            raise ApiError(
                502, f"upstream answered {r.status_code}", "upstream_error", "bad_gateway"
            )
        return JSONResponse({"object": "list", "data": items})

    @app.post(
        "/v1/chat/completions",
        responses={
            200: {"description": "a chat completion, or an SSE stream of chunks"},
            **_ERRORS,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": ChatCompletionRequest.model_json_schema(
                            ref_template="#/components/schemas/{model}"
                        )
                    }
                },
            }
        },
    )
    async def chat_completions(request: Request, gw: GatewayDep, who: CallerDep) -> Response:
        """Create a chat completion through the guard (streaming or not)."""
        raw = await _read_body(request, gw.policy.max_body_bytes)
        try:
            body = json.loads(raw)
            _REQUEST.validate_python(body)
        except ValueError as e:
            msg = (
                _first_error(e.errors()) if isinstance(e, ValidationError) else "invalid JSON body"
            )
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


def _add_schemas(app: FastAPI) -> None:
    """Put the request model's definitions in the OpenAPI components."""
    base = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = base()
        defs = ChatCompletionRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        comps = schema.setdefault("components", {}).setdefault("schemas", {})
        comps.update(defs.pop("$defs", {}))
        comps["ChatCompletionRequest"] = defs
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _first_error(errors: Any) -> str:
    try:
        err = next(iter(errors))
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        return f"invalid request: {loc or 'body'}: {err.get('msg', 'invalid')}"
    except (StopIteration, TypeError, AttributeError):
        return "invalid request"


async def _read_body(request: Request, limit: int) -> bytes:
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


def _audit_messages(body: dict[str, Any], replies: list[str]) -> list[dict[str, str]]:
    msgs = [
        {"role": str(m.get("role")), "content": content_text(m.get("content"))}
        for m in body.get("messages") or []
        if isinstance(m, dict)
    ]
    return msgs + [{"role": "assistant", "content": r} for r in replies]


async def handle_chat(gw: Gateway, who: Identity, body: dict[str, Any], raw: bytes) -> Response:
    request_id = "req-" + uuid.uuid4().hex
    body_sha = audit.sha256_hex(raw)
    model = str(body["model"])
    tier = gw.policy.tiers[who.tier]
    stream = bool(body.get("stream"))
    headers = {"x-request-id": request_id}

    def record(decision: Decision, replies: list[str], extra: tuple[str, ...] = ()) -> None:
        try:
            gw.record(
                request_id, who, model, decision, body_sha, _audit_messages(body, replies), extra
            )
        except AuditError:
            raise ApiError(
                503,
                "the audit log is unavailable; try again",
                "service_unavailable",
                "audit_unavailable",
                {"Retry-After": "1"},
            ) from None

    # 403: model and capabilities for this tier
    needed = (
        ["chat"]
        + (["stream"] if stream else [])
        + (["tools"] if body.get("tools") or body.get("functions") else [])
    )
    missing = [c for c in needed if c not in tier.capabilities]
    if not model_allowed(tier, model) or missing:
        what = (
            f"model {model!r}" if not model_allowed(tier, model) else f"capability {missing[0]!r}"
        )
        record(Decision("block"), [], ("forbidden",))
        raise ApiError(
            403,
            f"tier {who.tier} may not use {what}",
            "permission_error",
            "tier_not_allowed",
            headers,
        )

    # 429
    try:
        lim = await gw.limiter.hit(who.key_id or who.id, tier.requests_per_minute)
    except Exception as e:  # the shared limiter is down: fail closed
        log.error("rate limiter failed: %s", e)
        raise ApiError(
            503,
            "the rate limiter is unavailable; try again",
            "service_unavailable",
            "limiter_unavailable",
            {"Retry-After": "1"},
        ) from None
    if not lim.allowed:
        raise ApiError(
            429,
            f"rate limit of {tier.requests_per_minute} requests per minute reached",
            "rate_limit_error",
            "rate_limit_exceeded",
            {"Retry-After": str(lim.retry_after), **headers},
        )

    # input
    d_in = await gw.scanner.check_input(body, tier)
    if d_in.action == "block":
        record(d_in, [])
        cats = ", ".join(d_in.categories)
        raise ApiError(
            400,
            f"the request was blocked by policy ({cats})",
            "content_filter",
            "content_filter",
            headers,
        )
    payload = json.dumps(body).encode() if d_in.action == "redact" else raw

    if stream:
        return await _stream(gw, who, body, payload, d_in, record, headers)

    # non-streaming
    try:
        r = await gw.client.post(
            "chat/completions", content=payload, headers={"Content-Type": "application/json"}
        )
    except httpx.HTTPError as e:
        record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
        raise ApiError(
            502, f"upstream failure: {type(e).__name__}", "upstream_error", "bad_gateway", headers
        ) from None
    if r.status_code >= 400:
        record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
        if 400 <= r.status_code < 500 and r.status_code != 401:
            return Response(
                r.content, status_code=r.status_code, headers=headers, media_type="application/json"
            )
        raise ApiError(
            502, f"upstream answered {r.status_code}", "upstream_error", "bad_gateway", headers
        )
    try:
        data = r.json()
        choices = data["choices"]
        if not isinstance(choices, list) or not all(
            isinstance(c, dict) and isinstance(c.get("message"), dict) for c in choices
        ):
            raise TypeError("choices")
    except (ValueError, KeyError, TypeError):
        record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
        raise ApiError(
            502, "upstream sent a malformed completion", "upstream_error", "bad_gateway", headers
        ) from None
    d_out = await gw.scanner.check_response(data, tier)
    decision = Decision.merge(d_in, d_out)
    replies = [content_text(c["message"].get("content")) for c in choices]
    record(decision, replies)
    headers |= {
        "x-upright-decision": decision.action,
        "x-upright-categories": ",".join(decision.categories),
    }
    return JSONResponse(data, headers=headers)


def _sse(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"


async def _stream(
    gw: Gateway,
    who: Identity,
    body: dict[str, Any],
    payload: bytes,
    d_in: Decision,
    record: Any,
    headers: dict[str, str],
) -> Response:
    tier = gw.policy.tiers[who.tier]
    req = gw.client.build_request(
        "POST", "chat/completions", content=payload, headers={"Content-Type": "application/json"}
    )
    try:
        resp = await gw.client.send(req, stream=True)
    except httpx.HTTPError as e:
        record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
        raise ApiError(
            502, f"upstream failure: {type(e).__name__}", "upstream_error", "bad_gateway", headers
        ) from None
    if resp.status_code >= 400:
        content = await resp.aread()
        await resp.aclose()
        record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
        if 400 <= resp.status_code < 500 and resp.status_code != 401:
            return Response(
                content,
                status_code=resp.status_code,
                headers=headers,
                media_type="application/json",
            )
        raise ApiError(
            502, f"upstream answered {resp.status_code}", "upstream_error", "bad_gateway", headers
        )

    pol = gw.policy

    async def events() -> AsyncIterator[bytes]:
        states: dict[int, ChoiceStream] = {}
        meta: dict[str, Any] = {
            "id": "chatcmpl-guard",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model"),
        }
        tail: list[dict[str, Any]] = []
        failed = done = False

        def chunk(index: int, delta: dict[str, Any], finish: str | None = None) -> bytes:
            return _sse(
                {**meta, "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}
            )

        async def finish(i: int, st: ChoiceStream) -> AsyncIterator[bytes]:
            out = await st.step(gw.scanner, tier, final=True)
            if out is None:
                yield chunk(i, {}, "content_filter")
                return
            if out:
                yield chunk(i, {"content": out})
            if st.tool_calls:
                calls = [
                    {"index": n, **st.tool_calls[k]} for n, k in enumerate(sorted(st.tool_calls))
                ]
                yield chunk(i, {"tool_calls": calls})
            yield chunk(i, {}, st.finish_reason or "stop")

        try:
            async for line in resp.aiter_lines():
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    done = True
                    break
                obj = json.loads(data)
                if not isinstance(obj, dict) or not isinstance(obj.get("choices", []), list):
                    raise ValueError("malformed chunk")
                for k in ("id", "created", "model", "system_fingerprint"):
                    if k in obj:
                        meta[k] = obj[k]
                if not obj.get("choices"):
                    if obj.get("usage") is not None:
                        tail.append(obj)
                    continue
                for ch in obj["choices"]:
                    i = int(ch.get("index", 0))
                    st = states.get(i)
                    if st is None:
                        st = states[i] = ChoiceStream(pol.holdback_chars, pol.scan_every_chars)
                        yield chunk(i, {"role": "assistant", "content": ""})
                    if st.blocked or st.finish_reason:
                        continue
                    st.feed(ch.get("delta") or {})
                    if ch.get("finish_reason"):
                        st.finish_reason = ch["finish_reason"]
                        async for b in finish(i, st):
                            yield b
                    elif st.due():
                        out = await st.step(gw.scanner, tier, final=False)
                        if out is None:
                            yield chunk(i, {}, "content_filter")
                        elif out:
                            yield chunk(i, {"content": out})
            if not done and any(not s.finish_reason and not s.blocked for s in states.values()):
                raise ValueError("upstream stream ended early")
            for i, st in states.items():  # [DONE] without a finish_reason: finish now
                if not st.finish_reason and not st.blocked:
                    st.finish_reason = "stop"
                    async for b in finish(i, st):
                        yield b
            for obj in tail:
                yield _sse(obj)
            yield b"data: [DONE]\n\n"
        except (httpx.HTTPError, ValueError, TypeError, AttributeError) as e:
            failed = True
            log.warning("upstream stream failed: %s", e)
            yield _sse(
                {
                    "error": {
                        "message": "upstream stream failed; held text withheld",
                        "type": "upstream_error",
                        "param": None,
                        "code": "bad_gateway",
                    }
                }
            )
            yield b"data: [DONE]\n\n"
        finally:
            await resp.aclose()
            decision = Decision.merge(d_in, *(s.decision() for s in states.values()))
            if any(s.blocked for s in states.values()) and decision.action != "block":
                decision = Decision.merge(decision, Decision("block"))
            replies = [states[i].text for i in sorted(states)]
            try:
                record(decision, replies, ("upstream_error",) if failed else ())
            except ApiError:
                log.error("audit record for a stream could not be queued")

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={**headers, "Cache-Control": "no-cache"}
    )
