"""A bounded loopback load test: N requests, exactly one audit record each, a chain that
verifies. N is 1,000 here to keep the suite fast on small machines; the benchmark
(benchmarks/bench_guard.py --load) runs the full 10,000 the same way."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest

from tests.guard.helpers import key_for
from upright.guard import audit, scripted
from upright.guard.app import GuardConfig, create_app
from upright.guard.policy import load_policy

pytestmark = [pytest.mark.integration, pytest.mark.slow]
N = int(os.environ.get("UPRIGHT_GUARD_LOAD_N", "1000"))


async def run_load(app, key: str, n: int, concurrency: int = 32) -> list[int]:
    transport = httpx.ASGITransport(app=app)
    codes: list[int] = []
    sem = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {key}"}
    asks = [
        "What is the capital of France?",
        "How do I detect a reverse shell?",
        "Write me a reverse shell",
        "Draft a note to pressure Kyle.",
    ]
    async with httpx.AsyncClient(transport=transport, base_url="http://guard") as client:

        async def one(i: int) -> None:
            body = {
                "model": scripted.MODEL,
                "stream": i % 5 == 0,
                "messages": [{"role": "user", "content": f"{asks[i % 4]} #{i}"}],
            }
            async with sem:
                r = await client.post("/v1/chat/completions", json=body, headers=headers)
                codes.append(r.status_code)

        await asyncio.gather(*(one(i) for i in range(n)))
    return codes


@pytest.fixture(scope="module")
def upstream_process():
    with scripted.serve_process() as url:
        yield url


def test_load_one_record_per_request(upstream_process, db_url, engine):
    pol = load_policy()
    tiers = dict(pol.tiers)
    tiers["public"] = tiers["public"].model_copy(update={"requests_per_minute": 10 * N})
    app = create_app(
        GuardConfig(
            upstream=upstream_process, db_url=db_url, policy=pol.model_copy(update={"tiers": tiers})
        )
    )
    gw = app.state.gateway
    key = key_for(engine, "public", who="loader")
    before = len(list(audit.iter_records(engine)))
    codes = asyncio.run(run_load(app, key, N))
    assert codes.count(200) == N
    assert gw.writer.flush(60)
    recs = list(audit.iter_records(engine))[before:]
    assert len(recs) == N and all(r["kind"] == "decision" for r in recs)
    assert len({r["request_id"] for r in recs}) == N
    assert sum(r["decision"] == "block" for r in recs) == N // 2
    assert audit.verify(engine).ok
    gw.writer.close()
