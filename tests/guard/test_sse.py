"""The stream relay's bookkeeping: a caller that leaves before the first event still gets its
one audit record, and the upstream stream is closed."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import ClientDisconnect

from tests.guard.helpers import key_for
from upright.guard import audit
from upright.guard.app import GuardConfig, create_app
from upright.guard.chat import Call
from upright.guard.identity import Resolver
from upright.guard.policy import Decision, load_policy
from upright.guard.sse import _Relay


class FakeStream:
    status = 200
    closed = False

    async def aread(self) -> bytes:
        return b""

    async def lines(self):
        yield "data: [DONE]"

    async def aclose(self) -> None:
        self.closed = True


def test_caller_gone_before_the_first_event_is_recorded(upstream, db_url, engine):
    app = create_app(GuardConfig(upstream=upstream[0], db_url=db_url, policy=load_policy()))
    gw = app.state.gateway
    who = Resolver(engine).resolve(key_for(engine, "public"))
    call = Call(gw, who, {"model": "m", "messages": [], "stream": True}, b"{}")
    fake = FakeStream()

    async def send(message):
        raise OSError("the caller hung up")

    async def receive():
        return {"type": "http.disconnect"}

    scope = {"type": "http", "asgi": {"spec_version": "2.4"}}
    with pytest.raises(ClientDisconnect):
        asyncio.run(_Relay(call, fake, Decision("allow"))(scope, receive, send))
    assert fake.closed
    assert gw.writer.flush(10)
    rec = [r for r in audit.iter_records(engine) if r["kind"] == "decision"]
    assert len(rec) == 1 and rec[0]["request_id"] == call.request_id
    assert rec[0]["categories"] == ["caller_gone"]
    gw.writer.close()
