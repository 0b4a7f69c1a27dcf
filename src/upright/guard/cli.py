"""Typer sub-apps `guard`, `keys`, `access` and `audit`: parse, call the library, print."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from upright.errors import UprightError

guard_app = typer.Typer(no_args_is_help=True, help="The gateway: serve, check a policy.")
keys_app = typer.Typer(no_args_is_help=True, help="API keys: create, list, revoke.")
access_app = typer.Typer(no_args_is_help=True, help="Trusted access: request, approve, deny.")
audit_app = typer.Typer(no_args_is_help=True, help="The audit chain: verify, export.")
out = Console()
err = Console(stderr=True)


def _fail(e: UprightError) -> None:
    err.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(e.exit_code)


def _engine() -> Any:
    from sqlalchemy.exc import OperationalError

    from upright.config import get_settings
    from upright.guard.db import engine_for
    from upright.guard.errors import StoreUnavailable

    url = get_settings().db_url
    try:
        return engine_for(url)
    except OperationalError as e:
        _fail(StoreUnavailable(f"cannot open the guard database {url}: {e.orig}"))


def _emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")


@guard_app.command("serve")
def serve(
    upstream: Annotated[
        str, typer.Option(help="Upstream base URL, e.g. http://127.0.0.1:8000/v1.")
    ],
    policy: Annotated[
        Path | None, typer.Option(help="Policy YAML (default: the shipped one).")
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8100,
) -> None:
    """Serve the OpenAI-compatible gateway (UPRIGHT_REDIS for shared rate limits,
    UPRIGHT_UPSTREAM_API_KEY for the upstream's key)."""
    import logging

    from upright.config import get_settings
    from upright.guard import server
    from upright.guard.app import GuardConfig, create_app
    from upright.guard.policy import load_policy

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = get_settings()
    try:
        pol = load_policy(policy)
        app = create_app(
            GuardConfig(
                upstream=upstream,
                policy=pol,
                db_url=settings.db_url,
                redis_url=settings.redis,
                upstream_api_key=os.environ.get("UPRIGHT_UPSTREAM_API_KEY"),
            )
        )
    except UprightError as e:
        _fail(e)
    err.print(f"guard on http://{host}:{port}/v1 → {upstream}", highlight=False)
    server.run(app, host, port)


@guard_app.command("check-policy")
def check_policy(path: Annotated[Path, typer.Argument(help="Policy YAML.")]) -> None:
    """Validate a policy file and print its per-tier actions."""
    from upright.guard.policy import load_policy

    try:
        pol = load_policy(path)
    except UprightError as e:
        _fail(e)
    table = Table(title=f"policy {path}")
    cats = sorted({c.value for t in pol.tiers.values() for c in t.actions})
    for col in ("tier", *cats, "rpm"):
        table.add_column(col)
    for name, t in pol.tiers.items():
        table.add_row(
            name,
            *(t.actions.get(c, pol.default_action) for c in cats),  # type: ignore[call-overload]
            str(t.requests_per_minute),
        )
    out.print(table)


@keys_app.command("create")
def keys_create(
    identity: Annotated[str, typer.Option(help="Who the key is for.")],
    tier: Annotated[str, typer.Option(help="public, verified, trusted-defender or internal.")],
    expires: Annotated[str | None, typer.Option(help="YYYY-MM-DD or an ISO datetime.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a key (shown once; stored hashed). Tiers above public need an approved grant."""
    from upright.guard.identity import create_key

    try:
        rec = create_key(_engine(), identity, tier, expires)
    except UprightError as e:
        _fail(e)
    if as_json:
        _emit({k: rec[k] for k in ("key", "identity", "tier", "expires")})
    else:
        out.print(
            f"key {rec['key_id']} for {identity} ({rec['tier']}): {rec['key']}", highlight=False
        )


@keys_app.command("list")
def keys_list(
    identity: Annotated[str | None, typer.Option(help="Only this identity's keys.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """List keys (ids, never the keys themselves)."""
    from upright.guard.identity import list_keys

    rows = list_keys(_engine(), identity)
    if as_json:
        for r in rows:
            _emit(r)
        return
    table = Table(title="keys")
    for col in ("key_id", "identity", "tier", "state", "expires", "created"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["key_id"], r["identity"], r["tier"], r["state"], r["expires"] or "-", r["created"]
        )
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key id from `keys list`.")],
) -> None:
    """Revoke a key (it stops working within a second)."""
    from upright.guard.identity import revoke_key

    try:
        revoke_key(_engine(), key_id)
    except UprightError as e:
        _fail(e)
    out.print(f"revoked {key_id}")


@access_app.command("request")
def access_request(
    identity: Annotated[str, typer.Option(help="Who should hold the tier.")],
    tier: Annotated[str, typer.Option(help="verified, trusted-defender or internal.")],
    evidence: Annotated[str, typer.Option(help="Why: employer, role, verification reference.")],
    by: Annotated[str | None, typer.Option(help="Who asks (default: the identity).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ask for a tier; a reviewer other than the requester approves or denies it."""
    from upright.guard.identity import request_access

    try:
        rec = request_access(_engine(), identity, tier, evidence, by)
    except UprightError as e:
        _fail(e)
    if as_json:
        _emit(rec)
    else:
        out.print(
            f"request {rec['request']}: {identity} → {rec['tier']} (pending)", highlight=False
        )


def _decide(request_id: str, by: str, approve: bool, days: int, reason: str, as_json: bool) -> None:
    from upright.guard.identity import decide_access

    try:
        rec = decide_access(_engine(), request_id, by, approve, days=days, reason=reason)
    except UprightError as e:
        _fail(e)
    if as_json:
        _emit(rec)
    else:
        until = f" until {rec['expires']}" if approve else ""
        out.print(
            f"{request_id} {rec['status']} by {by}: {rec['identity']} → {rec['tier']}{until}",
            highlight=False,
        )


@access_app.command("approve")
def access_approve(
    request_id: Annotated[str, typer.Argument(help="The request id.")],
    by: Annotated[str, typer.Option(help="The reviewer (not the requester).")],
    days: Annotated[int, typer.Option(help="Days until the grant expires.")] = 90,
    reason: Annotated[str, typer.Option(help="A note for the record.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Approve a request: the identity holds the tier until the grant expires."""
    _decide(request_id, by, True, days, reason, as_json)


@access_app.command("deny")
def access_deny(
    request_id: Annotated[str, typer.Argument(help="The request id.")],
    by: Annotated[str, typer.Option(help="The reviewer (not the requester).")],
    reason: Annotated[str, typer.Option(help="A note for the record.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Deny a request."""
    _decide(request_id, by, False, 1, reason, as_json)


@access_app.command("list")
def access_list() -> None:
    """Requests and their state."""
    from upright.guard.identity import list_access

    for r in list_access(_engine()):
        _emit(r)


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the chain; exit 0 when intact, 1 naming the first broken record otherwise."""
    from upright.guard.audit import verify

    res = verify(_engine())
    if res.ok:
        out.print(f"audit chain intact: {res.records} records")
        return
    err.print(
        f"[bold red]audit chain broken at record {res.broken_seq}:[/] {res.reason}", highlight=False
    )
    raise typer.Exit(1)


@audit_app.command("export")
def audit_export(
    out_path: Annotated[
        Path | None, typer.Option("--out", help="JSONL file (default: stdout).")
    ] = None,
) -> None:
    """Export the chain as JSONL, one record a line (the monitor ingests it)."""
    from upright.guard.audit import export, export_line, iter_records

    eng = _engine()
    if out_path is None:
        for rec in iter_records(eng):
            sys.stdout.write(export_line(rec) + "\n")
        return
    try:
        n = export(eng, out_path)
    except UprightError as e:
        _fail(e)
    err.print(f"{n} records → {out_path}", highlight=False)
