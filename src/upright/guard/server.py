"""Serving the gateway with uvicorn, a response's head and first body bytes in one send.

uvicorn writes a response's head and its body with two socket writes; with TCP_NODELAY
(asyncio's default) each is a segment of its own and a system call of its own, which on a
loopback or a busy host costs more than building the response did. `CoalescingHTTP` gives
uvicorn's HTTP protocol (h11, or httptools when installed) a transport that holds the first
write of each response (its head) until the next write, which sends both; later writes of a
streamed response go straight out. A head with no body soon after goes out at the end of
the event-loop step. Everything else is uvicorn's own.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class _HeadHoldingTransport:
    """Wraps a transport: while armed, the next write waits to go out with the one after."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._loop = asyncio.get_running_loop()
        self._held: bytes | None = None
        self.armed = True

    def write(self, data: bytes) -> None:
        if not data:
            return
        if self._held is not None:
            data, self._held = self._held + data, None
            self._transport.write(data)
        elif self.armed:
            self.armed = False
            self._held = data
            self._loop.call_soon(self.flush)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        if self._held is not None:
            data, self._held = self._held, None
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def get_write_buffer_size(self) -> int:
        return len(self._held or b"") + self._transport.get_write_buffer_size()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CoalescingHTTP(AutoHTTPProtocol):  # type: ignore[valid-type,misc]
    """uvicorn's HTTP protocol over `_HeadHoldingTransport`, armed again for each response."""

    def connection_made(self, transport: asyncio.Transport) -> None:
        self._held = _HeadHoldingTransport(transport)
        super().connection_made(self._held)

    def on_response_complete(self) -> None:
        self._held.flush()
        self._held.armed = True
        super().on_response_complete()


def run(app: Any, host: str, port: int) -> None:
    """Serve `app` until interrupted (what `upright guard serve` calls)."""
    import uvicorn

    uvicorn.run(
        app, host=host, port=port, log_level="warning", access_log=False, http=CoalescingHTTP
    )
