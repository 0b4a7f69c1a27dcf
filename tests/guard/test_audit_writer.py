"""The audit writer on SQLite and PostgreSQL: writers in parallel (as several gateway
processes are), admin records between them, one chain that verifies; a writer that fails
stops taking records."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.pg import temp_schema
from upright.guard import audit
from upright.guard.db import engine_for
from upright.guard.errors import AuditError


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'guard.db'}"
        return
    with temp_schema("upright_guard_test") as url:
        yield url


def _decision(i: int) -> dict:
    return audit.new_record(
        kind="decision",
        request_id=f"req-{i}",
        identity="someone",
        tier="public",
        decision="allow",
        model="m",
        categories=["leak"] if i % 3 == 0 else [],
        request_sha256=audit.sha256_hex(str(i)),
        messages=[{"role": "user", "content": f"hello {i} \u00e9"}] if i % 2 else None,
    )


def test_parallel_writers_and_admin_records_make_one_chain(any_db):
    eng = engine_for(any_db)
    writers = [audit.AuditWriter(eng, batch=7) for _ in range(2)]

    def feed(w: audit.AuditWriter, start: int) -> None:
        for i in range(start, start + 150):
            w.submit(_decision(i))

    threads = [threading.Thread(target=feed, args=(w, n * 1000)) for n, w in enumerate(writers)]
    try:
        for t in threads:
            t.start()
        for i in range(5):
            audit.append_now(
                eng,
                audit.new_record(
                    kind="admin", request_id=f"k{i}", identity="x", tier="public", decision="allow"
                ),
            )
        for t in threads:
            t.join()
        for w in writers:
            assert w.flush(60)
    finally:
        for w in writers:
            w.close()
    recs = list(audit.iter_records(eng))
    assert len(recs) == 305 and [r["seq"] for r in recs] == list(range(1, 306))
    ids = {r["request_id"] for r in recs if r["kind"] == "decision"}
    assert len(ids) == 300
    assert audit.verify(eng).ok
    mine = next(r for r in recs if r["request_id"] == "req-1001")
    assert mine["messages"] == [{"role": "user", "content": "hello 1001 \u00e9"}]


def test_a_writer_that_stopped_refuses_records(tmp_path):
    eng = engine_for(f"sqlite:///{tmp_path / 'guard.db'}")
    w = audit.AuditWriter(eng)
    w.submit(_decision(1))
    w.close()
    with pytest.raises(AuditError, match="stopped"):
        w.submit(_decision(2))
    assert audit.verify(eng).ok and audit.verify(eng).records == 1
