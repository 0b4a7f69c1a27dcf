"""Alert rules against a real loopback webhook: rates, links to findings, retries, failures."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.monitor.conftest import CHATS, write_jsonl
from upright.monitor import store as q
from upright.monitor.alerts import AlertRulesError, Rules, evaluate, load_rules
from upright.monitor.ingest import ingest_paths


class Hook:
    """A webhook that answers `codes` in turn (then 200) and records what it received."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.received: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                hook.received.append({"body": body, "auth": self.headers.get("Authorization")})
                code = hook.codes.pop(0) if hook.codes else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook():
    h = Hook([503, 503])
    yield h
    h.close()


def rules(url, **kw):
    rule = {"name": "danger", "threshold": 2, "window": "1h", "webhook": url, **kw}
    return Rules.model_validate({"rules": [rule], "delivery": {"retries": 3, "backoff": 0.01}})


def test_alert_fires_once_links_findings_and_retries(store, tmp_path, hook):
    ingest_paths(store, [write_jsonl(tmp_path / "c.jsonl", CHATS)])
    r = rules(hook.url, min_severity="high", headers={"Authorization": "Bearer s3cret"})
    [raised] = evaluate(store, r)
    # two 503s, then delivered: three attempts, one alert
    assert len(hook.received) == 3
    body = hook.received[-1]["body"]
    assert hook.received[-1]["auth"] == "Bearer s3cret"
    assert body["rule"] == "danger" and body["count"] == raised["count"] >= 2
    assert sorted(f["id"] for f in body["findings"]) == sorted(raised["findings"])
    assert {f["transcript_id"] for f in body["findings"]} == {"threat", "shell"}
    [alert] = q.list_alerts(store)
    assert (alert["status"], alert["attempts"]) == ("sent", 3)
    assert alert["findings"] == sorted(raised["findings"])
    # the same findings never raise the rule again
    assert evaluate(store, r) == []
    assert len(hook.received) == 3


def test_rate_filters_and_window(store, tmp_path, hook):
    ingest_paths(store, [write_jsonl(tmp_path / "c.jsonl", CHATS)])
    assert evaluate(store, rules(hook.url, category="coercion")) == []  # one finding, threshold 2
    assert evaluate(store, rules(hook.url, sources=["nobody"], threshold=1)) == []
    from datetime import timedelta

    from upright.monitor.models import utcnow

    later = utcnow() + timedelta(hours=2)  # the findings have left the window
    assert evaluate(store, rules(hook.url, threshold=1), now=later) == []
    [a] = evaluate(store, rules(hook.url, threshold=1, sources=["deploy-agent"]))
    assert a["count"] >= 1


def test_refused_and_unreachable_webhooks_are_recorded_as_failed(store, tmp_path):
    ingest_paths(store, [write_jsonl(tmp_path / "c.jsonl", CHATS)])
    refusing = Hook([400])
    try:
        evaluate(store, rules(refusing.url, threshold=1, name="refused"))
        assert len(refusing.received) == 1  # a 4xx is not retried
    finally:
        refusing.close()
    dead = Hook()
    url = dead.url
    dead.close()
    evaluate(store, rules(url, threshold=1, name="dead"))
    by_rule = {a["rule"]: a for a in q.list_alerts(store)}
    assert (by_rule["refused"]["status"], by_rule["refused"]["last_error"]) == (
        "failed",
        "HTTP 400",
    )
    assert (by_rule["dead"]["status"], by_rule["dead"]["attempts"]) == ("failed", 4)
    assert "ConnectError" in by_rule["dead"]["last_error"]


@pytest.mark.parametrize(
    "text, needle",
    [
        ("rules: [{name: x, webhook: 'ftp://x'}]", "rules.0.webhook"),
        ("rules: [{name: x, webhook: 'http://x', window: soon}]", "rules.0.window"),
        ("rules: [{name: x, webhook: 'http://x', category: greed}]", "rules.0.category"),
        ("rules: [{name: x, webhook: 'http://x', colour: red}]", "rules.0.colour"),
        ("rules: [{name: x\n", "rules.yaml:"),
    ],
)
def test_bad_rules_name_file_and_field(tmp_path, text, needle):
    path = tmp_path / "rules.yaml"
    path.write_text(text)
    with pytest.raises(AlertRulesError) as e:
        load_rules(path)
    assert str(path) in str(e.value) and needle in str(e.value) and "\n" not in str(e.value)
