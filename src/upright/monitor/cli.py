"""`upright monitor ...`: ingest, findings, alerts, serve, migrate. Parse, call, print."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from upright.errors import UprightError

monitor_app = typer.Typer(
    no_args_is_help=True, help="Ingest traffic, store findings, alert, serve a dashboard."
)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLAlchemy URL (default: UPRIGHT_DB, else SQLite under UPRIGHT_HOME)."
    ),
]


def _fail(e: UprightError) -> NoReturn:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def _rules(path: Path | None) -> Any:
    from upright.config import get_settings
    from upright.monitor.alerts import load_rules

    if path is None:
        default = get_settings().home / "alerts.yaml"
        path = default if default.exists() else None
    return load_rules(path) if path is not None else None


@monitor_app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or directories (searched recursively).")
    ],
    source: Annotated[
        str | None, typer.Option(help="jsonl, otel, inspect or guard (default: detected per file).")
    ] = None,
    engine: Annotated[str, typer.Option(help="local (this process or a pool) or ray.")] = "local",
    workers: Annotated[
        int, typer.Option(help="Scan worker processes (local) or actors (ray).")
    ] = 1,
    tier: Annotated[str, typer.Option(help="Detector tier: rules, ml, judge or all.")] = "rules",
    judge: Annotated[str | None, typer.Option(help="An Inspect model for the judge tier.")] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Store personal data redacted.")] = False,
    alerts: Annotated[
        Path | None,
        typer.Option(help="Alert rules YAML (default: UPRIGHT_HOME/alerts.yaml if present)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Records per transaction.")] = 256,
    db: DbOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Ingest chats, OTel GenAI traces, Inspect logs or guard decisions; scan; store findings.

    Idempotent: ingesting the same data again adds nothing. Exit 0, or 1 when records were
    bad (the good ones are kept), 2 on bad input.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from upright.detectors.ensemble import parse_tiers
    from upright.monitor.alerts import evaluate
    from upright.monitor.db import open_store
    from upright.monitor.ingest import IngestConfig, ingest_paths

    try:
        config = IngestConfig(
            tiers=parse_tiers(tier),
            judge=judge,
            engine=engine,
            workers=workers,
            redact=redact,
            batch_size=batch_size,
        )
        rules = _rules(alerts)
        store = open_store(db)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as progress:
            job = progress.add_task("ingesting", total=None)

            def tick(r: Any) -> None:
                progress.update(
                    job,
                    description=f"ingesting: {r.read} read, {r.added} added, {r.findings} findings",
                )

            report = ingest_paths(store, paths, kind=source, config=config, progress=tick)
        raised = evaluate(store, rules) if rules is not None else []
    except UprightError as e:
        _fail(e)
    for line in report.errors:
        err.print(f"[yellow]bad record:[/] {line}", highlight=False, soft_wrap=True)
    if report.bad > len(report.errors):
        err.print(
            f"[yellow]... and {report.bad - len(report.errors)} more bad records[/]",
            highlight=False,
        )
    result = {**report.to_dict(), "alerts": raised}
    if json_out:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        table = Table(title="ingest")
        for col in (
            "read",
            "added",
            "updated",
            "unchanged",
            "bad",
            "findings",
            "alerts",
            "seconds",
        ):
            table.add_column(col, justify="right")
        table.add_row(
            *(str(result[c]) for c in ("read", "added", "updated", "unchanged", "bad", "findings")),
            str(len(raised)),
            f"{report.seconds:.1f}",
        )
        out.print(table)
    if report.bad:
        err.print(
            f"error: {report.bad} bad records (the good records were stored)", highlight=False
        )
        raise typer.Exit(1)


@monitor_app.command()
def findings(
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    since: Annotated[str | None, typer.Option(help="24h, 7d, ... or an ISO-8601 time.")] = None,
    min_severity: Annotated[str | None, typer.Option(help="low, medium, high or critical.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source name.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 100,
    db: DbOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON array of findings.")] = False,
) -> None:
    """List stored findings, newest first."""
    from upright.monitor import store as q
    from upright.monitor.db import open_store

    try:
        cat, sev, when = (
            q.parse_category(category),
            q.parse_severity(min_severity),
            q.parse_since(since),
        )
        rows = q.list_findings(
            open_store(db), category=cat, since=when, min_severity=sev, source=source, limit=limit
        )
    except UprightError as e:
        _fail(e)
    if json_out:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table(title=f"{len(rows)} findings")
    for col in (
        "time",
        "transcript",
        "source",
        "category",
        "severity",
        "score",
        "detector",
        "evidence",
    ):
        table.add_column(col, overflow="fold")
    for f in rows:
        quote = " … ".join(s["text"] for s in f["evidence"])[:120]
        table.add_row(
            f["ts"][:19].replace("T", " "),
            f["transcript_id"],
            f["source"],
            f["category"],
            f["severity"],
            f"{f['score']:.2f}",
            f["detector"],
            quote,
        )
    out.print(table)


@monitor_app.command("alerts")
def alerts_list(
    limit: Annotated[int, typer.Option(min=1, help="Newest first.")] = 50,
    db: DbOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON array of alerts.")] = False,
) -> None:
    """List raised alerts, their delivery status and the findings each links to."""
    from upright.monitor.db import open_store
    from upright.monitor.store import list_alerts

    try:
        rows = list_alerts(open_store(db), limit=limit)
    except UprightError as e:
        _fail(e)
    if json_out:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = Table(title=f"{len(rows)} alerts")
    for col in ("id", "rule", "created", "findings", "status", "attempts", "error"):
        table.add_column(col, overflow="fold")
    for a in rows:
        table.add_row(
            str(a["id"]),
            a["rule"],
            a["created_at"][:19],
            str(a["count"]),
            a["status"],
            str(a["attempts"]),
            a["last_error"] or "",
        )
    out.print(table)


@monitor_app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Bind address; beyond loopback a key is required.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8470,
    key: Annotated[
        str | None, typer.Option(help="Key clients must present (default: UPRIGHT_MONITOR_KEY).")
    ] = None,
    alerts: Annotated[
        Path | None, typer.Option(help="Alert rules YAML, evaluated on OTLP ingest.")
    ] = None,
    tier: Annotated[str, typer.Option(help="Detector tier for OTLP ingest.")] = "rules",
    db: DbOpt = None,
) -> None:
    """Serve the dashboard, /api, /metrics, /healthz and OTLP/HTTP JSON at /v1/traces."""
    from upright.detectors.ensemble import parse_tiers
    from upright.monitor.app import serve as run_server
    from upright.monitor.db import open_store
    from upright.monitor.ingest import IngestConfig

    key = key or os.environ.get("UPRIGHT_MONITOR_KEY") or None
    try:
        config = IngestConfig(tiers=parse_tiers(tier))
        rules = _rules(alerts)
        store = open_store(db)
        err.print(f"upright monitor on http://{host}:{port}/ ({store.dialect})", highlight=False)
        run_server(store, host=host, port=port, key=key, rules=rules, ingest_config=config)
    except UprightError as e:
        _fail(e)


@monitor_app.command()
def migrate(db: DbOpt = None) -> None:
    """Create or upgrade the store's schema (every command also does this on first use)."""
    from upright.monitor.db import open_store

    try:
        store = open_store(db)
    except UprightError as e:
        _fail(e)
    out.print(
        f"schema up to date: {', '.join(t for t in store.tables() if t != 'alembic_version')}"
    )
