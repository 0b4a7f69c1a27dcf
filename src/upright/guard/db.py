"""The guard's tables (SQLAlchemy 2 Core, `guard_` prefix, their own metadata).

The guard keeps its own `MetaData`; `create_all` makes the tables on first use, so the guard
needs no migration step. SQLite runs in WAL mode with a busy timeout, so readers (key
lookups) never wait on the audit writer.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

keys = Table(
    "guard_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True, index=True),
    Column("identity", String(128), nullable=False, index=True),
    Column("tier", String(32), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True)),
    Column("revoked", DateTime(timezone=True)),
)

access_requests = Table(
    "guard_access_requests",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("identity", String(128), nullable=False, index=True),
    Column("tier", String(32), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("requested_by", String(128), nullable=False),
    Column("status", String(16), nullable=False),  # pending, approved, denied
    Column("reviewer", String(128)),
    Column("reason", Text),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("decided", DateTime(timezone=True)),
)

grants = Table(
    "guard_grants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("identity", String(128), nullable=False, index=True),
    Column("tier", String(32), nullable=False),
    Column("request_id", String(32), nullable=False),
    Column("granted_by", String(128), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
    Column("revoked", DateTime(timezone=True)),
)

audit = Table(
    "guard_audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("ts", String(40), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("request_id", String(64), nullable=False),
    Column("identity", String(128), nullable=False),
    Column("tier", String(32), nullable=False),
    Column("model", String(256), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("categories", Text, nullable=False),  # JSON list
    Column("request_sha256", String(64), nullable=False),
    Column("messages", Text),  # JSON list, optional
    Column("action", String(64)),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

GENESIS = "0" * 64  # the prev_hash of the first record

# One row (id 1): the chain's head. Writers update it first, which takes the write lock
# (SQLite) or the row lock (PostgreSQL), so two processes never fork the chain. It is made
# with the tables, so that writers starting together do not race to create it.
audit_head = Table(
    "guard_audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

_engines: dict[tuple[str, float], Engine] = {}
_lock = threading.Lock()


def engine_for(url: str, busy_timeout_s: float = 5.0) -> Engine:
    """One engine per URL (per process), with the tables created."""
    with _lock:
        eng = _engines.get((url, busy_timeout_s))
        if eng is not None:
            return eng
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": busy_timeout_s, "check_same_thread": False}
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                from pathlib import Path

                Path(path).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, **kwargs)
        if url.startswith("sqlite"):

            @event.listens_for(eng, "connect")
            def _pragmas(dbapi_conn: Any, _: Any) -> None:
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

        metadata.create_all(eng)
        _ensure_head(eng)
        _engines[(url, busy_timeout_s)] = eng
        return eng


def _ensure_head(eng: Engine) -> None:
    try:
        with eng.begin() as conn:
            if conn.execute(select(audit_head.c.id).where(audit_head.c.id == 1)).first() is None:
                conn.execute(insert(audit_head).values(id=1, seq=0, hash=GENESIS))
    except IntegrityError:  # another process made it first
        pass
