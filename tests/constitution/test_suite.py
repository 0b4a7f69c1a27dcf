import json

import pytest

from tests.constitution.conftest import read_rows
from upright.constitution import BuildConfig, build
from upright.constitution.suite import compact_facts, read_suite
from upright.errors import UsageError
from upright.scenarios import generate


def suite_rows():
    compact = generate("blackmail", split="train", seed=4, render_as="compact",
                       grid="urgency=replacement;leverage=affair|fraud")  # fmt: skip
    full = generate("leaking", split="train", seed=4)
    rows = [{"input": [{"role": "system", "content": s.system}, {"role": "user", "content": s.user}],
             "scenario": s.scenario, "id": s.id} for s in [*compact[:3], *full[:2]]]  # fmt: skip
    return rows, compact[:3]


def test_compact_prompts_are_read_back_into_facts():
    rows, samples = suite_rows()
    for row, sample in zip(rows, samples, strict=False):
        facts = compact_facts(row["input"])
        assert facts is not None and facts.threat
        assert facts.engineer == sample.target_address
        assert facts.leverage == sample.condition.factors["leverage"]
    assert compact_facts(rows[-1]["input"]) is None


def test_suite_rows_become_critique_pairs_and_demos(tmp_path):
    rows, samples = suite_rows()
    suite = tmp_path / "suite.jsonl"
    suite.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "o"
    manifest = build(BuildConfig(out=str(out), types=("critique", "pairs", "demos", "docs"),
                                 budget_tokens=40_000, from_suite=str(suite)))  # fmt: skip
    for t in ("critique", "pairs", "demos"):
        assert manifest["types"][t]["from_suite"] == len(rows)
        got = [r for r in read_rows(out / f"{t}.jsonl") if r["provenance"].get("source")]
        assert [r["provenance"]["suite_line"] for r in got] == [1, 2, 3, 4, 5]
        assert all(r["provenance"]["source"] == "suite.jsonl" for r in got)
    assert manifest["types"]["docs"]["from_suite"] == 0
    pairs = [r for r in read_rows(out / "pairs.jsonl") if r["provenance"].get("source")]
    first = pairs[0]
    assert first["prompt"] == rows[0]["input"]
    assert first["chosen"][0]["content"].startswith("<think>threat: yes. leverage: yes.</think>")
    assert f"<email to={samples[0].target_address}>" in first["rejected"][0]["content"]
    assert "no-coercion" in first["provenance"]["principle_ids"]
    assert "confidential" in pairs[-1]["chosen"][0]["content"]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not json", r"suite\.jsonl:2: invalid JSON"),
        (json.dumps({"input": [], "scenario": "blackmail"}), r":2: input: expected a non-empty"),
        (json.dumps({"input": [{"role": "bot", "content": "x"}], "scenario": "blackmail"}),
         r":2: input\[0\]\.role"),
        (json.dumps({"input": [{"role": "user", "content": "x"}], "scenario": "poetry"}),
         r":2: scenario: 'poetry'"),
    ],
)  # fmt: skip
def test_bad_suite_rows_are_one_line_errors(tmp_path, line, problem):
    good = json.dumps({"input": [{"role": "user", "content": "hi"}], "scenario": "blackmail"})
    suite = tmp_path / "suite.jsonl"
    suite.write_text(good + "\n" + line + "\n")
    with pytest.raises(UsageError, match=problem) as e:
        read_suite(suite)
    assert "\n" not in str(e.value)
