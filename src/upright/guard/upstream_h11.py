"""The client the gateway calls its upstream with: HTTP/1.1 on asyncio, parsed by h11.

httpx spent more CPU per proxied request than everything else in the gateway together
(connection-pool bookkeeping, a readability poll before each reuse, headers and body sent in
two writes). This client does what the gateway needs and no more: one write per request, a
LIFO pool of keep-alive connections that notices a closed connection from the event loop's
own callbacks, and a timeout on every wait. h11 does the framing (Content-Length, chunked,
close-delimited), so a malformed response is a protocol error, not a guess.

Timeouts follow httpx's meaning: `connect_timeout_s` to connect, `timeout_s` for each wait
on the upstream (a slow stream fails only when one gap between bytes is too long). Idle
connections are dropped after 2 s, below common servers' keep-alive timeouts (uvicorn's is
5 s). The one retry: a request written on a reused connection that the upstream closed
without a byte of answer (its keep-alive timeout won the race) goes once more on a new
connection; any other failure is an `UpstreamError`.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import h11

from upright.errors import UsageError
from upright.guard.upstream import LineSplitter, Reply, Streamed, UpstreamError

USER_AGENT = "upright-guard"
_PAUSE_AT = 1 << 20  # stop reading a socket when this much is buffered and not yet consumed
_DRAIN_S = 0.05  # how long a stream closed early waits for the rest of its body


# ---- one connection ----------------------------------------------------------------------


class _Conn(asyncio.Protocol):
    """A socket and its h11 state; bytes are buffered here until a reader asks for them."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.h11 = h11.Connection(h11.CLIENT)
        self.transport: asyncio.Transport | None = None
        self.chunks: list[bytes] = []
        self.buffered = 0
        self.paused = False
        self.closed = False  # the peer closed, the socket failed, or we closed it
        self.eof = False  # the peer closed (or the socket failed)
        self.received = 0  # bytes received since the last request was written
        self.waiter: asyncio.Future[None] | None = None
        self.idle_since = 0.0

    # asyncio.Protocol callbacks (run by the event loop)
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.received += len(data)
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > _PAUSE_AT and not self.paused and self.transport is not None:
            self.transport.pause_reading()
            self.paused = True
        self._wake()

    def eof_received(self) -> bool:
        self.closed = self.eof = True
        self._wake()
        return False  # let the transport close itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = self.eof = True
        self._wake()

    def _wake(self) -> None:
        w = self.waiter
        if w is not None and not w.done():
            w.set_result(None)

    # used by the client
    def reusable(self, now: float, expiry_s: float) -> bool:
        return (
            not self.closed
            and not self.chunks  # nothing unasked-for arrived while idle
            and self.transport is not None
            and not self.transport.is_closing()
            and now - self.idle_since < expiry_s
            and self.h11.our_state is h11.IDLE
            and self.h11.their_state is h11.IDLE
        )

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    async def _read(self, timeout_s: float) -> bytes:
        """Bytes that arrived, or b"" when the peer closed; waits at most `timeout_s`."""
        if not self.chunks and not self.closed:
            fut = self.waiter = self.loop.create_future()
            timer = self.loop.call_later(timeout_s, _expire, fut)
            try:
                await fut
            finally:
                timer.cancel()
                self.waiter = None
        if not self.chunks:
            return b""
        data = self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)
        self.chunks.clear()
        self.buffered = 0
        if self.paused and self.transport is not None:
            self.transport.resume_reading()
            self.paused = False
        return data

    async def next_event(self, timeout_s: float) -> Any:
        """The next response event (h11.Response, Data, EndOfMessage, ...)."""
        while True:
            try:
                ev = self.h11.next_event()
                if ev is h11.NEED_DATA:
                    self.h11.receive_data(await self._read(timeout_s))
                    continue
            except h11.RemoteProtocolError as e:
                raise UpstreamError(f"protocol error: {e}") from None
            if isinstance(ev, h11.ConnectionClosed):
                raise UpstreamError("connection closed before the response ended")
            return ev


class _ClosedUnanswered(Exception):
    """The upstream closed a connection without answering the request written on it."""


def _expire(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_exception(UpstreamError("timed out"))


# ---- the client --------------------------------------------------------------------------


class H11Upstream:
    """Keep-alive HTTP/1.1 to one base URL (http or https)."""

    def __init__(
        self,
        base_url: str,
        timeout_s: float,
        connect_timeout_s: float = 5.0,
        headers: dict[str, str] | None = None,
        max_idle: int = 64,
        keepalive_expiry_s: float = 2.0,
        max_in_flight: int = 256,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(f"invalid upstream URL {base_url!r}")
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.prefix = parts.path.rstrip("/") + "/"
        default_port = self.port == (443 if self.https else 80)
        authority = self.host if ":" not in self.host else f"[{self.host}]"
        authority += "" if default_port else f":{self.port}"
        self.headers: list[tuple[str, str]] = [
            ("host", authority),
            ("user-agent", USER_AGENT),
            ("accept", "application/json, text/event-stream"),
            *((k.lower(), v) for k, v in (headers or {}).items()),
        ]
        self.timeout_s = timeout_s
        self.connect_timeout_s = connect_timeout_s
        self.max_idle = max_idle
        self.keepalive_expiry_s = keepalive_expiry_s
        self._idle: list[_Conn] = []
        self._ssl: ssl.SSLContext | None = None
        # requests in flight (so connections open): at most idle + this many
        self._slots = asyncio.Semaphore(max_in_flight)

    async def request(self, method: str, path: str, body: bytes | None = None) -> Reply:
        await self._take_slot()
        try:
            conn, status = await self._send(method, path, body)
            chunks = []
            try:
                while True:
                    ev = await conn.next_event(self.timeout_s)
                    if isinstance(ev, h11.Data):
                        chunks.append(bytes(ev.data))
                    elif isinstance(ev, h11.EndOfMessage):
                        break
            except BaseException:
                conn.close()
                raise
            self._checkin(conn)
            return Reply(status, b"".join(chunks))
        finally:
            self._slots.release()

    async def open_stream(self, method: str, path: str, body: bytes | None = None) -> Streamed:
        await self._take_slot()
        try:
            conn, status = await self._send(method, path, body)
        except BaseException:
            self._slots.release()
            raise
        return _H11Stream(self, conn, status)  # releases the slot when closed

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for c in idle:
            c.close()

    # ---- internals ---------------------------------------------------------------------------

    async def _send(self, method: str, path: str, body: bytes | None) -> tuple[_Conn, int]:
        """Write the request and read the response head; returns the connection and status.

        A kept-alive connection can be closed by the upstream just as it is reused (its idle
        timeout fired before it read the request). A request that met that, closed before a
        single byte of answer, is sent once more on a new connection; nothing else is retried.
        """
        conn = self._checkout()
        if conn is not None:
            try:
                return conn, await self._exchange(conn, method, path, body)
            except _ClosedUnanswered:
                pass
        conn = await self._connect()
        try:
            return conn, await self._exchange(conn, method, path, body)
        except _ClosedUnanswered:
            raise UpstreamError("connection closed before a response") from None

    async def _exchange(self, conn: _Conn, method: str, path: str, body: bytes | None) -> int:
        headers = list(self.headers)
        if body is not None:
            headers += [("content-type", "application/json"), ("content-length", str(len(body)))]
        try:
            data = conn.h11.send(
                h11.Request(method=method, target=self.prefix + path, headers=headers)
            )
            if body:
                data += conn.h11.send(h11.Data(data=body)) or b""
            data += conn.h11.send(h11.EndOfMessage()) or b""
            assert conn.transport is not None
            conn.received = 0
            conn.transport.write(data)  # one write: head and body in one segment
            while True:
                ev = await conn.next_event(self.timeout_s)
                if isinstance(ev, h11.Response):
                    return int(ev.status_code)
                # 1xx informational responses: keep reading
        except BaseException as e:
            conn.close()
            if isinstance(e, UpstreamError) and conn.received == 0 and conn.eof:
                raise _ClosedUnanswered from None
            if isinstance(e, (OSError, h11.LocalProtocolError)):
                raise UpstreamError(f"send failed: {type(e).__name__}") from None
            raise

    async def _take_slot(self) -> None:
        if not self._slots.locked():
            await self._slots.acquire()  # free: returns without suspending
            return
        try:
            await asyncio.wait_for(self._slots.acquire(), self.timeout_s)
        except TimeoutError:
            raise UpstreamError("timed out waiting for a free connection") from None

    def _checkout(self) -> _Conn | None:
        now = time.monotonic()
        while self._idle:
            conn = self._idle.pop()
            if conn.reusable(now, self.keepalive_expiry_s):
                return conn
            conn.close()
        return None

    def _checkin(self, conn: _Conn) -> None:
        if (
            conn.h11.our_state is h11.DONE
            and conn.h11.their_state is h11.DONE
            and not conn.closed
            and len(self._idle) < self.max_idle
        ):
            conn.h11.start_next_cycle()
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        else:
            conn.close()

    async def _connect(self) -> _Conn:
        loop = asyncio.get_running_loop()
        kw: dict[str, Any] = {}
        if self.https:
            kw = {"ssl": self._ssl_context(), "server_hostname": self.host}
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(lambda: _Conn(loop), self.host, self.port, **kw),
                self.connect_timeout_s,
            )
        except TimeoutError:
            raise UpstreamError("connect timed out") from None
        except OSError as e:
            raise UpstreamError(f"connect failed: {e.strerror or type(e).__name__}") from None
        return conn

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            import httpx  # the same trust store httpx uses (SSL_CERT_FILE/DIR, else certifi)

            ctx = httpx.create_ssl_context()
            ctx.set_alpn_protocols(["http/1.1"])
            self._ssl = ctx
        return self._ssl


class _H11Stream:
    def __init__(self, client: H11Upstream, conn: _Conn, status: int) -> None:
        self.client, self.conn, self.status = client, conn, status
        self.done = self.closed = False

    async def _chunks(self) -> AsyncIterator[bytes]:
        while not self.done:
            ev = await self.conn.next_event(self.client.timeout_s)
            if isinstance(ev, h11.Data):
                yield bytes(ev.data)
            elif isinstance(ev, h11.EndOfMessage):
                self.done = True

    async def aread(self) -> bytes:
        return b"".join([c async for c in self._chunks()])

    async def lines(self) -> AsyncIterator[str]:
        """Lines of the body, split at CR, LF or CRLF (as Server-Sent Events are)."""
        split = LineSplitter()
        async for chunk in self._chunks():
            for line in split.feed(chunk):
                yield line
        for line in split.flush():
            yield line

    async def aclose(self) -> None:
        """Give the connection back when the body ended; a reader that stopped early (at
        `[DONE]`) waits briefly for the end of the body, else the connection is dropped."""
        if self.closed:
            return
        try:
            for _ in range(8 if not self.done and not self.conn.closed else 0):
                ev = await self.conn.next_event(_DRAIN_S)
                if isinstance(ev, h11.EndOfMessage):
                    self.done = True
                    break
        except UpstreamError:
            pass
        finally:
            if self.done:
                self.client._checkin(self.conn)
            else:  # mid-response: the connection cannot carry another request
                self.conn.close()
            self.closed = True
            self.client._slots.release()
