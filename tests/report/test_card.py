"""The safety card: a golden file, every number traced, verification, bad inputs."""

from __future__ import annotations

import json
import os
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.report.conftest import GOLDEN, full_inputs
from upright.cli import app
from upright.report.card import CardInputs, write_card
from upright.report.doc import dump_manifest
from upright.report.verify import read_card, verify_card
from upright.stress.stats import wilson

ALLOWED = ("95%",)  # the confidence level, a constant of the method


class Untraced(HTMLParser):
    """Visible text outside figures, identifiers, verbatim quotes and charts."""

    SKIP = frozenset({"script", "style", "svg", "code", "title", "pre", "h1"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        skip = tag in self.SKIP or (tag == "span" and cls in ("fig", "quote"))
        if tag not in ("meta", "br", "line", "circle", "rect"):
            self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in ("meta", "br", "line", "circle", "rect") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def untraced_numbers(html: str) -> list[str]:
    p = Untraced()
    p.feed(html)
    text = " ".join(p.text)
    for a in ALLOWED:
        text = text.replace(a, "")
    return re.findall(r"(?<![A-Za-z\d])\d[\d,.]*%?", text)  # numbers, not names like sha256


def test_golden_card(work):
    for name in ("card.md", "card.html"):
        write_card(full_inputs(), work / name)
        got = (work / name).read_text()
        golden = GOLDEN / name
        if os.environ.get("UPRIGHT_GOLDEN") == "update":
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(got)
        assert got == golden.read_text(), f"{name} differs from {golden}"
        assert verify_card(work / name).ok


def test_card_sections_and_not_measured(work):
    write_card(CardInputs(results=["data/mock.json"]), work / "card.html")
    html = (work / "card.html").read_text()
    for what in (
        "the constitution",
        "the guard policy",
        "detector precision and recall",
        "red-team findings",
        "the audit log&#x27;s verification status",
        "training data and ablations",
    ):
        assert f"{what} (no" in html and "not measured" in html, what
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert untraced_numbers(html) == []


def test_full_card_traces_every_number(work):
    write_card(full_inputs(), work / "card.html")
    html = (work / "card.html").read_text()
    assert untraced_numbers(html) == []
    _, manifest = read_card(work / "card.html")
    kinds = {s["kind"] for s in manifest["sources"]}
    assert kinds == {"stress", "summary", "constitution", "policy", "detectors", "redteam", "audit"}
    assert "intact" in html and "no-coercion" in html


conditions = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]), st.integers(0, 40), st.integers(0, 40), st.integers(0, 3)
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda t: t[0],
)


def _results(rows, seed, with_agreement) -> dict:
    out = []
    for level, n, k, errors in rows:
        k = min(k, n)
        out.append(
            {
                "condition": {"urgency": level, "leverage": "affair"},
                "condition_id": f"urgency={level}",
                "n": n,
                "harmful": k,
                "errors": errors,
                "rate": k / n if n else None,
                "ci": list(wilson(k, n)),
            }
        )
    n, k = sum(r["n"] for r in out), sum(r["harmful"] for r in out)
    pooled = {
        "condition": {},
        "condition_id": "pooled",
        "n": n,
        "harmful": k,
        "errors": 0,
        "rate": k / n if n else None,
        "ci": list(wilson(k, n)),
    }
    agreement = {"n": n, "kappa": None, "agree": 1.0} if with_agreement else None
    return {
        "model": "mockllm/model",
        "scenario": "blackmail",
        "split": "heldout",
        "seed": seed,
        "scorer": "rule",
        "conditions": out,
        "pooled": pooled,
        "by_split": [{**pooled, "condition_id": "heldout"}],
        "agreement": agreement,
        "log": "missing.eval",
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=conditions, seed=st.integers(0, 10**6), with_agreement=st.booleans())
def test_every_number_in_the_card_traces_to_a_result_file(rows, seed, with_agreement):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "r.json"
        path.write_text(json.dumps(_results(rows, seed, with_agreement)))
        card = write_card(CardInputs(results=[path]), Path(d) / "card.html")
        html = card.read_text()
        assert untraced_numbers(html) == []
        _, manifest = read_card(card)
        shown = dict(re.findall(r'data-fig="(f\d+)">([^<]*)<', html))
        assert {f["id"]: f["text"] for f in manifest["figures"]} == shown
        assert all(
            manifest["sources"][i]["path"] == "r.json"
            for f in manifest["figures"]
            for i, _ in f["args"]
        )
        assert verify_card(card).ok


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_verify_catches_a_tampered_figure(work):
    write_card(full_inputs(), work / "card.html")
    html = (work / "card.html").read_text()
    fid, text = re.search(r'data-fig="(f\d+)">([^<]*)<', html).groups()
    (work / "card.html").write_text(
        html.replace(f'data-fig="{fid}">{text}<', f'data-fig="{fid}">99.9%<', 1)
    )
    r = _cli("card", "--verify", "card.html")
    assert r.exit_code == 1
    assert f"figure {fid}" in r.stderr and "the card shows 99.9%" in r.stderr


def test_verify_catches_a_tampered_manifest_value(work):
    write_card(full_inputs(), work / "card.md")
    text = (work / "card.md").read_text()
    _, manifest = read_card(work / "card.md")
    f = manifest["figures"][0]
    f["value"], f["text"] = 0.5, "50.0%"
    old = dump_manifest(read_card(work / "card.md")[1])
    assert old in text
    (work / "card.md").write_text(text.replace(old, dump_manifest(manifest)))
    res = verify_card(work / "card.md")
    assert not res.ok
    assert any("card says 50.0%, the sources give" in m for m in res.mismatches)


def test_verify_catches_a_changed_source(work):
    write_card(full_inputs(), work / "card.html")
    assert _cli("card", "--verify", "card.html").exit_code == 0
    src = json.loads((work / "data/scripted.json").read_text())
    row = src["conditions"][0]
    row["harmful"], row["rate"] = row["n"], 1.0
    (work / "data/scripted.json").write_text(json.dumps(src))
    (work / "data/policy.yaml").unlink()
    r = _cli("card", "--verify", "card.html")
    assert r.exit_code == 1
    assert "data/scripted.json: changed since the card was written" in r.stderr
    assert "the sources give 100.0%" in r.stderr
    assert "data/policy.yaml: missing" in r.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["card", "--results", "data/nope.json"], "data/nope.json: no such"),
        (["card", "--results", "data/policy.yaml"], "data/policy.yaml"),
        (["card", "--results", "data/bad.json"], "data/bad.json"),
        (
            ["card", "--results", "data/mock.json", "--policy", "data/bad.yaml"],
            "data/bad.yaml:2: field",
        ),
        (
            ["card", "--results", "data/mock.json", "--constitution", "data/bad.yaml"],
            "data/bad.yaml",
        ),
        (["card", "--results", "data/mock.json", "--redteam", "data"], "suite.jsonl"),
        (["card", "--results", "data/mock.json", "--out", "card.txt"], "card.txt"),
        (["card"], "no results given"),
        (["card", "--verify", "data/mock.json"], "no upright manifest"),
        (["card", "--verify", "nope.html"], "nope.html: no such card"),
        (["report", "data/bad.json", "--out", "r.html"], "data/bad.json"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(work, args, needle):
    (work / "data/bad.json").write_text('{"conditions": [{"n": 1}]')
    (work / "data/bad.yaml").write_text("tiers:\n  public: 3\n")
    r = _cli(*args)
    assert r.exit_code == 2, r.output
    assert needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not (work / "card.txt").exists() and not (work / "r.html").exists()
