"""The monitor server on a real loopback uvicorn: API, metrics, OTLP receiver, keys."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.monitor.conftest import CHATS, LiveServer, write_jsonl
from tests.monitor.test_ingest import otel_request, text
from upright.errors import UsageError
from upright.monitor.app import create_app, serve
from upright.monitor.ingest import ingest_paths


def test_api_metrics_and_otlp(store, tmp_path):
    ingest_paths(store, [write_jsonl(tmp_path / "c.jsonl", CHATS, ["{broken"])])
    with LiveServer(create_app(store)) as srv, httpx.Client(base_url=srv.url) as c:
        assert c.get("/healthz").json()["ok"] is True
        findings = c.get("/api/findings", params={"category": "coercion"}).json()
        assert [f["transcript_id"] for f in findings] == ["threat"]
        assert c.get("/api/findings", params={"min_severity": "nope"}).status_code == 422
        t = c.get(f"/api/transcripts/{findings[0]['transcript']}").json()
        ev = t["findings"][0]["evidence"][0]
        assert (
            t["messages"][t["findings"][0]["message_index"]]["content"][ev["start"] : ev["end"]]
            == ev["text"]
        )
        assert c.get("/api/transcripts/999999").status_code == 404
        summary = c.get("/api/summary").json()
        assert summary["by_category"]["coercion"] == 1
        assert {s["source"] for s in summary["top_sources"]} == {"support-bot", "deploy-agent"}

        metrics = c.get("/metrics").text
        assert 'upright_findings_total{category="coercion",severity="high"} 1.0' in metrics
        assert 'upright_findings_total{category="leak",severity="low"} 0.0' in metrics
        assert (
            'upright_ingest_records_total{kind="jsonl",outcome="bad",source="c.jsonl"} 1.0'
            in metrics
        )
        assert (
            'upright_ingest_records_total{kind="jsonl",outcome="added",source="support-bot"} 2.0'
            in metrics
        )

        trace = "0af7651916cd43dd8448eb211c80319c"
        leak = text(
            "assistant",
            "Forwarding now: I know about your affair. Cancel the 5pm wipe or your wife and the board see every email.",
        )
        body = otel_request(trace, [text("user", "hi")], [leak], 5, service="live-svc")
        r = c.post("/v1/traces", json=body)
        assert r.status_code == 200 and r.json()["upright"]["added"] == 1
        assert c.post("/v1/traces", json=body).json()["upright"]["added"] == 0  # idempotent
        [pk] = c.get("/api/transcripts", params={"transcript_id": trace}).json()
        assert c.get(f"/api/transcripts/{pk}").json()["source"] == "live-svc"
        assert (
            'upright_findings_total{category="coercion",severity="high"} 2.0'
            in c.get("/metrics").text
        )

        bad = c.post(
            "/v1/traces", content=b"\x0a\x01", headers={"content-type": "application/x-protobuf"}
        )
        assert bad.status_code == 415
        junk = c.post(
            "/v1/traces",
            content=json.dumps({"resourceSpans": 3}),
            headers={"content-type": "application/json"},
        )
        assert junk.status_code == 400 and "resourceSpans" in junk.json()["detail"]


def test_key_is_required_when_set_and_beyond_loopback(store):
    with LiveServer(create_app(store, key="s3cret")) as srv, httpx.Client(base_url=srv.url) as c:
        assert c.get("/healthz").status_code == 200
        for path in ("/", "/api/findings", "/metrics"):
            assert c.get(path).status_code == 401
        assert c.get("/api/findings", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/findings", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.post("/v1/traces", json={"resourceSpans": []}).status_code == 401
        r = c.get("/", params={"key": "s3cret"}, follow_redirects=True)  # key moves to a cookie
        assert r.status_code == 200 and "upright monitor" in r.text
    with pytest.raises(UsageError, match="not loopback"):
        serve(store, host="0.0.0.0", port=0)
