"""Configs: YAML round trip, unknown fields and bad types named with file and line, flags."""

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from upright.cli import app
from upright.train import AblationConfig, ConfigError, DPOConfig, SFTConfig, resolve
from upright.train.encode import draw


@pytest.mark.parametrize("cls", [SFTConfig, DPOConfig, AblationConfig])
def test_yaml_round_trip(tmp_path: Path, cls: type):
    original = cls(seed=3, lr=1e-3)
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(original.to_dict()))
    assert resolve(cls, path) == original


def test_flags_override_the_file_and_ints_pass_as_floats(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text("lr: 1\nmax_tokens: 500\n")
    cfg = resolve(SFTConfig, path, {"max_tokens": 900})
    assert cfg.lr == 1.0 and cfg.max_tokens == 900 and cfg.batch_size == 8


def test_unknown_field_names_file_line_and_field(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text("lr: 0.001\n\nlearning_rate: 0.1\n")
    with pytest.raises(ConfigError, match=r"c\.yaml:3: unknown field 'learning_rate'"):
        resolve(SFTConfig, path)


def test_wrong_type_and_bad_value(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text("batch_size: eight\n")
    with pytest.raises(ConfigError, match=r"c\.yaml:1: field 'batch_size' must be int, got str"):
        resolve(SFTConfig, path)
    path.write_text("device: tpu\n")
    with pytest.raises(ConfigError, match="field 'device'"):
        resolve(SFTConfig, path)


def test_cli_exits_2_on_an_unknown_config_field(tmp_path: Path, sft_data: Path):
    path = tmp_path / "c.yaml"
    path.write_text("beta: 0.2\n")  # a DPO field, unknown to SFT
    args = ["train", "sft", "--base", str(tmp_path), "--data", str(sft_data)]
    r = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "o"), "--config", str(path)])
    assert r.exit_code == 2, r.output
    assert "c.yaml:1: unknown field 'beta'" in r.output.replace("\n", "")


def test_draw_meets_the_budget_exactly_and_repeats_rows():
    d = draw([10, 20, 30], budget=95, epochs=1.0, seed=0, cut=True)
    assert d.tokens == 95 and d.passes == pytest.approx(95 / 60)
    assert len(d.picks) > 3 and d.last_cut > 0
    whole = draw([10, 20, 30], budget=None, epochs=1.0, seed=0, cut=False)
    assert sorted(whole.picks) == [0, 1, 2] and whole.tokens == 60
    assert draw([10, 20, 30], 95, 1.0, 0, True).picks == d.picks  # seeded
