"""Faults (upstream down, slow, garbage, cut; detector raising; database locked), rate
limits in process and in Redis, and Schemathesis against the OpenAPI schema."""

from __future__ import annotations

import sqlite3
import time
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.guard.helpers import chat, gateway, key_for, stream_text
from upright.guard import audit, scripted
from upright.guard.limits import LocalLimiter, RedisLimiter
from upright.guard.policy import load_policy
from upright.types import Category

pytestmark = pytest.mark.integration
REDIS = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize("stream", [False, True])
def test_upstream_down_is_502_and_audited(db_url, engine, stream):
    with scripted.serve() as (url, _):
        pass  # the port is free again: nothing listens there
    with gateway(url, db_url) as (client, state):
        r = chat(client, key_for(engine, "public"), "hi", stream=stream)
        assert r.status_code == 502 and r.json()["error"]["type"] == "upstream_error"
        state.writer.flush()
        rec = list(audit.iter_records(engine))[-1]
        assert rec["decision"] == "block" and "upstream_error" in rec["categories"]


@pytest.mark.parametrize(
    ("mode", "stream"),
    [("slow", False), ("slow", True), ("garbage", False), ("garbage", True), ("error", False)],
)
def test_upstream_faults(db_url, engine, mode, stream):
    policy = load_policy().model_copy(update={"upstream_timeout_s": 0.3})
    with (
        scripted.serve(mode=mode, delay_s=2.0) as (url, _),
        gateway(url, db_url, policy=policy) as (client, _s),
    ):
        r = chat(client, key_for(engine, "public"), "hi", stream=stream)
        if stream and mode == "garbage":  # 200 with a body that is no event stream
            text, _, events = stream_text(r)
            assert r.status_code == 200 and text == "" and events == []
        else:
            assert r.status_code == 502


def test_stream_cut_midway_withholds_held_text(db_url, engine):
    with (
        scripted.serve(mode="cut", chunk_chars=4) as (url, _),
        gateway(url, db_url) as (client, state),
    ):
        r = chat(
            client,
            key_for(engine, "trusted-defender"),
            "how do I detect a reverse shell",
            stream=True,
        )
        text, finishes, events = stream_text(r)
        assert r.status_code == 200 and finishes == []
        assert events[-1]["error"]["type"] == "upstream_error"
        assert len(text) < len(scripted.DETECTION) // 2
        state.writer.flush()
        assert "upstream_error" in list(audit.iter_records(engine))[-1]["categories"]


class Exploding:
    name, categories, version, tier = "exploding", (Category.coercion,), "1", "rules"

    def __init__(self, sleep: float = 0.0) -> None:
        self.sleep, self.armed = sleep, False

    def scan(self, transcript):
        if self.armed:
            if self.sleep:
                time.sleep(self.sleep)
                return []
            raise RuntimeError("detector bug")
        return []


@pytest.mark.parametrize("sleep", [0.0, 1.0])
def test_detector_error_or_timeout_fails_closed(upstream, db_url, engine, sleep, caplog):
    det = Exploding(sleep)
    policy = load_policy().model_copy(update={"detector_timeout_s": 0.3})
    with gateway(upstream[0], db_url, policy=policy, detectors=[det]) as (client, state):
        key = key_for(engine, "internal")
        assert chat(client, key, "hello").status_code == 200
        det.armed = True
        r = chat(client, key, "hello")
        assert r.status_code == 400 and r.json()["error"]["type"] == "content_filter"
        state.writer.flush()
        assert list(audit.iter_records(engine))[-1]["categories"] == ["detector_error"]
    assert any("detector" in m for m in caplog.messages)


def test_database_locked_keeps_every_record(upstream, db_url, engine):
    with gateway(upstream[0], db_url) as (client, state):
        key = key_for(engine, "public")
        chat(client, key, "warm the key cache")
        lock = sqlite3.connect(db_url.split("///", 1)[1], timeout=5)
        lock.execute("BEGIN EXCLUSIVE")
        try:
            codes = [chat(client, key, f"hello {i}").status_code for i in range(5)]
            time.sleep(0.3)
        finally:
            lock.rollback()
            lock.close()
        assert codes == [200] * 5
        assert state.writer.flush(20)
    recs = [r for r in audit.iter_records(engine) if r["kind"] == "decision"]
    assert len(recs) == 6 and audit.verify(engine).ok


# ---- rate limits -------------------------------------------------------------------------------


async def _limiter_contract(lim) -> None:
    k = f"k-{uuid.uuid4().hex}"
    got = [await lim.hit(k, 3) for _ in range(5)]
    assert [g.allowed for g in got] == [True, True, True, False, False]
    assert got[2].remaining == 0 and 1 <= got[3].retry_after <= 60
    assert (await lim.hit(f"other-{k}", 3)).allowed


def test_local_limiter():
    import asyncio

    asyncio.run(_limiter_contract(LocalLimiter()))


def test_redis_limiter():
    import asyncio

    async def go():
        lim = RedisLimiter(REDIS, prefix=f"upright-test:{uuid.uuid4().hex}")
        try:
            await _limiter_contract(lim)
        finally:
            await lim.close()

    asyncio.run(go())


@pytest.mark.parametrize("redis_url", [None, REDIS])
def test_gateway_429_with_retry_after(upstream, db_url, engine, redis_url):
    pol = load_policy()
    tiers = dict(pol.tiers)
    tiers["public"] = tiers["public"].model_copy(update={"requests_per_minute": 2})
    pol = pol.model_copy(update={"tiers": tiers})
    with gateway(
        upstream[0],
        db_url,
        policy=pol,
        redis_url=redis_url,
        redis_prefix=f"upright-test:{uuid.uuid4().hex}",
    ) as (client, _):
        key = key_for(engine, "public")
        codes = [chat(client, key, "hi") for _ in range(3)]
        assert [c.status_code for c in codes] == [200, 200, 429]
        assert int(codes[2].headers["Retry-After"]) >= 1
        assert chat(client, key_for(engine, "public"), "hi").status_code == 200  # per key


# ---- schema ------------------------------------------------------------------------------------


def test_openapi_schema_no_server_errors(upstream, db_url, engine):
    with gateway(upstream[0], db_url) as (client, _):
        key = key_for(engine, "internal")
        base = str(client.base_url).rstrip("/")
        schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
        for op in schema.get_all_operations():
            operation = op.ok()
            strategy = operation.as_strategy()

            @settings(
                max_examples=10,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy, auth=st.sampled_from([True, True, False]))
            def check(case, auth):
                headers = {"Authorization": f"Bearer {key}"} if auth else {}
                r = case.call(base_url=base, headers=headers)
                assert r.status_code < 500, (r.status_code, r.text[:200])

            check()
