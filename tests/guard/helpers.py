"""Helpers for the guard tests: keys through the real workflow, a gateway on loopback."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from upright.guard import identity, scripted
from upright.guard.app import GuardConfig, create_app
from upright.guard.policy import load_policy
from upright.guard.server import CoalescingHTTP


def key_for(engine: Any, tier: str, who: str | None = None) -> str:
    who = who or f"{tier}-{uuid.uuid4().hex[:6]}"
    if tier != "public":
        req = identity.request_access(engine, who, tier, "verified by the security team")
        identity.decide_access(engine, req["request"], "reviewer-1", approve=True, days=30)
    return str(identity.create_key(engine, who, tier)["key"])


@contextmanager
def gateway(upstream_url: str, db_url: str, **kw: Any) -> Iterator[tuple[httpx.Client, Any]]:
    """A real gateway on loopback (uvicorn, with the protocol `guard serve` uses) in front of
    `upstream_url`."""
    kw.setdefault("policy", load_policy())
    app = create_app(GuardConfig(upstream=upstream_url, db_url=db_url, **kw))
    with (
        scripted.serve_app(app, http=CoalescingHTTP) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        yield client, app.state.gateway
        app.state.gateway.writer.flush()


def chat(
    client: httpx.Client,
    key: str | None,
    text: str,
    stream: bool = False,
    model: str = scripted.MODEL,
    **extra: Any,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = {
        "model": model,
        "messages": [{"role": "user", "content": text}],
        "stream": stream,
        **extra,
    }
    return client.post("/v1/chat/completions", json=body, headers=headers)


def stream_text(resp: httpx.Response) -> tuple[str, list[str | None], list[dict[str, Any]]]:
    """The streamed content, the finish reasons, and the parsed events."""
    text, finishes, events = "", [], []
    for line in resp.text.splitlines():
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        obj = json.loads(line[6:])
        events.append(obj)
        for ch in obj.get("choices", []):
            text += ch.get("delta", {}).get("content") or ""
            if ch.get("finish_reason"):
                finishes.append(ch["finish_reason"])
    return text, finishes, events
