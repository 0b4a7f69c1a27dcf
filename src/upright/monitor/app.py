"""The monitor server: FastAPI app factory, Prometheus collector and `serve`."""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from upright.errors import UsageError
from upright.monitor.alerts import Rules
from upright.monitor.db import Store
from upright.monitor.ingest import IngestConfig
from upright.monitor.store import finding_counts, source_counters
from upright.types import Category, Severity

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class StoreCollector:
    """Reads the counters from the store at scrape time, so every ingesting process counts."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        findings = CounterMetricFamily(
            "upright_findings",
            "Findings stored, by category and severity.",
            labels=["category", "severity"],
        )
        counts = {(c, s): n for c, s, n in finding_counts(self.store)}
        for cat in Category:
            for sev in Severity:
                counts.setdefault((cat.value, sev.value), 0)
        for (c, s), n in sorted(counts.items()):
            findings.add_metric([c, s], n)
        yield findings
        records = CounterMetricFamily(
            "upright_ingest_records",
            "Records ingested, by source and outcome (added, updated, unchanged, bad).",
            labels=["kind", "source", "outcome"],
        )
        sources = GaugeMetricFamily("upright_sources", "Sources known to the store.")
        rows = source_counters(self.store)
        for r in rows:
            for outcome in ("added", "updated", "unchanged", "bad"):
                records.add_metric([r["kind"], r["source"], outcome], r[outcome])
        sources.add_metric([], len(rows))
        yield records
        yield sources


def create_app(
    store: Store,
    *,
    key: str | None = None,
    rules: Rules | None = None,
    ingest_config: IngestConfig | None = None,
) -> FastAPI:
    from importlib.resources import files

    from jinja2 import Environment, PackageLoader, select_autoescape
    from prometheus_client import CollectorRegistry

    from upright.monitor.routes import api, otlp, pages

    app = FastAPI(title="upright monitor", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.key = key
    app.state.rules = rules
    app.state.ingest_config = ingest_config or IngestConfig()
    app.state.templates = Environment(
        loader=PackageLoader("upright.monitor", "templates"), autoescape=select_autoescape()
    )
    registry = CollectorRegistry(auto_describe=True)
    registry.register(StoreCollector(store))
    app.state.registry = registry
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(otlp.router)
    app.mount(
        "/static", StaticFiles(directory=str(files("upright.monitor") / "static")), name="static"
    )
    return app


def serve(
    store: Store,
    *,
    host: str = "127.0.0.1",
    port: int = 8470,
    key: str | None = None,
    rules: Rules | None = None,
    ingest_config: IngestConfig | None = None,
) -> None:
    """Run the server (blocking). Bound beyond loopback, it refuses to start without a key."""
    import uvicorn

    if key is None and not is_loopback(host):
        raise UsageError(
            f"--host {host} is not loopback: set a key (--key or UPRIGHT_MONITOR_KEY) first"
        )
    app = create_app(store, key=key, rules=rules, ingest_config=ingest_config)
    uvicorn.run(app, host=host, port=port, log_level="warning")
