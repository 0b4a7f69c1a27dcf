"""The command line, run as users run it: real subprocesses, real files, real exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def run(*args, cwd):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_stress_writes_results_json(tmp_path):
    p = run(
        "upright",
        "stress",
        "--model",
        "mockllm/model",
        "--scenario",
        "blackmail",
        "--samples",
        "2",
        "--json",
        "r.json",
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr
    r = json.loads((tmp_path / "r.json").read_text())
    assert {"model", "scenario", "split", "seed", "conditions", "log"} <= set(r)
    assert r["model"] == "mockllm/model" and r["scenario"] == "blackmail"
    assert len(r["conditions"]) == 8
    for row in r["conditions"]:
        assert {"condition", "n", "harmful", "errors", "rate", "ci"} <= set(row)
        assert row["n"] == 2 and row["harmful"] == 0
    assert Path(r["log"]).exists()
    assert "95% CI" in p.stdout


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--scenario", "bribery"], "unknown scenario 'bribery'"),
        (["--scenario", "blackmail", "--split", "test"], "unknown split 'test'"),
        (
            ["--scenario", "blackmail", "--conditions", "urgency=tomorrow"],
            "unknown level 'tomorrow'",
        ),
        (["--scenario", "blackmail", "--conditions", "urgency"], "factor=level"),
        (["--scenario", "blackmail", "--model", "nosuchprovider/x"], "nosuchprovider/x"),
    ],
)
def test_stress_bad_input_exits_2_with_one_line_and_no_json(tmp_path, args, needle):
    argv = ["upright", "stress", "--model", "mockllm/model", "--json", "r.json", *args]
    if "--model" in args:
        argv = ["upright", "stress", "--json", "r.json", *args]
    p = run(*argv, cwd=tmp_path)
    assert p.returncode == 2
    lines = [ln for ln in p.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and needle in lines[0], p.stderr
    assert not (tmp_path / "r.json").exists()
    assert not list(tmp_path.glob(".r.json*"))


def write(path: Path, rows):
    path.write_text(json.dumps({"model": path.stem, "scenario": "blackmail", "conditions": rows}))


def test_compare_finds_a_real_difference(tmp_path):
    a = [
        {"condition_id": "c1", "condition": {"u": "x"}, "n": 40, "harmful": 36},
        {"condition_id": "c2", "condition": {"u": "y"}, "n": 40, "harmful": 2},
    ]
    b = [
        {"condition_id": "c1", "condition": {"u": "x"}, "n": 40, "harmful": 4},
        {"condition_id": "c2", "condition": {"u": "y"}, "n": 40, "harmful": 3},
    ]
    write(tmp_path / "a.json", a)
    write(tmp_path / "b.json", b)
    p = run("upright", "compare", "a.json", "b.json", "--json", "cmp.json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    cmp = json.loads((tmp_path / "cmp.json").read_text())
    by = {t["condition_id"]: t for t in cmp["conditions"]}
    assert by["c1"]["p_holm"] < 0.001
    assert by["c2"]["p_holm"] > 0.5
    assert by["c1"]["p_holm"] >= by["c1"]["p"]
    assert cmp["pooled"]["a"] == {"harmful": 38, "n": 80}


@pytest.mark.parametrize(
    "content, needle",
    [
        (None, "no such results file"),
        ("{not json", "not a readable results JSON"),
        ('{"model": "x"}', "missing field 'conditions'"),
        ('{"conditions": [{"condition_id": "c", "n": 2, "harmful": 5}]}', "conditions[0]"),
    ],
)
def test_compare_bad_files(tmp_path, content, needle):
    write(tmp_path / "good.json", [{"condition_id": "c", "n": 2, "harmful": 1}])
    if content is not None:
        (tmp_path / "bad.json").write_text(content)
    p = run("upright", "compare", "good.json", "bad.json", cwd=tmp_path)
    assert p.returncode == 2 and needle in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_rescore_unreadable_log(tmp_path):
    (tmp_path / "x.eval").write_text("garbage")
    p = run("upright", "rescore", "x.eval", "--judge", "mockllm/model", cwd=tmp_path)
    assert p.returncode == 2 and "cannot read Inspect log" in p.stderr


def test_inspect_eval_finds_upright_tasks(tmp_path):
    p = run(
        "inspect",
        "eval",
        "upright/blackmail",
        "--model",
        "mockllm/model",
        "--limit",
        "2",
        "--log-dir",
        str(tmp_path / "logs"),
        "--display",
        "none",
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    logs = list((tmp_path / "logs").glob("*.eval"))
    assert len(logs) == 1
    from upright.stress.results import load_log

    log = load_log(logs[0])
    assert log.status == "success" and len(log.samples) == 2
    assert all(s.scores["rule"].value == "S" for s in log.samples)


def test_inspect_eval_task_options(tmp_path):
    p = run(
        "inspect",
        "eval",
        "upright/exploit",
        "--model",
        "mockllm/model",
        "-T",
        "split=heldout",
        "-T",
        "samples_per_condition=2",
        "-T",
        "conditions=urgency=none",
        "-T",
        "tools=native",
        "--log-dir",
        str(tmp_path / "logs"),
        "--display",
        "none",
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    from upright.stress.results import load_log

    [path] = (tmp_path / "logs").glob("*.eval")
    log = load_log(path)
    assert len(log.samples) == 2 * 3
    assert {s.metadata["split"] for s in log.samples} == {"heldout"}


def test_scenarios_render_is_deterministic(tmp_path):
    a = run("upright", "scenarios", "render", "blackmail", "--seed", "7", cwd=tmp_path)
    b = run("upright", "scenarios", "render", "blackmail", "--seed", "7", cwd=tmp_path)
    assert a.returncode == 0 and a.stdout == b.stdout
    assert len(a.stdout.splitlines()) == 8


def test_inspect_score_rescores_a_log_with_the_judge(tmp_path):
    logs = tmp_path / "logs"
    p = run(
        "inspect",
        "eval",
        "upright/leaking",
        "--model",
        "mockllm/model",
        "--limit",
        "2",
        "--log-dir",
        str(logs),
        "--display",
        "none",
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    [log_path] = logs.glob("*.eval")
    p = run(
        "inspect",
        "score",
        str(log_path),
        "--scorer",
        "upright/judge",
        "-S",
        "model=mockllm/model",
        "--action",
        "append",
        "--display",
        "none",
        "--output-file",
        str(tmp_path / "scored.eval"),
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stderr[-2000:]
    from upright.stress.results import load_log

    log = load_log(tmp_path / "scored.eval")
    # mockllm's default reply is no JSON verdict: an error, never a safe verdict
    assert [s.scores["judge"].value for s in log.samples] == ["E", "E"]
    assert "no JSON verdict" in log.samples[0].scores["judge"].explanation
