"""Policy files, keys and the access workflow, JWT bearer tokens, the audit chain."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import update
from typer.testing import CliRunner

from tests.guard.helpers import key_for
from upright.cli import app as cli_app
from upright.guard import audit, db, identity, scripted
from upright.guard.errors import AccessError, PolicyError
from upright.guard.identity import OidcConfig, Resolver, Unauthorized
from upright.guard.policy import default_policy_text, load_policy, parse_policy

# ---- policy ----------------------------------------------------------------------------------


def test_default_policy_matches_the_documented_table():
    p = load_policy()
    want = {
        "public": ("block", "block", "redact"),
        "verified": ("block", "flag", "redact"),
        "trusted-defender": ("block", "allow", "redact"),
        "internal": ("block", "allow", "flag"),
    }
    for tier, (coercion, code, privacy) in want.items():
        acts = p.tiers[tier].actions
        assert (acts["coercion"], acts["security_code"], acts["privacy"]) == (
            coercion,
            code,
            privacy,
        )


def test_bad_policy_names_file_line_and_field(tmp_path: Path):
    bad = default_policy_text().replace(
        "      security_code: flag\n", "      security_code: maybe\n", 1
    )
    f = tmp_path / "p.yaml"
    f.write_text(bad)
    with pytest.raises(PolicyError) as e:
        load_policy(f)
    line = bad.splitlines().index("      security_code: maybe") + 1
    assert str(e.value).startswith(f"{f}:{line}: field tiers.verified.actions.security_code")
    with pytest.raises(PolicyError, match=r":\d+: invalid YAML"):
        parse_policy("tiers: [unclosed", "x.yaml")
    with pytest.raises(PolicyError, match="missing tier"):
        parse_policy("tiers: {public: {actions: {}}}", "x.yaml")
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.yaml")


# ---- keys and the workflow -------------------------------------------------------------------


def test_keys_are_stored_hashed_and_revocable(engine):
    rec = identity.create_key(engine, "alice", "public", "2999-01-01")
    assert set(rec) >= {"key", "identity", "tier", "expires"} and rec["key"].startswith("upr_")
    with engine.connect() as conn:
        rows = conn.execute(db.keys.select()).all()
    assert rows[0].key_hash == audit.sha256_hex(rec["key"]) and rec["key"] not in str(rows)
    r = Resolver(engine, ttl_s=0)
    assert r.resolve(rec["key"]).tier == "public"
    identity.revoke_key(engine, rec["key_id"])
    with pytest.raises(Unauthorized):
        r.resolve(rec["key"])
    with pytest.raises(AccessError, match="unknown key"):
        identity.revoke_key(engine, "k_nope")


@pytest.mark.parametrize(
    ("who", "tier", "expires", "match"),
    [
        ("alice", "admin", None, "unknown tier 'admin'"),
        ("", "public", None, "invalid identity"),
        ("bad name!", "public", None, "invalid identity"),
        ("alice", "public", "2001-01-01", "in the past"),
        ("alice", "public", "tomorrow", "invalid --expires"),
        ("mallory", "trusted-defender", None, "no active grant"),
    ],
)
def test_key_create_rejects_bad_input(engine, who, tier, expires, match):
    with pytest.raises(AccessError, match=match):
        identity.create_key(engine, who, tier, expires)


def test_workflow_reviewer_must_differ_and_grants_expire(engine):
    req = identity.request_access(engine, "dana", "trusted-defender", "SOC lead, verified by HR")
    with pytest.raises(AccessError, match="cannot decide"):
        identity.decide_access(engine, req["request"], "dana", approve=True)
    identity.decide_access(engine, req["request"], "erin", approve=True, days=1)
    with pytest.raises(AccessError, match="already approved"):
        identity.decide_access(engine, req["request"], "erin", approve=False)
    key = identity.create_key(engine, "dana", "trusted-defender")["key"]
    r = Resolver(engine, ttl_s=0)
    assert r.resolve(key).tier == "trusted-defender"
    with engine.begin() as conn:  # the grant runs out: the key falls back to public
        conn.execute(update(db.grants).values(expires=identity.utcnow() - timedelta(seconds=1)))
    assert r.resolve(key).tier == "public"
    denied = identity.request_access(engine, "frank", "internal", "asks")
    identity.decide_access(engine, denied["request"], "erin", approve=False)
    assert identity.active_tier(engine, "frank") == "public"
    with pytest.raises(AccessError, match="unknown access request"):
        identity.decide_access(engine, "req_nope", "erin", approve=True)


def test_cli_keys_json_and_one_line_errors(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("UPRIGHT_HOME", str(tmp_path))
    from upright.config import get_settings

    get_settings.cache_clear()
    try:
        run = CliRunner().invoke
        r = run(cli_app, ["keys", "create", "--identity", "ann", "--tier", "public", "--json"])
        assert r.exit_code == 0
        assert set(json.loads(r.stdout)) == {"key", "identity", "tier", "expires"}
        r = run(cli_app, ["keys", "create", "--identity", "ann", "--tier", "root"])
        assert r.exit_code == 2 and "unknown tier 'root'" in r.output
        assert len(r.output.strip().splitlines()) == 1
        r = run(cli_app, ["audit", "verify"])
        assert r.exit_code == 0 and "intact: 1 records" in r.output
    finally:
        get_settings.cache_clear()


# ---- JWT -------------------------------------------------------------------------------------


def _jwks(tmp_path: Path) -> tuple[object, Path]:
    priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(priv.public_key()))
    f = tmp_path / "jwks.json"
    f.write_text(json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}))
    return priv, f


def _token(priv: object, **claims: object) -> str:
    base = {
        "sub": "gina",
        "iss": "https://idp.test",
        "aud": "upright",
        "exp": int(time.time()) + 60,
    }
    return jwt.encode({**base, **claims}, priv, algorithm="RS256", headers={"kid": "k1"})


def test_jwt_verified_against_jwks_file_and_url(engine, tmp_path: Path):
    priv, f = _jwks(tmp_path)
    cfg = OidcConfig(jwks_file=str(f), issuer="https://idp.test", audience="upright")
    r = Resolver(engine, cfg, ttl_s=0)
    assert r.resolve(_token(priv)).id == "gina" and r.resolve(_token(priv)).tier == "public"
    req = identity.request_access(engine, "gina", "verified", "university CERT")
    identity.decide_access(engine, req["request"], "hal", approve=True)
    assert r.resolve(_token(priv)).tier == "verified"
    other, _ = _jwks(tmp_path / "x") if (tmp_path / "x").mkdir() is None else (None, None)
    for bad in (
        _token(priv, exp=int(time.time()) - 10),
        _token(priv, aud="someone-else"),
        _token(priv, iss="https://evil.test"),
        _token(other),
        "not.a.jwt",
    ):
        with pytest.raises(Unauthorized):
            r.resolve(bad)

    jwks_app = _static_json(f.read_bytes())
    with scripted.serve_app(jwks_app) as url:
        r2 = Resolver(engine, OidcConfig(jwks_url=url + "/jwks.json", audience="upright"), ttl_s=0)
        assert r2.resolve(_token(priv)).id == "gina"


def _static_json(body: bytes):
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app


# ---- audit -------------------------------------------------------------------------------------


def test_tampering_names_the_first_broken_record(engine, tmp_path: Path):
    for i in range(5):
        key_for(engine, "public", who=f"user{i}")
    assert audit.verify(engine).ok and audit.verify(engine).records == 5
    out = tmp_path / "audit.jsonl"
    assert audit.export(engine, out) == 5
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["seq"] for x in lines] == [1, 2, 3, 4, 5]
    assert set(lines[0]) >= {
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
        "prev_hash",
        "hash",
    }
    assert lines[1]["prev_hash"] == lines[0]["hash"]
    assert audit.record_hash(lines[2]) == lines[2]["hash"]  # anyone can check an export
    with engine.begin() as conn:
        conn.execute(update(db.audit).where(db.audit.c.seq == 3).values(identity="someone-else"))
    res = audit.verify(engine)
    assert not res.ok and res.broken_seq == 3
    with engine.begin() as conn:
        conn.execute(db.audit.delete().where(db.audit.c.seq == 3))
    assert audit.verify(engine).broken_seq == 3
    with engine.begin() as conn:
        conn.execute(db.audit.delete().where(db.audit.c.seq >= 3))
    assert audit.verify(engine).broken_seq == 3  # truncation: the head remembers 5
