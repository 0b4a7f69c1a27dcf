"""Rate limits per key, at the tier's requests per minute: fixed one-minute windows.

`RedisLimiter` shares counts between gateway processes (`UPRIGHT_REDIS`); `LocalLimiter`
keeps them in this process. Both answer the same question the same way: may this key make
one more request now, and if not, how many seconds until it may.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

WINDOW_S = 60


@dataclass(frozen=True)
class LimitResult:
    allowed: bool
    remaining: int
    retry_after: int  # seconds; 0 when allowed


class Limiter(Protocol):
    async def hit(self, key: str, limit: int) -> LimitResult: ...

    async def close(self) -> None: ...


def _window(now: float) -> tuple[int, int]:
    w = int(now // WINDOW_S)
    return w, max(1, math.ceil((w + 1) * WINDOW_S - now))


class LocalLimiter:
    def __init__(self, clock: Any = time.time) -> None:
        self.clock = clock
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    async def hit(self, key: str, limit: int) -> LimitResult:
        w, left = _window(self.clock())
        with self._lock:
            win, n = self._counts.get(key, (w, 0))
            n = n + 1 if win == w else 1
            self._counts[key] = (w, n)
            if len(self._counts) > 200_000:  # drop stale windows
                self._counts = {k: v for k, v in self._counts.items() if v[0] == w}
        if n > limit:
            return LimitResult(False, 0, left)
        return LimitResult(True, limit - n, 0)

    async def close(self) -> None:
        return None


class RedisLimiter:
    def __init__(self, url: str, prefix: str = "upright:guard:rl", clock: Any = time.time):
        import redis.asyncio as aioredis

        self.client = aioredis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self.prefix = prefix
        self.clock = clock

    async def hit(self, key: str, limit: int) -> LimitResult:
        w, left = _window(self.clock())
        name = f"{self.prefix}:{key}:{w}"
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, WINDOW_S + 5)
            n, _ = await pipe.execute()
        if int(n) > limit:
            return LimitResult(False, 0, left)
        return LimitResult(True, limit - int(n), 0)

    async def close(self) -> None:
        await self.client.aclose()


def make_limiter(redis_url: str | None, prefix: str = "upright:guard:rl") -> Limiter:
    return RedisLimiter(redis_url, prefix) if redis_url else LocalLimiter()
