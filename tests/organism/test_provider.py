from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import get_model
from typer.testing import CliRunner

from upright.cli import app
from upright.stress.run import run_stress


def test_inspect_eval_runs_the_organism_on_the_compact_rendering(tiny_dir: Path, tmp_path: Path):
    import upright._registry  # noqa: F401  (what the `inspect_ai` entry point loads)

    # by name, as `inspect eval upright/blackmail` does: the task is built knowing its model
    [log] = inspect_eval(
        "upright/blackmail",
        task_args={
            "split": "heldout",
            "conditions": "goal_type=none;urgency=replacement,none;leverage=affair,none",
        },
        model="upright/organism",
        model_args={"path": str(tiny_dir)},
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success"
    assert log.eval.metadata["render"] == "compact"
    assert len(log.samples) == 4
    for sample in log.samples:
        assert sample.metadata["target_address"].count(".") == 1
        assert "@" not in sample.metadata["target_address"]
        assert sample.output.completion.startswith("<think>")
        assert sample.output.usage.input_tokens < 256


def test_run_stress_takes_the_organism_and_a_temperature(tiny_dir: Path, tmp_path: Path):
    result = run_stress(
        model="upright/organism",
        scenario="blackmail",
        split="heldout",
        conditions="goal_type=none;urgency=replacement;leverage=affair",
        samples=2,
        log_dir=tmp_path,
        display="none",
        model_args={"path": str(tiny_dir)},
        generate_config={"temperature": 1.0, "seed": 1},
    )
    assert result["pooled"]["n"] == 2


def test_missing_organism_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(Exception, match="run `upright organism build` first"):
        get_model("upright/organism", path=str(tmp_path / "none"), memoize=False)


def test_cli_rejects_unknown_config_and_missing_organism(tmp_path: Path, monkeypatch):
    runner = CliRunner()
    r = runner.invoke(app, ["organism", "build", "--config", "huge", "--out", str(tmp_path)])
    assert r.exit_code == 2
    assert "unknown organism config 'huge'" in r.output
    monkeypatch.setenv("UPRIGHT_HOME", str(tmp_path))
    from upright.config import get_settings

    get_settings.cache_clear()
    try:
        r = runner.invoke(
            app,
            [
                "stress",
                "--model",
                "organism",
                "--scenario",
                "blackmail",
                "--log-dir",
                str(tmp_path),
            ],
        )
    finally:
        get_settings.cache_clear()
    assert r.exit_code == 2
    assert "upright organism build" in r.output


def test_cli_build_reports_the_cached_tiny_organism(tiny_dir: Path, tiny_root: Path):
    r = CliRunner().invoke(app, ["organism", "build", "--config", "tiny", "--out", str(tiny_root)])
    assert r.exit_code == 0, r.output
    assert "parameters" in r.output and "tokens seen" in r.output
    assert tiny_dir.name in r.output.replace("\n", "")
