"""A streamed chat completion: relay the upstream's Server-Sent Events to the caller, each
choice scanned with hold-back (`stream.ChoiceStream`) before any of its text goes out.

The caller gets the guard's own chunks (the upstream's id, created, model and usage carried
over): a role chunk when a choice starts, released text as it clears the scans, tool calls
whole when the choice finishes, and `finish_reason: "content_filter"` when it is blocked. An
upstream failure mid-stream ends the stream with an `error` event and withholds held text.
The decision record is written once, when the stream ends, however it ends.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from fastapi.responses import Response, StreamingResponse

from upright.guard.deps import ApiError
from upright.guard.policy import Decision
from upright.guard.stream import ChoiceStream
from upright.guard.upstream import Streamed, UpstreamError

if TYPE_CHECKING:
    from upright.guard.chat import Call

log = logging.getLogger(__name__)
DONE = b"data: [DONE]\n\n"


def sse(obj: Any) -> bytes:
    return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"


async def relay(call: Call, payload: bytes, d_in: Decision) -> Response:
    """Open the upstream stream; errors before the first byte are plain HTTP errors."""
    try:
        resp = await call.gw.upstream.open_stream("POST", "chat/completions", payload)
    except UpstreamError as e:
        raise call.upstream_failed(d_in, f"upstream failure: {e}") from None
    if resp.status >= 400:
        try:
            content = await resp.aread()
        except UpstreamError:
            content = b""
        finally:
            await resp.aclose()
        if 400 <= resp.status < 500 and resp.status != 401:
            call.record(Decision.merge(d_in, Decision("block")), [], ("upstream_error",))
            return Response(
                content,
                status_code=resp.status,
                headers=call.headers,
                media_type="application/json",
            )
        raise call.upstream_failed(d_in, f"upstream answered {resp.status}")
    return _Relay(call, resp, d_in)


class _Relay(StreamingResponse):
    """The event stream; records and closes the upstream even when the caller left before
    the first event (the events generator then never runs)."""

    def __init__(self, call: Call, resp: Streamed, d_in: Decision) -> None:
        self.call, self.resp, self.d_in, self.started = call, resp, d_in, False
        super().__init__(
            _events(self),
            media_type="text/event-stream",
            headers={**call.headers, "Cache-Control": "no-cache"},
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            if not self.started:
                try:
                    self.call.record(self.d_in, [], ("caller_gone",))
                except ApiError:
                    log.error("audit record for a stream could not be queued")
                await self.resp.aclose()


async def _events(relay: _Relay) -> AsyncIterator[bytes]:
    relay.started = True
    call, resp, d_in = relay.call, relay.resp, relay.d_in
    gw, tier, pol = call.gw, call.tier, call.gw.policy
    states: dict[int, ChoiceStream] = {}
    meta: dict[str, Any] = {
        "id": "chatcmpl-guard",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": call.body.get("model"),
    }
    tail: list[dict[str, Any]] = []
    failed = done = False

    def chunk(index: int, delta: dict[str, Any], finish: str | None = None) -> bytes:
        return sse({**meta, "choices": [{"index": index, "delta": delta, "finish_reason": finish}]})

    async def finish(i: int, st: ChoiceStream) -> AsyncIterator[bytes]:
        out = await st.step(gw.scanner, tier, final=True)
        if out is None:
            yield chunk(i, {}, "content_filter")
            return
        if out:
            yield chunk(i, {"content": out})
        if st.tool_calls:
            calls = [{"index": n, **st.tool_calls[k]} for n, k in enumerate(sorted(st.tool_calls))]
            yield chunk(i, {"tool_calls": calls})
        yield chunk(i, {}, st.finish_reason or "stop")

    try:
        async for line in resp.lines():
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
            yield sse(obj)
        yield DONE
    except (UpstreamError, ValueError, TypeError, AttributeError) as e:
        failed = True
        log.warning("upstream stream failed: %s", e)
        yield sse(
            {
                "error": {
                    "message": "upstream stream failed; held text withheld",
                    "type": "upstream_error",
                    "param": None,
                    "code": "bad_gateway",
                }
            }
        )
        yield DONE
    finally:  # record first: closing the upstream may be interrupted (caller gone)
        decision = Decision.merge(d_in, *(s.decision() for s in states.values()))
        if any(s.blocked for s in states.values()) and decision.action != "block":
            decision = Decision.merge(decision, Decision("block"))
        replies = [states[i].text for i in sorted(states)]
        try:
            call.record(decision, replies, ("upstream_error",) if failed else ())
        except ApiError:
            log.error("audit record for a stream could not be queued")
        await resp.aclose()
