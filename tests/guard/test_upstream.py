"""The upstream client: keep-alive, streams, timeouts, closed connections, proxies, lines."""

from __future__ import annotations

import asyncio
import json

import pytest

from upright.errors import UsageError
from upright.guard import scripted
from upright.guard.upstream import HttpxUpstream, LineSplitter, UpstreamError, make_upstream
from upright.guard.upstream_h11 import H11Upstream

pytestmark = pytest.mark.integration
ASK = json.dumps(
    {"model": scripted.MODEL, "messages": [{"role": "user", "content": "hi"}]}
).encode()
STREAM_ASK = json.dumps(
    {"model": scripted.MODEL, "messages": [{"role": "user", "content": "hi"}], "stream": True}
).encode()


def run(coro):
    return asyncio.run(coro)


def test_requests_reuse_one_connection(upstream):
    async def go():
        up = H11Upstream(upstream[0], timeout_s=5)
        try:
            for _ in range(3):
                r = await up.request("POST", "chat/completions", ASK)
                assert r.status == 200
                assert r.json()["choices"][0]["message"]["content"] == scripted.PLAIN
            assert len(up._idle) == 1
            models = await up.request("GET", "models")
            assert models.status == 200 and models.json()["data"][0]["id"] == scripted.MODEL
            missing = await up.request("POST", "nowhere", b"{}")
            assert missing.status == 404
            assert len(up._idle) == 1
        finally:
            await up.aclose()

    run(go())


@pytest.mark.parametrize("client", [H11Upstream, HttpxUpstream])
def test_stream_lines_and_connection_back_to_the_pool(upstream, client):
    async def go():
        up = client(upstream[0], 5)
        try:
            for _ in range(2):
                s = await up.open_stream("POST", "chat/completions", STREAM_ASK)
                assert s.status == 200
                text = ""
                async for line in s.lines():
                    if line == "data: [DONE]":
                        break  # as the relay does: stop at [DONE], close, reuse
                    if line.startswith("data: "):
                        for ch in json.loads(line[6:])["choices"]:
                            text += ch["delta"].get("content") or ""
                await s.aclose()
                assert text == scripted.PLAIN
            if isinstance(up, H11Upstream):
                assert len(up._idle) == 1
        finally:
            await up.aclose()

    run(go())


def test_requests_in_flight_are_capped(upstream):
    async def go():
        up = H11Upstream(upstream[0], timeout_s=0.3, max_in_flight=1)
        try:
            s = await up.open_stream("POST", "chat/completions", STREAM_ASK)
            with pytest.raises(UpstreamError, match="free connection"):
                await up.request("POST", "chat/completions", ASK)
            await s.aclose()
            await s.aclose()  # closing twice gives back one connection and one slot
            assert len(up._idle) == 1
            assert (await up.request("POST", "chat/completions", ASK)).status == 200
        finally:
            await up.aclose()

    run(go())


def test_slow_upstream_times_out_and_refused_connect_fails():
    async def go(url):
        up = H11Upstream(url, timeout_s=0.2)
        try:
            with pytest.raises(UpstreamError, match="timed out"):
                await up.request("POST", "chat/completions", ASK)
            with pytest.raises(UpstreamError, match="timed out"):
                await up.open_stream("POST", "chat/completions", STREAM_ASK)
            assert up._idle == []
        finally:
            await up.aclose()

    with scripted.serve(mode="slow", delay_s=1.0) as (url, _):
        run(go(url))
    # the port is free now: nothing listens there

    async def refused():
        up = H11Upstream(url, timeout_s=1)
        with pytest.raises(UpstreamError, match="connect failed"):
            await up.request("POST", "chat/completions", ASK)

    run(refused())


async def _one_shot_server(replies: list[bytes]) -> tuple[asyncio.Server, str]:
    """Answers one request per connection with the next reply, then closes the connection
    (while keeping it alive by the headers: the client must notice the close)."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(replies.pop(0))
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/v1"


def test_a_connection_the_server_closed_is_not_reused():
    ok = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"

    async def go():
        server, url = await _one_shot_server([ok, ok])
        up = H11Upstream(url, timeout_s=2)
        try:
            assert (await up.request("GET", "models")).status == 200
            await asyncio.sleep(0.2)  # the server has closed that connection by now
            assert (await up.request("GET", "models")).status == 200
        finally:
            await up.aclose()
            server.close()

    run(go())


def test_a_reused_connection_closed_unanswered_is_retried_once_on_a_new_one():
    ok = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"
    seen: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        seen.append(1)
        writer.write(ok)  # keep-alive by the headers...
        await writer.drain()
        await reader.readuntil(b"\r\n\r\n")
        seen.append(2)
        writer.close()  # ...but the next request on it is dropped unanswered

    async def go():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/v1"
        up = H11Upstream(url, timeout_s=2)
        try:
            assert (await up.request("GET", "models")).status == 200
            assert (await up.request("GET", "models")).status == 200  # retried, answered
            assert seen == [1, 2, 1]
        finally:
            await up.aclose()
            server.close()

    run(go())


@pytest.mark.parametrize(
    "reply",
    [
        b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{}",  # the body stops short
        b"NOT HTTP AT ALL\r\n\r\n",
        b"",  # closed unanswered on a new connection: not retried
    ],
)
def test_broken_responses_are_upstream_errors(reply):
    async def go():
        server, url = await _one_shot_server([reply])
        up = H11Upstream(url, timeout_s=2)
        try:
            with pytest.raises(UpstreamError):
                await up.request("GET", "models")
            assert up._idle == []
        finally:
            await up.aclose()
            server.close()

    run(go())


def test_proxy_settings_choose_the_httpx_client(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.delenv(var.lower(), raising=False)
    assert isinstance(make_upstream("http://127.0.0.1:9/v1", timeout_s=1), H11Upstream)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert isinstance(make_upstream("http://127.0.0.1:9/v1", timeout_s=1), H11Upstream)
    assert isinstance(make_upstream("https://api.example.com/v1", timeout_s=1), HttpxUpstream)
    monkeypatch.setenv("NO_PROXY", "api.example.com")
    assert isinstance(make_upstream("https://api.example.com/v1", timeout_s=1), H11Upstream)


def test_a_bad_upstream_url_is_a_usage_error():
    with pytest.raises(UsageError, match="invalid --upstream"):
        make_upstream("ftp://example.com/v1", timeout_s=1)


def test_line_splitter_cr_lf_crlf_across_chunks():
    s = LineSplitter()
    out: list[str] = []
    for part in [b"data: a\r", b"\ndata: b\n\ndata: \xc3", b"\xa9\rx\r", b"\r\nlast"]:
        out += s.feed(part)
    out += s.flush()
    assert out == ["data: a", "data: b", "", "data: \u00e9", "x", "", "last"]
    assert LineSplitter().flush() == []
