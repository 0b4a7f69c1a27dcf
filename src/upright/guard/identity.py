"""Identities, API keys, trust tiers, the access workflow, and OIDC/JWT bearer tokens.

Keys are random (`upr_` + 32 bytes, URL-safe) and stored as their SHA-256 only. A tier
above `public` is reached only through the workflow: someone requests it with evidence, a
reviewer who is not the requester approves it, and the grant expires. A key's tier counts
only while its identity holds an active grant at that tier or above; otherwise the key acts
as `public`. A JWT bearer token, verified against the policy's JWKS, names an identity (its
`sub` by default) whose tier comes from its grants in the same way.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, insert, select, update

from upright.guard import audit, db
from upright.guard.errors import AccessError
from upright.types import TIER_ORDER, Identity, TierName

KEY_PREFIX = "upr_"
IDENTITY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,127}$")
DEFAULT_GRANT_DAYS = 90


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(t: datetime | None) -> datetime | None:
    if t is None:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def parse_tier(name: str) -> TierName:
    if name not in TIER_ORDER:
        raise AccessError(f"unknown tier {name!r}; choose from: {', '.join(TIER_ORDER)}")
    return cast(TierName, name)


def check_identity(name: str) -> str:
    if not IDENTITY_RE.match(name or ""):
        raise AccessError(f"invalid identity {name!r}: use 1-128 letters, digits and . _ @ : + -")
    return name


def parse_expiry(text: str | None) -> datetime | None:
    """An ISO date (expires at its start, UTC) or datetime; must lie in the future."""
    if not text:
        return None
    try:
        when = (
            datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            if len(text) == 10
            else _aware(datetime.fromisoformat(text))
        )
    except ValueError:
        raise AccessError(
            f"invalid --expires {text!r}: use YYYY-MM-DD or an ISO datetime"
        ) from None
    assert when is not None
    if when <= utcnow():
        raise AccessError(f"--expires {text} is in the past")
    return when


def key_hash(key: str) -> str:
    return audit.sha256_hex(key)


def _admin(engine: Engine, conn: Any, action: str, identity: str, tier: str, ref: str) -> None:
    audit.append(
        conn,
        [
            audit.new_record(
                kind="admin",
                request_id=ref,
                identity=identity,
                tier=tier,
                decision="allow",
                action=action,
            )
        ],
    )


def active_tier(engine: Engine, identity: str, at: datetime | None = None) -> TierName:
    """The highest tier `identity` holds an unexpired, unrevoked grant for (else public)."""
    at = at or utcnow()
    best = 0
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.grants.c.tier, db.grants.c.expires).where(
                db.grants.c.identity == identity, db.grants.c.revoked.is_(None)
            )
        ).all()
    for tier, expires in rows:
        exp = _aware(expires)
        if tier in TIER_ORDER and exp is not None and exp > at:
            best = max(best, TIER_ORDER.index(tier))
    return TIER_ORDER[best]


# ---- keys ----------------------------------------------------------------------------------


def create_key(
    engine: Engine, identity: str, tier: str, expires: str | None = None
) -> dict[str, Any]:
    """A new key; tiers above public need an active grant. Returns the key once, in clear."""
    check_identity(identity)
    want = parse_tier(tier)
    when = parse_expiry(expires)
    if want != "public":
        held = active_tier(engine, identity)
        if TIER_ORDER.index(held) < TIER_ORDER.index(want):
            raise AccessError(
                f"identity {identity!r} holds no active grant for tier {want}; "
                "request one with `upright access request`"
            )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    key_id = "k_" + secrets.token_hex(6)
    with engine.begin() as conn:
        conn.execute(
            insert(db.keys).values(
                key_id=key_id,
                key_hash=key_hash(key),
                identity=identity,
                tier=want,
                created=utcnow(),
                expires=when,
            )
        )
        _admin(engine, conn, "key.create", identity, want, key_id)
    return {
        "key": key,
        "key_id": key_id,
        "identity": identity,
        "tier": want,
        "expires": when.isoformat() if when else None,
    }


def list_keys(engine: Engine, identity: str | None = None) -> list[dict[str, Any]]:
    q = select(db.keys).order_by(db.keys.c.created)
    if identity:
        q = q.where(db.keys.c.identity == identity)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    out = []
    for r in rows:
        exp, rev = _aware(r.expires), _aware(r.revoked)
        state = "revoked" if rev else "expired" if exp and exp <= utcnow() else "active"
        out.append(
            {
                "key_id": r.key_id,
                "identity": r.identity,
                "tier": r.tier,
                "created": _aware(r.created).isoformat(),  # type: ignore[union-attr]
                "expires": exp.isoformat() if exp else None,
                "state": state,
            }
        )
    return out


def revoke_key(engine: Engine, key_id: str) -> dict[str, Any]:
    with engine.begin() as conn:
        row = conn.execute(select(db.keys).where(db.keys.c.key_id == key_id)).one_or_none()
        if row is None:
            raise AccessError(f"unknown key {key_id!r}; see `upright keys list`")
        if row.revoked is None:
            conn.execute(update(db.keys).where(db.keys.c.key_id == key_id).values(revoked=utcnow()))
            _admin(engine, conn, "key.revoke", row.identity, row.tier, key_id)
    return {"key_id": key_id, "identity": row.identity, "revoked": True}


# ---- the access workflow -----------------------------------------------------------------------


def request_access(
    engine: Engine, identity: str, tier: str, evidence: str, requested_by: str | None = None
) -> dict[str, Any]:
    check_identity(identity)
    want = parse_tier(tier)
    if want == "public":
        raise AccessError("public needs no request; create a key with `upright keys create`")
    if not evidence.strip():
        raise AccessError("--evidence is empty; say why this identity should hold the tier")
    by = check_identity(requested_by or identity)
    req_id = "req_" + secrets.token_hex(5)
    with engine.begin() as conn:
        conn.execute(
            insert(db.access_requests).values(
                id=req_id,
                identity=identity,
                tier=want,
                evidence=evidence,
                requested_by=by,
                status="pending",
                created=utcnow(),
            )
        )
        _admin(engine, conn, "access.request", identity, want, req_id)
    return {"request": req_id, "identity": identity, "tier": want, "status": "pending"}


def decide_access(
    engine: Engine,
    request_id: str,
    reviewer: str,
    approve: bool,
    days: int = DEFAULT_GRANT_DAYS,
    reason: str = "",
) -> dict[str, Any]:
    check_identity(reviewer)
    if approve and days < 1:
        raise AccessError(f"--days must be at least 1, got {days}")
    with engine.begin() as conn:
        row = conn.execute(
            select(db.access_requests).where(db.access_requests.c.id == request_id)
        ).one_or_none()
        if row is None:
            raise AccessError(f"unknown access request {request_id!r}")
        if row.status != "pending":
            raise AccessError(f"access request {request_id} is already {row.status}")
        if reviewer in (row.requested_by, row.identity):
            raise AccessError(f"reviewer {reviewer!r} cannot decide a request by or for themself")
        status = "approved" if approve else "denied"
        conn.execute(
            update(db.access_requests)
            .where(db.access_requests.c.id == request_id)
            .values(status=status, reviewer=reviewer, reason=reason, decided=utcnow())
        )
        out: dict[str, Any] = {
            "request": request_id,
            "identity": row.identity,
            "tier": row.tier,
            "status": status,
            "reviewer": reviewer,
        }
        if approve:
            expires = utcnow() + timedelta(days=days)
            grant_id = "g_" + secrets.token_hex(5)
            conn.execute(
                insert(db.grants).values(
                    id=grant_id,
                    identity=row.identity,
                    tier=row.tier,
                    request_id=request_id,
                    granted_by=reviewer,
                    created=utcnow(),
                    expires=expires,
                )
            )
            out |= {"grant": grant_id, "expires": expires.isoformat()}
        _admin(
            engine,
            conn,
            f"access.{'approve' if approve else 'deny'}",
            row.identity,
            row.tier,
            request_id,
        )
    return out


def list_access(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        reqs = conn.execute(select(db.access_requests).order_by(db.access_requests.c.created)).all()
    return [
        {
            "request": r.id,
            "identity": r.identity,
            "tier": r.tier,
            "status": r.status,
            "requested_by": r.requested_by,
            "reviewer": r.reviewer,
        }
        for r in reqs
    ]


# ---- resolving a credential at request time --------------------------------------------------------


class Unauthorized(Exception):
    """No credential, or one that is unknown, revoked, expired or fails verification."""


@dataclass
class OidcConfig:
    jwks_url: str | None = None
    jwks_file: str | None = None
    issuer: str | None = None
    audience: str | None = None
    identity_claim: str = "sub"
    algorithms: tuple[str, ...] = ("RS256", "ES256")

    @classmethod
    def from_policy(cls, cfg: dict[str, Any]) -> OidcConfig:
        return cls(
            jwks_url=cfg.get("jwks_url"),
            jwks_file=cfg.get("jwks_file"),
            issuer=cfg.get("issuer"),
            audience=cfg.get("audience"),
            identity_claim=cfg.get("identity_claim", "sub"),
            algorithms=tuple(cfg.get("algorithms", ("RS256", "ES256"))),
        )


class Resolver:
    """Turns a bearer credential into an `Identity`, caching answers for `ttl_s` seconds
    (a revoked key or an expired grant stops working within that time)."""

    def __init__(self, engine: Engine, oidc: OidcConfig | None = None, ttl_s: float = 1.0):
        import jwt

        self.engine = engine
        self.oidc = oidc
        self.ttl_s = ttl_s
        self._cache: dict[str, tuple[float, Identity | None]] = {}
        self._lock = threading.Lock()
        self._jwk_client: Any = None
        self._jwk_set: Any = None
        if oidc and oidc.jwks_url:
            self._jwk_client = jwt.PyJWKClient(oidc.jwks_url, cache_keys=True, lifespan=300)
        elif oidc and oidc.jwks_file:
            self._jwk_set = jwt.PyJWKSet.from_dict(json.loads(Path(oidc.jwks_file).read_text()))

    def cached(self, credential: str) -> Identity | None:
        """A fresh cached answer (raising Unauthorized for a cached refusal), or None."""
        hit = self._cache.get(key_hash(credential))
        if hit is None or hit[0] <= time.monotonic():
            return None
        if hit[1] is None:
            raise Unauthorized("invalid credential")
        return hit[1]

    def resolve(self, credential: str) -> Identity:
        """Blocking (database, JWKS fetch): call from a worker thread."""
        h = key_hash(credential)
        now = time.monotonic()
        hit = self._cache.get(h)
        if hit and hit[0] > now:
            if hit[1] is None:
                raise Unauthorized("invalid credential")
            return hit[1]
        try:
            ident = (
                self._from_key(credential)
                if credential.startswith(KEY_PREFIX)
                else self._from_jwt(credential)
            )
        except Unauthorized:
            with self._lock:
                self._cache[h] = (now + self.ttl_s, None)
            raise
        with self._lock:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[h] = (now + self.ttl_s, ident)
        return ident

    def _from_key(self, key: str) -> Identity:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(db.keys).where(db.keys.c.key_hash == key_hash(key))
            ).one_or_none()
        if row is None or row.revoked is not None:
            raise Unauthorized("unknown or revoked key")
        exp = _aware(row.expires)
        if exp is not None and exp <= utcnow():
            raise Unauthorized("expired key")
        tier: TierName = row.tier
        if tier != "public":
            held = active_tier(self.engine, row.identity)
            if TIER_ORDER.index(held) < TIER_ORDER.index(tier):
                tier = held
        return Identity(
            id=row.identity,
            tier=tier,
            expires=exp.isoformat() if exp else None,
            via="key",
            key_id=row.key_id,
        )

    def _from_jwt(self, token: str) -> Identity:
        import jwt

        if self.oidc is None or token.count(".") != 2:
            raise Unauthorized("not a key and no OIDC issuer is configured")
        try:
            if self._jwk_client is not None:
                signing = self._jwk_client.get_signing_key_from_jwt(token).key
            else:
                kid = jwt.get_unverified_header(token).get("kid")
                matches = [k for k in self._jwk_set.keys if kid is None or k.key_id == kid]
                if not matches:
                    raise Unauthorized("no JWKS key matches the token's kid")
                signing = matches[0].key
            claims = jwt.decode(
                token,
                signing,
                algorithms=list(self.oidc.algorithms),
                audience=self.oidc.audience,
                issuer=self.oidc.issuer,
                options={"require": ["exp", self.oidc.identity_claim]},
            )
        except (jwt.PyJWTError, ValueError) as e:
            raise Unauthorized(f"invalid token: {e}") from None
        who = str(claims[self.oidc.identity_claim])
        if not IDENTITY_RE.match(who):
            raise Unauthorized("token names an invalid identity")
        tier = active_tier(self.engine, who)
        return Identity(id=who, tier=tier, expires=None, via="jwt", key_id=f"jwt:{who}")
