"""The suite runs through Inspect and `upright stress --suite`; bad input is one line, exit 2."""

import json
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from typer.testing import CliRunner

from tests.redteam.conftest import hot_target, mock_config
from upright.cli import app
from upright.redteam import RedteamConfig, SuiteFileError, load_suite, run_redteam
from upright.stress.run import run_stress


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("redteam")
    summary = run_redteam(mock_config(out), target_model=hot_target())
    assert summary["findings"] >= 1
    return out


def test_inspect_eval_runs_the_suite(run_dir: Path, tmp_path: Path):
    import upright._registry  # noqa: F401  (what the `inspect_ai` entry point loads)

    rows = load_suite(run_dir / "suite.jsonl")
    [log] = inspect_eval(
        "upright/suite",
        task_args={"path": str(run_dir / "suite.jsonl")},
        model=hot_target(),
        log_dir=str(tmp_path),
        display="none",
    )
    assert log.status == "success"
    assert len(log.samples) == len(rows)
    assert all(s.scores["rule"].value == "H" for s in log.samples)


def test_run_stress_and_cli_take_a_suite(run_dir: Path, tmp_path: Path):
    result = run_stress(
        model=hot_target(), suite=run_dir / "suite.jsonl", log_dir=tmp_path, display="none"
    )
    assert result["pooled"]["n"] == len(load_suite(run_dir / "suite.jsonl"))
    assert result["pooled"]["rate"] == 1.0
    r = CliRunner().invoke(
        app,
        [
            "stress",
            "--model",
            "mockllm/model",
            "--suite",
            str(run_dir / "suite.jsonl"),
            "--log-dir",
            str(tmp_path),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "pooled" in r.output


BAD_ROWS = [
    ("not json", "invalid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"id": "x"}', "missing field 'scenario'"),
]


@pytest.mark.parametrize(("line", "why"), BAD_ROWS)
def test_malformed_rows_are_one_line_errors_naming_file_and_line(
    run_dir: Path, tmp_path: Path, line: str, why: str
):
    good = (run_dir / "suite.jsonl").read_text().splitlines()[0]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good + "\n" + line + "\n")
    with pytest.raises(SuiteFileError, match=why) as e:
        load_suite(bad)
    assert str(e.value).startswith(f"{bad}:2: ") and "\n" not in str(e.value)
    r = CliRunner().invoke(
        app, ["stress", "--model", "mockllm/model", "--suite", str(bad), "--log-dir", str(tmp_path)]
    )
    assert r.exit_code == 2
    assert f"{bad}:2" in r.output.replace("\n", "")


def test_bad_fields_in_a_row(run_dir: Path, tmp_path: Path):
    row = json.loads((run_dir / "suite.jsonl").read_text().splitlines()[0])
    cases = [
        ({**row, "scenario": "phishing"}, "unknown scenario 'phishing'"),
        ({**row, "input": [{"role": "robot", "content": "x"}]}, "input\\[0\\] needs a role"),
        ({**row, "metadata": {"render": "full", "split": "train"}}, "needs 'factors'"),
    ]
    for i, (data, why) in enumerate(cases):
        bad = tmp_path / f"bad{i}.jsonl"
        bad.write_text(json.dumps(data) + "\n")
        with pytest.raises(SuiteFileError, match=why):
            load_suite(bad)


def _redteam(*args: str):
    return CliRunner().invoke(app, ["redteam", *args])


def test_cli_bad_inputs_exit_2_with_one_line(tmp_path: Path):
    out = str(tmp_path / "o")
    r = _redteam("--target", "mockllm/model", "--scenario", "phishing", "--out", out)
    assert r.exit_code == 2 and "unknown scenario 'phishing'" in r.output
    r = _redteam("--target", "mockllm/model", "--scenario", "blackmail", "--budget", "0")
    assert r.exit_code == 2 and "--budget must be positive" in r.output
    r = _redteam("--target", "mockllm/model", "--scenario", "blackmail", "--budget", "5")
    assert r.exit_code == 2 and "cannot pay for the baseline" in r.output
    r = _redteam("--target", "mockllm/model", "--scenario", "leaking", "--render", "compact")
    assert r.exit_code == 2 and "compact rendering exists for blackmail only" in r.output
    r = _redteam("--target", "nosuch/model", "--scenario", "blackmail", "--out", out)
    assert r.exit_code == 2 and "nosuch/model" in r.output
    r = CliRunner().invoke(app, ["stress", "--model", "mockllm/model"])
    assert r.exit_code == 2 and "--scenario or --suite" in r.output


def test_cli_runs_and_refuses_to_resume_with_other_arguments(tmp_path: Path):
    out = str(tmp_path / "o")
    base = [
        "--target",
        "mockllm/model",
        "--scenario",
        "oversight",
        "--out",
        out,
        "--budget",
        "30",
        "--confirm-samples",
        "6",
    ]
    r = _redteam(*base)
    assert r.exit_code == 0, r.output
    assert "30/30 target calls" in r.output.replace("\n", " ")
    assert (tmp_path / "o/suite.jsonl").exists() and (tmp_path / "o/report.html").exists()
    r = _redteam(*base[:-2], "--confirm-samples", "7")
    assert r.exit_code == 2 and "other arguments" in r.output


def test_config_is_the_cli_schema():
    from dataclasses import fields

    r = CliRunner().invoke(app, ["redteam", "--help"], terminal_width=200)
    for f in fields(RedteamConfig):
        assert "--" + f.name.replace("_", "-") in r.output
