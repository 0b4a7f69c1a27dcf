"""A chat completion through the guard, checked in order: model and capability for the tier
(403), rate limit (429), input scan (400 when blocked), upstream (502 when it fails), output
scan (200 with `finish_reason: "content_filter"` when blocked). Every request that gets this
far, except one refused by the rate limit, leaves exactly one decision record in the audit
chain. Streamed replies continue in `sse`.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.responses import JSONResponse, Response

from upright.guard import audit
from upright.guard.deps import ApiError
from upright.guard.errors import AuditError
from upright.guard.gateway import Gateway
from upright.guard.policy import Decision, model_allowed
from upright.guard.scanner import content_text
from upright.guard.sse import relay
from upright.guard.upstream import UpstreamError
from upright.types import Identity, Tier

log = logging.getLogger(__name__)


@dataclass
class Call:
    """One request's context, and its one audit record."""

    gw: Gateway
    who: Identity
    body: dict[str, Any]
    raw: bytes
    request_id: str = field(default_factory=lambda: "req-" + uuid.uuid4().hex)

    @property
    def model(self) -> str:
        return str(self.body["model"])

    @property
    def tier(self) -> Tier:
        return self.gw.policy.tiers[self.who.tier]

    @property
    def headers(self) -> dict[str, str]:
        return {"x-request-id": self.request_id}

    def record(self, decision: Decision, replies: list[str], extra: tuple[str, ...] = ()) -> None:
        """Queue the decision record; 503 (fail closed) when the audit log cannot take it."""
        messages = _audit_messages(self.body, replies) if self.gw.policy.audit_messages else None
        try:
            self.gw.record(
                self.request_id,
                self.who,
                self.model,
                decision,
                audit.sha256_hex(self.raw),
                messages,
                extra,
            )
        except AuditError:
            raise ApiError(
                503,
                "the audit log is unavailable; try again",
                "service_unavailable",
                "audit_unavailable",
                {"Retry-After": "1"},
            ) from None

    def upstream_failed(self, d_in: Decision, why: str) -> ApiError:
        """Record the failure (blocked, `upstream_error`) and return the 502 to raise."""
        self.record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
        return ApiError(502, why, "upstream_error", "bad_gateway", self.headers)


def _audit_messages(body: dict[str, Any], replies: list[str]) -> list[dict[str, str]]:
    msgs = [
        {"role": str(m.get("role")), "content": content_text(m.get("content"))}
        for m in body.get("messages") or []
        if isinstance(m, dict)
    ]
    return msgs + [{"role": "assistant", "content": r} for r in replies]


async def handle_chat(gw: Gateway, who: Identity, body: dict[str, Any], raw: bytes) -> Response:
    call = Call(gw, who, body, raw)
    tier, model = call.tier, call.model
    stream = bool(body.get("stream"))

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
        call.record(Decision("block"), [], ("forbidden",))
        raise ApiError(
            403,
            f"tier {who.tier} may not use {what}",
            "permission_error",
            "tier_not_allowed",
            call.headers,
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
            {"Retry-After": str(lim.retry_after), **call.headers},
        )

    # input
    d_in = await gw.scanner.check_input(body, tier)
    if d_in.action == "block":
        call.record(d_in, [])
        cats = ", ".join(d_in.categories)
        raise ApiError(
            400,
            f"the request was blocked by policy ({cats})",
            "content_filter",
            "content_filter",
            call.headers,
        )
    payload = json.dumps(body).encode() if d_in.action == "redact" else raw

    if stream:
        return await relay(call, payload, d_in)
    return await _complete(call, payload, d_in)


async def _complete(call: Call, payload: bytes, d_in: Decision) -> Response:
    """The non-streamed path: one upstream call, the output scan, the record."""
    gw, headers = call.gw, call.headers
    try:
        r = await gw.upstream.request("POST", "chat/completions", payload)
    except UpstreamError as e:
        raise call.upstream_failed(d_in, f"upstream failure: {e}") from None
    if r.status >= 400:
        if 400 <= r.status < 500 and r.status != 401:
            call.record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
            return Response(
                r.body, status_code=r.status, headers=headers, media_type="application/json"
            )
        raise call.upstream_failed(d_in, f"upstream answered {r.status}")
    try:
        data = r.json()
        choices = data["choices"]
        if not isinstance(choices, list) or not all(
            isinstance(c, dict) and isinstance(c.get("message"), dict) for c in choices
        ):
            raise TypeError("choices")
    except (ValueError, KeyError, TypeError):
        raise call.upstream_failed(d_in, "upstream sent a malformed completion") from None
    d_out = await gw.scanner.check_response(data, call.tier)
    decision = Decision.merge(d_in, d_out)
    replies = [content_text(c["message"].get("content")) for c in choices]
    call.record(decision, replies)
    headers |= {
        "x-upright-decision": decision.action,
        "x-upright-categories": ",".join(decision.categories),
    }
    # re-serialised even when unchanged: the caller gets exactly what was scanned (a body
    # with, say, a duplicated key could read differently to the caller's parser than to ours)
    return JSONResponse(data, headers=headers)
