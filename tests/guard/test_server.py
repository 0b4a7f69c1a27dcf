"""The serving transport: a response's head goes out with its first body bytes."""

from __future__ import annotations

import asyncio

from upright.guard.server import _HeadHoldingTransport


class FakeTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def is_closing(self) -> bool:
        return self.closed


def test_head_and_body_in_one_write_then_stream_writes_pass_through():
    async def go():
        fake = FakeTransport()
        t = _HeadHoldingTransport(fake)  # type: ignore[arg-type]
        t.write(b"HEAD")
        assert fake.writes == [] and t.get_write_buffer_size() == 4
        t.write(b"body")
        assert fake.writes == [b"HEADbody"]
        t.write(b"chunk")  # a streamed response's later writes go straight out
        assert fake.writes == [b"HEADbody", b"chunk"]
        t.armed = True  # the next response
        t.write(b"HEAD2")
        await asyncio.sleep(0)  # no body came in this step: the head goes out alone
        await asyncio.sleep(0)
        assert fake.writes[-1] == b"HEAD2"
        t.armed = True
        t.write(b"HEAD3")
        t.close()  # closing sends what is held first
        assert fake.writes[-1] == b"HEAD3" and fake.closed
        assert t.is_closing()  # delegated to the transport

    asyncio.run(go())
