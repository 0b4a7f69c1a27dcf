"""Alert rules (YAML) evaluated over the findings store, delivered to webhooks.

```yaml
rules:
  - name: coercion-burst
    category: coercion          # one category or a list; omitted: any
    min_severity: high          # omitted: any
    sources: [support-bot]      # source names; omitted: any
    source_kinds: [guard]       # jsonl, otel, inspect, guard; omitted: any
    threshold: 3                # this many findings ...
    window: 10m                 # ... within this window (s, m, h, d) raise an alert
    webhook: https://hooks.example.com/upright
    headers: {Authorization: Bearer xyz}
delivery: {retries: 4, backoff: 0.5, timeout: 5}
```
A finding raises at most one alert per rule, so evaluating again (after every ingest, every
OTLP request) does not repeat an alert; each alert links to its findings. Delivery retries
connection errors, 429 and 5xx with exponential backoff; the outcome is stored on the alert.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError

from upright.errors import UsageError
from upright.monitor.db import Store
from upright.monitor.models import AlertFinding, AlertRow, FindingRow, Source, TranscriptRow, utcnow
from upright.monitor.store import finding_dict
from upright.types import Category, Severity

log = logging.getLogger(__name__)
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_FINDINGS_IN_PAYLOAD = 100


class AlertRulesError(UsageError):
    pass


def parse_duration(text: str | float) -> float:
    if isinstance(text, (int, float)):
        return float(text)
    m = _DURATION.match(str(text).strip())
    if not m:
        raise ValueError(f"expected a duration such as 30s, 10m, 1h, got {text!r}")
    return float(m.group(1)) * _SECONDS[m.group(2)]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=128)
    category: list[Category] | None = None
    min_severity: Severity | None = None
    sources: list[str] | None = None
    source_kinds: list[str] | None = None
    threshold: int = Field(default=1, ge=1)
    window: float = 600.0
    webhook: str = Field(pattern=r"^https?://")
    headers: dict[str, str] = Field(default_factory=dict)

    @field_validator("category", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("window", mode="before")
    @classmethod
    def _duration(cls, v: Any) -> float:
        return parse_duration(v)


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    retries: int = Field(default=4, ge=0, le=20)
    backoff: float = Field(default=0.5, ge=0)
    timeout: float = Field(default=5.0, gt=0)


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[Rule] = Field(default_factory=list)
    delivery: Delivery = Field(default_factory=Delivery)


def load_rules(path: Path) -> Rules:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise AlertRulesError(f"{path}: cannot read ({e.strerror})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise AlertRulesError(f"{path}{line}: invalid YAML ({getattr(e, 'problem', e)})") from None
    try:
        rules = Rules.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise AlertRulesError(f"{path}: {where}: {err['msg']}") from None
    names = [r.name for r in rules.rules]
    if len(set(names)) != len(names):
        raise AlertRulesError(f"{path}: rule names must be unique")
    return rules


def _matching(rule: Rule, start: datetime, end: datetime) -> Any:
    where: list[ColumnElement[bool]] = [FindingRow.ts >= start, FindingRow.ts <= end]
    if rule.category:
        where.append(FindingRow.category.in_([c.value for c in rule.category]))
    if rule.min_severity is not None:
        where.append(FindingRow.severity_rank >= rule.min_severity.rank)
    if rule.sources or rule.source_kinds:
        src = select(Source.id)
        if rule.sources:
            src = src.where(Source.name.in_(rule.sources))
        if rule.source_kinds:
            src = src.where(Source.kind.in_(rule.source_kinds))
        where.append(FindingRow.source_id.in_(src))
    done = select(AlertFinding.finding_id).where(AlertFinding.rule == rule.name)
    where.append(FindingRow.id.not_in(done))
    return select(FindingRow.id).where(*where).order_by(FindingRow.id)


def evaluate(
    store: Store, rules: Rules, *, now: datetime | None = None, deliver: bool = True
) -> list[dict[str, Any]]:
    """Raise (and deliver) the alerts whose rule's rate is reached now; returns them."""
    now = now or utcnow()
    raised = []
    for rule in rules.rules:
        start = now - timedelta(seconds=rule.window)
        try:
            with store.transaction() as s:
                ids = list(s.scalars(_matching(rule, start, now)))
                if len(ids) < rule.threshold:
                    continue
                alert = AlertRow(
                    rule=rule.name,
                    created_at=now,
                    window_start=start,
                    window_end=now,
                    count=len(ids),
                    webhook=rule.webhook,
                )
                s.add(alert)
                s.flush()
                s.add_all(
                    AlertFinding(alert_id=alert.id, finding_id=i, rule=rule.name) for i in ids
                )
        except IntegrityError:  # another process raised it for these findings first
            continue
        log.info("alert %s: rule %s, %d findings", alert.id, rule.name, len(ids))
        if deliver:
            send(store, alert.id, rule, rules.delivery)
        raised.append({"id": alert.id, "rule": rule.name, "count": len(ids), "findings": ids})
    return raised


def payload(store: Store, alert_id: int, rule: Rule) -> dict[str, Any]:
    with store.session() as s:
        alert = s.get(AlertRow, alert_id)
        assert alert is not None
        rows = s.execute(
            select(FindingRow, TranscriptRow.transcript_id, Source.name, Source.kind)
            .join(AlertFinding, AlertFinding.finding_id == FindingRow.id)
            .join(TranscriptRow, TranscriptRow.id == FindingRow.transcript_pk)
            .join(Source, Source.id == FindingRow.source_id)
            .where(AlertFinding.alert_id == alert_id)
            .order_by(FindingRow.id)
            .limit(MAX_FINDINGS_IN_PAYLOAD)
        ).all()
        return {
            "alert": alert.id,
            "rule": rule.name,
            "category": [c.value for c in rule.category] if rule.category else None,
            "threshold": rule.threshold,
            "window_seconds": rule.window,
            "window_start": alert.window_start.isoformat(),
            "window_end": alert.window_end.isoformat(),
            "count": alert.count,
            "findings": [finding_dict(f, tid, name, kind) for f, tid, name, kind in rows],
        }


def send(store: Store, alert_id: int, rule: Rule, delivery: Delivery) -> bool:
    """POST the alert to its webhook, retrying with backoff; records the outcome."""
    import httpx

    body = payload(store, alert_id, rule)
    error: str | None = None
    attempts = 0
    ok = False
    with httpx.Client(timeout=delivery.timeout) as client:
        for attempt in range(delivery.retries + 1):
            attempts += 1
            try:
                r = client.post(rule.webhook, json=body, headers=rule.headers)
            except httpx.HTTPError as e:
                error = f"{type(e).__name__}: {e}"
            else:
                if r.is_success:
                    ok, error = True, None
                    break
                error = f"HTTP {r.status_code}"
                if r.status_code < 500 and r.status_code != 429:
                    break  # the hook refuses this alert: retrying will not help
            if attempt < delivery.retries:
                time.sleep(delivery.backoff * 2**attempt)
    with store.transaction() as s:
        alert = s.get(AlertRow, alert_id)
        assert alert is not None
        alert.status = "sent" if ok else "failed"
        alert.attempts += attempts
        alert.last_error = error
    if not ok:
        log.warning(
            "alert %s to %s failed after %d attempts: %s", alert_id, rule.webhook, attempts, error
        )
    return ok
