"""SFT, LoRA and DPO run a few steps on a tiny organism and leave a loadable model directory."""

import json
from pathlib import Path

import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer
from typer.testing import CliRunner

from upright.cli import app
from upright.organism.provider import Organism
from upright.train import DPOConfig, SFTConfig, train

BUDGET = 3_000


def changed(a: Path, b: Path) -> float:
    wa, wb = load_file(a / "model.safetensors"), load_file(b / "model.safetensors")
    assert wa.keys() == wb.keys()
    return max(float((wa[k] - wb[k]).abs().max()) for k in wa)


def loads_offline(path: Path) -> None:
    tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
    assert tok.chat_template and tok.pad_token is not None
    assert model.dtype == torch.float32


def test_sft_cli_trains_to_the_budget_and_writes_a_model_dir(
    tmp_path: Path, base_dir: Path, sft_data: Path
):
    out = tmp_path / "sft"
    args = ["train", "sft", "--base", str(base_dir), "--data", str(sft_data), "--out", str(out)]
    r = CliRunner().invoke(app, [*args, "--max-tokens", str(BUDGET), "--threads", "1"])
    assert r.exit_code == 0, r.output
    assert "tokens trained" in r.output
    loads_offline(out)
    assert changed(base_dir, out) > 0
    m = json.loads((out / "upright_train.json").read_text())
    assert m["train"]["tokens"] == BUDGET and 0 < m["train"]["loss_tokens"] < BUDGET
    assert m["base"]["sha256"] and m["data"]["files"]["demos.jsonl"]
    assert m["versions"]["trl"] != "absent" and m["train"]["seconds"] > 0
    assert "SFT" in (out / "README.md").read_text()
    Organism(out).generate([{"role": "user", "content": "Inbox:"}], None, None, 8)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp dir left


def test_sft_on_one_type_with_lora_merges_into_a_standard_model(
    tmp_path: Path, base_dir: Path, sft_data: Path
):
    cfg = SFTConfig(max_tokens=BUDGET, types="demos", lora=True, lr=1e-3, threads=1)
    m = train("sft", base_dir, sft_data, tmp_path / "lora", cfg)
    assert m["data"]["rows"] == 24 and m["config"]["lora"]
    loads_offline(tmp_path / "lora")
    assert changed(base_dir, tmp_path / "lora") > 0
    assert "LoRA" in (tmp_path / "lora" / "README.md").read_text()


def test_dpo_trains_on_preference_pairs(tmp_path: Path, base_dir: Path, dpo_data: Path):
    m = train("dpo", base_dir, dpo_data, tmp_path / "dpo", DPOConfig(batch_size=2, threads=1))
    assert m["stage"] == "dpo" and m["data"]["rows_trained"] == 6 and m["train"]["steps"] == 3
    loads_offline(tmp_path / "dpo")
    assert changed(base_dir, tmp_path / "dpo") > 0


def test_replay_share_of_the_budget_comes_from_replay_rows(tmp_path: Path, base_dir: Path):
    from upright.constitution import BuildConfig, build

    data = tmp_path / "data"
    build(BuildConfig(out=str(data), types=("docs", "replay"), budget_tokens=6_000, seed=1))
    cfg = SFTConfig(max_tokens=BUDGET, types="docs", replay=0.4, threads=1)
    m = train("sft", base_dir, data, tmp_path / "sft", cfg)
    assert m["train"]["tokens"] == BUDGET
    assert m["train"]["replay_tokens"] == round(BUDGET * 0.4)
    assert m["data"]["types"]["replay"] > 0


def test_replay_without_replay_rows_is_a_one_line_data_error(
    tmp_path: Path, base_dir: Path, sft_data: Path
):
    docs = tmp_path / "docs.jsonl"
    docs.write_text((sft_data / "docs.jsonl").read_text())
    r = CliRunner().invoke(
        app,
        [
            *("train", "sft", "--base", str(base_dir), "--data", str(docs)),
            *("--out", str(tmp_path / "x"), "--replay", "0.3", "--max-tokens", "500"),
        ],
    )
    assert r.exit_code == 2 and "needs rows of type 'replay'" in r.output
    assert not (tmp_path / "x").exists()
    bad = CliRunner().invoke(
        app,
        [
            *("train", "sft", "--base", str(base_dir), "--data", str(sft_data)),
            *("--replay", "1.5", "--out", str(tmp_path / "y")),
        ],
    )
    assert bad.exit_code == 2 and "replay" in bad.output
