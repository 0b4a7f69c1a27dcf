"""What the gateway needs from its upstream client, and which client it gets.

`make_upstream` returns the h11 client (`upstream_h11.H11Upstream`), or, when the
environment names an HTTP proxy for the upstream (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
honouring `NO_PROXY`), `HttpxUpstream`, the same interface over httpx, which speaks
proxies. Either raises `UpstreamError` for an upstream that cannot be reached, times out,
or breaks HTTP.
"""

from __future__ import annotations

import codecs
import json
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from upright.errors import UsageError


class UpstreamError(Exception):
    """The upstream could not be reached, timed out, or broke HTTP; the message says which."""


@dataclass
class Reply:
    """A complete (non-streamed) upstream response."""

    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Streamed(Protocol):
    """An upstream response whose body is read as it arrives (close it when done)."""

    status: int

    async def aread(self) -> bytes: ...

    def lines(self) -> AsyncIterator[str]: ...

    async def aclose(self) -> None: ...


class Upstream(Protocol):
    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply: ...

    async def open_stream(self, method: str, path: str, body: bytes | None = None) -> Streamed: ...

    async def aclose(self) -> None: ...


def make_upstream(
    base_url: str,
    *,
    timeout_s: float,
    connect_timeout_s: float = 5.0,
    headers: dict[str, str] | None = None,
) -> Upstream:
    """The h11 client, or the httpx one when a proxy applies to `base_url`."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"invalid --upstream {base_url!r}: use http://HOST[:PORT]/PATH or https://..."
        )
    proxies = urllib.request.getproxies()
    proxied = (proxies.get(parts.scheme) or proxies.get("all")) and not (
        urllib.request.proxy_bypass(parts.hostname or "")
    )
    if proxied:
        return HttpxUpstream(base_url, timeout_s, connect_timeout_s, headers)
    from upright.guard.upstream_h11 import H11Upstream

    return H11Upstream(base_url, timeout_s, connect_timeout_s, headers)


class LineSplitter:
    """Incremental UTF-8 decoding and line splitting at CR, LF and CRLF only."""

    def __init__(self) -> None:
        self._dec = codecs.getincrementaldecoder("utf-8")("replace")
        self._buf = ""

    def feed(self, data: bytes) -> list[str]:
        return self._split(self._buf + self._dec.decode(data))

    def flush(self) -> list[str]:
        lines = self._split(self._buf + self._dec.decode(b"", final=True))
        tail, self._buf = self._buf.removesuffix("\r"), ""
        return [*lines, tail] if tail else lines

    def _split(self, text: str) -> list[str]:
        trailing_cr = text.endswith("\r")  # maybe the first half of a CRLF: decide later
        if trailing_cr:
            text = text[:-1]
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        self._buf = lines.pop() + ("\r" if trailing_cr else "")
        return lines


# ---- through a proxy -----------------------------------------------------------------------


class HttpxUpstream:
    """The same interface over httpx, for upstreams reached through an HTTP proxy."""

    def __init__(
        self,
        base_url: str,
        timeout_s: float,
        connect_timeout_s: float = 5.0,
        headers: dict[str, str] | None = None,
    ) -> None:
        import httpx

        self._httpx = httpx
        self.client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
            limits=httpx.Limits(max_connections=256, max_keepalive_connections=64),
            headers=headers or {},
        )

    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        try:
            r = await self.client.request(method, path, content=body, headers=_json_headers(body))
            return Reply(r.status_code, r.content)
        except self._httpx.HTTPError as e:
            raise UpstreamError(type(e).__name__) from None

    async def open_stream(self, method: str, path: str, body: bytes | None = None) -> Streamed:
        req = self.client.build_request(method, path, content=body, headers=_json_headers(body))
        try:
            return _HttpxStream(self._httpx, await self.client.send(req, stream=True))
        except self._httpx.HTTPError as e:
            raise UpstreamError(type(e).__name__) from None

    async def aclose(self) -> None:
        await self.client.aclose()


def _json_headers(body: bytes | None) -> dict[str, str]:
    return {"Content-Type": "application/json"} if body is not None else {}


class _HttpxStream:
    def __init__(self, httpx: Any, resp: Any) -> None:
        self._httpx, self.resp, self.status = httpx, resp, resp.status_code

    async def aread(self) -> bytes:
        try:
            return bytes(await self.resp.aread())
        except self._httpx.HTTPError as e:
            raise UpstreamError(type(e).__name__) from None

    async def lines(self) -> AsyncIterator[str]:
        split = LineSplitter()
        try:
            async for chunk in self.resp.aiter_bytes():
                for line in split.feed(chunk):
                    yield line
        except self._httpx.HTTPError as e:
            raise UpstreamError(type(e).__name__) from None
        for line in split.flush():
            yield line

    async def aclose(self) -> None:
        await self.resp.aclose()
