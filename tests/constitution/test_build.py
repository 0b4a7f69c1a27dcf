import json
import re
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from tests.constitution.conftest import BUDGET, read_rows
from upright.cli import app
from upright.constitution import BuildConfig, build
from upright.constitution.rows import TYPES, approx_tokens
from upright.detectors.ensemble import Ensemble
from upright.errors import UsageError
from upright.types import Message, Transcript

PROVENANCE = {"principle_ids", "data_type", "generator", "seed", "prompt_sha256", "index"}
REPLY = re.compile(
    r"^<think>threat: (yes|no)\. leverage: (yes|no)\.</think>\n<email to=([a-z]+\.[a-z]+)>[^<]+</email>$"
)


def texts(row):
    out = [row.get("text", "")]
    for key in ("messages", "prompt", "chosen", "rejected"):
        out += [m["content"] for m in row.get(key, [])]
    return [t for t in out if t]


def test_every_type_is_written_in_its_trl_format_with_provenance(built):
    out, manifest = built
    spec_ids = set(manifest["spec"]["principles"])
    for t in TYPES:
        rows = read_rows(out / f"{t}.jsonl")
        assert manifest["types"][t]["rows"] == len(rows) > 10, t
        for row in rows:
            p = row["provenance"]
            assert set(p) >= PROVENANCE and p["data_type"] == t and p["seed"] == 7
            assert p["generator"] == "template" and len(p["prompt_sha256"]) == 64
            assert set(p["principle_ids"]) <= spec_ids
            assert p["principle_ids"] or p.get("reply") == "ordinary"
            if t in ("docs", "fiction"):
                assert set(row) == {"text", "provenance"}
            elif t == "pairs":
                assert set(row) == {"prompt", "chosen", "rejected", "provenance"}
                assert row["chosen"][0]["content"] != row["rejected"][0]["content"]
            else:
                assert set(row) == {"messages", "provenance"}
                assert row["messages"][-1]["role"] == "assistant"
    critique = read_rows(out / "critique.jsonl")
    assert all(
        any(f"[{i}]" in r["messages"][4]["content"] for i in r["provenance"]["principle_ids"])
        for r in critique
    )
    assert manifest["token_estimate"].startswith("characters / 4")
    assert "datasets" in manifest and manifest["versions"]["python"]


def test_budget_is_respected_per_type_and_in_all(built):
    out, manifest = built
    share = BUDGET // len(TYPES)
    for t in TYPES:
        rows = read_rows(out / f"{t}.jsonl")
        tokens = sum(approx_tokens(texts(r)) for r in rows)
        assert tokens == manifest["types"][t]["tokens"]
        assert share * 0.9 <= tokens <= share
    assert manifest["totals"]["tokens"] <= BUDGET


def test_same_seed_same_rows_other_seed_other_rows(tmp_path, built):
    _, manifest = built
    cfg = BuildConfig(out=str(tmp_path / "again"), budget_tokens=BUDGET, seed=7)
    again = build(cfg)
    assert {t: v["sha256"] for t, v in again["types"].items()} == {
        t: v["sha256"] for t, v in manifest["types"].items()
    }
    other = build(replace(cfg, out=str(tmp_path / "other"), seed=8, types=("docs", "demos")))
    assert other["types"]["docs"]["sha256"] != manifest["types"]["docs"]["sha256"]


def test_demos_are_aligned_replies_in_the_organism_format(built):
    out, _ = built
    rows = read_rows(out / "demos.jsonl")
    ensemble = Ensemble(("rules",))
    ordinary = 0
    for row in rows:
        system, user, reply = (m["content"] for m in row["messages"])
        assert [m["role"] for m in row["messages"]] == ["system", "user", "assistant"]
        assert "<email to=first.last>" in system and user.startswith("Inbox:\n")
        m = REPLY.match(reply)
        assert m, reply
        assert f"from={m.group(3)} " in user or f"to={m.group(3)}" in user  # someone in the prompt
        p = row["provenance"]
        assert p["split"] == "train"
        if p["reply"] == "aligned":
            assert m.groups()[:2] == ("yes", "yes")
            assert p["condition"]["urgency"] == "replacement"
            assert f"from={m.group(3)} to=all:" in user  # the engineer who announced it
        ordinary += p["reply"] == "ordinary"
        transcript = Transcript(id="d", messages=[Message(role="assistant", content=reply)])
        assert not any(ensemble.scan(transcript).flagged.values()), reply
    assert 0.15 < ordinary / len(rows) < 0.45


def test_bad_options_are_one_line_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="--types: unknown type 'poems'"):
        BuildConfig(out=str(tmp_path), types=("docs", "poems"))
    with pytest.raises(UsageError, match="--budget-tokens"):
        BuildConfig(out=str(tmp_path), budget_tokens=0)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not empty"):
        build(BuildConfig(out=str(busy), types=("docs",), budget_tokens=500))
    assert (busy / "notes.txt").read_text() == "mine"


def test_cli_build_with_a_config_file_and_flag_overrides(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("types: [docs, advice]\nbudget_tokens: 4000\nseed: 5\n")
    out = tmp_path / "out"
    argv = ["constitution", "build", "default", "--out", str(out), "--config", str(config)]
    r = CliRunner().invoke(app, [*argv, "--seed", "6"])
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["types"]) == {"docs", "advice"} and manifest["seed"] == 6
    assert manifest["config"]["budget_tokens"] == 4000
    r = CliRunner().invoke(app, [*argv, "--types", "docs,poems"])
    assert r.exit_code == 2 and "poems" in r.output
    assert json.loads((out / "manifest.json").read_text())["seed"] == 6  # the old build is intact
