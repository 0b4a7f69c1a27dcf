"""The gateway's state: its settings, and what it holds for the life of the process (policy,
scanner, credential resolver, rate limiter, audit writer, upstream client)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from upright.guard import audit
from upright.guard.db import engine_for
from upright.guard.identity import OidcConfig, Resolver
from upright.guard.limits import Limiter, make_limiter
from upright.guard.policy import Decision, load_policy
from upright.guard.scanner import Scanner
from upright.guard.upstream import Upstream, make_upstream
from upright.types import Identity, Policy


@dataclass
class GuardConfig:
    upstream: str
    policy_path: Path | None = None
    policy: Policy | None = None
    db_url: str | None = None
    redis_url: str | None = None
    redis_prefix: str = "upright:guard:rl"
    upstream_api_key: str | None = None
    identity_cache_s: float = 1.0
    detectors: list[Any] | None = None  # override the policy's detector tiers (tests)


@dataclass
class Gateway:
    config: GuardConfig
    policy: Policy
    scanner: Scanner
    resolver: Resolver
    limiter: Limiter
    writer: audit.AuditWriter
    upstream: Upstream
    started: float = field(default_factory=time.time)

    @classmethod
    def build(cls, config: GuardConfig) -> Gateway:
        from upright.config import get_settings

        policy = config.policy or load_policy(config.policy_path)
        engine = engine_for(config.db_url or get_settings().db_url)
        oidc = OidcConfig.from_policy(policy.oidc) if policy.oidc else None
        headers = (
            {"Authorization": f"Bearer {config.upstream_api_key}"}
            if config.upstream_api_key
            else {}
        )
        scanner = Scanner(policy, config.detectors)
        scanner.warm()
        return cls(
            config=config,
            policy=policy,
            scanner=scanner,
            resolver=Resolver(engine, oidc, ttl_s=config.identity_cache_s),
            limiter=make_limiter(config.redis_url, config.redis_prefix),
            writer=audit.AuditWriter(engine),
            upstream=make_upstream(
                config.upstream,
                timeout_s=policy.upstream_timeout_s,
                connect_timeout_s=5.0,
                headers=headers,
            ),
        )

    async def close(self) -> None:
        await self.upstream.aclose()
        await self.limiter.close()
        self.scanner.close()
        self.writer.close()

    def record(
        self,
        request_id: str,
        who: Identity,
        model: str,
        decision: Decision,
        body_sha: str,
        messages: list[dict[str, str]] | None,
        extra: tuple[str, ...] = (),
    ) -> None:
        """Queue this request's one decision record (AuditError when it cannot be queued)."""
        cats = tuple(dict.fromkeys((*decision.categories, *extra)))
        self.writer.submit(
            audit.new_record(
                kind="decision",
                request_id=request_id,
                identity=who.id,
                tier=who.tier,
                model=model,
                decision=decision.action,
                categories=list(cats),
                request_sha256=body_sha,
                messages=messages if self.policy.audit_messages else None,
            )
        )
