"""The hash-chained audit log: every decision and every admin action, in one chain.

Each record's `hash` is the SHA-256 of its canonical JSON (sorted keys, no spaces, UTF-8)
without the `hash` field, and that JSON includes `prev_hash`, the previous record's hash
(64 zeros for the first). Changing, dropping or reordering a record breaks every later link;
`verify` names the first broken record. Decisions are written by a background thread in
batches (a locked database is retried, nothing is dropped); admin actions synchronously.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from upright.guard import db
from upright.guard.errors import AuditError

log = logging.getLogger(__name__)
GENESIS = db.GENESIS
FIELDS = (
    "seq",
    "ts",
    "kind",
    "request_id",
    "identity",
    "tier",
    "model",
    "decision",
    "categories",
    "request_sha256",
    "messages",
    "action",
    "prev_hash",
    "hash",
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def record_hash(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash" and v is not None}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return sha256_hex(text)


def new_record(
    *,
    kind: str,
    request_id: str,
    identity: str,
    tier: str,
    decision: str,
    model: str = "",
    categories: list[str] | tuple[str, ...] = (),
    request_sha256: str = "",
    messages: list[dict[str, str]] | None = None,
    action: str | None = None,
) -> dict[str, Any]:
    """A record without seq, prev_hash and hash (the writer adds those in chain order)."""
    return {
        "ts": now_iso(),
        "kind": kind,
        "request_id": request_id,
        "identity": identity,
        "tier": tier,
        "model": model,
        "decision": decision,
        "categories": list(categories),
        "request_sha256": request_sha256,
        "messages": messages,
        "action": action,
    }


# The statements of an append, built once (building one costs more than running it).
# The first updates the head row (a no-op write), which takes the write lock (SQLite) or the
# row lock (PostgreSQL) and returns the head in the same round trip, so two writers, in one
# process or several, never fork the chain.
_LOCK_HEAD = (
    update(db.audit_head)
    .where(db.audit_head.c.id == 1)
    .values(seq=db.audit_head.c.seq)
    .returning(db.audit_head.c.seq, db.audit_head.c.hash)
)
_NEW_HEAD = insert(db.audit_head).values(id=1, seq=0, hash=GENESIS)
_INSERT = insert(db.audit)
_SET_HEAD = (
    update(db.audit_head)
    .where(db.audit_head.c.id == 1)
    .values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))
)
_COLUMNS = [c.name for c in db.audit.c]


def chain(
    records: list[dict[str, Any]], seq: int, prev: str
) -> tuple[list[dict[str, Any]], int, str]:
    """`records` numbered and linked after the head (`seq`, `prev`); returns them complete
    and the new head."""
    rows = []
    for rec in records:
        seq += 1
        full = {**rec, "seq": seq, "prev_hash": prev}
        full["hash"] = prev = record_hash(full)
        rows.append(full)
    return rows, seq, prev


def _row(rec: dict[str, Any]) -> dict[str, Any]:
    """A complete record as a table row (lists as JSON text)."""
    msgs = rec["messages"]
    return {
        **rec,
        "categories": json.dumps(rec["categories"]),
        "messages": None if msgs is None else json.dumps(msgs),
    }


def append(conn: Connection, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Chain and insert `records` in the caller's transaction; returns them complete."""
    head = conn.execute(_LOCK_HEAD).one_or_none()
    if head is None:
        conn.execute(_NEW_HEAD)
    rows, seq, prev = chain(records, *(head or (0, GENESIS)))
    conn.execute(_INSERT, [_row(r) for r in rows])
    conn.execute(_SET_HEAD, {"head_seq": seq, "head_hash": prev})
    return rows


class _DriverAppend:
    """`append` on a DBAPI connection, with the statements compiled once for its dialect.

    The writer thread uses this: for a batch of one record, SQLAlchemy's per-statement work
    (and the pool checkout of `engine.begin()`) cost the writer more than the database did,
    and it runs while holding the interpreter lock that the request path needs.
    """

    def __init__(self, engine: Engine) -> None:
        d = engine.dialect
        self.lock = _LOCK_HEAD.compile(dialect=d)
        self.new_head = _NEW_HEAD.compile(dialect=d)
        self.insert = _INSERT.compile(dialect=d, column_keys=_COLUMNS)
        self.set_head = _SET_HEAD.compile(dialect=d)

    @staticmethod
    def _args(compiled: Any, values: dict[str, Any] | None = None) -> Any:
        params = compiled.construct_params(values)
        return tuple(params[k] for k in compiled.positiontup) if compiled.positional else params

    def __call__(self, dbapi_conn: Any, records: list[dict[str, Any]]) -> None:
        cur = dbapi_conn.cursor()
        try:
            cur.execute(self.lock.string, self._args(self.lock))
            head = cur.fetchone()
            if head is None:
                cur.execute(self.new_head.string, self._args(self.new_head))
                head = (0, GENESIS)
            rows, seq, prev = chain(records, *head)
            cur.executemany(self.insert.string, [self._args(self.insert, _row(r)) for r in rows])
            cur.execute(
                self.set_head.string,
                self._args(self.set_head, {"head_seq": seq, "head_hash": prev}),
            )
        finally:
            cur.close()
        dbapi_conn.commit()


def append_now(engine: Engine, record: dict[str, Any]) -> dict[str, Any]:
    """Append one record synchronously (admin actions)."""
    try:
        with engine.begin() as conn:
            return append(conn, [record])[0]
    except OperationalError as e:
        raise AuditError(f"cannot write the audit log: {e.orig}") from None


class AuditWriter:
    """A background thread that chains and writes decision records in batches."""

    def __init__(self, engine: Engine, max_pending: int = 100_000, batch: int = 500) -> None:
        self.engine = engine
        self.batch = batch
        self.queue: queue.Queue[dict[str, Any] | None] = queue.Queue(maxsize=max_pending)
        self.written = 0
        self._append = _DriverAppend(engine)
        self._conn: Any = None  # the writer thread's own DBAPI connection
        self._dbapi_error: type[Exception] = engine.dialect.loaded_dbapi.Error
        self._thread = threading.Thread(target=self._run, name="guard-audit", daemon=True)
        self._thread.start()

    def submit(self, record: dict[str, Any]) -> None:
        """Queue a record; raises AuditError when the backlog is full or the writer has
        stopped (callers fail closed)."""
        if not self._thread.is_alive():
            raise AuditError("the audit writer has stopped")
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            raise AuditError("the audit backlog is full") from None

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued so far is written."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.queue.unfinished_tasks == 0:
                return True
            time.sleep(0.005)
        return False

    def close(self, timeout: float = 30.0) -> None:
        self.flush(timeout)
        self.queue.put(None)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self._drop_connection()

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException:  # a bug, not the database: stop, so that requests fail closed
            log.exception("the audit writer stopped")
            raise

    def _loop(self) -> None:
        while True:
            first = self.queue.get()
            if first is None:
                self.queue.task_done()
                return
            batch = [first]
            while len(batch) < self.batch:
                try:
                    nxt = self.queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self.queue.put(None)
                    self.queue.task_done()
                    break
                batch.append(nxt)
            self._write(batch)
            for _ in batch:
                self.queue.task_done()

    def _write(self, batch: list[dict[str, Any]]) -> None:
        delay = 0.05
        while True:
            try:
                if self._conn is None:
                    self._conn = self.engine.raw_connection()
                self._append(self._conn, batch)
                self.written += len(batch)
                return
            except (DBAPIError, self._dbapi_error) as e:  # locked, gone or raced: retry
                self._drop_connection()
                log.warning("audit write failed (%s); retrying in %.2fs", e, delay)
                time.sleep(delay)
                delay = min(delay * 2, 2.0)

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        for step in (conn.rollback, conn.invalidate):  # a connection that failed is not reused
            try:
                step()
            except Exception:
                log.debug("closing the audit connection", exc_info=True)


def iter_records(engine: Engine) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        for row in conn.execute(select(db.audit).order_by(db.audit.c.seq)):
            rec = dict(row._mapping)
            rec["categories"] = json.loads(rec["categories"])
            rec["messages"] = None if rec["messages"] is None else json.loads(rec["messages"])
            yield rec


@dataclass
class VerifyResult:
    ok: bool
    records: int
    broken_seq: int | None = None
    reason: str = ""


def verify(engine: Engine) -> VerifyResult:
    """Walk the chain; the first record whose link or hash does not hold breaks it."""
    prev, expect, n = GENESIS, 1, 0
    for rec in iter_records(engine):
        n += 1
        if rec["seq"] != expect:
            return VerifyResult(False, n, expect, f"record {expect} is missing")
        if rec["prev_hash"] != prev:
            return VerifyResult(False, n, rec["seq"], "prev_hash does not match the record before")
        if record_hash(rec) != rec["hash"]:
            return VerifyResult(False, n, rec["seq"], "hash does not match its contents")
        prev, expect = rec["hash"], expect + 1
    with engine.connect() as conn:
        head = conn.execute(
            select(db.audit_head.c.seq, db.audit_head.c.hash).where(db.audit_head.c.id == 1)
        ).one_or_none()
    if head is not None and (head.seq, head.hash) != (expect - 1, prev):
        return VerifyResult(
            False, n, expect, f"the log ends at {expect - 1}; the head says {head.seq}"
        )
    return VerifyResult(True, n)


def export_line(rec: dict[str, Any]) -> str:
    out = {k: rec[k] for k in FIELDS if rec.get(k) is not None or k in ("messages",)}
    if out.get("messages") is None:
        out.pop("messages", None)
    return json.dumps(out, ensure_ascii=False)


def export(engine: Engine, path: Path | None) -> int:
    """Write the log as JSONL to `path` (atomically) or return lines via `export_lines`."""
    if path is None:
        raise AuditError("export needs a path")
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for rec in iter_records(engine):
                fh.write(export_line(rec) + "\n")
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
