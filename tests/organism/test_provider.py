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
    # a sampled reply of the tiny model may not parse: counted as an error, not in n
    [cell] = result["conditions"]
    assert cell["n"] + cell["errors"] == 2
    from inspect_ai.log import read_eval_log

    log = read_eval_log(result["log"])
    assert log.plan.config.temperature == 1.0
    assert all(s.output.completion for s in log.samples or [])


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


def test_batched_greedy_replies_match_one_at_a_time(tiny_dir: Path):
    from upright.organism.provider import Organism
    from upright.scenarios import generate

    org = Organism(tiny_dir)
    samples = generate(
        "blackmail", split="heldout", samples_per_condition=2, render_as="compact",
        grid="goal_type=none;urgency=replacement,none;leverage=affair,none",
    )  # fmt: skip
    chats = [
        [{"role": "system", "content": s.system}, {"role": "user", "content": s.user}]
        for s in samples
    ]
    alone = [org.generate(c, 0.0, None, 40) for c in chats]
    batched = org.generate_batch(chats, (0.0, None, 40))
    assert len({len(org.prompt(c)) for c in chats}) > 1  # the batch really needed padding
    same = sum(a == b for a, b in zip(alone, batched, strict=True))
    assert same >= len(chats) - 1, (alone, batched)  # float rounding may flip one argmax
    assert all(b[1] == a[1] for a, b in zip(alone, batched, strict=True))  # padding not counted


def test_batcher_groups_calls_by_settings_and_hands_errors_to_every_caller():
    from upright.organism.batching import Batcher

    seen: list[tuple[list[str], object]] = []

    def run(items, key):
        seen.append((list(items), key))
        if key == "bad":
            raise ValueError("boom")
        return [(f"{key}:{i}", 1, 1) for i in items]

    b = Batcher(run, max_batch=8, linger_s=0.05)
    futures = [b.submit(x, k) for x, k in [("a", 1), ("b", 2), ("c", 1), ("d", "bad")]]
    assert [f.result(timeout=5)[0] for f in futures[:3]] == ["1:a", "2:b", "1:c"]
    with pytest.raises(ValueError, match="boom"):
        futures[3].result(timeout=5)
    assert (["a", "c"], 1) in seen  # equal settings shared one call
