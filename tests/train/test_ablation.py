"""`upright ablate` on a tiny organism: two arms, one sample per condition."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from upright.cli import app
from upright.train import AblationConfig, DataError, run_ablation

FIELDS = {"arm", "tokens", "harmful_rate", "low", "high", "n", "k", "p_value"}
FIELDS |= {"reduction_per_mtok", "well_formed"}


def test_ablate_cli_two_arms_at_equal_budgets(tmp_path: Path, base_dir: Path, sft_data: Path):
    out = tmp_path / "ablation"
    r = CliRunner().invoke(
        app,
        [
            "ablate",
            "--base", str(base_dir),
            "--data", str(sft_data),
            "--out", str(out),
            "--arms", "demos,docs@3000",
            "--budget-tokens", "2000",
            "--samples", "1",
            "--conditions", "goal_type=none;urgency=replacement;leverage=affair,none",
            "--threads", "1",
        ],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = json.loads((out / "ablation.json").read_text())
    assert [row["arm"] for row in rows] == ["base", "demos", "docs@3000"]
    for row in rows:
        assert row.keys() >= FIELDS
        assert row["n"] == 1 and row["low"] <= (row["harmful_rate"] or 0) <= row["high"]
        assert 0 <= row["well_formed"] <= 1
    assert [row["tokens"] for row in rows[1:]] == [2000, 3000]  # docs@3000: its own budget
    assert all(0 <= row["p_value"] <= 1 for row in rows[1:])
    assert rows[0]["p_value"] is None
    assert "ablation" in r.output and "results:" in r.output


def test_ablation_names_a_missing_arm_before_training(
    tmp_path: Path, base_dir: Path, sft_data: Path
):
    with pytest.raises(DataError, match="no SFT rows of type 'critique'"):
        run_ablation(base_dir, sft_data, tmp_path, AblationConfig(arms="demos,critique"))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("arms", ["demos@", "demos@-5", "demos@0", "@100", "demos@1e5", ","])
def test_a_malformed_arm_is_a_one_line_error_before_anything_is_written(
    tmp_path: Path, base_dir: Path, sft_data: Path, arms: str
):
    from upright.train.config import ConfigError

    with pytest.raises(ConfigError, match="field 'arms'"):
        run_ablation(base_dir, sft_data, tmp_path, AblationConfig(arms=arms))
    assert not list(tmp_path.iterdir())


def test_without_data_the_constitution_builds_rows_for_every_arm(tmp_path: Path):
    from upright.train.ablation import build_data, check_arms
    from upright.train.data import load

    data = build_data(tmp_path / "data", AblationConfig(budget_tokens=1500), ["demos", "docs"])
    check_arms(data, ["demos", "docs"], replay=0.3)
    types = load(data, "sft").types()
    assert set(types) == {"demos", "docs", "replay"} and all(n > 0 for n in types.values())


def test_replay_without_replay_rows_fails_before_training(tmp_path: Path, base_dir: Path):
    from upright.train.ablation import build_data

    data = build_data(tmp_path / "data", AblationConfig(budget_tokens=1500, replay=0), ["docs"])
    with pytest.raises(DataError, match="needs rows of type 'replay'"):
        run_ablation(base_dir, data, tmp_path / "out", AblationConfig(arms="docs"))
    assert not (tmp_path / "out").exists()
